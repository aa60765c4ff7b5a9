"""Issue 9 (brief h9w, finding 5): a decreasing key result with its start left blank was refused
"the target must not be above the start value", about a start nobody typed (the column's 0).
A start left blank where 0 cannot be the start (a decrease to 5; an increase to 0 or to -5,
refused "must not be below" or "equals the start") is asked for, beside the start, on every
path that creates a key result: the services, the API, the writing form and an import's row.
Where 0 can be the start (an increase to 5, a decrease to -5) it still is."""

from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective
from tests.web.test_writing import form_data

pytestmark = pytest.mark.postgres

ASKED = "Enter the start value"
# Messages that speak of the start as if it had been typed.
OF_A_TYPED_START = ("must not be above the start", "must not be below the start",
                    "equals the start")  # fmt: skip
# (direction, target, the start asked for: True, or the start stored)
TABLE = [
    ("decrease", "5", True),
    ("decrease", "0", True),
    ("increase", "0", True),
    ("increase", "-5", True),
    ("increase", "5", Decimal(0)),
    ("decrease", "-5", Decimal(0)),
]


def _services(world, direction, target):
    objective = make_objective(world.alice, world.cycle, krs=0)
    try:
        services.create_key_result(world.alice, objective, title="Tickets", direction=direction,
                                   target_value=target)  # fmt: skip
    except ValidationError as error:
        return " ".join(error.message_dict.get("start_value", error.messages))
    return None


def _api(world, direction, target):
    objective = make_objective(world.alice, world.cycle, krs=0)
    body = {"objective_id": objective.pk, "title": "Tickets", "direction": direction,
            "target_value": target}  # fmt: skip
    answer = Api(world.alice).post("/key-results", body)
    if answer.status_code == 422:
        errors = field_errors(answer)
        return errors.get("start_value", str(errors))
    assert answer.status_code == 201, answer.content[:300]
    return None


def _web(world, direction, target):
    from django.test import Client

    client = Client()
    client.force_login(world.alice.user)
    krs = [{"title": "Tickets", "direction": direction, "target_value": target}]
    page = client.post(reverse("objective_create"),
                       form_data(owner=f"person:{world.alice.pk}", krs=krs))  # fmt: skip
    if page.status_code == 302:
        return None
    return unescape(page.content.decode())


def _import(world, direction, target):
    data = f"objective,key result,direction,start,target\no,Tickets,{direction},,{target}\n"
    try:
        import_okrs(world.alice, file_name="okrs.csv", data=data.encode(), cycle=world.cycle)
    except ImportFailed as error:
        return error.text
    return None


PATHS = [_services, _api, _web, _import]


@pytest.mark.parametrize(("direction", "target", "expected"), TABLE)
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_a_blank_start_that_cannot_be_0_is_asked_for(world, path, direction, target, expected):
    said = path(world, direction, target)
    if expected is True:
        assert said and ASKED in said, said[-3000:] if said else said
        assert not any(wrong in said for wrong in OF_A_TYPED_START), said[-3000:]
        assert not KeyResult.objects.filter(title="Tickets").exists()
    else:
        assert said is None, said[-3000:]
        kr = KeyResult.objects.get(title="Tickets")
        assert (kr.start_value, kr.direction) == (expected, direction)
