"""Issue 12 (brief h12k): a key result could be archived while objectives were aligned to it,
and afterwards an archived key result, one of a draft or archived objective or one of another
cycle was accepted as a parent by the API, the form (a tampered `k:<id>`) and the services;
an owner aligning to their own archived objective was told it did not exist.

One rule now (okrs.rules.parent_refusal): a parent objective is published, a parent key result
is active, and either is of the child's cycle or of one containing it (a quarter's objective
aligns to its year's, never to last quarter's, closed or not). One message per reason; a parent
the person may not see, of another organization or missing answers alike. Every route that
aligns or keeps a parent is checked here, the database unchanged on each refusal."""

import datetime as dt
import html
from dataclasses import dataclass

import pytest
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import rules, services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api
from tests.conftest import make_objective, year_of_the_quarter
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db

MISSING = "missing"  # the answer for a parent one may not see: as for an id that is no row


@dataclass
class Parent:
    objective: Objective | None  # None: an id that names no row
    key_result: KeyResult | None
    said: str | None  # what the refusal says (None: aligned; MISSING: as a missing id)

    def pk(self, kind: str) -> int:
        row = self.key_result if kind == "k" else self.objective
        return row.pk if row is not None else 987_654


def _past(world) -> Cycle:
    """Last quarter, closed, with a closed objective of alice's made before it closed."""
    start = world.cycle.start_date - dt.timedelta(days=120)
    return services.create_cycle(
        world.admin, name="last quarter", kind=Cycle.Kind.QUARTER, start_date=start,
        end_date=start + dt.timedelta(days=89), state=Cycle.State.ACTIVE,
    )  # fmt: skip


def make_parent(world, other_world, state: str) -> Parent:
    """A parent in `state`, made fresh for each case (alice sees all but the hidden ones)."""
    cycle = {"year": year_of_the_quarter, "past cycle": _past}.get(state, lambda w: w.cycle)(world)
    owner = {"hidden": world.bob, "other org": other_world.alice if other_world else None}
    if state == "missing":
        return Parent(None, None, MISSING)
    actor = owner.get(state, world.alice)
    if state == "other org":
        cycle = other_world.cycle
    visibility = "private" if state == "hidden" else "public"
    objective = make_objective(actor, cycle, "Parent", visibility=visibility)
    kr = objective.key_results.get()
    said = {
        "active": None,
        "year": None,
        "draft": "“Parent” is a draft",
        "archived": "“Parent” is archived",
        "archived key result": "The key result “KR 1” is archived",
        "past cycle": "is in last quarter: an objective is aligned only to one of its own cycle "
        "(acme quarter)",
        "hidden": MISSING,
        "other org": MISSING,
    }[state]
    if state == "draft":
        services.update_objective(world.alice, objective, state="draft")
    elif state == "archived":
        services.archive_objective(world.alice, objective)
    elif state == "archived key result":
        services.archive_key_result(world.alice, kr)
    elif state == "past cycle":
        services.update_objective(world.alice, objective, state="closed")
        Cycle.objects.filter(pk=cycle.pk).update(state=Cycle.State.CLOSED)
    objective.refresh_from_db()
    kr.refresh_from_db()
    return Parent(objective, kr, said)


STATES = ["active", "year", "draft", "archived", "archived key result", "past cycle", "hidden",
          "other org", "missing"]  # fmt: skip


def _rows(kind: str, parent: Parent) -> dict:
    if kind == "k":
        return {"parent_objective": None, "parent_key_result": parent.key_result}
    return {"parent_objective": parent.objective, "parent_key_result": None}


# Each route tries to align an objective of alice's to the parent: (what it said, the child it
# made or aligned, None when it made none); None when the route cannot name such a parent.
def _service_create(world, client_for, kind, parent):
    if parent.objective is None:
        return None  # a service is given rows, not ids
    try:
        child = services.create_objective(
            world.alice, cycle=world.cycle, title="Child", **_rows(kind, parent)
        )
    except ObjectDoesNotExist:
        return MISSING, None
    except ValidationError as error:
        return " ".join(error.messages), None
    return "", child


def _service_align(world, client_for, kind, parent):
    if parent.objective is None:
        return None
    child = make_objective(world.alice, world.cycle, "Child")
    try:
        services.align_objective(world.alice, child, **_rows(kind, parent))
    except ObjectDoesNotExist:
        return MISSING, child
    except ValidationError as error:
        return " ".join(error.messages), child
    return "", child


def _form(world, client_for, url, kind, parent):
    value = f"{kind}:{parent.pk(kind)}"
    data = form_data("Child", owner=f"person:{world.alice.pk}", parent=value)
    response = client_for(world.alice).post(url, data)
    if response.status_code == 302:
        return ""
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    if "Choose an objective or key result from the list." in text:
        return MISSING
    return text


