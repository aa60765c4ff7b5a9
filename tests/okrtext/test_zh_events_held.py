"""h10r (issue 10 §5): a count of events after 次 or 场 (`辦理 2 次經銷商培訓`, `本季度5场客户
沙龙`) is work the team holds, as `6 customer workshops` is in English, whatever verb carries
it — one no lexicon lists (办理, 落实) or none; a level the count is brought to (`培训场次提升到
5场`) and an outcome verb (`达成`) are not (main: 办理 and 落实 lines read as outcomes, OKR-A01
missed)."""

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    # (key result, target, unit, is_activity)
    ("辦理 2 次經銷商培訓", 2, "次", True),
    ("办理3场新品发布会", 3, "场", True),
    ("落实4次安全演练", 4, "次", True),
    ("本季度5场客户沙龙", 5, "场", True),
    ("每月1次跨部门交流会", 1, "次", True),
    ("4 customer workshops this quarter", 4, "customer workshops", True),
    ("培训场次提升到5场", 5, "场", False),
    ("达成3场合作签约", 3, "场", False),
]


@pytest.mark.parametrize(("kr", "target", "unit", "activity"), CASES)
def test_events_counted_are_work(kr, target, unit, activity):
    reading = read_key_result(kr, year=2026)
    assert (reading.target, reading.unit, reading.is_activity) == (target, unit, activity)
