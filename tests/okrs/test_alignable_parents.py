"""Issue 12 (brief h12): the "align to" picker offered parents that the services then refused
(the objective itself, one aligned below it, another cycle's, an archived or a draft one), and
a parent it would not offer could be submitted. selectors.alignable_parents lists exactly the
parents the services accept; every route (web picker, its `?parent=` prefill, the JSON API,
the services) offers only those, and refuses the others naming the field."""

import contextlib
import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import selectors, services
from mubiao.okrs.models import Cycle, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective, year_around
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(world, other_world):
    """alice's `top` ← `mid` (through its key result) ← `leaf`; and around them, every kind
    of parent that may not be chosen, and the few that may."""
    year = year_around(world, state=Cycle.State.ACTIVE)
    world.cycle.parent = year
    world.cycle.save(update_fields=["parent"])
    later = services.create_cycle(
        world.admin,
        name="Later quarter",
        start_date=world.cycle.end_date + dt.timedelta(days=1),
        end_date=world.cycle.end_date + dt.timedelta(days=90),
        state=Cycle.State.ACTIVE,
    )
    top = make_objective(world.alice, world.cycle, "Top")
    mid = make_objective(world.alice, world.cycle, "Mid", parent_key_result=top.key_results.get())
    leaf = make_objective(world.alice, world.cycle, "Leaf", parent_objective=mid)
    rows = {
        "top": top,
        "mid": mid,
        "leaf": leaf,
        "sibling": make_objective(world.alice, world.cycle, "Sibling"),
        "company_year": make_objective(
            world.admin, year, "Company year", owner_type="organization"
        ),
        "later": make_objective(world.alice, later, "Later"),
        "archived": make_objective(world.alice, world.cycle, "Archived"),
        "draft": make_objective(world.alice, world.cycle, "Draft", state="draft"),
        "bobs_private": make_objective(world.bob, world.cycle, "Private", visibility="private"),
        "foreign": make_objective(other_world.alice, other_world.cycle, "Foreign"),
    }
    services.archive_objective(world.alice, rows["archived"])
    return rows


OFFERED_TO_MID = {"top", "sibling", "company_year"}
OFFERED_TO_NEW = {"top", "mid", "leaf", "sibling", "company_year"}


def _names(tree, objectives) -> set[str]:
    by_pk = {o.pk: name for name, o in tree.items()}
    return {by_pk[o.pk] for o in objectives}


def test_offered_only_what_may_be_chosen(world, tree):
    mid = tree["mid"]
    # mid is aligned to top's key result: top (its parent) stays offered
    assert _names(tree, selectors.alignable_parents(world.alice, mid)) == OFFERED_TO_MID
    # leaf: not itself, nor anything below it; its parent and grandparent are offered
    assert _names(tree, selectors.alignable_parents(world.alice, tree["leaf"])) == {
        "top", "mid", "sibling", "company_year"
    }  # fmt: skip
    # top: everything below it (mid through its key result, leaf through mid) is refused
    assert _names(tree, selectors.alignable_parents(world.alice, tree["top"])) == {
        "sibling", "company_year"
    }  # fmt: skip
    assert _names(tree, selectors.alignable_parents(world.alice, world.cycle)) == OFFERED_TO_NEW


def test_a_private_objective_is_offered_only_to_who_sees_it(world, tree):
    assert "bobs_private" in _names(tree, selectors.alignable_parents(world.bob, world.cycle))
    assert "bobs_private" not in _names(tree, selectors.alignable_parents(world.alice, world.cycle))


def test_what_is_offered_is_accepted_and_the_rest_refused(world, tree):
    """The picker and the services agree, parent by parent (objective and key result)."""
    offered = {o.pk for o in selectors.alignable_parents(world.alice, tree["top"])}
    for name, parent in tree.items():
        if name == "foreign":
            continue
        for keyword, row in (
            ("parent_objective", parent),
            ("parent_key_result", parent.key_results.order_by("id").first()),
        ):
            top = Objective.objects.get(pk=tree["top"].pk)
            try:
                with transaction_rolled_back():
                    services.align_objective(world.alice, top, **{keyword: row})
                accepted = True
            except (ValidationError, ObjectDoesNotExist):
                accepted = False
            assert accepted is (parent.pk in offered), (name, keyword)


