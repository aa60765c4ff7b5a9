"""The organization's "today" (issue 9): one definition, in the organization's time zone, used by
every path, so a key result's status never depends on whose time zone wrote last."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from mubiao.accounts.models import User
from mubiao.okrs import demo, selectors, services, tasks
from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Organization
from mubiao.orgs.rules import today_for
from mubiao.orgs.services import create_organization
from tests.conftest import freeze_clock

ROOT = Path(__file__).resolve().parents[2] / "mubiao"
# Ways of asking for the current date that bypass the organization's time zone.
OTHER_TODAYS = re.compile(
    r"date\.today\(|localdate\(|\.now\(\)\.date\(\)|datetime\.today\(|\{%\s*now\b"
)


def test_no_other_definition_of_today():
    """A new `date.today()` / `localdate()` anywhere but orgs.rules fails here: use
    orgs.rules.today_for(organization)."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted([*ROOT.rglob("*.py"), *ROOT.rglob("*.html")])
        if path != ROOT / "orgs" / "rules.py" and ".venv" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if OTHER_TODAYS.search(line)
    ]
    assert not found, "Use orgs.rules.today_for(organization):\n" + "\n".join(found)


class Zoned:
    def __init__(self, time_zone):
        self.time_zone = time_zone


@pytest.mark.parametrize(
    ("instant", "zone", "day"),
    [
        ("2026-02-14T17:00:00+00:00", "Asia/Shanghai", "2026-02-15"),
        ("2026-02-14T17:00:00+00:00", "UTC", "2026-02-14"),
        ("2026-02-14T15:59:59+00:00", "Asia/Shanghai", "2026-02-14"),
        ("2026-02-14T16:00:00+00:00", "Asia/Shanghai", "2026-02-15"),
        ("2026-03-01T03:00:00+00:00", "America/Los_Angeles", "2026-02-28"),
        ("2026-12-31T23:30:00-05:00", "Pacific/Kiritimati", "2027-01-01"),
        ("2026-12-31T09:59:00+00:00", "Pacific/Kiritimati", "2026-12-31"),
    ],
)
def test_today_for(instant, zone, day):
    now = dt.datetime.fromisoformat(instant)
    assert today_for(Zoned(zone), now) == dt.date.fromisoformat(day)


INSTANT = dt.datetime(2026, 2, 14, 17, 0, tzinfo=dt.UTC)  # 2026-02-15 01:00 in Shanghai


@pytest.fixture
def frozen(monkeypatch):
    """The clock at INSTANT, for Django and for orgs.rules."""
    return freeze_clock(monkeypatch, INSTANT)


def _customers_in_q1(world):
    """Alice's objective in 2026 Q1 with one key result, Customers 0 → 100."""
    cycle = services.create_cycle(
        world.admin, name="2026 Q1", kind=Cycle.Kind.QUARTER, start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 3, 31), state=Cycle.State.ACTIVE,
    )  # fmt: skip
    objective = services.create_objective(
        world.alice, cycle=cycle, title="Grow",
        key_results=[{"title": "Customers", "start_value": 0, "target_value": 100}],
    )  # fmt: skip
    return objective, objective.key_results.get()


@pytest.mark.django_db
def test_status_is_the_same_whoever_computes_it(world, frozen):
    """The issue's example: 40/100 in 2026 Q1, checked in by a member in Asia/Shanghai on
    2026-02-14 17:00 UTC (Feb 15 there), then the worker's refresh at the same instant in UTC.
    Both compute on the organization's day, Feb 15: at risk."""
    world.org.settings["time_zone"] = "Asia/Shanghai"
    world.org.save()
    _, kr = _customers_in_q1(world)
    with timezone.override(ZoneInfo("Asia/Shanghai")):
        services.check_in(world.alice, kr, value=40)
    kr.refresh_from_db()
    assert kr.status == "at_risk"
    with timezone.override(ZoneInfo("UTC")):
        # Nothing to change: the check-in already computed on the organization's day.
        assert tasks.refresh_statuses.call() == 0
    kr.refresh_from_db()
    assert kr.status == "at_risk"
    # In UTC's own day (Feb 14) the same value would be on track: the zone decides.
    world.org.settings["time_zone"] = "UTC"
    world.org.save()
    with timezone.override(ZoneInfo("Asia/Shanghai")):
        tasks.refresh_statuses.call()
    kr.refresh_from_db()
    assert kr.status == "on_track"