def _web_create(world, client_for, kind, parent):
    said = _form(world, client_for, reverse("objective_create"), kind, parent)
    return said, Objective.objects.filter(title="Child").first()


def _web_edit(world, client_for, kind, parent):
    child = make_objective(world.alice, world.cycle, "Child", krs=0)
    url = reverse("objective_edit", args=[child.pk])
    return _form(world, client_for, url, kind, parent), child


def _api_said(response) -> str:
    assert response.status_code in (404, 422), response.content
    body = response.json()
    said = " ".join([body["detail"], *(e["message"] for e in body.get("errors", []))])
    return MISSING if "No such item, or you cannot see it." in said else said


def _ids(kind, parent) -> dict:
    name = "parent_key_result_id" if kind == "k" else "parent_objective_id"
    return {name: parent.pk(kind)}


def _api_create(world, client_for, kind, parent):
    body = {"cycle_id": world.cycle.pk, "title": "Child", **_ids(kind, parent)}
    response = Api(world.alice).post("/objectives", body)
    if response.status_code == 201:
        return "", Objective.objects.get(pk=response.json()["id"])
    return _api_said(response), None


def _api_align(world, client_for, kind, parent):
    child = make_objective(world.alice, world.cycle, "Child")
    response = Api(world.alice).post(f"/objectives/{child.pk}/align", _ids(kind, parent))
    if response.status_code == 200:
        return "", child
    return _api_said(response), child


def _import(world, client_for, kind, parent):
    if kind == "k":
        return None  # a file names an existing objective only (its title or number)
    data = (
        f"objective,key result,start,target,aligned to\nChild,Customers,10,20,#{parent.pk(kind)}\n"
    )
    try:
        result = import_okrs(
            world.alice, file_name="okrs.csv", data=data.encode(), cycle=world.cycle
        )
    except ImportFailed as error:
        return error.text, None
    child = Objective.objects.get(pk=result.created[0].pk)
    said = " ".join(p for p in result.problems if "aligned to" in p)
    return (MISSING if "none you can see" in said else said), child


def _copy(world, client_for, kind, parent):
    """Copy an objective into the cycle, aligned (the service prepare_next_cycle calls)."""
    if parent.objective is None:
        return None
    source = make_objective(world.alice, world.cycle, "Child")
    before = Objective.objects.count()
    try:
        copy = services.copy_objective(world.alice, source, world.cycle, **_rows(kind, parent))
    except ObjectDoesNotExist:
        return MISSING, None
    except ValidationError as error:
        assert Objective.objects.count() == before
        return " ".join(error.messages), None
    return "", copy


ROUTES = [_service_create, _service_align, _web_create, _web_edit, _api_create, _api_align,
          _import, _copy]  # fmt: skip


@pytest.mark.parametrize("kind", ["k", "o"], ids=["key result", "objective"])
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_every_route_aligns_by_one_rule(world, other_world, client_for, route, kind):
    wrong = []
    for state in STATES:
        if kind == "o" and state == "archived key result":
            continue
        with transaction_rolled_back():
            parent = make_parent(world, other_world, state)
            answer = route(world, client_for, kind, parent)
            if answer is None:
                continue
            said, child = answer
            aligned = (
                child is not None
                and Objective.objects.filter(pk=child.pk, state__in=["active", "draft"])
                .exclude(parent_objective=None, parent_key_result=None)
                .exists()
            )
            if parent.said is None:
                if not aligned or said:
                    wrong.append(f"{state}: refused: {said[:300]}")
                continue
            if aligned:
                wrong.append(f"{state}: aligned")
            if parent.said == MISSING:
                if said != MISSING:
                    wrong.append(f"{state}: not answered as missing: {said[:300]}")
            elif parent.said not in said:
                wrong.append(f"{state}: {parent.said!r} not in {said[:300]}")
            if parent.objective is not None:
                # Nothing was aligned to it by the refusal.
                assert (
                    not Objective.objects.filter(title="Child")
                    .exclude(parent_objective=None, parent_key_result=None)
                    .exists()
                ), state
    assert wrong == []


class transaction_rolled_back:
    """Each state's case in a savepoint rolled back, so the next starts from the same rows."""

    def __enter__(self):
        from django.db import transaction

        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        from django.db import transaction

        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        return False


def test_the_rule():
    assert rules.parent_refusal("active", None, True) is None
    assert rules.parent_refusal("closed", "active", True) is None
    assert rules.parent_refusal("archived", "archived", False) == "archived"
    assert rules.parent_refusal("draft", "active", True) == "draft"
    assert rules.parent_refusal("active", "archived", False) == "key_result_archived"
    assert rules.parent_refusal("closed", None, False) == "other_cycle"


