"""OKR quality settings (admins): a rule switched off leaves the live advice and the stored
OKRs' findings; thresholds apply."""

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import selectors
from mubiao.okrs.quality import lint_stored
from mubiao.okrtext import RULES
from mubiao.orgs.models import Organization
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def settings_data(**changes):
    data = {rule_id: "default" for rule_id in RULES}
    data.update({"kr_min": "2", "kr_max": "5", "objectives_max": "5"})
    data.update(changes)
    return data


def advice(client):
    data = {"title": "Make onboarding delightful", "kr-TOTAL_FORMS": "1",
            "kr-0-title": "Raise week-1 activation from 40% to 60%"}  # fmt: skip
    return client.post(reverse("lint_advice"), data).content.decode()


def rules_found(actor, cycle):
    with translation.override("en"):
        found = lint_stored(selectors.objective_list(actor, cycle=cycle))
    return {f.finding.rule for f in found}


def test_switching_a_rule_off_removes_it_from_the_advice_and_stored_findings(client_for, world):
    make_objective(world.alice, world.cycle, "Make onboarding delightful", krs=1)
    alice, admin = client_for(world.alice), client_for(world.admin)
    assert "OKR-S02" in advice(alice)  # one key result: "2–5 KRs per objective"
    assert "OKR-S02" in rules_found(world.alice, world.cycle)

    response = admin.post(reverse("settings_quality"), settings_data(**{"OKR-S02": "off"}))
    assert response.status_code == 302
    assert "OKR-S02" not in advice(alice)
    assert "OKR-S02" not in rules_found(world.alice, world.cycle)

    # A threshold instead: one key result is enough.
    admin.post(reverse("settings_quality"), settings_data(kr_min="1"))
    assert "OKR-S02" not in rules_found(world.alice, world.cycle)
    admin.post(reverse("settings_quality"), settings_data())
    assert "OKR-S02" in rules_found(world.alice, world.cycle)


def test_page_lists_every_rule_in_the_page_language(client_for, world):
    client = client_for(world.admin)
    page = client.get(reverse("settings_quality"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for rule in RULES.values():
        assert rule.id in page
    assert RULES["OKR-S02"].title["en"] in page
    client.post(reverse("set_language"), {"language": "zh-hans"})
    page = client.get(reverse("settings_quality")).content.decode()
    assert RULES["OKR-S02"].title["zh-hans"] in page
    assert "默认（警告）" in page


def test_saved_choices_show_on_the_page(client_for, world):
    client = client_for(world.admin)
    client.post(reverse("settings_quality"), settings_data(**{"OKR-M01": "info"}, kr_max="4"))
    form = client.get(reverse("settings_quality")).context["form"]
    assert form["OKR-M01"].value() == "info"
    assert form["OKR-S02"].value() == "default"
    assert form["kr_max"].value() == 4


def test_bad_input_is_shown_beside_its_field(client_for, world):
    response = client_for(world.admin).post(
        reverse("settings_quality"), settings_data(kr_min="4", kr_max="3")
    )
    assert response.status_code == 400
    assert "cannot be fewer than the fewest" in response.content.decode()
    assert "lint" not in Organization.objects.get(pk=world.org.pk).settings


def test_members_cannot_open_it(client_for, world):
    assert client_for(world.lead).get(reverse("settings_quality")).status_code == 404
    response = client_for(world.lead).post(reverse("settings_quality"), settings_data())
    assert response.status_code == 404
