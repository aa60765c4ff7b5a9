"""One message per text limit on every path, in the user's language (issue 9, fresh tester):
the web edit form showed Django's "Ensure this value has at most 500 characters (it has 601)",
the API and import "at most 500 characters (this has …)", the CLI's services "Keep the
objective under 500 characters." (no count, and "under" though 500 is allowed); a NUL in a
form's note was Django's "Null characters are not allowed" where the API named U+0000."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import limits, services
from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db

LONG = "x" * 601


def _web_edit(world, objective, language):
    client = Client()
    client.force_login(world.alice.user)
    url = reverse("objective_edit", args=[objective.pk])
    form = load(client, url)
    response = client.post(url, {**form, "title": LONG}, headers={"accept-language": language})
    return response.content.decode()


def _api(world, objective, language):
    response = Api(world.alice).patch(
        f"/objectives/{objective.pk}", {"title": LONG}, **{"Accept-Language": language}
    )
    assert response.status_code == 422
    return response.json()["errors"][0]["message"]


def _service(world, objective, language):
    """What the CLI and every other caller of the services is told."""
    with translation.override(language):
        try:
            services.update_objective(world.alice, objective, title=LONG)
        except ValidationError as error:
            return str(error.message_dict["title"][0])
    raise AssertionError("a 601-character title was stored")


def _import(world, objective, language):
    data = f"objective,key result,start,target\n{LONG},Launch,0,10\n".encode()
    with translation.override(language), pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name="okrs.csv", data=data, cycle=world.cycle)
    return refused.value.text


PATHS = {"web form": _web_edit, "API": _api, "services (CLI)": _service, "import": _import}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("path", list(PATHS))
def test_a_title_over_its_limit_gets_one_message(world, path, language):
    objective = make_objective(world.alice, world.cycle)
    with translation.override(language):
        expected = limits.too_long(500, 601)
    assert expected in PATHS[path](world, objective, language)
    assert Objective.objects.get(pk=objective.pk).title == objective.title


@pytest.mark.parametrize(("field", "value"), [("note", "a\x00b"), ("note", "x" * 2001)])
def test_the_check_in_form_speaks_as_the_api(world, client_for, field, value):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    expected = limits.text_error(value, limits.CHECK_IN_TEXT)
    page = client_for(world.alice).post(
        reverse("check_in", args=[kr.pk]), {"value": "5", field: value}
    )
    assert page.status_code == 422
    assert expected in page.content.decode()
    api = Api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": 5, field: value})
    assert expected in api.json()["errors"][0]["message"]