def test_the_refusals_in_chinese(world):
    archived = make_parent(world, None, "archived key result")
    past = make_parent(world, None, "past cycle")
    child = make_objective(world.alice, world.cycle, "Child")
    said = []
    with translation.override("zh-hans"):
        for rows in (_rows("k", archived), _rows("o", past)):
            with pytest.raises(ValidationError) as refused:
                services.align_objective(world.alice, child, **rows)
            said += refused.value.messages
    assert said == [
        "关键结果“KR 1”已归档：只能对齐到进行中的关键结果。请先恢复它，或选择其他上级。",
        "“Parent”属于 last quarter：目标只能对齐到本周期（acme quarter）、包含它的周期或它包含的"
        "周期的目标。请选择其他上级。",
    ]


@pytest.fixture
def aligned_kr(world):
    """Alice's key result with two of Bob's aligned to it: a public one and a private one."""
    parent = make_objective(world.alice, world.cycle, "Grow the community")
    kr = parent.key_results.get()
    make_objective(world.bob, world.cycle, "Public child", parent_key_result=kr)
    make_objective(world.bob, world.cycle, "Bob's private child", visibility="private",
                   parent_key_result=kr)  # fmt: skip
    return kr


def test_a_key_result_with_children_is_not_archived(world, client_for, aligned_kr):
    """The service, the API and the form's "remove" (which archives) all refuse."""
    objective = aligned_kr.objective
    edit = form_data("Grow the community", owner=f"person:{world.alice.pk}",
                     krs=[{"id": str(aligned_kr.pk), "title": "KR 1", "start_value": "0",
                           "DELETE": "on"}],
                     **{"kr-INITIAL_FORMS": "1"})  # fmt: skip
    routes = {
        "service": lambda: services.archive_key_result(world.alice, aligned_kr),
        "api": lambda: Api(world.alice).post(f"/key-results/{aligned_kr.pk}/archive"),
        "web remove": lambda: client_for(world.alice).post(
            reverse("objective_edit", args=[objective.pk]), edit
        ),
    }
    wrong = []
    for name, route in routes.items():
        try:
            response = route()
        except ValidationError as error:
            said = " ".join(error.messages)
        else:
            said = _api_said(response) if name == "api" else html.unescape(response.text)
        for part in ("2 objectives are aligned to “KR 1”", "“Public child”",
                     "1 objective you cannot see", "before archiving “KR 1”"):  # fmt: skip
            if part not in said:
                wrong.append(f"{name}: {part!r} not in {said[:400]}")
        if "private child" in said:
            wrong.append(f"{name}: names a child alice cannot see")
        aligned_kr.refresh_from_db()
        assert aligned_kr.state == "active", name
    assert wrong == []


def test_children_gone_the_key_result_is_archived(world, aligned_kr):
    for child in Objective.objects.filter(owner_member=world.bob):
        services.archive_objective(world.bob, child)
    services.archive_key_result(world.alice, aligned_kr)
    aligned_kr.refresh_from_db()
    assert aligned_kr.state == "archived"


def test_a_parent_keeps_its_children_in_cycles_it_contains(world, aligned_kr):
    """Moving a parent (the objective of the key result) to another quarter would leave its
    children aligned across cycles: refused; moving a child away from its parent's cycle too."""
    later = services.create_cycle(
        world.admin, name="next quarter", kind=Cycle.Kind.QUARTER,
        start_date=world.cycle.end_date + dt.timedelta(1),
        end_date=world.cycle.end_date + dt.timedelta(90),
    )  # fmt: skip
    objective = aligned_kr.objective
    with pytest.raises(ValidationError) as refused:
        services.move_objective(world.alice, objective, later)
    said = " ".join(refused.value.messages)
    assert "2 objectives are aligned to “Grow the community”" in said
    assert "before moving “Grow the community” to next quarter" in said
    child = Objective.objects.get(title="Public child")
    with pytest.raises(ValidationError) as refused:
        services.move_objective(world.bob, child, later)
    assert "“KR 1” is in acme quarter" in " ".join(refused.value.messages)
    objective.refresh_from_db()
    child.refresh_from_db()
    assert objective.cycle_id == child.cycle_id == world.cycle.pk


def test_an_archived_child_is_not_restored_under_an_archived_key_result(world, client_for):
    parent = make_objective(world.alice, world.cycle, "Parent")
    kr = parent.key_results.get()
    child = make_objective(world.alice, world.cycle, "Child", parent_key_result=kr)
    services.archive_objective(world.alice, child)
    services.archive_key_result(world.alice, kr)  # no live child left
    response = Api(world.alice).post(f"/objectives/{child.pk}/restore")
    assert "The key result “KR 1” is archived" in _api_said(response)
    child.refresh_from_db()
    assert child.state == "archived"


