"""Issue 9 (probe 9c, 5): `/okrtext/parse` answered "响应时间从 2 小时降到 30 分钟" with start 2,
target 30 分钟 and no problem, while the import and `/okrtext/lint` refused the line; "会议时长从
1 小时 30 分钟降到 45 分钟" was read as 1 → 30 (the text says 90 → 45 minutes) and lint suggested
"60 分钟 → 30 分钟". One reading and one set of problems, whatever reads the line: parse, lint,
the text import and the key result form's reading of a title. A table."""

import pytest
from django.utils import translation

from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrs.transfer.readings import key_result_fields, numbers_unread
from mubiao.okrtext import read_key_result
from tests.api.conftest import Api

# (the key result as written, (start, target, unit) read or None, the example a refusal gives)
LINES = [
    ("会议时长从 1 小时 30 分钟降到 45 分钟", (90, 45, "分钟"), None),
    ("会议时长从1小时30分钟降到45分钟", (90, 45, "分钟"), None),
    ("会议时长从 1h30m 降到 45 分钟", (90, 45, "分钟"), None),
    ("Cut meetings from 1 hour 30 minutes to 45 minutes", (90, 45, "minutes"), None),
    ("会议时长从 2 小时 15 分钟降到 1 小时 30 分钟", (135, 90, "分钟"), None),
    # Two units of two dimensions: asked, with the numbers the line means (one dimension in two
    # scales is converted: tests/transfer/test_one_unit_family_is_converted.py).
    ("成本从 200 元降到 30 美元", None, "X 美元 → 30 美元"),
    # h9v: two currencies, the start written after the target; a range as the target or start.
    ("营收达到 $20万（当前 100 万元）", None, "X $ → 200000 $"),
    ("Revenue from ¥100万 to $200k", None, "X $ → 200000 $"),
    ("回款达到 60-80 万元", None, "80 万元"),
    ("营收从 40-45 万提升到 60 万", None, "45 万"),
    # h10l: a full-width comma grouping thousands makes one number.
    ("门店从 2，000 家扩展到 3，000 家", (2000, 3000, "家"), None),
]
IDS = [line for line, _read, _example in LINES]


def _text(line: str) -> str:
    return f"O1: 提升效率\nKR1: {line}\n"


@pytest.mark.parametrize(("line", "read", "example"), LINES, ids=IDS)
def test_parse_and_lint_report_what_the_import_refuses(world, line, read, example):
    api = Api(world.alice)
    body = {"text": _text(line), "lang": "zh-hans", "cycle_id": world.cycle.pk}
    parsed = api.post("/okrtext/parse", body).json()
    findings = api.post("/okrtext/lint", body).json()["findings"]
    unread = [f for f in findings if f["rule"] == "unreadable"]
    with translation.override("zh-hans"):
        try:
            import_okrs(world.admin, file_name="okrs.txt", data=_text(line).encode(),
                        cycle=world.cycle)  # fmt: skip
            refused = ""
        except ImportFailed as error:
            refused = error.text
    kr = parsed["sections"][0]["objectives"][0]["key_results"][0]
    if read is None:
        assert refused and parsed["problems"] and unread, (refused, parsed, findings)
        assert [p["line"] for p in parsed["problems"]] == [2]
        # The same words as the import's, and examples with the numbers the line means.
        assert parsed["problems"][0]["message"] in refused
        assert example in refused and example in (unread[0]["suggestion"] or "")
    else:
        assert not refused and not parsed["problems"] and not unread, (refused, findings)
        assert (kr["start"], kr["target"], kr["unit"]) == read


@pytest.mark.parametrize(("line", "read", "example"), LINES, ids=IDS)
def test_the_form_reads_a_title_as_parse_does(line, read, example):
    reading = read_key_result(line)
    if read is None:
        assert numbers_unread(reading)  # the form fills nothing from a guess
        return
    fields = key_result_fields(reading, None).fields
    assert (fields["start_value"], fields["target_value"], fields["unit"]) == read


@pytest.mark.parametrize(
    ("line", "written"),
    [("营收达到 4O 万", "4O"), ("Revenue $4O k", "$4O"), ("Reach 1O0 paying users", "1O0")],
)
def test_a_letter_o_among_digits_is_one_problem_everywhere(world, line, written):
    """h9v: `$4O k` was read as 4 (or 40): parse, lint, the import and the form all ask."""
    api = Api(world.alice)
    body = {"text": _text(line), "lang": "zh-hans", "cycle_id": world.cycle.pk}
    parsed = api.post("/okrtext/parse", body).json()
    findings = api.post("/okrtext/lint", body).json()["findings"]
    with translation.override("zh-hans"), pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name="okrs.txt", data=_text(line).encode(),
                    cycle=world.cycle)  # fmt: skip
    assert [p["line"] for p in parsed["problems"]] == [2]
    assert parsed["problems"][0]["message"] in refused.value.text
    assert "字母 O" in refused.value.text and written in refused.value.text
    assert [f for f in findings if f["rule"] == "unreadable" and written in f["message"]]
    assert numbers_unread(read_key_result(line))


@pytest.mark.parametrize(
    ("line", "quoted", "readings"),
    [
        ("转化率从 4.5% 提升到 6，5%", "“6，5”", "6.5（小数）或 6500 / 6,500（千位分隔）"),
        ("成本从 9，5 元降到 3 元", "“9，5”", "9.5（小数）或 9500 / 9,500（千位分隔）"),
        ("NPS 从 30 提升到 4，5 分", "“4，5”", "4.5（小数）或 4500 / 4,500（千位分隔）"),
    ],
)
def test_a_comma_between_digits_is_one_problem_in_the_imports_words(world, line, quoted, readings):
    """h10l: `6，5%` was stored as a target of 6 and parse said nothing; now parse, lint and the
    import refuse the line once, quoting the number as written with its two readings (parse
    said the generic AMBIGUOUS_NUMBER beside the import's words: two problems for one line)."""
    body = {"text": _text(line), "lang": "zh-hans", "cycle_id": world.cycle.pk}
    api = Api(world.alice)
    problems = api.post("/okrtext/parse", body).json()["problems"]
    findings = api.post("/okrtext/lint", body).json()["findings"]
    with translation.override("zh-hans"), pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name="okrs.txt", data=_text(line).encode(),
                    cycle=world.cycle)  # fmt: skip
    assert [p["line"] for p in problems] == [2] and problems[0]["refused"], problems
    assert quoted in problems[0]["message"] and readings in problems[0]["message"]
    assert problems[0]["message"] in refused.value.text
    assert [f["line"] for f in findings if f["rule"] == "unreadable"] == [2]
