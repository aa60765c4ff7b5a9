"""What the independent probers of issues 8 and 9 found after the first fixes, each as the kind
it is an instance of: who may widen who sees an objective, counts of hidden rows, numbers past
their column, bodies with fields nobody reads, and times in the organization's zone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from mubiao.okrs import services
from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import columns
from mubiao.orgs import services as org_services
from mubiao.playbook import services as playbook
from tests.api.conftest import Api
from tests.conftest import make_objective

# Every case in the PostgreSQL pass too (tests/conftest.py): each role and visibility has
# its own query shape.
pytestmark = [pytest.mark.django_db, pytest.mark.every_case]


@pytest.fixture
def private_with_collaborator(world):
    return make_objective(
        world.alice, world.cycle, "PRIVATE-MARKER", visibility="private", collaborators=[world.bob]
    )


@pytest.mark.parametrize(
    "change",
    [
        {"visibility": "public"},
        {"visibility": "team"},
        {"owner_member": "bob"},
        {"collaborators": ["bob", "outsider"]},
    ],
)
def test_a_collaborator_cannot_widen_who_sees_an_objective(
    world, private_with_collaborator, change
):
    people = {"bob": world.bob, "outsider": world.outsider}
    fields = {
        name: [people[p] for p in value] if isinstance(value, list) else people.get(value, value)
        for name, value in change.items()
    }
    with pytest.raises(PermissionDenied):
        services.update_objective(world.bob, private_with_collaborator, **fields)
    stored = Objective.objects.get(pk=private_with_collaborator.pk)
    assert stored.visibility == "private" and stored.owner_member_id == world.alice.pk
    assert set(stored.collaborators.values_list("pk", flat=True)) == {world.bob.pk}


def test_a_collaborator_still_edits_content_and_the_owner_governs(world, private_with_collaborator):
    services.update_objective(world.bob, private_with_collaborator, title="Renamed")
    services.update_objective(world.alice, private_with_collaborator, visibility="public")
    assert Objective.objects.get(pk=private_with_collaborator.pk).visibility == "public"


def test_the_api_answers_403_to_a_collaborator_publishing(world, private_with_collaborator):
    response = Api(world.bob).patch(
        f"/objectives/{private_with_collaborator.pk}", {"visibility": "public"}
    )
    assert response.status_code == 403
    assert Objective.objects.get(pk=private_with_collaborator.pk).visibility == "private"


def test_a_collaborators_template_of_a_private_objective_stays_private(
    world, private_with_collaborator
):
    template = playbook.save_objective_as_template(world.bob, private_with_collaborator)
    assert template.is_private
    own = playbook.save_objective_as_template(world.alice, private_with_collaborator)
    assert not own.is_private


def test_the_unread_count_leaves_out_notifications_about_hidden_objectives(world):
    objective = make_objective(world.alice, world.cycle, "Soon private")
    for _ in range(3):
        services.add_comment(world.alice, body="@Olga Outsider look", objective=objective)
    client = Client()
    client.force_login(world.outsider.user)
    assert "data-unread>3<" in client.get("/").content.decode()
    services.update_objective(world.alice, objective, visibility="private")
    page = client.get("/").content.decode()
    assert "data-unread>3<" not in page


@pytest.mark.parametrize("weight", ["10000", "99999", "-1", "0.001"])
def test_a_weight_past_its_column_is_refused_on_every_path(world, weight):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    with pytest.raises(ValidationError) as refused:
        services.update_key_result(world.alice, kr, weight=weight)
    assert "weight" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.create_objective(
            world.alice, cycle=world.cycle, title="Heavy", weight=weight, key_results=[]
        )
    with pytest.raises(columns.CellError):
        columns.weight(weight)
    assert columns.weight("9999.99") == Decimal("9999.99")


def test_patch_organization_names_a_field_it_does_not_take(world):
    api = Api(world.admin)
    response = api.patch("/organization", {"slug": "elsewhere"})
    assert response.status_code == 422 and "slug" in response.content.decode()
    assert api.patch("/organization", {"time_zone": None}).status_code == 422


def test_times_are_shown_in_the_organizations_zone_for_someone_without_one(world):
    org_services.update_organization(
        world.admin, world.org, name=world.org.name, weights=False, time_zone="Asia/Shanghai"
    )
    world.alice.user.timezone = ""
    world.alice.user.save()
    kr = make_objective(world.alice, world.cycle).key_results.get()
    at = dt.datetime.now(dt.UTC).replace(hour=17, minute=52, second=0, microsecond=0)
    at -= dt.timedelta(days=1)
    services.check_in(world.alice, kr, value=5, at=at)
    client = Client()
    client.force_login(world.alice.user)
    page = client.get(f"/krs/{kr.pk}").content.decode()
    assert "01:52</time>" in page and "17:52</time>" not in page


def test_the_api_says_an_objective_is_aligned_to_a_hidden_parent(world):
    """A token sees what the web shows: 'aligned to a private objective', without the id."""
    parent = make_objective(world.alice, world.cycle, "PRIVATE-PARENT", visibility="private")
    child = make_objective(world.alice, world.cycle, "Public child", parent_objective=parent)
    seen_by_outsider = Api(world.outsider).get(f"/objectives/{child.pk}").json()
    assert seen_by_outsider["aligned_to_hidden"] is True
    assert seen_by_outsider["parent_objective_id"] is None
    seen_by_owner = Api(world.alice).get(f"/objectives/{child.pk}").json()
    assert seen_by_owner["aligned_to_hidden"] is False
    assert seen_by_owner["parent_objective_id"] == parent.pk
    listed = Api(world.outsider).get("/objectives", {"cycle": world.cycle.pk}).json()
    row = next(item for item in listed["items"] if item["id"] == child.pk)
    assert row["aligned_to_hidden"] is True and "PRIVATE-PARENT" not in str(listed)


def test_a_locked_out_person_is_not_sent_to_a_reset_that_is_refused(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": world.alice.user.email, "password": "no"})
    page = client.post("/accounts/login/", {"username": world.alice.user.email, "password": "no"})
    assert page.status_code == 429
    assert "reset your password" not in page.content.decode()


@pytest.mark.parametrize("typed", ["a\x00b@x.test", "\ud800@x.test", "x" * 500 + "@x.test"])
def test_a_rate_counter_counts_any_typed_key(db, typed):
    """Counter keys carry what people typed: NUL, lone surrogates and over-long values are
    counted like any other (PostgreSQL refuses NUL in text: it was a 500 on password reset)."""
    from mubiao.accounts import ratelimit

    first = ratelimit.hit(f"reset-email:{typed}", limit=1, window=60)
    second = ratelimit.hit(f"reset-email:{typed}", limit=1, window=60)
    assert first.allowed and not second.allowed
