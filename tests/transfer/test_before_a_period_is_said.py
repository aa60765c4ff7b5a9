"""`截止 12 月之前`, `Q3前`, `before March`: read as the end of the period before the one named
(deadlines.py), which people also write for the named period's end. The import preview and the
writing form's draft say the date it was read as, never silently (probe10 F5)."""

import pytest

from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.readings import key_result_fields
from mubiao.okrtext import read_key_result


@pytest.mark.parametrize(
    ("title", "deadline", "due"),
    [
        ("截止 10 月之前上线会员体系", "截止 10 月之前", "2026-09-30"),
        ("第三季度前完成機房遷移", "第三季度前", "2026-06-30"),
        ("Ship the partner portal before June", "before June", "2026-05-31"),
    ],
)
def test_before_a_period_is_said_with_the_date_read(world, year, title, deadline, due):
    note = (
        f"“{title}”: “{deadline}” is read as due {due}, before the month, quarter or week it names"
    )
    draft = key_result_fields(read_key_result(title, year=2026), None)
    assert str(draft.fields["due_date"]) == due
    assert any(n.startswith(note) for n in draft.notes), draft.notes
    data = f"O1: 交付\nKR1: {title}\n".encode()
    preview = import_okrs(world.admin, file_name="okrs.txt", data=data, cycle=year, dry_run=True)
    assert any(note in problem for problem in preview.problems), preview.problems


def test_the_end_of_a_period_is_not_questioned(world, year):
    draft = key_result_fields(read_key_result("10 月底前上线会员体系", year=2026), None)
    assert str(draft.fields["due_date"]) == "2026-10-31"
    assert not draft.notes
