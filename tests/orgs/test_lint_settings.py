"""orgs.services.update_lint_settings: validated writes to Organization.settings["lint"]."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mubiao.okrs.models import Activity
from mubiao.okrs.quality import lint_config
from mubiao.orgs import services
from mubiao.orgs.models import Organization
from tests.conftest import make_world

pytestmark = pytest.mark.django_db


def test_rules_and_thresholds_are_stored_and_read_back(world):
    world.org.settings = {
        "weights": True,
        "lint": {"objectives_recommended": 2, "disabled": ["M02"]},
    }
    world.org.save()
    services.update_lint_settings(
        world.admin,
        world.org,
        rules={"OKR-S02": "off", "OKR-M01": "warning", "OKR-O02": "default"},
        thresholds={"kr_min": 1, "kr_max": 4, "objectives_max": 3},
    )
    org = Organization.objects.get(pk=world.org.pk)
    assert org.settings["weights"] is True  # other settings kept
    assert org.settings["lint"] == {
        "objectives_recommended": 2,  # a threshold the page does not show is kept
        "kr_min": 1,
        "kr_max": 4,
        "objectives_max": 3,
        "rules": {"OKR-M01": "warning", "OKR-S02": "off"},  # "default" is not stored
    }
    config = lint_config(org)
    assert config.disabled == {"OKR-S02"}  # the old "disabled" list is replaced by the page's
    assert config.severity("OKR-M01") == "warning"
    assert (config.kr_min, config.kr_max, config.objectives_max) == (1, 4, 3)
    logged = Activity.objects.get(verb="organization.lint_updated")
    assert (logged.actor, logged.target_id) == (world.admin, world.org.pk)


@pytest.mark.parametrize(
    ("rules", "thresholds", "field"),
    [
        ({"OKR-X99": "off"}, {}, "OKR-X99"),
        ({"OKR-S02": "loud"}, {}, "OKR-S02"),
        ({}, {"kr_min": 0}, "kr_min"),
        ({}, {"kr_max": "five"}, "kr_max"),
        ({}, {"kr_min": 4, "kr_max": 3}, "kr_max"),
        ({}, {"colour": 3}, "colour"),
    ],
)
def test_bad_settings_name_their_field(world, rules, thresholds, field):
    with pytest.raises(ValidationError) as error:
        services.update_lint_settings(world.admin, world.org, rules=rules, thresholds=thresholds)
    assert field in error.value.message_dict
    assert "lint" not in Organization.objects.get(pk=world.org.pk).settings


def test_only_admins_of_the_organization(world):
    with pytest.raises(PermissionDenied):
        services.update_lint_settings(world.lead, world.org, rules={}, thresholds={})
    other = make_world("other")
    with pytest.raises(Organization.DoesNotExist):
        services.update_lint_settings(world.admin, other.org, rules={}, thresholds={})
