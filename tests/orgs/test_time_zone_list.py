"""Issue 9: one list of time zones on every path; "localtime", "Factory" and the like are none."""

from contextlib import nullcontext

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

REFUSED = ["localtime", "Factory", "posixrules", "Etc/GMT+8", "PRC", "US/Eastern", "Asia/Nowhere"]
ACCEPTED = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Pacific/Auckland"]


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
