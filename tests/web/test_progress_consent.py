"""Issue 12: before a private or team objective's progress is counted in a parent more people
see, the objective form says where and to whom, and saves only once confirmed (web); the API
makes the change and says the same in `notice`."""

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Objective
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_stale_edits import load
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db

EVERYONE = "which everyone in the organization can see"


@pytest.fixture
def public_parent(world):
    """The company's public objective taking its progress from its aligned objectives."""
    return make_objective(world.admin, world.cycle, "Company goal", progress_source="aligned")


def test_aligning_a_private_objective_asks_first(client_for, world, public_parent):
    mine = make_objective(world.alice, world.cycle, "My secret plan", visibility="private")
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[mine.pk])
    form = {**load(client, url), "parent": f"o:{public_parent.pk}"}
    asked = client.post(url, form)
    html = asked.content.decode()
    assert asked.status_code == 200
    assert f"Its progress will be counted in “Company goal”, {EVERYONE}." in html
    assert 'name="share_progress" value="1"' in html
    mine.refresh_from_db()
    assert mine.parent_objective is None  # nothing changed without the confirmation
    confirmed = client.post(url, {**form, "share_progress": "1"})
    assert confirmed.status_code == 302
    mine.refresh_from_db()
    assert mine.parent_objective == public_parent


def test_a_new_private_objective_is_not_created_without_confirming(
    client_for, world, public_parent
):
    client = client_for(world.alice)
    data = form_data("Quiet work", owner=f"person:{world.alice.pk}", visibility="private",
                     parent=f"o:{public_parent.pk}", krs=[{"title": "Done"}])  # fmt: skip
    asked = client.post(reverse("objective_create"), data)
    assert EVERYONE in asked.content.decode()
    assert not Objective.objects.filter(title="Quiet work").exists()
    assert client.post(reverse("objective_create"), {**data, "share_progress": "1"}).status_code
    assert Objective.objects.get(title="Quiet work").parent_objective == public_parent


@pytest.mark.parametrize(
    ("visibility", "source", "asked"),
    [("public", "aligned", False), ("private", "key_results", False), ("team", "mix", True)],
)
def test_only_a_hidden_objective_counted_in_a_wider_parent_is_asked(
    client_for, world, visibility, source, asked
):
    parent = make_objective(world.admin, world.cycle, "Company goal", progress_source=source)
    mine = make_objective(world.alice, world.cycle, "Mine", visibility=visibility)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[mine.pk])
    response = client.post(url, {**load(client, url), "parent": f"o:{parent.pk}"})
    assert (response.status_code == 200 and EVERYONE in response.content.decode()) == asked
    mine.refresh_from_db()
    assert (mine.parent_objective is None) == asked


def test_a_team_parent_names_its_team(client_for, world):
    parent = make_objective(world.lead, world.cycle, "Product goal", visibility="team",
                            team=world.product, progress_source="aligned")  # fmt: skip
    mine = make_objective(world.alice, world.cycle, "Mine", visibility="private")
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[mine.pk])
    html = client.post(url, {**load(client, url), "parent": f"o:{parent.pk}"}).content.decode()
    assert "counted in “Product goal”, which members of team 产品部 can see." in html
    zh = client.post(url, {**load(client, url), "parent": f"o:{parent.pk}"},
                     headers={"accept-language": "zh-hans"}).content.decode()  # fmt: skip
    assert "它的进度将计入“Product goal”，团队产品部的成员都能看到。" in zh


def test_switching_the_parent_to_aligned_progress_asks_its_owner(client_for, world):
    """The owner is told which hidden children's progress will be shown combined: the ones they
    see by title, the others only counted."""
    parent = make_objective(world.bob, world.cycle, "Docs goal")
    make_objective(world.bob, world.cycle, "Bob's own draft", visibility="private",
                   parent_objective=parent)  # fmt: skip
    make_objective(world.alice, world.cycle, "Alice's secret", visibility="private",
                   parent_objective=parent)  # fmt: skip
    make_objective(world.alice, world.cycle, "Public help", parent_objective=parent)
    client = client_for(world.bob)
    url = reverse("objective_edit", args=[parent.pk])
    form = {**load(client, url), "progress_source": "aligned"}
    html = client.post(url, form).content.decode()
    assert (
        "The progress of “Bob&#x27;s own draft”, 1 objective you cannot see will be shown "
        f"combined in its progress, {EVERYONE}."
    ) in html
    assert "Alice" not in html.split("data-share-notice")[1].split("</div>")[0]
    parent.refresh_from_db()
    assert parent.progress_source == "key_results"
    assert client.post(url, {**form, "share_progress": "1"}).status_code == 302
    parent.refresh_from_db()
    assert parent.progress_source == "aligned"
    # Saved again as it is: nothing new is shown, nothing asked.
    assert client.post(url, load(client, url)).status_code == 302


