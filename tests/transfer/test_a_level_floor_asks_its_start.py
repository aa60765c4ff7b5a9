"""A floor reached for a level (a rate, a ratio, a score, uptime: "留存率不低于 40%") has no
natural 0: it is asked for its start on every path, as a kept floor is, and never stored as an
increase from an invented 0 (issue 9 M2). A count of things done in the cycle ("读完至少 6 本书")
still counts up from 0 (docs/design-notes.md)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db

LEVELS = ["留存率不低于 40%", "NPS at least 40", "可用性不低于95%", "Uptime at least 99.9%",
          "满意度至少 4.5 分", "次月留存率至少 30%"]  # fmt: skip
COUNTS = [("读完至少 6 本书", Decimal(6)), ("至少签约 5 个客户", Decimal(5)),
          ("At least 5 new partners", Decimal(5)),
          ("至少完成 80% 的迁移", Decimal(80))]  # fmt: skip


@pytest.mark.parametrize("line", LEVELS)
def test_the_api_asks_for_the_start(world, line):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="留存")
    response = Api(world.alice).post("/key-results", {"title": line, "objective_id": objective.pk})
    assert response.status_code == 422, response.content.decode()
    assert "start_value" in {e["field"] for e in response.json()["errors"]}
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize("line", LEVELS)
def test_the_text_import_holds_it_for_its_start(world, line):
    text = f"O1: 提升留存\nKR1: NPS 从 30 提升到 45\nKR2: {line}\n".encode()
    result = import_okrs(world.alice, file_name="okrs.txt", data=text, cycle=world.cycle)
    (objective,) = result.created
    assert list(objective.key_results.values_list("title", flat=True)) == ["NPS 从 30 提升到 45"]
    assert "1 key result was not imported" in result.imported_message


@pytest.mark.parametrize("line", LEVELS)
def test_the_form_asks_for_the_start(client_for, world, line):
    data = form_data(owner=f"person:{world.alice.pk}", krs=[{"title": line, "target_value": ""}])
    response = client_for(world.alice).post(reverse("objective_create"), data)
    assert response.status_code == 200 and not Objective.objects.exists()
    assert "no start value" in response.content.decode()


@pytest.mark.parametrize("line", LEVELS)
def test_with_its_start_it_is_kept_at_least_the_floor(world, line):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="留存")
    kr = services.create_key_result(
        world.alice, objective, refuse_unapplied=True, title=line, start_value=Decimal(1)
    )
    assert (kr.start_value, kr.direction, kr.progress) == (1, "at_least", 0)


@pytest.mark.parametrize(("line", "target"), COUNTS)
def test_a_count_done_in_the_cycle_counts_up_from_zero(world, line, target):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="读书")
    kr = services.create_key_result(world.alice, objective, refuse_unapplied=True, title=line)
    assert (kr.start_value, kr.target_value, kr.direction) == (0, target, "increase")
    assert kr.progress == 0
