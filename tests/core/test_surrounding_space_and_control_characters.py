"""Text on every path (issue 9, fresh tester): the spaces around a title or name are trimmed
everywhere, the text inside never changes; a control character is refused naming it as U+0000,
and a refusal quoting the text never echoes the raw character."""

import pytest
from django.urls import reverse

from mubiao.okrs import number_input, services
from mubiao.okrs.models import Cycle
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def test_surrounding_space_is_trimmed_on_every_update_and_inner_text_kept(world):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    alice, admin = Api(world.alice), Api(world.admin)
    # No number in it: a key result's title changed to one stating numbers is asked about
    # ("Two spaces" says 2: tests/api/test_titles_agree_with_numbers.py).
    sent = "  Wide  spaces\tinside \n"
    # A title is on one line (tests/core/test_titles_on_one_line.py), and so is a team's name
    # (limits.one_line, tests/orgs/test_one_line_names_and_full_keys.py): its tab is a space,
    # its two spaces stay.
    assert alice.patch(f"/objectives/{objective.pk}", {"title": sent}).json()["title"] == (
        "Wide  spaces inside"
    )
    assert alice.patch(f"/key-results/{kr.pk}", {"title": sent}).json()["title"] == (
        "Wide  spaces inside"
    )
    assert admin.patch(f"/teams/{world.docs.pk}", {"name": sent}).json()["name"] == (
        "Wide  spaces inside"
    )
    response = admin.patch(f"/cycles/{world.cycle.pk}", {"name": sent})
    assert response.status_code == 200, response.content
    assert Cycle.objects.get(pk=world.cycle.pk).name == "Wide  spaces inside"
    services.update_cycle(world.admin, world.cycle, name=" Q3 ")
    assert Cycle.objects.get(pk=world.cycle.pk).name == "Q3"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b"])
def test_a_control_character_is_named_and_quoted_escaped(world, char):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    code = f"U+{ord(char):04X}"
    response = Api(world.alice).post(
        f"/key-results/{kr.pk}/check-ins", {"value": 5, "note": f"a{char}b"}
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "note"
    assert f"Remove the control character {code} from this text." in error["message"]
    assert char not in error["message"] and f"a{code}b" in error["message"]


def test_the_web_check_in_refusal_names_the_character(world, client_for):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    response = client_for(world.alice).post(
        reverse("check_in", args=[kr.pk]), {"value": "5", "note": "a\x00b"}
    )
    assert response.status_code == 422
    assert "Remove the control character U+0000 from this text." in response.content.decode()


def test_quoted_text_shows_control_characters_escaped():
    assert number_input.shown("a\x00b\tc\nd") == "aU+0000b\tc\nd"
