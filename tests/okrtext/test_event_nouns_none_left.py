"""h10t (issue 10 §3): in a negated existence, a verb before a head noun of events is inside
the noun: `没有一起数据泄露事件` names 数据泄露事件 (main: 数据, cut at 泄露, which the segmenter
tags a verb). A verb with no such noun after it still opens the predicate. h10r's convention is
kept: no numeric target, a checkable milestone, no work."""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric)
    ("没有一起数据泄露事件", "数据泄露事件"),
    ("全年没有一起数据泄露事件", "数据泄露事件"),
    ("没有一例数据丢失情况", "数据丢失情况"),
    ("没有一起数据泄露事件被监管通报", "数据泄露事件"),
    ("没有一笔退款被重复发放", "退款"),
]


@pytest.mark.parametrize(("kr", "metric"), CASES)
def test_the_event_noun_is_whole(kr, metric):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.direction, reading.is_activity) == (None, "milestone", False)