def test_the_owner_is_told_their_own_objective_is_archived(world, client_for):
    """m1: the parent's own editor sees it archived; aligning says so rather than "no such
    item" (the API) or "choose from the list" (a typed form value)."""
    parent = make_parent(world, None, "archived")
    child = make_objective(world.alice, world.cycle, "Child")
    response = Api(world.alice).post(f"/objectives/{child.pk}/align", _ids("o", parent))
    assert "“Parent” is archived" in _api_said(response)
    said = _form(world, client_for, reverse("objective_edit", args=[child.pk]), "o", parent)
    assert "“Parent” is archived" in said


def test_carrying_forward_keeps_a_parent_of_the_year(world):
    """Prepare the next cycle keeps a parent of the year that holds both quarters, also one
    the person carrying forward may not see (as the form keeps it), and never names it."""
    year = year_of_the_quarter(world)
    secret = make_objective(world.bob, year, "Bob's year plan", visibility="private")
    mine = make_objective(world.alice, world.cycle, "Mine")
    services.align_objective(world.admin, mine, parent_key_result=secret.key_results.get())
    later = services.create_cycle(
        world.admin, name="next quarter", kind=Cycle.Kind.QUARTER, parent=year,
        start_date=world.cycle.end_date + dt.timedelta(1),
        end_date=world.cycle.end_date + dt.timedelta(90),
    )  # fmt: skip
    response = Api(world.alice).post(
        f"/cycles/{world.cycle.pk}/next", {"cycle_id": later.pk, "objective_ids": [mine.pk]}
    )
    assert response.status_code == 201, response.content
    assert "year plan" not in response.text
    copy = Objective.objects.get(pk=response.json()[0]["id"])
    assert copy.parent_key_result == secret.key_results.get()


def test_a_year_objective_supports_a_quarter_of_its_year(world):
    """Nested cycles either way: a person's year objective aligned to a team's quarter key
    result (the demo's seed article), as a quarter's to its year's."""
    year = year_of_the_quarter(world)
    quarter = make_objective(world.alice, world.cycle, "Quarter")
    mine = make_objective(world.alice, year, "My year")
    services.align_objective(world.alice, mine, parent_key_result=quarter.key_results.get())
    mine.refresh_from_db()
    assert mine.parent_key_result == quarter.key_results.get()


def test_a_cycle_keeps_its_parent_cycle_while_objectives_are_aligned_across_it(world):
    """The tester's S1 (p12): `PATCH /cycles/8 {"parent_id": null}` took a quarter out of its
    year while its objectives stayed aligned to the year's, a pair the rule refuses. Changing
    a cycle's parent cycle is refused while live objectives are aligned across its edge to a
    cycle that would no longer be nested with theirs, naming them (an admin, who alone may
    change cycles, sees private ones too: DESIGN §4); once unaligned, the change is made."""
    year = year_of_the_quarter(world)
    company = make_objective(world.admin, year, "Company year")
    mine = make_objective(world.alice, world.cycle, "Quarter plan")
    services.align_objective(world.alice, mine, parent_key_result=company.key_results.get())
    secret = make_objective(world.bob, world.cycle, "Bob's secret", visibility="private")
    services.align_objective(world.bob, secret, parent_objective=company)
    quarter = Cycle.objects.get(pk=world.cycle.pk)
    with pytest.raises(ValidationError) as refused:
        services.update_cycle(world.admin, quarter, parent=None)
    said = " ".join(refused.value.message_dict["parent"])
    assert "2 objectives are aligned across" in said and "“Quarter plan”" in said, said
    assert "“Bob's secret”" in said, said
    assert Cycle.objects.get(pk=world.cycle.pk).parent_id == year.pk
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.update_cycle(world.admin, Cycle.objects.get(pk=world.cycle.pk), parent=None)
    assert "请先将它们改为对齐到别处或取消对齐" in " ".join(refused.value.messages)

    response = Api(world.admin).patch(f"/cycles/{world.cycle.pk}", {"parent_id": None})
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["parent_id"]
    assert "“Quarter plan”" in response.json()["errors"][0]["message"]
    assert Cycle.objects.get(pk=world.cycle.pk).parent_id == year.pk

    # A cycle whose objectives stay nested may move: the year objective's own cycle is not
    # affected by another quarter joining or leaving the year.
    services.align_objective(world.alice, mine, parent_key_result=None)
    services.align_objective(world.bob, secret, parent_objective=None)
    response = Api(world.admin).patch(f"/cycles/{world.cycle.pk}", {"parent_id": None})
    assert response.status_code == 200, response.content
    assert Cycle.objects.get(pk=world.cycle.pk).parent_id is None
