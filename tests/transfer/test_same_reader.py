"""Imports read every key result value with the check-in's reader (issue 9): what a check-in
accepts an import accepts, with the same value, and what one refuses the other refuses. One
table, run through both."""

import json

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrs.transfer.jsonformat import FORMAT
from tests.transfer.conftest import workbook_bytes

# (metric type, unit, typed, value read; None: refused)
TABLE = [
    ("boolean", "", "完成", 1),
    ("boolean", "", "已完成", 1),
    ("boolean", "", "未完成", 0),
    ("boolean", "", "done", 1),
    ("boolean", "", "Not done", 0),
    ("boolean", "", "yes", 1),
    ("boolean", "", "是", 1),
    ("boolean", "", "否", 0),
    ("boolean", "", "✓", 1),
    ("boolean", "", "✗", 0),
    ("boolean", "", "1", 1),
    ("boolean", "", "0", 0),
    ("boolean", "", "50", None),  # a number of something is no answer to done / not done
    ("boolean", "", "maybe", None),
    ("milestone", "%", "40%", 40),
    ("milestone", "%", "百分之四十", 40),
    ("milestone", "%", "140", None),
    ("number", "人", "280人", 280),
    ("number", "人", "1,234", 1234),
    ("number", "人", "4,5", None),
    ("number", "人", "3 小时", None),
    ("percent", "%", "4.5%", 4.5),
]
TARGET = {"boolean": "", "milestone": "", "number": "1000", "percent": "10"}


def _checked_in(world, metric_type, unit, typed):
    fields = {"metric_type": metric_type, "unit": unit}
    if TARGET[metric_type]:
        fields.update(start_value=0, target_value=TARGET[metric_type])
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Check", key_results=[{"title": "KR", **fields}]
    )
    try:
        services.check_in(world.alice, objective.key_results.get(), value=typed)
    except ValidationError:
        return None
    return objective.key_results.get().current_value


def _csv(metric_type, unit, typed) -> bytes:
    rows = [
        ["objective", "key result", "metric type", "start", "target", "unit", "current"],
        ["Import", "KR", metric_type, "0", TARGET[metric_type], unit, typed],
    ]
    return "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows).encode()


def _json(metric_type, unit, typed) -> bytes:
    kr = {"title": "KR", "metric_type": metric_type, "unit": unit, "current": typed}
    if TARGET[metric_type]:
        kr.update(start="0", target=TARGET[metric_type])
    document = {"format": FORMAT, "objectives": [{"title": "Import", "key_results": [kr]}]}
    return json.dumps(document).encode()


def _imported(world, name, data):
    try:
        result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    except ImportFailed:
        return None
    return result.created[0].key_results.get().current_value


@pytest.mark.parametrize(("metric_type", "unit", "typed", "expected"), TABLE)
def test_check_in_and_imports_read_the_same(world, metric_type, unit, typed, expected):
    read = _checked_in(world, metric_type, unit, typed)
    assert read == expected
    assert _imported(world, "okrs.csv", _csv(metric_type, unit, typed)) == expected
    assert _imported(world, "okrs.json", _json(metric_type, unit, typed)) == expected
    book = workbook_bytes({"OKR": [
        ["objective", "key result", "metric type", "start", "target", "unit", "current"],
        ["Import", "KR", metric_type, 0, TARGET[metric_type] or None, unit, typed],
    ]})  # fmt: skip
    assert _imported(world, "okrs.xlsx", book) == expected


def test_the_instance_a_done_key_result_imported_as_done(world):
    """`完成` in 当前值 of a 是否完成 key result was refused as "not a number"."""
    data = "负责人,目标,关键结果,指标类型,当前值\n,上线新官网,官网上线,是否完成,完成\n".encode()
    result = import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle)
    kr = result.created[0].key_results.get()
    assert (kr.metric_type, kr.current_value, kr.progress) == (KeyResult.MetricType.BOOLEAN, 1, 1)


def test_a_refusal_says_where_and_why(world):
    data = _csv("boolean", "", "50")
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle)
    assert "row 2" in error.value.text and "current" in error.value.text
    assert "choose done or not done" in error.value.text
