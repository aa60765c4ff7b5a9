"""A save that changes nothing writes nothing (issue 9, fresh tester): no new version, no history
entry, no check-in, so an unchanged edit form or a PATCH repeating the stored values is never a
false conflict for someone else holding the old version. The kind: every update service, and
the web form and API paths in front of them."""

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


UNCHANGED = {
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
