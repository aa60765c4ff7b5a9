"""/organization: the organization's settings, among them the time zone of its "today"."""

import pytest

from mubiao.orgs.models import Organization
from tests.api.conftest import field_errors

pytestmark = pytest.mark.django_db


def test_read_and_change_the_time_zone(world, api):
    admin = api(world.admin)
    body = admin.get("/organization").json()
    assert body["time_zone"] == Organization.objects.get(pk=world.org.pk).time_zone
    response = admin.patch("/organization", {"time_zone": "Asia/Shanghai"})
    assert response.status_code == 200, response.content
    assert response.json()["time_zone"] == "Asia/Shanghai"
    assert response.json()["name"] == world.org.name  # left out: unchanged
    assert Organization.objects.get(pk=world.org.pk).time_zone == "Asia/Shanghai"


def test_an_unknown_zone_is_refused_and_nothing_changes(world, api):
    response = api(world.admin).patch("/organization", {"time_zone": "Mars/Olympus"})
    assert response.status_code == 422
    assert "Mars/Olympus" in field_errors(response)["time_zone"]
    assert Organization.objects.get(pk=world.org.pk).time_zone != "Mars/Olympus"


def test_only_admins_change_it(world, api):
    response = api(world.alice).patch("/organization", {"time_zone": "Asia/Shanghai"})
    assert response.status_code in (403, 404)
    assert Organization.objects.get(pk=world.org.pk).time_zone != "Asia/Shanghai"
    assert api(world.alice).get("/organization").status_code == 200


def test_the_language_of_its_groups(world, api):
    admin = api(world.admin)
    response = admin.patch("/organization", {"language": "zh-hans"})
    assert response.status_code == 200 and response.json()["language"] == "zh-hans"
    assert Organization.objects.get(pk=world.org.pk).language == "zh-hans"
    refused = admin.patch("/organization", {"language": "klingon"})
    assert refused.status_code == 422 and field_errors(refused)["language"]
    assert Organization.objects.get(pk=world.org.pk).language == "zh-hans"
