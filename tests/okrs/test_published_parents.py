"""Issue 12 (brief h12d): an objective could be aligned to a parent still a draft (or archived),
so rollups and the alignment map counted half-written work and the parent's owner saw children
under something nobody agreed on. A parent is now published (okrs.rules.ALIGNABLE_STATES) on
every route that aligns, and a parent with live children is not taken back to draft or archived;
the refusals name the parent, and the children only as far as the person may see them."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import rules, services
from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db

ALLOWED = {"active": True, "closed": True, "draft": False, "archived": False}


@pytest.mark.parametrize(
    ("old", "new", "children", "refused"),
    [
        ("active", "draft", 1, True),
        ("active", "archived", 3, True),
        ("closed", "draft", 1, True),
        ("active", "draft", 0, False),  # nothing aligned: free to change
        ("active", "closed", 2, False),  # closed is still published
        ("closed", "active", 2, False),
        ("draft", "draft", 1, False),  # unchanged (a row from before the rule)
        ("archived", "active", 1, False),
    ],
)
def test_the_rule(old, new, children, refused):
    assert rules.leaves_children_unpublished(old, new, children) is refused
    assert {state: rules.may_align_to(state) for state in ALLOWED} == ALLOWED


def _parent(world, state: str) -> Objective:
    """Alice's own public objective in `state` (she sees it in every state, as its editor)."""
    parent = make_objective(world.alice, world.cycle, f"Parent {state}")
    if state in ("draft", "closed"):
        services.update_objective(world.alice, parent, state=state)
    elif state == "archived":
        services.archive_objective(world.alice, parent)
    parent.refresh_from_db()
    return parent


def _child(world) -> Objective:
    return make_objective(world.alice, world.cycle, "Child")


# Each route tries to align an objective of alice's to `parent`: the message it answered with
# ("" when it aligned) and the child it made or aligned (None when nothing was written).
def _service_create(world, client_for, parent):
    try:
        child = services.create_objective(
            world.alice, cycle=world.cycle, title="Child", parent_objective=parent
        )
    except ValidationError as error:
        return " ".join(error.messages), None
    return "", child


def _service_align(world, client_for, parent):
    child = _child(world)
    try:
        services.align_objective(world.alice, child, parent_objective=parent)
    except (ValidationError, Objective.DoesNotExist) as error:
        return " ".join(getattr(error, "messages", [str(error)])), child
    return "", child


def _service_align_to_key_result(world, client_for, parent):
    child = _child(world)
    try:
        services.align_objective(world.alice, child, parent_key_result=parent.key_results.get())
    except ValidationError as error:
        return " ".join(error.messages), child
    return "", child


def _web_create(world, client_for, parent):
    data = form_data("Child", owner=f"person:{world.alice.pk}", parent=f"o:{parent.pk}")
    response = client_for(world.alice).post(reverse("objective_create"), data)
    if response.status_code == 302:
        return "", Objective.objects.get(title="Child")
    assert response.status_code == 200
    return response.content.decode(), None


def _web_edit(world, client_for, parent):
    child = make_objective(world.alice, world.cycle, "Child", krs=0)
    data = form_data("Child", owner=f"person:{world.alice.pk}", parent=f"o:{parent.pk}")
    response = client_for(world.alice).post(reverse("objective_edit", args=[child.pk]), data)
    if response.status_code == 302:
        return "", child
    assert response.status_code == 200
    return response.content.decode(), child


def _refusal(response) -> str:
    assert response.status_code in (404, 422), response.content
    body = response.json()
    return " ".join([body["detail"], *(e["message"] for e in body.get("errors", []))])


def _api_create(world, client_for, parent):
    body = {"cycle_id": world.cycle.pk, "title": "Child", "parent_objective_id": parent.pk}
    response = Api(world.alice).post("/objectives", body)
    if response.status_code == 201:
        return "", Objective.objects.get(pk=response.json()["id"])
    return _refusal(response), None


def _api_align(world, client_for, parent):
    child = _child(world)
    body = {"parent_objective_id": parent.pk}
    response = Api(world.alice).post(f"/objectives/{child.pk}/align", body)
    if response.status_code == 200:
        return "", child
    return _refusal(response), child


def _import(world, client_for, parent):
    data = f'objective,key result,start,target,aligned to\nChild,Customers,10,20,"{parent.pk}"\n'
    try:
        result = import_okrs(
            world.alice, file_name="okrs.csv", data=data.encode(), cycle=world.cycle
        )
    except ImportFailed as error:
        return error.text, None
    child = Objective.objects.get(pk=result.created[0].pk)
    # An archived parent is none the person can find: imported without alignment, said so.
    said = " ".join(p for p in result.problems if "aligned to" in p)
    return said, child if child.parent_objective_id else None


ROUTES = [_service_create, _service_align, _service_align_to_key_result, _web_create,
          _web_edit, _api_create, _api_align, _import]  # fmt: skip


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_every_route_aligns_to_published_parents_only(world, client_for, route):
    wrong = []
    for state, allowed in ALLOWED.items():
        parent = _parent(world, state)
        message, child = route(world, client_for, parent)
        aligned = child is not None and (
            Objective.objects.filter(pk=child.pk)
            .values_list("parent_objective_id", "parent_key_result__objective_id")
            .get()
        ) != (None, None)
        if aligned != allowed:
            wrong.append(f"{state}: aligned={aligned}: {message[:300]}")
        if state == "draft" and f"“{parent.title}” is a draft" not in message:
            wrong.append(f"draft: the parent is not named: {message[:300]}")
        if not allowed:
            parent.refresh_from_db()
            assert parent.aligned_count == 0
        Objective.objects.filter(title="Child").delete()
    assert wrong == []


