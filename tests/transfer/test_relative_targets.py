"""A relative target is a change from a baseline (issue 9): stored as the level it reaches in
the baseline's unit, or held back, naming the line (or row) and what to write, when there is no
baseline.
Never a key result that is done when imported (start = target) nor the change stored as the
level (0 → 5, 30 → 5). One table through text, Markdown and a CSV title, the writing form's
reading (services: a title without numbers) and /api/v1/okrtext/parse."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import services
from mubiao.okrs.transfer import import_okrs
from mubiao.okrtext import read_key_result

# (text, (metric type, start, target, unit, direction))
STORED = [
    ("退货率从 5% 降低 20%", ("percent", 5, 4, "%", "decrease")),
    ("毛利率从 30% 提升 5 个百分点", ("percent", 30, 35, "%", "increase")),
    ("用户数从 1000 增长 20%", ("number", 1000, 1200, "", "increase")),
    ("成本从 100 万元减少 10 万元", ("currency", 1000000, 900000, "元", "decrease")),
    ("Raise NPS from 40 by 5 pp", ("number", 40, 45, "", "increase")),
    # The level reached and the points moved state the start (the 35 was lost: 0 → 5).
    ("毛利率提升 5 个百分点至 35%", ("percent", 30, 35, "%", "increase")),
    ("毛利率降低 3 个百分点至 20%", ("percent", 23, 20, "%", "decrease")),
]
# Relative without a baseline, or a multiple: refused.
REFUSED = [
    "成本降低 10%",
    "成本减少 10 万元",
    "投诉减少 20 单",
    "获客成本降低 50 元",
    "毛利率提升 5 个百分点",
    "毛利率提升 5%",
    "用户数较去年增长 20%",
    "收入翻倍",
]


def _text_import(world, line, name="okrs.txt"):
    data = f"O1: 提升经营质量\nKR1: {line}\n".encode()
    if name.endswith(".md"):
        data = f"## 提升经营质量\n\n- {line}\n".encode()
    if name.endswith(".csv"):
        data = f"objective,key result\n提升经营质量,{line}\n".encode()
    result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    return result.created[0].key_results.get()


def _values(kr):
    return (kr.metric_type, kr.start_value, kr.target_value, kr.unit, kr.direction)


@pytest.mark.parametrize("name", ["okrs.txt", "okrs.md", "okrs.csv"])
@pytest.mark.parametrize(("line", "expected"), STORED)
def test_a_change_from_a_baseline_is_stored_as_the_level_it_reaches(world, name, line, expected):
    kr = _text_import(world, line, name)
    metric_type, start, target, unit, direction = expected
    assert _values(kr) == (metric_type, Decimal(start), Decimal(target), unit, direction)
    assert kr.progress == 0


@pytest.mark.parametrize("name", ["okrs.txt", "okrs.md", "okrs.csv"])
@pytest.mark.parametrize("line", REFUSED)
def test_a_change_without_a_baseline_is_held_naming_the_line_or_row(world, name, line):
    """Text and a sheet's title-only row alike (h10x): held back, the rest imported."""
    data = f"O1: 提升经营质量\nKR1: {line}\n".encode()
    if name.endswith(".md"):
        data = f"## 提升经营质量\n\n- {line}\n".encode()
    if name.endswith(".csv"):
        data = f"objective,key result\n提升经营质量,{line}\n".encode()
    result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    where = {"okrs.txt": "line 2", "okrs.md": "line 3", "okrs.csv": "row 2"}[name]
    assert any(where in p and "needs a starting value" in p for p in result.problems)
    assert not result.created[0].key_results.exists()


@pytest.mark.parametrize("line", REFUSED)
def test_a_title_read_for_its_numbers_does_not_make_a_finished_key_result(world, line):
    """A key result sent with a title only (the API): the target is asked for, not made up."""
    objective = services.create_objective(world.alice, cycle=world.cycle, title="经营")
    with pytest.raises(ValidationError) as error:
        services.create_key_result(world.alice, objective, refuse_unapplied=True, title=line)
    assert "target_value" in error.value.message_dict


@pytest.mark.parametrize(("line", "expected"), STORED)
def test_a_title_read_for_its_numbers_stores_the_level(world, line, expected):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="经营")
    kr = services.create_key_result(world.alice, objective, refuse_unapplied=True, title=line)
    metric_type, start, target, unit, direction = expected
    assert _values(kr) == (metric_type, Decimal(start), Decimal(target), unit, direction)


def test_parse_reads_the_start_that_points_to_a_level_imply():
    reading = read_key_result("毛利率提升 5 个百分点至 35%").to_dict()
    assert (reading["start"], reading["target"], reading["target_type"]) == (30, 35, "absolute")


def test_parse_and_the_import_read_the_same_change(world):
    """/api/v1/okrtext/parse gives the change and its baseline (okr-rules §6); the import
    stores the level that change reaches from that baseline, not the change as the level."""
    reading = read_key_result("退货率从 5% 降低 20%").to_dict()
    assert (reading["start"], reading["target"], reading["target_type"]) == (5, 20, "relative")
    kr = _text_import(world, "退货率从 5% 降低 20%")
    assert kr.start_value == reading["start"]
    assert kr.target_value == Decimal(reading["start"]) * (1 - Decimal(reading["target"]) / 100)
