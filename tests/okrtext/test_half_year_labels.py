"""`H1`/`H2` is a half-year only where the words around it make it a date (`2026 H1`, `by H2`,
`H1前`, `在H1`, `end of H1`); a key result's leading label (`H1 完成迁移`) is no deadline: the
import's lint said "截止日期 2028-06-30 晚于周期结束" for it (issue 9 m3). Rows both ways."""

from datetime import date

import pytest

from mubiao.okrtext import lint, read_key_result
from mubiao.okrtext.deadlines import find_deadlines

CYCLE = (date(2026, 1, 1), date(2026, 3, 31))

# (text, deadline as written, (year, month)) — None: no deadline
ROWS = [
    ("H1 完成迁移 3 个服务", None),
    ("H2 上线新版官网", None),
    ("H1: migrate 3 services", None),
    ("H2 launch the partner portal", None),
    ("2026 H1 上线新版官网", ("2026 H1", (2026, 6))),
    ("2027年H1前上线新版官网", ("2027年H1前", (2027, 6))),
    ("H1前完成迁移 3 个服务", ("H1前", (None, 6))),
    ("H2末上线新版官网", ("H2末", (None, 12))),
    ("在H1完成迁移", ("在H1", (None, 6))),
    ("Launch in 2 new markets by H2", ("by H2", (None, 12))),
    ("Ship offline mode in H2 2026", ("in H2 2026", (2026, 12))),
    ("Sign 3 partners by end of H1", ("by end of H1", (None, 6))),
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_a_half_is_a_date_only_in_context(text, expected):
    found = [(text[d.start : d.end], (d.year, d.month)) for d in find_deadlines(text)]
    assert found == ([expected] if expected else [])


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_the_reading_and_the_lint_agree(text, expected):
    reading = read_key_result(text, cycle=CYCLE)
    assert (reading.deadline is None) == (expected is None)
    findings = lint(f"O1: 完成平台迁移\nKR1: {text}\n", cycle=CYCLE)
    if expected is None:
        assert not [f for f in findings if f.rule == "OKR-T03"], findings
