"""The top bar's cycle switcher leads with the cycles running now and those next to them
(the year, half and quarter containing today, the quarters before and after); the two dozen
others of a few years of quarters, halves and bimonthly cycles are under "More cycles", latest
first. The chosen cycle is always in the first group. One query, however many cycles."""

import datetime as dt
import re

import pytest

from mubiao.okrs.models import Cycle
from mubiao.okrs.rules import nearby_cycles
from tests.conftest import freeze_clock

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 10)


def quarters(org, year):
    Cycle.objects.create(
        organization=org, name=f"{year}", kind="year",
        start_date=dt.date(year, 1, 1), end_date=dt.date(year, 12, 31),
    )  # fmt: skip
    for half in (1, 2):
        Cycle.objects.create(
            organization=org, name=f"{year} H{half}", kind="half",
            start_date=dt.date(year, 6 * half - 5, 1),
            end_date=dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31),
        )  # fmt: skip
    for q in range(1, 5):
        start = dt.date(year, 3 * q - 2, 1)
        end = (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1)) - dt.timedelta(days=1)
        Cycle.objects.create(organization=org, name=f"{year} Q{q}", kind="quarter",
                             start_date=start, end_date=end)  # fmt: skip


def groups(html: str) -> tuple[list[str], list[str]]:
    select = html.split('id="cycle-select"', 1)[1].split("</select>", 1)[0]
    near_part, _sep, more_part = select.partition("data-more-cycles")

    def names(part):
        return [re.sub(r" · .*", "", n) for n in re.findall(r"<option[^>]*>([^<]+)</option>", part)]

    return names(near_part), names(more_part)


@pytest.fixture
def cycles(world, monkeypatch):
    Cycle.objects.filter(organization=world.org).delete()
    for year in (2024, 2025, 2026, 2027):
        quarters(world.org, year)
    freeze_clock(monkeypatch, dt.datetime(2026, 5, 10, 4, tzinfo=dt.UTC))
    return Cycle.objects.filter(organization=world.org)


def test_the_running_and_nearby_cycles_come_first_the_others_under_more(
    world, client_for, cycles, django_assert_max_num_queries
):
    client = client_for(world.admin)
    client.get("/")
    with django_assert_max_num_queries(40) as counted:
        html = client.get("/").content.decode()
    near, more = groups(html)
    assert near == ["2026", "2026 H1", "2026 Q1", "2026 Q2", "2026 H2", "2026 Q3"]
    assert more[:3] == ["2027 Q4", "2027 H2", "2027 Q3"]
    assert more[-3:] == ["2024", "2024 H1", "2024 Q1"]
    assert len(near) + len(more) == cycles.count() == 28
    cycle_lists = [q for q in counted.captured_queries if "okrs_cycle" in q["sql"]]
    assert len(cycle_lists) <= 3  # the switcher's one, the chosen cycle's, the current one's


def test_a_chosen_cycle_far_away_is_in_the_first_group(world, client_for, cycles):
    old = cycles.get(name="2024 Q2")
    near, more = groups(client_for(world.admin).get(f"/?cycle={old.pk}").content.decode())
    assert "2024 Q2" in near and "2024 Q2" not in more


def test_a_few_cycles_need_no_groups(world, client_for, monkeypatch):
    freeze_clock(monkeypatch, dt.datetime(2026, 5, 10, 4, tzinfo=dt.UTC))
    html = client_for(world.admin).get("/").content.decode()
    assert "data-more-cycles" not in html and "<optgroup" not in html.split("cycle-select")[1]


def test_the_rule_orders_near_by_date_longer_first():
    class C:
        def __init__(self, pk, start, end):
            self.pk, self.start_date, self.end_date = pk, start, end

    year = C(1, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    q1 = C(2, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    old = C(3, dt.date(2020, 1, 1), dt.date(2020, 3, 31))
    assert nearby_cycles([q1, old, year], TODAY) == ([year, q1], [old])
    assert nearby_cycles([q1, old, year], TODAY, chosen_pk=3)[0] == [old, year, q1]
