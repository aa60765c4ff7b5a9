"""issue 9, m4: a done / not-done key result reads 完成 / 未完成 wherever its value is written
(the import preview, the writing form's reading, the pages), never `0 → 1` or `— 0`; the
preview shows each key result's current value when the file has one (M5)."""

import json

import pytest
from django.utils import translation

from mubiao.okrs import display
from mubiao.okrs.transfer import import_okrs

pytestmark = pytest.mark.django_db


def _document(current_done, current_count) -> bytes:
    krs = [
        {"title": "上线新版官网", "metric_type": "boolean", "current": current_done},
        {"title": "客户数", "metric_type": "number", "start": "10", "target": "20",
         "unit": "人", "current": current_count},
    ]  # fmt: skip
    objectives = [{"title": "增长", "key_results": krs}]
    return json.dumps({"format": "mubiao.okrs", "version": 1, "objectives": objectives}).encode()


@pytest.mark.parametrize(
    ("language", "done", "expected"),
    [
        ("en", "1", ["Done / not done, now Done", "10 人 → 20 人, now 15 人"]),
        ("en", "0", ["Done / not done, now Not done", "10 人 → 20 人, now 15 人"]),
        ("zh-hans", "完成", ["完成 / 未完成, 当前 已完成", "10 人 → 20 人, 当前 15 人"]),
    ],
)
def test_the_preview_reads_done_and_the_current_value(world, language, done, expected):
    with translation.override(language):
        result = import_okrs(
            world.alice, file_name="o.json", data=_document(done, "15"), cycle=world.cycle,
            dry_run=True,
        )  # fmt: skip
        readings = [kr.reading for kr in result.objectives[0].key_results]
    assert readings == expected


@pytest.mark.parametrize(
    ("value", "metric_type", "unit", "expected"),
    [
        (1, "boolean", "", "Done"),
        (0, "boolean", "", "Not done"),
        (None, "boolean", "", "Not done"),
        (40, "milestone", "", "40%"),
        (1200, "currency", "", "¥1,200"),
        (35, "number", "tickets", "35 tickets"),
    ],
)
def test_one_writing_of_a_value(value, metric_type, unit, expected):
    with translation.override("en"):
        assert display.kr_value(value, metric_type, unit) == expected
