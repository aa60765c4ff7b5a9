"""An objective holds at most limits.ACTIVE_KEY_RESULTS (20) active key results, on every route
that adds one (issue 9, "Numbers people can trust"): the web writing form (new objective, or a
row added on the edit form), a template's draft, the JSON API (objective with key results,
POST /key-results), text import and `mubiao import`, copying an objective, restoring an
archived key result. Each is refused with one message naming the limit and the objective, at
the field (web row / API field / the file's line), and nothing is changed. Archived key
results do not count."""

import datetime as dt
import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import limits, services
from mubiao.okrs.models import Activity, Cycle, KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.playbook import services as playbook
from tests.api.conftest import Api
from tests.conftest import make_objective, make_world
from tests.web.test_stale_edits import load
from tests.web.test_writing import form_data

LIMIT = limits.ACTIVE_KEY_RESULTS
TITLE = "Delight customers"


def _said(message: str, count: int = LIMIT + 1, title: str = TITLE) -> None:
    assert f"“{title}”" in message, message
    assert f"at most {LIMIT} key results" in message and f"have {count}." in message, message


def _full(world, krs: int = LIMIT) -> Objective:
    return make_objective(world.alice, world.cycle, TITLE, krs=krs)


def _legacy(world) -> Objective:
    """An objective stored with one key result over the limit (before the limit held on
    every route)."""
    objective = _full(world)
    extra = objective.key_results.order_by("position").last()
    extra.pk, extra.position, extra.title = None, LIMIT, f"KR {LIMIT + 1}"
    extra.save()
    return objective


def _rows(count: int) -> list[dict]:
    return [{"title": f"KR {i + 1}", "start_value": "0", "target_value": "100"}
            for i in range(count)]  # fmt: skip


def _snapshot():
    return (
        list(Objective.objects.order_by("pk").values_list("pk", "title", "version")),
        list(KeyResult.objects.order_by("pk").values_list("pk", "state", "title", "version")),
        Activity.objects.count(),
    )


# ---- Each route: adds the (LIMIT + 1)th active key result, refused, nothing changed --------


def _service_add(world, client_for):
    objective = _full(world)
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.create_key_result(world.alice, objective, title="One more", target_value=10)
    _said(" ".join(refused.value.message_dict["objective"]))
    return before


def _service_create(world, client_for):
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.create_objective(
            world.alice, cycle=world.cycle, title=TITLE, key_results=_rows(LIMIT + 1)
        )
    _said(" ".join(refused.value.message_dict["key_results"]))
    return before


def _api_add(world, client_for):
    objective = _full(world)
    api = Api(world.alice)  # its token is logged
    before = _snapshot()
    body = {"objective_id": objective.pk, "title": "One more", "target_value": 10}
    response = api.post("/key-results", body)
    assert response.status_code == 422, response.content.decode()
    (error,) = response.json()["errors"]
    assert error["field"] == "objective_id"
    _said(error["message"])
    return before


def _api_create(world, client_for):
    api = Api(world.alice)  # its token is logged
    before = _snapshot()
    body = {"cycle_id": world.cycle.pk, "title": TITLE, "key_results": _rows(LIMIT + 5)}
    response = api.post("/objectives", body)
    assert response.status_code == 422, response.content.decode()
    (error,) = response.json()["errors"]
    assert error["field"] == "key_results"
    _said(error["message"], LIMIT + 5)
    return before


def _web_create(world, client_for):
    before = _snapshot()
    data = form_data(TITLE, owner=f"person:{world.alice.pk}", krs=_rows(LIMIT + 1))
    response = client_for(world.alice).post(reverse("objective_create"), data)
    assert response.status_code == 200
    form = response.context["formset"].forms[LIMIT]
    _said(" ".join(form.errors["title"]))
    assert not response.context["formset"].non_form_errors()
    return before


def _web_edit(world, client_for):
    objective = _full(world)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[objective.pk])
    data = load(client, url)
    assert data["kr-TOTAL_FORMS"] == str(LIMIT)
    before = _snapshot()
    data.update({"title": "Renamed meanwhile", "kr-TOTAL_FORMS": str(LIMIT + 1)})
    row = {**_rows(LIMIT + 1)[-1], "metric_type": "number", "direction": "increase",
           "unit": "", "due_date": "", "weight": "1", "owner": "",
           "progress_source": "manual", "ORDER": str(LIMIT + 1)}  # fmt: skip
    data.update({f"kr-{LIMIT}-{name}": value for name, value in row.items()})
    for i in range(1, LIMIT):
        data.setdefault(f"kr-{i}-ORDER", str(i + 1))
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    form = response.context["formset"].forms[LIMIT]
    _said(" ".join(form.errors["title"]), title="Renamed meanwhile")  # as it would be saved
    return before


def _template(world, client_for):
    body = "O: Delight customers\n" + "".join(
        f"KR{i + 1}: Win {i + 10} new customers\n" for i in range(LIMIT + 1)
    )
    template = playbook.create_template(world.alice, text=body, role="PM", language="en")
    client = client_for(world.alice)
    page = client.get(reverse("objective_create"), {"template": template.pk})
    assert page.context["formset"].total_form_count() == LIMIT + 1  # nothing dropped unsaid
    before = _snapshot()
    rows = [{"title": f"Win {i + 10} new customers", "start_value": "0",
             "target_value": str(i + 10)} for i in range(LIMIT + 1)]  # fmt: skip
    data = form_data(TITLE, owner=f"person:{world.alice.pk}", krs=rows)
    response = client.post(reverse("objective_create"), data)
    assert response.status_code == 200
    _said(" ".join(response.context["formset"].forms[LIMIT].errors["title"]))
    return before


