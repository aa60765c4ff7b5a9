"""Every page showing the top bar's cycle switcher marks the chosen cycle (else the current
one) as selected — pages about no cycle too (settings, people, search): with none marked, the
browser shows the first option as if chosen ("2031 年度 · Planning" on /settings/people while
/company showed the running quarter). Table over every URL name that takes no argument."""

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mubiao.okrs.models import Cycle
from mubiao.orgs.rules import today_for
from tests.conftest import freeze_clock

pytestmark = pytest.mark.django_db


def names_without_arguments(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if not entry.pattern.regex.groups:
                yield from names_without_arguments(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            yield f"{namespace}{entry.name}"


def selected(html: str) -> list[str]:
    select = html.split('id="cycle-select"', 1)[1].split("</select>", 1)[0]
    return [
        re.sub(r" · .*", "", name)
        for name in re.findall(r"<option[^>]*\bselected\b[^>]*>([^<]+)</option>", select)
    ]


@pytest.fixture
def years(world, monkeypatch):
    """The current quarter, then a few future years in planning — sorted before it by name."""
    freeze_clock(monkeypatch, dt.datetime(2026, 5, 10, 4, tzinfo=dt.UTC))
    for year in (2029, 2030, 2031):
        Cycle.objects.create(
            organization=world.org, name=f"{year} 年度", kind="year",
            start_date=dt.date(year, 1, 1), end_date=dt.date(year, 12, 31),
        )  # fmt: skip
    return world


def pages_with_the_switcher(client):
    shown = {}
    for name in sorted(set(names_without_arguments())):
        path = reverse(name)
        response = client.get(path)
        if response.streaming:  # an export (h14: streamed) has no cycle switcher
            continue
        if response.status_code == 200 and b'id="cycle-select"' in response.content:
            shown[name] = response.content.decode()
    return shown


def test_every_page_with_the_switcher_marks_the_current_cycle(years, client_for):
    world = years
    client = client_for(world.admin)
    shown = pages_with_the_switcher(client)
    # The pages the tester named are among those checked, and the table is not trivially small.
    assert {"settings_people", "settings_cycles", "home"} <= {n.split(":")[-1] for n in shown}
    assert len(shown) >= 10
    wrong = {
        name: selected(html) for name, html in shown.items() if selected(html) != [world.cycle.name]
    }
    assert wrong == {}


def test_a_chosen_cycle_stays_marked_on_pages_about_no_cycle(years, client_for):
    world = years
    client = client_for(world.admin)
    later = Cycle.objects.get(organization=world.org, name="2030 年度")
    client.get(f"/?cycle={later.pk}")
    shown = pages_with_the_switcher(client)
    # The same pages as with the current cycle, not an empty table that checks nothing.
    assert {"settings_people", "settings_cycles", "home"} <= {n.split(":")[-1] for n in shown}
    assert len(shown) >= 10
    # The generated Chinese name is shown in the English reader's language (issue 13, h13q).
    wrong = {name: selected(html) for name, html in shown.items() if selected(html) != ["2030"]}
    assert wrong == {}


@pytest.mark.parametrize("kind", ["bimonth", "custom", "quarter"])
def test_a_cycle_just_planned_does_not_take_over_the_running_one(world, client_for, kind):
    """probe9: a cycle created in planning that starts today (nothing in it yet) became every
    page's and the dashboards API's default, over the active quarter people work in."""
    today = today_for(world.org)
    Cycle.objects.create(
        organization=world.org, name="Just planned", kind=kind, state=Cycle.State.PLANNING,
        start_date=today, end_date=today + dt.timedelta(days=60),
    )  # fmt: skip
    client = client_for(world.admin)
    shown = pages_with_the_switcher(client)
    assert len(shown) >= 10
    wrong = {
        name: selected(html) for name, html in shown.items() if selected(html) != [world.cycle.name]
    }
    assert wrong == {}
    # Once under way a standard one is the one people mean (it started after the quarter); a
    # custom one never takes over a standard cycle containing today (h12d, issue 12: an active
    # side project became every page's default).
    Cycle.objects.filter(name="Just planned").update(state=Cycle.State.ACTIVE)
    expected = world.cycle.name if kind == "custom" else "Just planned"
    assert selected(client.get(reverse("home")).content.decode()) == [expected]
