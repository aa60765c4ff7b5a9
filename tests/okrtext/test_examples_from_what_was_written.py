"""Issue 9 (h9n 2): what the reader cannot read is said with an example built from what was
written, never a fixed one unrelated to it or a day outside the cycle; a change in percent of
the start is one unit; a number that cannot be read is not quoted back garbled in other advice.

Found by a tester: every mixed-unit key result was told "for example 180 秒 → 30 秒" (also for
元 and 美元); `成本从200万元降低10%` was "different units"; `4,5万` came back in OKR-M04 as
"成本从 4,5万从 X 提升到 30000"; an impossible date was told "for example 11月30日" in a cycle
from November to January (any day in February is outside it).
"""

from datetime import date

import pytest

from mubiao.okrtext import lint, parse
from mubiao.okrtext.reading import unreadable_example

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
WINTER = (date(2026, 11, 1), date(2027, 1, 31))

# (written, code, cycle, the example)
EXAMPLES = [
    ("3 分钟降到 30 秒", "units", YEAR, "180 秒 → 30 秒"),
    ("80 公斤降到 70000 克", "units", YEAR, "80000 克 → 70000 克"),
    ("2 GB 降到 512 MB", "units", YEAR, "2048 MB → 512 MB"),
    ("2 hours to 30 min", "units", YEAR, "120 min → 30 min"),
    ("200 元降到 30 美元", "units", YEAR, "X 美元 → 30 美元"),
    ("从 80 元降到 150 元", "direction", YEAR, "从 150 元降到 80 元"),
    ("from 3% to 5%", "direction", YEAR, "from 5% to 3%"),
    ("11 月 31 日前", "date", YEAR, "11月30日"),
    ("2 月 30 日前", "date", YEAR, "2月28日"),
    ("2 月 30 日前", "date", WINTER, "1月31日"),
    ("12 月 32 日前", "date", WINTER, "12月31日"),
    ("4,5万", "number", YEAR, "4.5万"),
]


@pytest.mark.parametrize(("written", "code", "cycle", "example"), EXAMPLES)
def test_the_example_is_built_from_what_was_written(written, code, cycle, example):
    assert unreadable_example(code, written, cycle) == example


LINES = [
    ("KR1: 成本从 200 元降到 30 美元", "X 美元 → 30 美元"),
    ("KR1: 单价从 80 元降到 150 元", "150 元降到 80 元"),
    # A day is written in the message's language (brief h9u).
    ("KR1: 2 月 30 日前上线新官网", {"zh-hans": "1月31日", "en": "Jan 31"}),
    ("KR1: 成本从 4,5万降到 3万", "4.5万"),
]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize(("line", "example"), LINES)
def test_lint_suggests_the_example_in_either_language(line, example, lang):
    example = example[lang] if isinstance(example, dict) else example
    findings = lint(f"O1: 让客户满意\n{line}\n", lang=lang, cycle=WINTER)
    unreadable = [f for f in findings if f.rule == "unreadable"]
    assert len(unreadable) == 1, findings
    assert f"“{example}”" in unreadable[0].suggestion or f'"{example}"' in (
        unreadable[0].suggestion
    )
    for fixed in ("180 秒 → 30 秒", "11月30日", "30 November", "从 150 元降到 80 元"):
        if fixed != example and fixed not in line:
            assert fixed not in unreadable[0].suggestion


def test_a_number_it_cannot_read_is_not_quoted_back_in_other_advice():
    findings = lint("O1: 降本\nKR1: 成本从 4,5万降到 3万\n", lang="zh-hans", cycle=YEAR)
    assert {f.rule for f in findings if f.key_result == 1} == {"unreadable"}, findings
    assert not any("4,5万从" in f.suggestion for f in findings)


@pytest.mark.parametrize("line", ["成本从200万元降低10%", "成本从 200 万元降低 10%",
                                  "Cut costs from $2M by 10%"])  # fmt: skip
def test_a_change_in_percent_of_the_start_is_one_unit(line):
    findings = lint(f"O1: 降本\nKR1: {line}\n", cycle=YEAR)
    assert not [f for f in findings if f.rule == "unreadable"], findings
    reading = parse(f"O1: 降本\nKR1: {line}\n", cycle=YEAR).objectives[0].key_results[0]
    assert (reading.direction, reading.target, reading.target_type) == ("decrease", 10, "relative")
    assert not reading.unreadable


def test_the_relative_decrease_imports_as_the_level_it_reaches(world):
    from mubiao.okrs.transfer import import_okrs

    result = import_okrs(world.admin, file_name="okrs.txt", cycle=world.cycle,
                         data="O1: 降本\nKR1: 成本从200万元降低10%\n".encode())  # fmt: skip
    kr = result.created[0].key_results.get()
    assert (kr.start_value, kr.target_value, kr.direction) == (2_000_000, 1_800_000, "decrease")
    assert kr.unit == "元"
