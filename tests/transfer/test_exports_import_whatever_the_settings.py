"""What Mubiao exports, Mubiao imports, whatever the organization's settings (issue 9, probe 6):
with weights turned off after key results were weighted 0.25 / 1.75 / 0, the md, csv and json
exports still wrote weight=0.25 and the import of each refused it ("本组织未启用权重"). Exports
write the weight in effect (rules.weight_in_effect: 1 with weights off), so each format
imports back with every organization setting toggled: weights, time zone, language, linter."""

import pytest
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.okrs.transfer import export_okrs, import_okrs
from mubiao.orgs import services as org_services
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective, weights_switched_on

FORMATS = {"md": "md", "csv": "csv", "xlsx": "xlsx", "json": "json"}
WEIGHTS = ("0.25", "1.75", "0")
SETTINGS = {
    "weights off": {"weights": False},
    "weights on": {"weights": True},
    "Kiritimati": {"weights": False, "time_zone": "Pacific/Kiritimati"},
    "GMT+12": {"weights": True, "time_zone": "Etc/GMT+12"},
    "Chinese": {"weights": False, "language": "zh-hans"},
    "English": {"weights": True, "language": "en"},
    "linter strict": {"weights": False, "lint": "error"},
}


def _weighted(world):
    with weights_switched_on(world):
        objective = make_objective(world.alice, world.cycle, krs=3)
        for kr, weight in zip(objective.key_results.order_by("position"), WEIGHTS, strict=True):
            services.update_key_result(world.alice, kr, weight=weight)
    return objective


def _set(world, weights, time_zone=None, language=None, lint=None):
    org_services.update_organization(
        world.admin, world.org, name=world.org.name, weights=weights, time_zone=time_zone,
        language=language,
    )  # fmt: skip
    if lint:
        from mubiao.okrtext.rules import RULES

        org_services.update_lint_settings(
            world.admin, world.org, rules=dict.fromkeys(RULES, lint), thresholds={}
        )
    world.org.refresh_from_db()
    world.admin.organization.refresh_from_db()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("setting", SETTINGS)
def test_an_export_imports_back_whatever_the_settings(world, fmt, setting):
    _weighted(world)
    _set(world, **SETTINGS[setting])
    with translation.override(world.org.language):
        data = export_okrs(world.admin, cycle=world.cycle, fmt=fmt)
        target = services.create_cycle(
            world.admin, name="again", kind=Cycle.Kind.CUSTOM,
            start_date=world.cycle.start_date, end_date=world.cycle.end_date,
        )  # fmt: skip
        import_okrs(world.admin, file_name=f"okrs.{FORMATS[fmt]}", data=data, cycle=target)
    imported = KeyResult.objects.filter(objective__cycle=target).order_by("position")
    weights = [str(kr.weight.normalize()) for kr in imported]
    assert weights == (list(WEIGHTS) if world.org.weights_enabled else ["1", "1", "1"])
    assert [kr.progress for kr in imported] == [0, 0, 0]


def test_the_api_shows_the_weight_in_effect_and_the_one_stored(world):
    objective = _weighted(world)
    kr = objective.key_results.order_by("position").first()
    api = Api(world.alice)
    with weights_switched_on(world):
        body = api.get(f"/key-results/{kr.pk}").json()
        assert (body["weight"], body["stored_weight"]) == (0.25, 0.25)
    body = api.get(f"/key-results/{kr.pk}").json()
    assert (body["weight"], body["stored_weight"]) == (1, 0.25)
    listed = api.get(f"/objectives/{objective.pk}").json()
    assert [k["weight"] for k in listed["key_results"]] == [1, 1, 1]
    assert (listed["weight"], listed["stored_weight"]) == (1, 1)
    # What the API shows is sent back as no change; the stored weight stays for later.
    for sent in (1, "1", 0.25):
        response = api.patch(f"/key-results/{kr.pk}", {"weight": sent})
        assert response.status_code == 200, response.content
        assert (response.json()["weight"], response.json()["stored_weight"]) == (1, 0.25)
    response = api.patch(f"/key-results/{kr.pk}", {"weight": 2})
    assert response.status_code == 422
    assert "Weights are turned off" in field_errors(response)["weight"]
    kr.refresh_from_db()
    assert str(kr.weight.normalize()) == "0.25"
