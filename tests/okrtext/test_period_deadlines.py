"""A period named as a deadline (`Q4前`, `Q3 末`, `by end of Q2`, `H1 前`, `年底前`) is a due date,
never a number: the quarter's or half's digit is no target (issue 10, probe F10).

`before <month or quarter>` ends the period before it (the real corpus' annotation convention,
corpus/real/README.md, and transfer.readings says so on import); `end of`, `末`, `底` and a half's
`前` end the period named (test_half_year_labels.py)."""

from datetime import date

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    # (key result, deadline as written, due, target)
    ("Q4前上线新版本", "Q4前", date(2026, 9, 30), None),
    ("在Q4前上线新版本", "在Q4前", date(2026, 9, 30), None),
    ("Q4之前上线新版本", "Q4之前", date(2026, 9, 30), None),
    ("Q3 末完成新版官网", "Q3 末", date(2026, 9, 30), None),
    ("Q3底完成迁移", "Q3底", date(2026, 9, 30), None),
    ("第三季度末完成新版官网", "第三季度末", date(2026, 9, 30), None),
    ("H1 前完成数据中台迁移", "H1 前", date(2026, 6, 30), None),
    ("年底前完成ERP切换", "年底前", date(2026, 12, 31), None),
    ("年末前完成ERP切换", "年末前", date(2026, 12, 31), None),
    ("Ship the mobile app before Q4", "before Q4", date(2026, 9, 30), None),
    ("Launch billing by end of Q2", "by end of Q2", date(2026, 6, 30), None),
    ("Launch billing by the end of Q2", "by the end of Q2", date(2026, 6, 30), None),
    ("Launch billing by end of H1", "by end of H1", date(2026, 6, 30), None),
    # With a number of its own, that number is the target, never the period's digit.
    ("Q4前签约20家客户", "Q4前", date(2026, 9, 30), 20),
    ("Q2末前新增客户30家", "Q2末前", date(2026, 6, 30), 30),
    ("Sign 20 customers by end of Q3", "by end of Q3", date(2026, 9, 30), 20),
    ("Sign 20 customers before Q4", "before Q4", date(2026, 9, 30), 20),
]


@pytest.mark.parametrize(("text", "deadline", "due", "target"), CASES)
def test_a_period_is_a_due_date_not_a_number(text, deadline, due, target):
    reading = read_key_result(text, year=2026)
    assert (reading.deadline, reading.due) == (deadline, due)
    assert reading.target == target
    if target is None:
        assert (reading.direction, reading.unit) == ("milestone", None)
