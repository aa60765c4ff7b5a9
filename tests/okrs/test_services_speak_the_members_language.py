"""Issue 9 (h9o): a service called with no request language active (a worker, a shell, a
script: `services.check_in(at=<future>)`) refuses in the acting member's language, else their
organization's; a request's language, where one is active, is kept."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, KeyResult
from mubiao.transactions import language_chosen
from tests.conftest import make_objective

CJK = re.compile(r"[\u4e00-\u9fff]")


def _future_check_in(world, kr):
    services.check_in(world.alice, kr, value=5, at=timezone.now() + dt.timedelta(days=2))


def _unreadable_check_in(world, kr):
    services.check_in(world.alice, kr, value="lots")


def _target_in_two_units(world, kr):
    services.update_key_result(world.alice, kr, unit="", start_value="¥1", target_value="5人")


def _grade_outside_grading(world, kr):
    services.grade_key_result(world.alice, kr, score="0.7")


def _empty_objective(world, kr):
    services.create_objective(world.alice, cycle=world.cycle, title="  ")


REFUSALS = [_future_check_in, _unreadable_check_in, _target_in_two_units,
            _grade_outside_grading, _empty_objective]  # fmt: skip


def _refusal(world, refuse) -> str:
    kr = make_objective(world.alice, world.cycle).key_results.get()
    before = (CheckIn.objects.count(), list(KeyResult.objects.values()))
    with pytest.raises(ValidationError) as refused:
        refuse(world, kr)
    assert (CheckIn.objects.count(), list(KeyResult.objects.values())) == before
    return " ".join(refused.value.messages)


@pytest.mark.parametrize("refuse", REFUSALS, ids=lambda refuse: refuse.__name__)
def test_a_bare_services_call_refuses_in_the_members_language(world, refuse):
    world.alice.user.language = "zh-hans"
    world.alice.user.save(update_fields=["language"])
    translation.deactivate()  # as in a worker or a shell: no request chose a language
    said = _refusal(world, refuse)
    assert CJK.search(said), said


@pytest.mark.parametrize("refuse", REFUSALS[:2], ids=lambda refuse: refuse.__name__)
def test_without_a_language_of_their_own_the_organizations(world, refuse):
    world.org.settings["language"] = "zh-hans"
    world.org.save(update_fields=["settings"])
    translation.deactivate()
    said = _refusal(world, refuse)
    assert CJK.search(said), said


@pytest.mark.parametrize("refuse", REFUSALS[:2], ids=lambda refuse: refuse.__name__)
def test_a_requests_language_is_kept(world, refuse):
    world.alice.user.language = "zh-hans"
    world.alice.user.save(update_fields=["language"])
    translation.activate("en")  # as the middleware does for a request in English
    with language_chosen():  # as accounts.middleware marks every request
        said = _refusal(world, refuse)
    assert not CJK.search(said), said


def test_a_request_marks_its_language_as_chosen(client_for, world):
    """A page request in English by a member whose own language is Chinese is answered in
    English, its refusals included (the request's language is kept by the services)."""
    from django.urls import reverse

    kr = make_objective(world.alice, world.cycle).key_results.get()
    world.alice.user.language = "zh-hans"
    world.alice.user.save(update_fields=["language"])
    world.org.settings["language"] = "zh-hans"
    world.org.save(update_fields=["settings"])
    client = client_for(world.alice)
    # The person's own language wins on pages: the request's language is theirs, Chinese.
    page = client.post(reverse("check_in", args=[kr.pk]), {"value": "lots"})
    assert page.status_code == 422 and CJK.search(page.content.decode())
    world.alice.user.language = ""
    world.alice.user.save(update_fields=["language"])
    world.org.settings["language"] = "zh-hans"
    world.org.save(update_fields=["settings"])
    # No language of their own: the browser's English is kept over the organization's.
    page = client.post(reverse("check_in", args=[kr.pk]), {"value": "lots"},
                       headers={"accept-language": "en"})  # fmt: skip
    assert page.status_code == 422
    assert "“lots”" in page.content.decode() and "请输入" not in page.content.decode()