def test_the_refusal_in_chinese(world):
    parent = _parent(world, "draft")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.align_objective(world.alice, _child(world), parent_objective=parent)
    assert refused.value.messages == [
        "“Parent draft”是草稿：只能对齐到已发布的目标。请先发布它，或选择其他上级。"
    ]


def test_the_picker_offers_published_objectives_only(world, client_for):
    for state in ALLOWED:
        _parent(world, state)
    client = client_for(world.alice)
    for page in (
        client.get(reverse("align_options"), {"align_q": "Parent"}),
        client.get(reverse("objective_create")),
    ):
        shown = {state for state in ALLOWED if f"Parent {state}" in page.content.decode()}
        assert shown == {"active", "closed"}


def test_a_private_draft_is_never_named_to_who_cannot_see_it(world):
    secret = make_objective(world.bob, world.cycle, "Bob's secret draft", visibility="private",
                            state="draft")  # fmt: skip
    child = _child(world)
    aligned = {"parent_objective_id": secret.pk}
    new = {"cycle_id": world.cycle.pk, "title": "Other", **aligned}
    for response in (
        Api(world.alice).post(f"/objectives/{child.pk}/align", aligned),
        Api(world.alice).post("/objectives", new),
    ):
        assert response.status_code in (404, 422)
        assert "secret" not in response.content.decode()
    with pytest.raises(Objective.DoesNotExist):
        services.align_objective(world.alice, child, parent_objective=secret)
    child.refresh_from_db()
    assert child.parent_objective_id is None


@pytest.fixture
def aligned_parent(world):
    """Alice's public objective with two of Bob's aligned to it: a public one, and a private
    one aligned to its key result (alice may not see it)."""
    parent = make_objective(world.alice, world.cycle, "Grow the community")
    make_objective(world.bob, world.cycle, "Public child", parent_objective=parent)
    make_objective(world.bob, world.cycle, "Bob's private child", visibility="private",
                   parent_key_result=parent.key_results.get())  # fmt: skip
    return parent


def _change_state(world, client_for, parent, state):
    """Each route that takes an objective to `state`: {name: a call that answers or refuses}."""
    api = Api(world.alice)
    routes = {
        "service": lambda: services.update_objective(world.alice, parent, state=state),
        "api patch": lambda: api.patch(f"/objectives/{parent.pk}", {"state": state}),
    }
    if state == "archived":
        routes |= {
            "archive service": lambda: services.archive_objective(world.alice, parent),
            "api archive": lambda: api.post(f"/objectives/{parent.pk}/archive"),
            "web archive": lambda: client_for(world.alice).post(
                reverse("objective_archive", args=[parent.pk])
            ),
        }
    return routes


@pytest.mark.parametrize("state", ["draft", "archived"])
def test_a_parent_with_children_keeps_published(world, client_for, aligned_parent, state):
    wrong = []
    for name, change in _change_state(world, client_for, aligned_parent, state).items():
        try:
            response = change()
        except ValidationError as error:
            message = " ".join(error.messages)
        else:
            if name.startswith("api"):
                message = _refusal(response)
            else:
                assert response.status_code == 400, (name, response.status_code)
                message = html.unescape(response.content.decode())
        for said in ("2 objectives are aligned to “Grow the community”", "“Public child”",
                     "1 objective you cannot see"):  # fmt: skip
            if said not in message:
                wrong.append(f"{name}: {said!r} not in {message[:400]}")
        if "private child" in message:
            wrong.append(f"{name}: names a child alice cannot see")
        aligned_parent.refresh_from_db()
        assert aligned_parent.state == "active", name
    assert wrong == []


def test_an_admin_is_told_every_child_in_chinese(world, aligned_parent):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.update_objective(world.admin, aligned_parent, state="draft")
    (message,) = refused.value.messages
    # The two sentences meet with no space between them, as Chinese writes them.
    assert message.startswith(
        "有 2 个目标对齐到“Grow the community”：“Bob's private child”、“Public child”。请先"
    )
    assert "改回草稿" in message


def test_children_gone_the_parent_may_go_back_to_draft(world, aligned_parent):
    for child in Objective.objects.filter(owner_member=world.bob):
        services.align_objective(world.bob, child)  # unaligned
    services.update_objective(world.alice, aligned_parent, state="draft")
    aligned_parent.refresh_from_db()
    assert aligned_parent.state == "draft"


def test_an_archived_child_is_not_restored_under_a_draft(world):
    parent = make_objective(world.alice, world.cycle, "Parent")
    child = make_objective(world.alice, world.cycle, "Child", parent_objective=parent)
    services.archive_objective(world.alice, child)
    services.update_objective(world.alice, parent, state="draft")  # no live child left
    with pytest.raises(ValidationError) as refused:
        services.restore_objective(world.alice, child)
    # The refusal an alignment to it would get (the kept parent is checked as a new one).
    assert "“Parent” is a draft" in " ".join(refused.value.messages)
    child.refresh_from_db()
    assert child.state == "archived"
