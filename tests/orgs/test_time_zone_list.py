"""Issue 9: one list of time zones on every path, every IANA zone this system knows (UTC−12 is
only Etc/GMT+12); "localtime", this server's own setting, is none."""

from contextlib import nullcontext
from html import unescape
from zoneinfo import available_timezones

import pytest
from django.core.exceptions import ValidationError

from mubiao.accounts.forms import PreferencesForm
from mubiao.notify.forms import ZONES
from mubiao.orgs import services as org_services
from mubiao.orgs.rules import TIME_ZONES, is_time_zone
from mubiao.people.columns import CellError
from mubiao.people.columns import time_zone as people_time_zone
from mubiao.web.forms import OrganizationForm
from tests.api.conftest import Api

REFUSED = ["localtime", "Asia/Nowhere", "asia/shanghai", "UTC+8"]
ACCEPTED = ["UTC", "Asia/Shanghai", "America/New_York", "Etc/GMT+12", "Etc/GMT-14", "PRC"]
EVERY_ZONE = sorted(available_timezones() - {"localtime"})


@pytest.mark.parametrize("zone", REFUSED + ACCEPTED)
def test_every_path_takes_the_same_zones(world, zone):
    accepted = zone in ACCEPTED
    assert is_time_zone(zone) == accepted == (zone in TIME_ZONES)
    response = Api(world.admin).patch("/organization", {"time_zone": zone})
    assert (response.status_code == 200) == accepted, response.content
    form = OrganizationForm({"name": "Acme", "time_zone": zone, "language": "en"})
    assert form.is_valid() == accepted
    try:
        people_time_zone(zone)
        imported = True
    except CellError:
        imported = False
    assert imported == accepted
    with pytest.raises(ValidationError) if not accepted else nullcontext():
        org_services.update_organization(
            world.admin, world.org, name=world.org.name, weights=False, time_zone=zone
        )


def test_the_lists_shown_are_the_list_checked():
    assert [name for name, _ in OrganizationForm().fields["time_zone"].choices] == list(TIME_ZONES)
    assert [name for name, _ in ZONES][1:] == list(TIME_ZONES)
    assert [n for n, _ in PreferencesForm().fields["timezone"].choices][1:] == list(TIME_ZONES)
    assert all(is_time_zone(name) for name in TIME_ZONES)


def test_every_iana_zone_can_be_chosen_on_every_form(world):
    """The table: each zone of zoneinfo.available_timezones() is taken by the preferences,
    reminder and organization forms (Etc/GMT+12, UTC−12, was refused as no zone)."""
    from mubiao.notify.forms import PreferenceForm

    refused = []
    for zone in EVERY_ZONE:
        forms = [
            PreferencesForm({"timezone": zone}),
            OrganizationForm({"name": "Acme", "time_zone": zone, "language": "en"}),
        ]
        if not (is_time_zone(zone) and all(form.is_valid() for form in forms)):
            refused.append(zone)
        if zone not in dict(PreferenceForm.base_fields["time_zone"].choices):
            refused.append(zone)
    assert refused == []


def test_a_posix_zone_says_its_real_offset():
    labels = dict(PreferencesForm().fields["timezone"].choices)
    assert str(labels["Etc/GMT+12"]) == "Etc/GMT+12 (UTC−12)"
    assert str(labels["Etc/GMT-14"]) == "Etc/GMT-14 (UTC+14)"


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Organization's time zone (Europe/Berlin)"),
        # A Chinese speaker who chose none reads Beijing time (notify.rules.reminder_zone).
        ("zh-hans", "你所用语言的时区（Asia/Shanghai）"),
    ],
)
def test_the_empty_choice_names_the_zone_times_are_shown_in(world, client_for, language, shown):
    from django.urls import reverse

    org_services.update_organization(
        world.admin, world.org, name=world.org.name, weights=False, time_zone="Europe/Berlin"
    )
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    page = unescape(client_for(world.alice).get(reverse("preferences")).content.decode())
    assert f'<option value="" selected>{shown}</option>' in page
    assert "Server" not in page and "服务器时区" not in page
