"""Weekly reminders across a daylight-saving change, end to end: the worker's pass every hour
for three weeks around the change in America/New_York (spring and autumn) sends Bob's Monday
10:00 reminder once a week, each at 10:00 on his clock (15:00 UTC in winter, 14:00 UTC in
summer), and Alice's in Asia/Shanghai (no daylight saving) once a week at 10:00 Beijing time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from mubiao.notify import services
from tests.conftest import freeze_clock, make_objective, make_world

UTC = dt.UTC
# (the world's today, the first and last pass): each window holds the Sunday of the change.
WINDOWS = {
    "spring 2027 (14 March)": (dt.date(2027, 3, 1), dt.datetime(2027, 3, 6, tzinfo=UTC)),
    "autumn 2026 (1 November)": (dt.date(2026, 10, 20), dt.datetime(2026, 10, 24, tzinfo=UTC)),
}


@pytest.mark.parametrize("window", WINDOWS)
def test_a_weekly_reminder_is_sent_once_at_the_local_hour_across_the_change(
    db, smtp, monkeypatch, window
):
    today, start = WINDOWS[window]
    world = make_world("acme", today=today)
    for member, zone, language in ((world.bob, "America/New_York", "en"),
                                   (world.alice, "Asia/Shanghai", "zh-hans")):  # fmt: skip
        member.user.timezone, member.user.language = zone, language
        member.user.save()
        make_objective(member, world.cycle, f"{member.user.name}'s plan")  # never checked in
    sent_at: dict[str, list[dt.datetime]] = {"bob@acme.test": [], "alice@acme.test": []}
    for hour in range(21 * 24):
        now = start + dt.timedelta(hours=hour)
        freeze_clock(monkeypatch, now)
        services.run_due(now)
        for address, times in sent_at.items():
            times.extend([now] * (len(smtp.to(address)) - len(times)))
    for address, zone in (("bob@acme.test", "America/New_York"),
                          ("alice@acme.test", "Asia/Shanghai")):  # fmt: skip
        local = [t.astimezone(ZoneInfo(zone)) for t in sent_at[address]]
        assert len(local) == 3, (address, local)
        assert {(t.weekday(), t.hour, t.minute) for t in local} == {(0, 10, 0)}, (address, local)
        assert len({t.isocalendar()[1] for t in local}) == 3  # once each week
    utc_hours = {t.hour for t in sent_at["bob@acme.test"]}
    assert utc_hours == {14, 15}, utc_hours  # the change really fell inside the window
