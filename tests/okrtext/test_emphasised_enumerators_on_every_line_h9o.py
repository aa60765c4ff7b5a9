"""Issue 9 (h9o, left by h9x): an enumerator set in Markdown emphasis (`*KR1:*`, `*KR1*:`,
`_KR1:_`, `**KR 1**：`, `__O1__:` …) is the plain enumerator on every line the parser reads, not
only after a list's bullet: `*KR1:* …` under `O1:` was "prose, not an OKR line: ignored", with or
without a trailing attribute block, so the paste preview and the import dropped the key result.
`read_key_result` read these already (h10q); parse and the import read what it reads."""

import pytest

from mubiao.okrtext import parse

# Every emphasis shape of a key result's enumerator: italics and bold, `*` and `_`, the colon
# (half- or full-width) inside or outside the marks, a space before the number or none.
KR_SHAPES = [
    "*KR1:*", "*KR1*:", "_KR1:_", "_KR1_:", "**KR1:**", "**KR1**:", "__KR1__:", "**KR 1**：",
    "*KR 1*：", "***KR1***:", "*Key Result 1:*", "_Key Result 1_:",
    "*关键结果1*：", "**关键结果1：**", "_关键结果1_：",
]  # fmt: skip
# (objective line, key result text, its metric and target) in English and Chinese.
LANGUAGES = [
    ("O1: Grow the business", "Reach 100 paying users", "paying users", 100),
    ("O1: 增长", "付费用户达到 100 人", "付费用户", 100),
]
LEADS = ["", "- ", "   "]


def _key_results(text):
    document = parse(text, year=2026)
    return document, [kr for o in document.objectives for kr in o.key_results]


@pytest.mark.parametrize("shape", KR_SHAPES)
@pytest.mark.parametrize(("objective", "title", "metric", "target"), LANGUAGES)
@pytest.mark.parametrize("lead", LEADS, ids=["margin", "bullet", "indented"])
def test_an_emphasised_enumerator_under_an_objective_is_a_key_result(
    shape, objective, title, metric, target, lead
):
    document, [kr] = _key_results(f"{objective}\n{lead}{shape} {title}\n")
    assert (kr.text, kr.metric, kr.target) == (title, metric, target)
    assert not document.problems


@pytest.mark.parametrize("shape", KR_SHAPES)
@pytest.mark.parametrize(("objective", "title", "metric", "target"), LANGUAGES)
def test_with_an_attribute_block_the_block_is_read(shape, objective, title, metric, target):
    document, [kr] = _key_results(f'{objective}\n{shape} {title} {{target=1.2万 unit="人"}}\n')
    assert kr.text == title
    assert kr.stated == {"target": "1.2万", "unit": "人"}
    assert not document.problems


# An objective's enumerator in emphasis, with its key results under it.
O_SHAPES = ["*O1:*", "*O1*:", "_O1:_", "__O1__:", "**O1**：", "*Objective 1:*", "**目标1**：",
            "_目标一_："]  # fmt: skip


@pytest.mark.parametrize("shape", O_SHAPES)
@pytest.mark.parametrize("kr_shape", ["KR1:", "*KR1:*"])
def test_an_emphasised_objective_enumerator_is_an_objective(shape, kr_shape):
    document = parse(f"{shape} 增长\n{kr_shape} 付费用户达到 100 人\n", year=2026)
    [objective] = document.objectives
    assert objective.title == "增长"
    assert [kr.target for kr in objective.key_results] == [100]
    assert not document.problems


@pytest.mark.parametrize(("objective", "title", "metric", "target"), LANGUAGES)
@pytest.mark.parametrize("marks", ["*{}*", "_{}_"])
def test_a_whole_key_result_in_italics(objective, title, metric, target, marks):
    document, [kr] = _key_results(f"{objective}\n" + marks.format(f"KR1: {title}") + "\n")
    assert (kr.text, kr.metric, kr.target) == (title, metric, target)
    assert not document.problems


def test_two_emphasised_key_results_and_a_second_objective():
    text = (
        "*O1:* Grow\n*KR1:* Reach 100 users\n_KR2_: Sign 5 partners\n"
        "__O2__: 质量\n**KR1**：缺陷降到 3 个\n"
    )
    document = parse(text, year=2026)
    read = [(o.title, [kr.target for kr in o.key_results]) for o in document.objectives]
    assert read == [("Grow", [100, 5]), ("质量", [3])]


@pytest.mark.parametrize(
    "line",
    [
        "*Reduce* churn to 3%",  # an emphasised word that is no enumerator stays a word
        "Use *KR1* as the example",  # an enumerator's word inside a sentence is no enumerator
    ],
)
def test_emphasis_that_marks_no_enumerator_is_left_as_it_was(line):
    document = parse(f"O1: Grow\nKR1: {line}\n", year=2026)
    [kr] = [kr for o in document.objectives for kr in o.key_results]
    assert kr.text.replace("*", "") == line.replace("*", "")
