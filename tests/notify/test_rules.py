"""When a weekly reminder is due, in the person's own zone, across daylight-saving changes."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from mubiao.notify import rules

NY, SH = "America/New_York", "Asia/Shanghai"


def test_monday_ten_new_york_stays_at_ten_across_the_spring_change():
    # 2027-03-14: New York moves from EST (UTC-5) to EDT (UTC-4).
    before = rules.next_due(datetime(2027, 3, 2, 12, tzinfo=UTC), weekday=0, hour=10, zone=NY)
    assert before == datetime(2027, 3, 8, 15, tzinfo=UTC)  # 10:00 EST
    after = rules.next_due(before, weekday=0, hour=10, zone=NY)
    assert after == datetime(2027, 3, 15, 14, tzinfo=UTC)  # 10:00 EDT, an hour earlier in UTC
    assert after.astimezone(ZoneInfo(NY)).hour == 10


def test_autumn_change_and_shanghai_without_daylight_saving():
    # 2026-11-01: New York back to EST.
    first = rules.next_due(datetime(2026, 10, 27, tzinfo=UTC), weekday=0, hour=10, zone=NY)
    assert first == datetime(2026, 11, 2, 15, tzinfo=UTC)
    assert rules.next_due(datetime(2026, 10, 20, tzinfo=UTC), weekday=0, hour=10, zone=NY) == (
        datetime(2026, 10, 26, 14, tzinfo=UTC)
    )
    # Shanghai keeps UTC+8 all year: Monday 10:00 is Monday 02:00 UTC either side.
    for start in (datetime(2027, 3, 10, tzinfo=UTC), datetime(2026, 10, 28, tzinfo=UTC)):
        due = rules.next_due(start, weekday=0, hour=10, zone=SH)
        assert (due.astimezone(UTC).hour, due.astimezone(ZoneInfo(SH)).weekday()) == (2, 0)


def test_due_is_strictly_after_and_uses_the_local_weekday():
    # Monday 10:00 Shanghai exactly: the next one is a week later.
    now = datetime(2027, 3, 8, 2, tzinfo=UTC)
    assert rules.next_due(now, weekday=0, hour=10, zone=SH) == datetime(2027, 3, 15, 2, tzinfo=UTC)
    # Sunday 20:00 UTC is already Monday 04:00 in Shanghai: due the same (local) day.
    sunday = datetime(2027, 3, 7, 20, tzinfo=UTC)
    assert rules.next_due(sunday, weekday=0, hour=10, zone=SH) == datetime(
        2027, 3, 8, 2, tzinfo=UTC
    )


def test_nonexistent_local_hour_in_the_gap_is_still_once_a_week():
    # 02:00 on 2027-03-14 does not exist in New York: zoneinfo reads it with the old offset.
    due = rules.next_due(datetime(2027, 3, 13, tzinfo=UTC), weekday=6, hour=2, zone=NY)
    assert due == datetime(2027, 3, 14, 7, tzinfo=UTC)
    assert rules.next_due(due, weekday=6, hour=2, zone=NY) == datetime(2027, 3, 21, 6, tzinfo=UTC)


def test_zone_order_channels_pace_and_threshold():
    zone = rules.reminder_zone
    assert zone(preference_zone="", person_zone="", language="zh-hans", org_zone="UTC") == SH
    assert zone(preference_zone="", person_zone=NY, language="zh-hans", org_zone="UTC") == NY
    assert zone(preference_zone="Europe/Berlin", person_zone=NY, language="en", org_zone="UTC") == (
        "Europe/Berlin"
    )
    assert zone(preference_zone="", person_zone="", language="en", org_zone="Asia/Tokyo") == (
        "Asia/Tokyo"
    )
    assert rules.channels_for({}, "mention") == ["inapp"]
    assert rules.channels_for({}, "reminder") == ["email"]
    assert rules.channels_for({"mention": ["email", "sms"]}, "mention") == ["email"]
    assert rules.pace_worse("on_track", "at_risk") and not rules.pace_worse("at_risk", "on_track")
    assert not rules.pace_worse("not_started", "off_track")
    assert rules.not_updated_days({}) == 7
    assert rules.not_updated_days({"notify": {"not_updated_days": 14}}) == 14
    assert rules.not_updated_days({"notify": {"not_updated_days": 0}}) == 7


STATUSES = ("not_started", "on_track", "at_risk", "off_track", "done")
WORSE = {("on_track", "at_risk"), ("on_track", "off_track"), ("at_risk", "off_track"),
         ("done", "not_started"), ("done", "on_track"), ("done", "at_risk"),
         ("done", "off_track")}  # fmt: skip


@pytest.mark.parametrize("before", STATUSES)
@pytest.mark.parametrize("after", STATUSES)
def test_every_status_change_for_the_worse_is_pace_worse(before, after):
    assert rules.pace_worse(before, after) == ((before, after) in WORSE)
