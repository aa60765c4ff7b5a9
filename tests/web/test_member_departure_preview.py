"""Issue 13 (h13v): deactivating one person from the member form (web) or the API shows what it
does before it is done — who now reports to whom, the teams they no longer lead, their
objectives kept — as the people import's and directory sync's previews say it
(orgs.departures.hand_over, run and rolled back)."""

import pytest
from django.urls import reverse

from mubiao.okrs.models import Activity
from mubiao.orgs.models import Membership
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db

EFFECTS = [
    "Alice, Bob now report to Ada Admin",
    "no longer leads Company / 产品部",
    "their 1 objective is kept, still theirs",
]


@pytest.fixture
def leaving(world):
    make_objective(world.lead, world.cycle, "Ship the docs")
    return world.lead


def unchanged(world, activities: int) -> bool:
    lead = Membership.objects.get(pk=world.lead.pk)
    managers = set(
        Membership.objects.filter(pk__in=[world.alice.pk, world.bob.pk]).values_list(
            "manager_id", flat=True
        )
    )
    return lead.is_active and managers == {lead.pk} and Activity.objects.count() == activities


def test_the_member_form_previews_a_deactivation_then_does_it(world, leaving, client_for):
    client = client_for(world.admin)
    url = reverse("settings_member", args=[leaving.pk])
    loaded = {k: v for k, v in load(client, url, "panel").items() if k != "is_active"}
    activities = Activity.objects.count()
    preview = client.post(url, loaded)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert all(effect in page for effect in EFFECTS), page
    assert "Deactivate Li Lead" in page and unchanged(world, activities)
    done = client.post(url, {**loaded, "confirm": "1"})
    assert done.status_code == 302
    assert not Membership.objects.get(pk=leaving.pk).is_active
    assert Membership.objects.get(pk=world.alice.pk).manager_id == world.admin.pk


def test_the_preview_is_in_the_persons_language(world, leaving, client_for):
    client = client_for(world.admin)
    url = reverse("settings_member", args=[leaving.pk])
    loaded = {k: v for k, v in load(client, url, "panel").items() if k != "is_active"}
    page = client.post(url, loaded, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "停用Li Lead将会" in page, page


def test_a_save_that_does_not_deactivate_asks_nothing(world, leaving, client_for):
    client = client_for(world.admin)
    url = reverse("settings_member", args=[leaving.pk])
    answer = client.post(url, {**load(client, url, "panel"), "title": "总监"})
    assert answer.status_code == 302


def test_the_api_previews_then_deactivates_with_the_same_effects(world, leaving):
    api = Api(world.admin)
    activities = Activity.objects.count()
    preview = api.post(f"/members/{leaving.pk}/deactivate?dry_run=true")
    assert preview.status_code == 200, preview.content
    assert preview.json() == {"member_id": leaving.pk, "applied": False, "effects": EFFECTS}
    assert unchanged(world, activities)
    done = api.post(f"/members/{leaving.pk}/deactivate")
    assert done.json() == {"member_id": leaving.pk, "applied": True, "effects": EFFECTS}
    assert not Membership.objects.get(pk=leaving.pk).is_active
    # A second call changes nothing and says so, as reactivating an active member does (it was
    # a 404, though GET /members/{id} shows the deactivated member to an admin: issue 9, h9u).
    activities = Activity.objects.count()
    again = api.post(f"/members/{leaving.pk}/deactivate")
    assert again.status_code == 200, again.content
    assert again.json() == {"member_id": leaving.pk, "applied": True, "effects": []}
    assert Activity.objects.count() == activities


def test_only_admins_deactivate_through_the_api(world, leaving):
    answer = Api(world.alice).post(f"/members/{leaving.pk}/deactivate?dry_run=true")
    assert answer.status_code == 403
    assert Membership.objects.get(pk=leaving.pk).is_active


def test_the_api_refuses_deactivating_the_last_owner(world):
    owner = Membership.objects.filter(organization=world.org, role="owner").first()
    if owner is None:
        world.admin.role = "owner"
        world.admin.save()
        owner = world.admin
    answer = Api(owner).post(f"/members/{owner.pk}/deactivate?dry_run=true")
    assert answer.status_code in (400, 422), answer.content
    assert Membership.objects.get(pk=owner.pk).is_active


def test_an_admin_reads_and_reactivates_a_deactivated_member_through_the_api(
    world, leaving, client_for
):
    """As in Settings › People: the admin still sees the deactivated member and brings them
    back; others see nobody."""
    api = Api(world.admin)
    assert api.post(f"/members/{leaving.pk}/deactivate").status_code == 200
    read = api.get(f"/members/{leaving.pk}")
    assert read.status_code == 200 and read.json()["status"] == "deactivated"
    assert Api(world.alice).get(f"/members/{leaving.pk}").status_code == 404
    assert Api(world.alice).post(f"/members/{leaving.pk}/reactivate").status_code == 404
    # A change to a deactivated member leaves them deactivated.
    patched = api.patch(f"/members/{leaving.pk}", {"title": "Former lead"})
    assert patched.json()["status"] == "deactivated", patched.content
    assert not Membership.objects.get(pk=leaving.pk).is_active
    back = api.post(f"/members/{leaving.pk}/reactivate")
    assert back.status_code == 200 and back.json()["status"] == "active", back.content
    assert back.json()["title"] == "Former lead"
    assert Membership.objects.get(pk=leaving.pk).is_active
    assert api.post(f"/members/{leaving.pk}/reactivate").json()["status"] == "active"


def test_the_web_reactivates_a_deactivated_member(world, leaving, client_for):
    client = client_for(world.admin)
    url = reverse("settings_member", args=[leaving.pk])
    Api(world.admin).post(f"/members/{leaving.pk}/deactivate")
    assert leaving.user.email in client.get(reverse("settings_people")).content.decode()
    form = load(client, url, "panel")
    assert client.post(url, {**form, "is_active": "on"}).status_code == 302
    assert Membership.objects.get(pk=leaving.pk).is_active


@pytest.mark.parametrize(
    ("actor_role", "member_role", "offered"),
    [
        ("admin", "member", False),  # the service would refuse it: not offered
        ("admin", "admin", False),
        ("admin", "owner", True),  # an owner's own role is shown (and cannot be changed)
        ("owner", "member", True),
    ],
)
def test_the_member_form_offers_owner_only_when_it_may_be_chosen(
    world, client_for, actor_role, member_role, offered
):
    Membership.objects.filter(pk=world.admin.pk).update(role=actor_role)
    Membership.objects.filter(pk=world.bob.pk).update(role=member_role)
    world.admin.refresh_from_db()
    page = client_for(world.admin).get(reverse("settings_member", args=[world.bob.pk]))
    assert ('value="owner"' in page.content.decode()) is offered
