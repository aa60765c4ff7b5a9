"""Dates written without a year are due inside the import's cycle, also across the new year."""

import datetime as dt

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from mubiao.okrs.transfer import import_okrs

from .conftest import workbook_bytes

TEXT = "O: 新版官网\nKR1: 1 月 15 日前上线新版官网\nKR2: 12 月底前官网访问量达到 5 万\n"


def _winter(world) -> Cycle:
    return services.create_cycle(
        world.admin,
        name="2026-27 冬季",
        kind=Cycle.Kind.CUSTOM,
        start_date=dt.date(2026, 11, 1),
        end_date=dt.date(2027, 1, 31),
    )


def test_pasted_text_keeps_a_january_deadline_in_a_cycle_that_crosses_the_new_year(world):
    result = import_okrs(
        world.admin, file_name="winter.txt", data=TEXT.encode(), cycle=_winter(world)
    )
    dues = [kr.due_date for kr in result.created[0].key_results.order_by("position")]
    assert dues == [dt.date(2027, 1, 15), dt.date(2026, 12, 31)]
    assert not [p for p in result.problems if "outside the cycle" in p]


def test_a_spreadsheet_title_is_read_in_the_cycle_too(world):
    data = workbook_bytes(
        {"OKR": [["objective", "key result"], ["新版官网", "1 月 15 日前上线新版官网"]]}
    )
    result = import_okrs(world.admin, file_name="winter.xlsx", data=data, cycle=_winter(world))
    assert result.created[0].key_results.get().due_date == dt.date(2027, 1, 15)