def test_the_api_answers_with_a_notice(world, public_parent):
    mine = make_objective(world.alice, world.cycle, "My secret plan", visibility="private")
    alice = Api(world.alice)
    aligned = alice.post(f"/objectives/{mine.pk}/align", {"parent_objective_id": public_parent.pk})
    assert aligned.status_code == 200
    assert aligned.json()["notice"] == (
        f"Its progress will be counted in “Company goal”, {EVERYONE}."
    )
    assert aligned.json()["parent_objective_id"] == public_parent.pk
    again = alice.post(f"/objectives/{mine.pk}/align", {"parent_objective_id": public_parent.pk})
    assert again.json()["notice"] is None  # already counted there: nothing new
    # Made private while aligned: the same notice.
    public = make_objective(world.alice, world.cycle, "Open plan", parent_objective=public_parent)
    patched = alice.patch(f"/objectives/{public.pk}", {"visibility": "private"})
    assert patched.json()["notice"] == aligned.json()["notice"]
    assert alice.patch(f"/objectives/{public.pk}", {"title": "Open plan!"}).json()["notice"] is None


def test_the_api_tells_the_parent_owner_without_naming_hidden_ones(world):
    parent = make_objective(world.bob, world.cycle, "Docs goal")
    make_objective(world.alice, world.cycle, "Alice's secret", visibility="private",
                   parent_objective=parent)  # fmt: skip
    bob = Api(world.bob)
    patched = bob.patch(f"/objectives/{parent.pk}", {"progress_source": "mix"})
    assert patched.status_code == 200
    assert patched.json()["notice"] == (
        f"The progress of 1 objective you cannot see will be shown combined in its progress, "
        f"{EVERYONE}."
    )
    admin = Api(world.admin).patch(f"/objectives/{parent.pk}", {"progress_source": "key_results"})
    assert admin.json()["notice"] is None
    services.update_objective(world.admin, parent, progress_source="aligned")
    listed = Api(world.bob).get(f"/objectives/{parent.pk}").json()
    assert "notice" not in listed  # only the answers to a change carry it


def test_a_key_result_switched_to_aligned_progress_asks_too(client_for, world):
    """The same through a key result fed by its aligned objectives: the form's row, the API."""
    parent = make_objective(world.bob, world.cycle, "Docs goal")
    kr = parent.key_results.get()
    make_objective(world.alice, world.cycle, "Alice's secret", visibility="private",
                   parent_key_result=kr)  # fmt: skip
    told = (
        "The progress of 1 objective you cannot see will be shown combined in its progress, "
        f"{EVERYONE}."
    )
    client = client_for(world.bob)
    url = reverse("objective_edit", args=[parent.pk])
    form = {**load(client, url), "kr-0-progress_source": "children"}
    assert told in client.post(url, form).content.decode()
    kr.refresh_from_db()
    assert kr.progress_source == "manual"
    api = Api(world.bob).patch(f"/key-results/{kr.pk}", {"progress_source": "children"})
    assert api.status_code == 200
    assert api.json()["notice"] == told
    assert Api(world.bob).patch(f"/key-results/{kr.pk}", {"title": "KR"}).json()["notice"] is None


@pytest.fixture
def chain(world):
    """The company's public objective taking progress from its aligned objectives, and the
    product team's team-visible one aligned to it, taking progress from its own."""
    company = make_objective(world.admin, world.cycle, "Company goal", progress_source="aligned")
    team = make_objective(world.lead, world.cycle, "Product goal", visibility="team",
                          team=world.product, progress_source="aligned")  # fmt: skip
    services.align_objective(world.lead, team, parent_objective=company)
    return company, team


