"""A stale save after someone archived or deleted the row (issue 9): the form says so beside the
row and nothing is saved, for every editable row kind that can be archived or deleted
(objective, key result, their grades, template). It used to say "This key result belongs to
another objective." and the objective form saved into an archived objective."""

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.playbook import services as playbook
from mubiao.playbook.models import Template
from tests.conftest import make_objective
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db


def _objective(world):
    objective = make_objective(world.alice, world.cycle, "Delight customers")
    url = reverse("objective_edit", args=[objective.pk])

    def archive():
        services.archive_objective(world.admin, objective)

    def unchanged():
        stored = Objective.objects.get(pk=objective.pk)
        return stored.title == "Delight customers"

    return url, "okr-form", {"title": "Mine"}, archive, unchanged, "archived this objective", 409


def _key_result(world):
    objective = make_objective(world.alice, world.cycle, "Delight customers")
    kr = objective.key_results.get()
    url = reverse("objective_edit", args=[objective.pk])

    def archive():
        services.archive_key_result(world.admin, kr)

    def unchanged():
        stored = Objective.objects.get(pk=objective.pk)
        return (
            stored.title == "Delight customers"
            and KeyResult.objects.get(pk=kr.pk).target_value == 100
        )

    change = {"title": "Mine", "kr-0-target_value": "250"}
    return url, "okr-form", change, archive, unchanged, "archived this key result", 409


def _grade(world):
    objective = make_objective(world.alice, world.cycle, "Delight customers")
    kr = objective.key_results.get()
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    url = reverse("objective_grade", args=[objective.pk])

    def archive():
        services.archive_key_result(world.admin, kr)

    def unchanged():
        stored = Objective.objects.get(pk=objective.pk)
        return stored.retrospective == "" and KeyResult.objects.get(pk=kr.pk).score is None

    change = {f"score_{kr.pk}": "0.6", "retrospective": "Went well"}
    return url, "grade-form", change, archive, unchanged, "archived this key result", 409


def _template(world):
    template = playbook.create_template(world.alice, text="O: Grow\nKR1: 10 customers", role="PM")
    url = reverse("template_edit", args=[template.pk])

    def delete():
        playbook.delete_template(world.alice, Template.objects.get(pk=template.pk))

    def unchanged():
        return not Template.objects.filter(pk=template.pk).exists() and not (
            Template.objects.filter(role="Mine").exists()
        )

    change = {"role": "Mine"}
    return url, "panel", change, delete, unchanged, "was deleted after you opened the form", 404


@pytest.mark.parametrize("kind", [_objective, _key_result, _grade, _template])
def test_a_save_after_the_row_was_archived_or_deleted(world, client_for, kind):
    url, form_class, change, remove, unchanged, said, status = kind(world)
    client = client_for(world.alice)
    form = load(client, url, form_class)
    remove()
    response = client.post(url, {**form, **change})
    html = response.content.decode()
    assert response.status_code == status, html[:500]
    assert said in html and "nothing was saved" in html
    assert "belongs to another objective" not in html
    assert unchanged()
    # The typing is kept for the person to copy or save elsewhere.
    assert f'value="{next(iter(change.values()))}"' in html or "Went well" in html


def test_removing_a_key_result_someone_archived_meanwhile_saves(world, client_for):
    """Both wanted the row gone: the rest of the form is saved."""
    objective = make_objective(world.alice, world.cycle, "Delight customers", krs=2)
    first = objective.key_results.order_by("position").first()
    url = reverse("objective_edit", args=[objective.pk])
    client = client_for(world.alice)
    form = load(client, url)
    services.archive_key_result(world.admin, first)
    response = client.post(url, {**form, "kr-0-DELETE": "on", "kr-1-ORDER": "2", "title": "Mine"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Objective.objects.get(pk=objective.pk).title == "Mine"


def test_said_in_chinese(world, client_for):
    world.alice.user.language = "zh-hans"
    world.alice.user.save()
    url, form_class, change, remove, _unchanged, _said, _status = _key_result(world)
    client = client_for(world.alice)
    form = load(client, url, form_class)
    remove()
    with translation.override("en"):  # the request activates Chinese; later tests read English
        html = client.post(url, {**form, **change}).content.decode()
    assert "有人归档了这个关键结果：什么都没有保存" in html