@pytest.mark.django_db
def test_current_cycle_follows_the_organization_day(world, frozen):
    world.org.settings["time_zone"] = "Asia/Shanghai"
    world.org.save()
    for name, start, end in (("Feb 14", "2026-02-14", "2026-02-14"),
                             ("Feb 15", "2026-02-15", "2026-02-15")):  # fmt: skip
        services.create_cycle(
            world.admin, name=name, kind=Cycle.Kind.CUSTOM, state=Cycle.State.ACTIVE,
            start_date=dt.date.fromisoformat(start), end_date=dt.date.fromisoformat(end),
        )  # fmt: skip
    world.admin.organization.refresh_from_db()
    with timezone.override(ZoneInfo("UTC")):
        assert selectors.current_cycle(world.admin).name == "Feb 15"


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_lives_in_china(frozen):
    org = demo.create_demo()
    assert org.time_zone == "Asia/Shanghai"
    assert Cycle.objects.filter(
        organization=org, start_date__lte=dt.date(2026, 2, 15), end_date__gte=dt.date(2026, 2, 15)
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "own_zone", "expected"),
    [
        ("zh-hans", "", "Asia/Shanghai"),
        ("en", "Europe/Berlin", "Europe/Berlin"),
        ("zh-hans", "America/New_York", "America/New_York"),
        ("en", "", settings.TIME_ZONE),
    ],
)
def test_a_new_organization_takes_its_founders_zone(language, own_zone, expected):
    user = User.objects.create_user(
        email="f@x.test", password="pw-Mubiao-2026", name="F", language=language
    )
    user.timezone = own_zone
    user.save()
    owner = create_organization(user, name="Founders")
    assert Organization.objects.get(pk=owner.organization_id).time_zone == expected


@pytest.mark.django_db
def test_settings_page_sets_the_time_zone(client_for, world):
    client = client_for(world.admin)
    page = client.get(reverse("settings")).content.decode()
    assert 'name="time_zone"' in page
    data = {"name": world.org.name, "time_zone": "Asia/Shanghai", "language": "en"}
    assert client.post(reverse("settings"), data).status_code == 302
    world.org.refresh_from_db()
    assert world.org.time_zone == "Asia/Shanghai" and world.org.weights_enabled is False
    response = client.post(reverse("settings"), {**data, "time_zone": "Mars/Olympus"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    world.org.refresh_from_db()
    assert world.org.time_zone == "Asia/Shanghai"


def _change_zone_by_service(world, zone):
    from mubiao.orgs.services import update_organization

    update_organization(world.admin, world.org, name=world.org.name, weights=False, time_zone=zone)


def _change_zone_by_api(world, zone):
    from tests.api.conftest import Api

    response = Api(world.admin).patch(
        "/organization", {"name": world.org.name, "weights": False, "time_zone": zone}
    )
    assert response.status_code == 200, response.content


def _change_zone_on_the_settings_page(world, zone):
    from django.test import Client

    client = Client()
    client.force_login(world.admin.user)
    data = {"name": world.org.name, "time_zone": zone, "language": "en"}
    response = client.post(reverse("settings"), data)
    assert response.status_code == 302, response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change", [_change_zone_by_service, _change_zone_by_api, _change_zone_on_the_settings_page]
)
def test_changing_the_time_zone_refreshes_pace_statuses(world, frozen, change):
    """Stored pace statuses were computed for the old zone's today: a new zone whose today is
    another day re-derives them in the same write, not at the worker's next pass (hours later).
    At INSTANT it is Feb 14 in UTC (40/100 on track) and Feb 15 in Shanghai (at risk)."""
    world.org.settings = {**world.org.settings, "time_zone": "UTC", "weights": False}
    world.org.save()
    objective, kr = _customers_in_q1(world)
    services.check_in(world.alice, kr, value=40)
    kr.refresh_from_db()
    assert kr.status == "on_track"
    world.admin.organization.refresh_from_db()
    world.org.refresh_from_db()
    change(world, "Asia/Shanghai")
    kr.refresh_from_db()
    objective.refresh_from_db()
    assert (kr.status, objective.status) == ("at_risk", "at_risk")
    # Nothing left for the worker to change.
    assert tasks.refresh_statuses.call() == 0