def _text(world):
    lines = [f"O1: {TITLE}"] + [f"KR{i + 1}: Win {i + 10} new customers" for i in range(LIMIT + 1)]
    return ("\n".join(lines) + "\n").encode()


def _text_import(world, client_for):
    before = _snapshot()
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.txt", data=_text(world), cycle=world.cycle)
    said = str(refused.value)
    _said(said)
    assert f"line {LIMIT + 2}" in said, said  # the 21st key result's line
    return before


def _cli_import(world, client_for, tmp_path=None):
    before = _snapshot()
    path = _cli_import.tmp / "okrs.txt"
    path.write_bytes(_text(world))
    with pytest.raises(CommandError) as refused:
        call_command(
            "import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    said = str(refused.value)
    _said(said)
    assert f"line {LIMIT + 2}" in said, said
    return before


def _copy_service(world, client_for):
    objective = _legacy(world)
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.copy_objective(world.alice, objective, world.cycle)
    _said(" ".join(refused.value.messages))
    return before


def _copy_api(world, client_for):
    objective = _legacy(world)
    api = Api(world.alice)  # its token is logged
    before = _snapshot()
    response = api.post(f"/objectives/{objective.pk}/copy", {"cycle_id": world.cycle.pk})
    assert response.status_code == 422, response.content.decode()
    (error,) = response.json()["errors"]
    _said(error["message"])
    return before


def _copy_web(world, client_for):
    objective = _legacy(world)
    start = world.cycle.end_date + dt.timedelta(days=1)
    services.create_cycle(world.admin, name="Next quarter", kind=Cycle.Kind.QUARTER,
                          start_date=start, end_date=start + dt.timedelta(days=89))  # fmt: skip
    before = _snapshot()
    response = client_for(world.alice).post(reverse("objective_copy", args=[objective.pk]))
    assert response.status_code == 400
    _said(response.content.decode())
    return before


def _archived_one(world) -> KeyResult:
    objective = _full(world, LIMIT - 1)
    kr = services.create_key_result(world.alice, objective, title="Old one", target_value=5)
    services.archive_key_result(world.alice, kr)
    services.create_key_result(world.alice, objective, title="New one", target_value=5)
    return KeyResult.objects.get(pk=kr.pk)


def _restore_service(world, client_for):
    kr = _archived_one(world)
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.restore_key_result(world.alice, kr)
    _said(" ".join(refused.value.message_dict["objective"]))
    return before


def _restore_api(world, client_for):
    kr = _archived_one(world)
    api = Api(world.alice)  # its token is logged
    before = _snapshot()
    response = api.post(f"/key-results/{kr.pk}/restore")
    assert response.status_code == 422, response.content.decode()
    (error,) = response.json()["errors"]
    assert error["field"] == "objective"
    _said(error["message"])
    return before


def _restore_web(world, client_for):
    kr = _archived_one(world)
    before = _snapshot()
    response = client_for(world.alice).post(reverse("key_result_restore", args=[kr.pk]))
    assert response.status_code == 400
    _said(response.content.decode())
    return before


ROUTES = {
    "service add": _service_add,
    "service create": _service_create,
    "api add": _api_add,
    "api create": _api_create,
    "web create": _web_create,
    "web edit": _web_edit,
    "template": _template,
    "text import": _text_import,
    "cli import": _cli_import,
    "copy service": _copy_service,
    "copy api": _copy_api,
    "copy web": _copy_web,
    "restore service": _restore_service,
    "restore api": _restore_api,
    "restore web": _restore_web,
}


@pytest.mark.django_db
@pytest.mark.every_case  # each route's own queries, on PostgreSQL too
@pytest.mark.parametrize("route", ROUTES)
def test_the_key_result_over_the_limit_is_refused_on_every_route(
    world, client_for, tmp_path, route
):
    _cli_import.tmp = tmp_path
    before = ROUTES[route](world, client_for)
    assert _snapshot() == before  # nothing changed


# ---- Up to the limit is fine; archived key results do not count ----------------------------


@pytest.mark.django_db
def test_the_limit_itself_is_allowed_and_archived_ones_leave_room(world):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title=TITLE, key_results=_rows(LIMIT)
    )
    assert objective.key_results.count() == LIMIT
    services.archive_key_result(world.alice, objective.key_results.first())
    kr = services.create_key_result(world.alice, objective, title="In its place", target_value=1)
    assert objective.key_results.filter(state=KeyResult.State.ACTIVE).count() == LIMIT
    assert kr.state == KeyResult.State.ACTIVE


@pytest.mark.django_db
def test_the_refusal_is_in_the_persons_language(world):
    objective = _full(world)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.create_key_result(world.alice, objective, title="再来一个", target_value=10)
    said = " ".join(refused.value.message_dict["objective"])
    assert f"“{TITLE}”" in said and f"最多 {LIMIT} 个" in said and f"{LIMIT + 1} 个" in said, said


# ---- Two people adding the last one at once: one succeeds ----------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_people_adding_the_last_key_result_at_once_do_not_both_succeed():
    world = make_world("limit")
    objective = make_objective(world.alice, world.cycle, TITLE, krs=LIMIT - 1)
    barrier = threading.Barrier(2)
    outcomes = []

    def add(actor, title):
        try:
            barrier.wait()
            services.create_key_result(actor, objective, title=title, target_value=10)
            outcomes.append("added")
        except ValidationError as error:
            outcomes.append(" ".join(error.message_dict["objective"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(actor, title))
               for actor, title in ((world.alice, "Alice's"), (world.admin, "Ada's"))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2 and outcomes.count("added") == 1, outcomes
    _said(next(said for said in outcomes if said != "added"))
    assert objective.key_results.filter(state=KeyResult.State.ACTIVE).count() == LIMIT
