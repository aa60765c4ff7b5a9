"""Every start word a table header knows (基线 / 基准 / 当前值 / 现状 / 起始值 / 初始值 / 起点,
baseline / start / starting value / current value) is read inline too, one word list (h10v: "（现状
70%）", "（现状：65%）", "（基准 70%）", "（起始值 70%）" after a target were not read, start 0 and
a note that no start was written, while "（目前 / 现为 / 当前为 / 现在 / 基线 70%）" were). A word
that only starts a longer word ("基准测试") or the verb "Start" is no start."""

from decimal import Decimal

import pytest

from mubiao.okrtext import parse, read_key_result

INLINE = [
    ("续费率达到 90%（现状 70%）", "70", "90"),
    ("续费率达到 90%（现状：65%）", "65", "90"),
    ("续费率达到 90%（基准 70%）", "70", "90"),
    ("续费率达到 90%（基准值 70%）", "70", "90"),
    ("续费率达到 90%（起始值 70%）", "70", "90"),
    ("续费率达到 90%（初始值 70%）", "70", "90"),
    ("续费率达到 90%（起点 70%）", "70", "90"),
    ("续费率达到 90%（当前值：70%）", "70", "90"),
    ("续费率达到 90%（基线值 70%）", "70", "90"),
    ("续费率达到 90%（目前 70%）", "70", "90"),
    ("续费率达到 90%（现为 70%）", "70", "90"),
    ("续费率达到 90%（当前为 70%）", "70", "90"),
    ("续费率达到 90%（现在 70%）", "70", "90"),
    ("续费率达到 90%（基线 70%）", "70", "90"),
    ("客诉率降至 3%，现状 8%", "8", "3"),
    ("Reach 90% renewal rate (baseline: 70%)", "70", "90"),
    ("Reach 90% renewal rate (start: 70%)", "70", "90"),
    ("Reach 90% renewal rate (starting value 70%)", "70", "90"),
    ("Reach 90% renewal rate (current value: 70%)", "70", "90"),
    ("Reach 90% renewal rate (starting point: 70%)", "70", "90"),
]


@pytest.mark.parametrize(("text", "start", "target"), INLINE)
def test_every_start_word_of_a_header_is_read_inline(text, start, target):
    reading = read_key_result(text)
    assert (reading.start, reading.target) == (Decimal(start), Decimal(target))
    [kr] = parse(f"O1：提升续约\n- {text}").objectives[0].key_results
    assert (kr.start, kr.target) == (Decimal(start), Decimal(target))


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("完成基准测试 3 次，覆盖 5 个模块", "3"),
        ("Start 5 pilots in 3 cities", "5"),
        ("Start 4 new squads, 2 of them abroad", "4"),
    ],
)
def test_a_start_word_inside_other_words_is_no_start(text, target):
    reading = read_key_result(text)
    assert reading.start is None
    assert reading.target == Decimal(target)


@pytest.mark.parametrize("word", ["现状", "起点", "基线值", "基准", "起始值", "Starting point"])
def test_the_same_words_state_a_start_on_a_detail_line(word):
    [kr] = parse(f"O1：提升续约\n- 续费率达到 90%\n  {word}: 70%\n").objectives[0].key_results
    assert (kr.start, kr.target) == (Decimal(70), Decimal(90))