GRAND = f"Through the objective it is aligned to, its progress will also be counted in “Company goal”, {EVERYONE}."  # noqa: E501


def test_aligning_under_a_team_parent_names_the_public_grandparent_too(client_for, world, chain):
    """Issue 12: a private objective under the team's objective is carried on to the company's
    by the rollup: the form says both before saving, in both languages; the API's notice too."""
    company, team = chain
    mine = make_objective(world.alice, world.cycle, "My secret plan", visibility="private")
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[mine.pk])
    form = {**load(client, url), "parent": f"o:{team.pk}"}
    html = client.post(url, form).content.decode()
    assert "counted in “Product goal”, which members of team 产品部 can see." in html
    assert GRAND in html
    zh = client.post(url, form, headers={"accept-language": "zh-hans"}).content.decode()
    assert "通过它所对齐的目标，它的进度还将计入“Company goal”，组织内所有人都能看到。" in zh
    mine.refresh_from_db()
    assert mine.parent_objective is None
    assert client.post(url, {**form, "share_progress": "1"}).status_code == 302
    other = make_objective(world.alice, world.cycle, "Another plan", visibility="private")
    notice = Api(world.alice).post(f"/objectives/{other.pk}/align",
                                   {"parent_objective_id": team.pk}).json()["notice"]  # fmt: skip
    assert notice.endswith(GRAND), notice
    # Not counted further up: the grandparent is not named.
    services.update_objective(world.admin, company, progress_source="key_results")
    third = make_objective(world.alice, world.cycle, "Third plan", visibility="private")
    notice = Api(world.alice).post(f"/objectives/{third.pk}/align",
                                   {"parent_objective_id": team.pk}).json()["notice"]  # fmt: skip
    assert "Company goal" not in notice


def test_a_grandparent_the_actor_may_not_see_is_told_without_its_title(world, chain):
    company, team = chain
    services.update_objective(world.admin, company, visibility="private")
    # Filed under the docs team, seen by its members: Alice (product) may not see it.
    grand = make_objective(world.admin, world.cycle, "Board goal", visibility="team",
                           team=world.docs, progress_source="aligned")  # fmt: skip
    services.align_objective(world.admin, company, parent_objective=grand)
    mine = make_objective(world.alice, world.cycle, "My secret plan", visibility="private")
    notice = Api(world.alice).post(f"/objectives/{mine.pk}/align",
                                   {"parent_objective_id": team.pk}).json()["notice"]  # fmt: skip
    assert notice.endswith(
        "Through the objective it is aligned to, its progress will also be counted in an "
        "objective further up, which people who may not see it can see."
    ), notice
    assert "Board goal" not in notice and "Company goal" not in notice


def test_switching_a_parent_to_aligned_progress_names_the_grandparent(client_for, world, chain):
    """The team's owner switches it to progress from its aligned objectives (web form, API) or
    a key result of it to its aligned objectives: hidden children are carried on to the
    company's objective, and the owner is told about both."""
    _, team = chain
    services.update_objective(world.admin, team, progress_source="key_results")
    make_objective(world.alice, world.cycle, "Alice's secret", visibility="private",
                   parent_objective=team)  # fmt: skip
    client = client_for(world.lead)
    url = reverse("objective_edit", args=[team.pk])
    form = {**load(client, url), "progress_source": "aligned"}
    html = client.post(url, form).content.decode()
    further = f"will also be counted in “Company goal”, {EVERYONE}."
    # Li Lead manages Alice: he sees her objective by its title.
    assert f"The progress of “Alice&#x27;s secret” {further}" in html
    assert "which members of team 产品部 can see." in html
    api = Api(world.lead).patch(f"/objectives/{team.pk}", {"progress_source": "mix"})
    assert f"The progress of “Alice's secret” {further}" in api.json()["notice"]
    # Through a key result fed by its aligned objectives.
    kr = team.key_results.get()
    make_objective(world.alice, world.cycle, "Alice's other secret", visibility="private",
                   parent_key_result=kr)  # fmt: skip
    services.update_objective(world.admin, team, progress_source="key_results")
    patched = Api(world.lead).patch(f"/key-results/{kr.pk}", {"progress_source": "children"})
    assert f"The progress of “Alice's other secret” {further}" in patched.json()["notice"]
