"""A save that changes nothing writes nothing (issue 9, fresh tester): no new version, no history
entry, no check-in, so an unchanged edit form or a PATCH repeating the stored values is never a
false conflict for someone else holding the old version. The kind: every update service (an
alignment to the parent it has, a state it is in, an order it has: E8), and the web form and API
paths in front of them."""

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Activity, CheckIn, KeyResult, Objective
from mubiao.orgs import services as organizations
from mubiao.playbook import services as playbook
from mubiao.reports import services as reports
from mubiao.reports.models import WeeklyReport
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db


def _writes():
    return Activity.objects.count(), CheckIn.objects.count()


def _objective_unchanged(world):
    objective = make_objective(world.alice, world.cycle, krs=2)
    return lambda: services.update_objective(
        world.alice, objective, version=objective.version, title=f"  {objective.title} ",
        description=objective.description, kind=objective.kind, visibility=objective.visibility,
        progress_source=objective.progress_source, aligned_share=objective.aligned_share,
        collaborators=[],
    )  # fmt: skip


def _key_result_unchanged(world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    return lambda: services.update_key_result(
        world.alice, kr, version=kr.version, title=kr.title, start_value="0",
        target_value="100.0", current_value=kr.current_value, unit=kr.unit,
        metric_type=kr.metric_type, direction=kr.direction, due_date=kr.due_date,
    )  # fmt: skip


def _key_results_in_their_order(world):
    objective = make_objective(world.alice, world.cycle, krs=3)
    return lambda: services.reorder_key_results(
        world.alice, objective, list(objective.key_results.order_by("position"))
    )


def _objectives_in_their_order(world):
    first = make_objective(world.alice, world.cycle, "One")
    second = make_objective(world.alice, world.cycle, "Two")
    order = sorted([first, second], key=lambda o: o.position)
    return lambda: services.reorder_objectives(world.alice, order)


def _cycle_unchanged(world):
    cycle = world.cycle
    return lambda: services.update_cycle(
        world.admin, cycle, name=cycle.name, start_date=cycle.start_date, end_date=cycle.end_date
    )


def _team_unchanged(world):
    team = world.product
    return lambda: organizations.save_team(
        world.admin, team, name=team.name, parent=team.parent, leads=[world.lead]
    )


def _member_unchanged(world):
    member = world.alice
    return lambda: organizations.update_member(
        world.admin, member, role=member.role, title=member.title, manager=member.manager,
        teams=[world.product],
    )  # fmt: skip


def _organization_unchanged(world):
    org = world.org
    return lambda: organizations.update_organization(
        world.admin, org, name=org.name, weights=org.weights_enabled, time_zone=org.time_zone
    )


def _lint_settings_unchanged(world):
    return lambda: organizations.update_lint_settings(
        world.admin, world.org, rules={}, thresholds={}
    )


def _template_unchanged(world):
    template = playbook.create_template(
        world.admin, text="O: Delight customers\nKR1: NPS from 30 to 50", role="PM"
    )
    return lambda: playbook.update_template(world.admin, template, text=template.body)


def _report_unchanged(world):
    report = reports.generate(world.alice)
    reports.edit(world.alice, report, body="Done this week", version=report.version)
    report.refresh_from_db()
    return lambda: reports.edit(world.alice, report, body=report.body, version=report.version)


def _aligned(world, to_key_result=False):
    parent = make_objective(world.alice, world.cycle, "Company goal")
    child = make_objective(world.alice, world.cycle, "Team goal")
    rows = {"parent_key_result": parent.key_results.get()} if to_key_result else {
        "parent_objective": parent}  # fmt: skip
    services.align_objective(world.alice, child, **rows)
    return child, rows


def _alignment_unchanged(world):
    child, rows = _aligned(world)
    return lambda: services.align_objective(world.alice, child, **rows)


def _key_result_alignment_unchanged(world):
    child, rows = _aligned(world, to_key_result=True)
    return lambda: services.align_objective(world.alice, child, **rows)


def _no_alignment_unchanged(world):
    objective = make_objective(world.alice, world.cycle)
    return lambda: services.align_objective(world.alice, objective)


def _objective_archived_again(world):
    objective = make_objective(world.alice, world.cycle)
    services.archive_objective(world.alice, objective)
    return lambda: services.archive_objective(world.alice, objective)


def _objective_restored_while_active(world):
    objective = make_objective(world.alice, world.cycle)
    return lambda: services.restore_objective(world.alice, objective)


def _objective_state_unchanged(world):
    objective = make_objective(world.alice, world.cycle)
    return lambda: services.update_objective(world.alice, objective, state=objective.state)


def _key_result_archived_again(world):
    kr = make_objective(world.alice, world.cycle, krs=2).key_results.first()
    services.archive_key_result(world.alice, kr)
    return lambda: services.archive_key_result(world.alice, kr)


def _key_result_restored_while_active(world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    return lambda: services.restore_key_result(world.alice, kr)


UNCHANGED = {
    "alignment to an objective": _alignment_unchanged,
    "alignment to a key result": _key_result_alignment_unchanged,
    "no alignment": _no_alignment_unchanged,
    "objective archived again": _objective_archived_again,
    "objective restored while active": _objective_restored_while_active,
    "objective state": _objective_state_unchanged,
    "key result archived again": _key_result_archived_again,
    "key result restored while active": _key_result_restored_while_active,
    "objective": _objective_unchanged,
    "key result": _key_result_unchanged,
    "key result order": _key_results_in_their_order,
    "objective order": _objectives_in_their_order,
    "cycle": _cycle_unchanged,
    "team": _team_unchanged,
    "member": _member_unchanged,
    "organization": _organization_unchanged,
    "lint settings": _lint_settings_unchanged,
    "template": _template_unchanged,
    "weekly report": _report_unchanged,
}


@pytest.mark.every_case  # each service's own locks and comparisons, on PostgreSQL too
@pytest.mark.parametrize("case", UNCHANGED, ids=list(UNCHANGED))
def test_a_service_save_that_changes_nothing_writes_nothing(world, case):
    save = UNCHANGED[case](world)
    versions = _versions()
    writes = _writes()
    save()
    save()
    assert _writes() == writes
    assert _versions() == versions


def _versions():
    return (
        sorted(Objective.objects.values_list("pk", "version")),
        sorted(KeyResult.objects.values_list("pk", "version")),
        sorted(WeeklyReport.objects.values_list("pk", "version")),
    )


def test_a_real_change_still_writes(world):
    """The guard above is no blanket: a changed title is a new version and a history entry."""
    objective = make_objective(world.alice, world.cycle)
    writes = Activity.objects.count()
    services.update_objective(world.alice, objective, title="Delight every customer")
    assert Objective.objects.get(pk=objective.pk).version == objective.version + 1
    assert Activity.objects.count() == writes + 1


def test_the_web_edit_form_saved_unchanged_writes_nothing(world, client_for):
    objective = make_objective(world.alice, world.cycle, krs=2)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[objective.pk])
    form = load(client, url)
    form["kr-1-ORDER"] = "2"
    versions, writes = _versions(), _writes()
    assert client.post(url, form).status_code == 302
    assert _versions() == versions
    assert _writes() == writes


def test_api_patches_repeating_the_stored_values_write_nothing(world):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    alice, admin = Api(world.alice), Api(world.admin)
    patches = [
        (alice, f"/objectives/{objective.pk}", {"title": objective.title}),
        (alice, f"/key-results/{kr.pk}", {"title": kr.title, "target_value": 100}),
        (admin, f"/cycles/{world.cycle.pk}", {"name": world.cycle.name}),
        (admin, f"/teams/{world.product.pk}", {"name": world.product.name}),
        (admin, f"/members/{world.bob.pk}", {"title": world.bob.title}),
    ]
    versions, writes = _versions(), _writes()
    for client, path, body in patches:
        response = client.patch(path, body)
        assert response.status_code == 200, (path, response.content)
    assert _versions() == versions
    assert _writes() == writes
    # Whoever read the objective before these saves can still save on its version.
    stale = {"If-Match": f'"{objective.version}"'}
    response = alice.patch(f"/objectives/{objective.pk}", {"title": "Renamed"}, **stale)
    assert response.status_code == 200, response.content


def test_api_writes_repeating_the_state_keep_the_version(world):
    """E8: aligning an objective to the parent it has raised its version, so that every client
    holding it got a false 409. Each such route repeated answers the version it had."""
    parent = make_objective(world.alice, world.cycle, "Company goal")
    child = make_objective(world.alice, world.cycle, "Team goal")
    archived = make_objective(world.alice, world.cycle, "Old goal", krs=2)
    services.archive_objective(world.alice, archived)
    kr = make_objective(world.alice, world.cycle, "Other", krs=2).key_results.first()
    services.archive_key_result(world.alice, kr)
    alice = Api(world.alice)
    aligned = alice.post(f"/objectives/{child.pk}/align", {"parent_objective_id": parent.pk})
    assert aligned.status_code == 200, aligned.content
    read = aligned.json()["version"]
    repeats = [
        (f"/objectives/{child.pk}/align", {"parent_objective_id": parent.pk}),
        (f"/objectives/{parent.pk}/align", {}),
        (f"/objectives/{archived.pk}/archive", {}),
        (f"/objectives/{parent.pk}/restore", {}),
        (f"/key-results/{kr.pk}/archive", {}),
        (f"/key-results/{parent.key_results.get().pk}/restore", {}),
        (f"/objectives/{child.pk}", {"state": "active"}),
    ]
    versions, writes = _versions(), _writes()
    for path, body in repeats:
        send = alice.patch if path == f"/objectives/{child.pk}" else alice.post
        response = send(path, body)
        assert response.status_code == 200, (path, response.content)
    assert _versions() == versions
    assert _writes() == writes
    # Whoever read the child before can still write on the version read, with the same parent
    # again (a no-op) or a real change, which does raise it.
    same = {"parent_objective_id": parent.pk}
    headers = {"If-Match": str(read)}
    assert alice.post(f"/objectives/{child.pk}/align", same, **headers).json()["version"] == read
    moved = alice.post(f"/objectives/{child.pk}/align", {}, **headers)
    assert moved.status_code == 200 and moved.json()["version"] == read + 1
