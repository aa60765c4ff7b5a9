"""The demo built on days of its own: a quarter's first weeks, an hour after midnight."""

import datetime as dt

import pytest

from mubiao.okrs import demo
from mubiao.okrs.models import CheckIn, Cycle, Objective
from tests.okrs.test_demo import TODAY

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("today", [TODAY, dt.date(2026, 2, 10)])
def test_the_previous_quarter_is_graded_for_the_review_and_calibration(db, client, today):
    """The tour's grading review and calibration are not empty: the quarter before the current
    one (last year's Q4 in a Q1) is closed with graded OKRs in both languages, the same on
    every run."""
    from django.urls import reverse

    org = demo.create_demo(today)
    current = Cycle.objects.get(organization=org, kind="quarter", state="active")
    previous = Cycle.objects.filter(organization=org, kind="quarter",
                                    end_date__lt=current.start_date).latest("end_date")  # fmt: skip
    assert previous.state == "closed"
    graded = Objective.objects.filter(cycle=previous)
    assert graded.count() >= 8 and not graded.filter(score=None).exists()
    assert set(graded.values_list("state", flat=True)) == {"closed"}
    scores = sorted(graded.values_list("title", "score"))
    assert {"committed", "aspirational"} == set(graded.values_list("kind", flat=True))
    assert any(t.isascii() for t, _ in scores) and not all(t.isascii() for t, _ in scores)
    hr = org.memberships.get(user__email="wang.fang@mubiao.demo")
    client.force_login(hr.user)
    page = client.get(reverse("grading_review"), {"cycle": previous.pk})
    assert page.status_code == 200
    assert page.context["misses"].paginator.count >= 2
    assert page.context["outliers"].paginator.count >= 2
    pm = org.memberships.get(user__email="lin.xiao@mubiao.demo")
    client.force_login(pm.user)
    calibration = client.get(reverse("calibration", args=[pm.pk]))
    assert calibration.status_code == 200 and calibration.context["cycles"]
    again = demo.create_demo(today)
    previous = Cycle.objects.get(organization=again, name=previous.name)
    assert sorted(Objective.objects.filter(cycle=previous).values_list("title", "score")) == scores


def test_the_demo_builds_early_in_its_own_day(db, monkeypatch):
    """Built for today an hour after the organization's midnight (make run, the browser tests,
    whenever they run): today's check-ins are measured by now, never in the future (the demo
    dated them half past ten and failed to build before then)."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    today = dt.date(2026, 12, 3)  # a day the weekly check-ins fall on
    early = dt.datetime.combine(today, dt.time(1), tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(timezone, "now", lambda: early.astimezone(dt.UTC))
    org = demo.create_demo(today)
    latest = CheckIn.objects.filter(organization=org).latest("created_at").created_at
    assert latest == early and org.time_zone == "Asia/Shanghai"