@contextlib.contextmanager
def transaction_rolled_back():
    """Run a write and undo it, letting what it raised through."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("child", "parent", "keyword", "words"),
    [
        ("top", "top", "parent_objective", "cannot be aligned to itself"),
        ("top", "top", "parent_key_result", "cannot be aligned to itself"),
        ("top", "leaf", "parent_objective", "to its own descendant"),
        ("mid", "leaf", "parent_key_result", "to its own descendant"),
    ],
)
def test_services_name_the_field(world, tree, child, parent, keyword, words):
    row = tree[parent] if keyword == "parent_objective" else tree[parent].key_results.first()
    with pytest.raises(ValidationError) as refused:
        services.align_objective(world.alice, tree[child], **{keyword: row})
    assert words in " ".join(refused.value.message_dict[keyword])


def test_in_chinese(world, tree):
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as itself:
            services.align_objective(world.alice, tree["top"], parent_objective=tree["top"])
        with pytest.raises(ValidationError) as below:
            services.align_objective(world.alice, tree["top"], parent_objective=tree["leaf"])
    assert "不能对齐到它自己" in " ".join(itself.value.messages)
    assert "不能对齐到它的下级" in " ".join(below.value.messages)


@pytest.mark.parametrize(
    ("parent", "keyword", "field"),
    [
        ("top", "parent_objective_id", "parent_objective_id"),
        ("leaf", "parent_objective_id", "parent_objective_id"),
        ("later", "parent_objective_id", "parent_objective_id"),
        ("archived", "parent_objective_id", "parent_objective_id"),
        ("bobs_private", "parent_objective_id", "parent_objective_id"),
        ("foreign", "parent_objective_id", "parent_objective_id"),
        ("leaf", "parent_key_result_id", "parent_key_result_id"),
        ("later", "parent_key_result_id", "parent_key_result_id"),
    ],
)
def test_api_align_refuses_what_is_not_offered(world, tree, parent, keyword, field):
    row = tree[parent]
    pk = row.pk if keyword == "parent_objective_id" else row.key_results.first().pk
    response = Api(world.alice).post(f"/objectives/{tree['top'].pk}/align", {keyword: pk})
    assert response.status_code == 422, response.content[:300]
    assert set(field_errors(response)) == {field}


def test_api_lists_alignable_parents(world, tree):
    client = Api(world.alice)
    for path, expected in (
        (f"/objectives/{tree['top'].pk}/alignable-parents", {"sibling", "company_year"}),
        (f"/cycles/{world.cycle.pk}/alignable-parents", OFFERED_TO_NEW),
    ):
        body = client.get(path).json()
        assert body["count"] == len(expected)
        by_pk = {o.pk: name for name, o in tree.items()}
        assert {by_pk[item["id"]] for item in body["items"]} == expected
    page = client.get(f"/cycles/{world.cycle.pk}/alignable-parents", {"limit": 2}).json()
    assert (page["count"], len(page["items"]), page["limit"]) == (len(OFFERED_TO_NEW), 2, 2)
    # An objective or a cycle the caller may not see is absent
    assert client.get(f"/objectives/{tree['bobs_private'].pk}/alignable-parents").status_code == 404
    assert client.get(f"/objectives/{tree['foreign'].pk}/alignable-parents").status_code == 404


def test_web_picker_offers_only_alignable(world, tree, client_for):
    client = client_for(world.alice)
    html = client.get(reverse("objective_edit", args=[tree["top"].pk])).content.decode()
    options = client.get(
        reverse("align_options"), {"exclude": tree["top"].pk, "cycle": world.cycle.pk}
    ).content.decode()
    for page in (html, options):
        assert f'value="o:{tree["sibling"].pk}"' in page
        for refused in ("mid", "leaf", "later", "archived", "draft"):
            assert f'value="o:{tree[refused].pk}"' not in page, refused


@pytest.mark.parametrize(
    ("parent", "words"),
    [
        ("later", "Later quarter"),
        ("archived", "is archived"),
        ("bobs_private", "cannot see it"),
    ],
)
def test_refused_prefill_says_why(world, tree, client_for, parent, words):
    client = client_for(world.alice)
    page = client.get(
        reverse("objective_create"), {"parent": f"o:{tree[parent].pk}", "cycle": world.cycle.pk}
    ).content.decode()
    assert words in page.replace("&#x27;", "'").replace("&quot;", '"')


def test_query_count_constant(world, tree):
    def count(of) -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = list(selectors.alignable_parents(world.alice, of))
            for row in rows:
                list(row.key_results.all())
        return len(queries)

    client = Api(world.alice)

    def api_count(path) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    paths = (
        f"/objectives/{tree['top'].pk}/alignable-parents",
        f"/cycles/{world.cycle.pk}/alignable-parents",
    )
    api_count(paths[0])  # the token's first use writes what later requests only read
    before = (count(tree["top"]), count(world.cycle), *map(api_count, paths))
    for i in range(12):
        make_objective(world.alice, world.cycle, f"More {i}", krs=2, parent_objective=tree["leaf"])
        make_objective(world.alice, world.cycle, f"Offered {i}", krs=2)
    assert (count(tree["top"]), count(world.cycle), *map(api_count, paths)) == before


# Every route that aligns an objective: (message said, aligned) for aligning alice's `top` to
# `parent` (an objective). What the picker offers is accepted; the rest refused, saying why.
def _service_align(world, client_for, top, parent):
    try:
        services.align_objective(world.alice, top, parent_objective=parent)
    except ValidationError as error:
        return " ".join(error.messages)
    except ObjectDoesNotExist:
        return "absent"
    return ""


def _web_edit(world, client_for, top, parent):
    data = form_data("Top", owner=f"person:{world.alice.pk}", parent=f"o:{parent.pk}")
    response = client_for(world.alice).post(reverse("objective_edit", args=[top.pk]), data)
    if response.status_code == 302:
        return ""
    assert response.status_code == 200
    return response.content.decode()


def _api_align(world, client_for, top, parent):
    response = Api(world.alice).post(
        f"/objectives/{top.pk}/align", {"parent_objective_id": parent.pk}
    )
    if response.status_code == 200:
        return ""
    assert set(field_errors(response)) == {"parent_objective_id"}
    return response.content.decode()


@pytest.mark.parametrize("route", [_service_align, _web_edit, _api_align],
                         ids=lambda route: route.__name__.strip("_"))  # fmt: skip
def test_every_route_aligns_an_objective_to_what_is_offered(world, tree, client_for, route):
    offered = {o.pk for o in selectors.alignable_parents(world.alice, tree["top"])}
    wrong = []
    for name, parent in tree.items():
        top = Objective.objects.get(pk=tree["top"].pk)
        with transaction_rolled_back():
            said = route(world, client_for, top, parent)
            aligned = Objective.objects.filter(pk=top.pk, parent_objective=parent).exists()
        if aligned is not (parent.pk in offered) or aligned is (said != ""):
            wrong.append(f"{name}: aligned={aligned}: {said[:200]}")
    assert wrong == []


# Every route that creates an objective aligned to `parent`: (message, created and aligned).
def _service_create(world, client_for, parent):
    try:
        services.create_objective(
            world.alice, cycle=world.cycle, title="Child", parent_objective=parent
        )
    except ValidationError as error:
        return " ".join(error.messages)
    except ObjectDoesNotExist:
        return "absent"
    return ""


def _web_create(world, client_for, parent):
    data = form_data("Child", owner=f"person:{world.alice.pk}", parent=f"o:{parent.pk}")
    response = client_for(world.alice).post(
        reverse("objective_create") + f"?cycle={world.cycle.pk}", data
    )
    if response.status_code == 302:
        return ""
    assert response.status_code == 200
    return response.content.decode()


def _api_create(world, client_for, parent):
    body = {"cycle_id": world.cycle.pk, "title": "Child", "parent_objective_id": parent.pk}
    response = Api(world.alice).post("/objectives", body)
    if response.status_code == 201:
        return ""
    assert set(field_errors(response)) == {"parent_objective_id"}
    return response.content.decode()


def _import(world, client_for, parent):
    """The text import (the web's and the `import` command's: okrs.transfer.import_okrs)."""
    data = f'objective,key result,start,target,aligned to\nChild,Customers,10,20,"{parent.pk}"\n'
    try:
        result = import_okrs(
            world.alice, file_name="okrs.csv", data=data.encode(), cycle=world.cycle
        )
    except ImportFailed as error:
        return error.text
    return " ".join(p for p in result.problems if "aligned to" in p)


@pytest.mark.parametrize("route", [_service_create, _web_create, _api_create, _import],
                         ids=lambda route: route.__name__.strip("_"))  # fmt: skip
def test_every_route_creates_under_what_is_offered(world, tree, client_for, route):
    offered = {o.pk for o in selectors.alignable_parents(world.alice, world.cycle)}
    wrong = []
    for name, parent in tree.items():
        with transaction_rolled_back():
            said = route(world, client_for, parent)
            aligned = Objective.objects.filter(title="Child", parent_objective=parent).exists()
        if aligned is not (parent.pk in offered) or aligned is (said != ""):
            wrong.append(f"{name}: aligned={aligned}: {said[:200]}")
    assert wrong == []
