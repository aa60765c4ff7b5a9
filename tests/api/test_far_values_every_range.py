"""Issue 9 (h9v, probe9d kind 2): the same typed value is asked about on every path or on none,
whatever the range: increasing, decreasing, a level kept (start = target: 100,000 on "at least
100" was stored without a word, as rules.far_from_range read a zero width as never far),
negative, huge and tiny. Each path is driven as its client drives it: the API's check-in, the
key result page's and My OKRs' check-in forms, the objective's edit form (current value) and an
import's preview."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import rules, services
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api
from tests.web.test_stale_check_ins import HTMX, inline_form, page_form
from tests.web.test_stale_edits import load

# (direction, start, target, a value far from the range, a value near it)
RANGES = {
    "increasing": ("increase", "0", "100", "50000", "120"),
    "decreasing": ("decrease", "10", "3", "5000", "12"),
    "level kept": ("at_least", "100", "100", "100000", "150"),
    "level kept at most": ("at_most", "5", "5", "5000", "7"),
    "negative": ("increase", "-100", "-10", "5000", "-120"),
    "huge": ("increase", "0", "1000000000000", "-100000000000000", "1200000000000"),
    "tiny": ("increase", "0", "0.05", "10", "0.06"),
    # An extra zero (stored at 1000 % before issue 9's 3× rule); 3× the target is near.
    "extra zero": ("increase", "0", "300", "3000", "900"),
}
ASKED = "is far from this key result"


def _kr(world, direction, start, target):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Levels",
        key_results=[{"title": "Tickets", "metric_type": "number", "unit": "个",
                      "start_value": start, "target_value": target, "direction": direction}],
    )  # fmt: skip
    return objective.key_results.get()


def _asked(status: int, said: str) -> bool:
    assert status in (200, 201, 302, 422), (status, said[-1500:])
    return ASKED in said.replace("&#x27;", "'")


def _api(world, kr, typed, client):
    answer = Api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": typed})
    return _asked(answer.status_code, answer.content.decode())


def _check_in_form(read, headers):
    def post(world, kr, typed, client):
        form = {**read(client, kr), "value": typed}
        answer = client.post(reverse("check_in", args=[kr.pk]), form, **headers)
        return _asked(answer.status_code, answer.content.decode())

    return post


def _edit_form(world, kr, typed, client):
    url = reverse("objective_edit", args=[kr.objective_id])
    answer = client.post(url, {**load(client, url), "kr-0-current_value": typed})
    return _asked(answer.status_code, answer.content.decode())


def _import(world, kr, typed, client):
    header = "owner,objective,key result,direction,unit,start,target,current"
    direction = {"increase": "increase", "decrease": "decrease", "at_least": "at least",
                 "at_most": "at most"}[kr.direction]  # fmt: skip
    row = f",Imported levels,Tickets,{direction},个,{kr.start_value},{kr.target_value},{typed}"
    preview = import_okrs(world.alice, file_name="okrs.csv", data=f"{header}\n{row}\n".encode(),
                          cycle=world.cycle, dry_run=True)  # fmt: skip
    assert not preview.problems, preview.problems
    return any(ASKED in question for question in preview.questions)


PATHS = {
    "api check-in": _api,
    "kr page": _check_in_form(page_form, {}),
    "my okrs inline": _check_in_form(inline_form, HTMX),
    "edit form": _edit_form,
    "import": _import,
}


@pytest.mark.django_db
@pytest.mark.parametrize("far", [True, False], ids=["far", "near"])
@pytest.mark.parametrize("name", RANGES)
def test_a_value_is_asked_about_on_every_path_or_on_none(world, client_for, name, far):
    direction, start, target, far_value, near_value = RANGES[name]
    typed = far_value if far else near_value
    assert rules.far_from_range(Decimal(typed), Decimal(start), Decimal(target)) is far
    client = client_for(world.alice)
    answers = {}
    for path, send in PATHS.items():
        kr = _kr(world, direction, start, target)
        answers[path] = send(world, kr, typed, client)
        if answers[path]:
            kr.refresh_from_db()
            assert kr.current_value == Decimal(start), path  # asked: nothing stored
    assert answers == dict.fromkeys(PATHS, far)


def test_the_rule_for_a_level_kept():
    level = Decimal(100)
    assert rules.far_from_range(Decimal(100000), level, level)
    assert not rules.far_from_range(Decimal(150), level, level)
    assert rules.meant_on_scale(Decimal(10000), level, level) == 100
    assert not rules.far_from_range(Decimal(5), Decimal(0), Decimal(0))  # no scale at all
