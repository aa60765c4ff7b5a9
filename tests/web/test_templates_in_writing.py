"""抄作业 from the writing page: a template prefills the objective form, nothing is saved until
the person submits; "Start from a template" opens the library filtered by the person's role."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs.models import Objective
from mubiao.playbook import services as playbook
from mubiao.playbook.models import Template
from tests.conftest import make_objective, make_world
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db

TEXT = """O: Make onboarding delightful
KR1: Raise week-1 activation from 40% to 60%
KR2: Cut sign-up support tickets from 200 to 50
KR3: Publish the new guided tour"""


@pytest.fixture
def template(world):
    return playbook.create_template(world.admin, text=TEXT, role="Growth PM", language="en")


def new_page(client, template, cycle):
    return client.get(reverse("objective_create"), {"template": template.pk, "cycle": cycle.pk})


def test_template_prefills_title_and_key_results(client_for, world, template):
    response = new_page(client_for(world.alice), template, world.cycle)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert response.context["form"].initial["title"] == "Make onboarding delightful"
    rows = [f.initial for f in formset.forms]
    assert [r.get("title") for r in rows] == [
        "Raise week-1 activation from 40% to 60%",
        "Cut sign-up support tickets from 200 to 50",
        "Publish the new guided tour",
    ]
    assert rows[0]["metric_type"] == "percent"
    assert (rows[0]["start_value"], rows[0]["target_value"]) == (Decimal(40), Decimal(60))
    assert rows[1]["direction"] == "decrease"
    assert rows[2]["metric_type"] == "milestone"
    html = response.content.decode()
    assert 'value="Make onboarding delightful"' in html
    assert 'value="200"' in html and "E+" not in html  # plain numbers in the inputs
    assert not Objective.objects.exists()  # nothing saved by opening the page


def test_use_this_template_lands_on_the_prefilled_form(client_for, world, template):
    client = client_for(world.alice)
    use = client.get(reverse("template_use", args=[template.pk]), {"cycle": world.cycle.pk})
    assert use.status_code == 302
    response = client.get(use["Location"])
    assert response.context["form"].initial["title"] == "Make onboarding delightful"


def test_submitting_the_prefilled_form_saves_it(client_for, world, template):
    krs = [
        {"title": "Raise week-1 activation from 40% to 60%", "metric_type": "percent",
         "start_value": "40", "target_value": "60"},
        {"title": "", "start_value": "0", "target_value": "100"},  # a row the person emptied
    ]  # fmt: skip
    data = form_data(owner=f"person:{world.alice.pk}", krs=krs)
    url = reverse("objective_create") + f"?template={template.pk}&cycle={world.cycle.pk}"
    response = client_for(world.alice).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    objective = Objective.objects.get(title="Make onboarding delightful")
    assert [kr.title for kr in objective.key_results.all()] == [
        "Raise week-1 activation from 40% to 60%"
    ]


def test_another_organizations_template_is_not_found(client_for, world, template):
    other = make_world("other")
    theirs = playbook.create_template(other.admin, text=TEXT, role="Growth PM", language="en")
    response = new_page(client_for(world.alice), theirs, world.cycle)
    # Refused naming the parameter, in the words of a template that is not there at all.
    assert response.status_code == 422
    assert (
        f"template: there is no “{theirs.pk}”, or you cannot see it." in response.content.decode()
    )
    assert new_page(client_for(world.alice), template, world.cycle).status_code == 200


def test_start_from_a_template_is_filtered_by_role_when_one_matches(client_for, world):
    # Alice's job title is 产品经理, a built-in role; Olga has no title.
    alice = client_for(world.alice).get(reverse("objective_create"))
    assert alice.context["library_url"] == "/templates/?role=%E4%BA%A7%E5%93%81%E7%BB%8F%E7%90%86"
    olga = client_for(world.outsider).get(reverse("home"))
    assert olga.context["library_url"] == "/templates/"
    world.alice.title = "Chief Juggler"
    world.alice.save()
    assert client_for(world.alice).get(reverse("home")).context["library_url"] == "/templates/"
    listed = client_for(world.lead).get("/templates/", {"role": "产品经理"})
    assert {t.role for t in listed.context["templates"]} == {"产品经理"}


def test_objective_page_saves_it_as_a_template(client_for, world):
    objective = make_objective(world.alice, world.cycle, "Make onboarding delightful", krs=2)
    client = client_for(world.bob)  # a reader who cannot edit it may still copy it
    page = client.get(reverse("objective", args=[objective.pk])).content.decode()
    action = reverse("template_from_objective", args=[objective.pk])
    assert f'action="{action}"' in page
    assert reverse("objective_edit", args=[objective.pk]) not in page
    response = client.post(action)
    template = Template.objects.get(organization=world.org)
    assert response["Location"] == reverse("template", args=[template.pk])
    assert (template.title, template.role) == ("Make onboarding delightful", "产品经理")
    assert template.body.splitlines()[1:] == ["KR1: KR 1", "KR2: KR 2"]


def test_rail_links_to_import_and_export_for_every_member(client_for, world):
    for member in (world.outsider, world.admin):
        page = client_for(member).get(reverse("home")).content.decode()
        assert f'href="{reverse("transfer")}"' in page
    assert client_for(world.outsider).get(reverse("transfer")).status_code == 200
