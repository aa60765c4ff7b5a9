"""The one-tap check-in page (reminder links) follows the KR page's rules for check-ins: a row
loaded before someone else's check-in saves nothing and says who set what and when (409),
keeping what was typed, and saving again records it; a value far from the range is asked about
(en and zh-hans), kept as typed, and stored when sent again."""

import html
import re

import pytest

from mubiao.notify import links
from mubiao.okrs import services as okrs
from mubiao.okrs.models import CheckIn
from tests.conftest import make_objective
from tests.notify.conftest import FORM_KEY


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _hidden(page: str) -> dict:
    """The page's hidden inputs, as a browser sends them back (their entities read)."""
    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in found}


def test_a_row_loaded_before_someone_elses_check_in_is_a_conflict_that_keeps_what_was_typed(
    world, client
):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    okrs.check_in(world.alice, kr, value="60")
    url = _path(links.check_in_url(world.alice.pk, kr.pk))
    loaded = _hidden(client.get(url).content.decode())
    assert loaded[f"version-{kr.pk}"] and loaded[f"initial-value-{kr.pk}"] == "60"
    okrs.check_in(world.admin, kr, value="80")  # someone else, after the page was loaded
    typed = {f"value-{kr.pk}": "75", f"note-{kr.pk}": "two deals signed"}
    conflict = client.post(url, {**loaded, **typed})
    page = conflict.content.decode()
    assert conflict.status_code == 409
    assert world.admin.user.display_name in page and "80" in page
    assert 'value="75"' in page and "two deals signed" in page  # kept, not retyped
    assert list(CheckIn.objects.order_by("id").values_list("value", flat=True)) == [60, 80]
    # Save anyway: the page's hidden fields are now up to date.
    again = client.post(url, {**_hidden(page), **typed}, follow=True)
    assert again.status_code == 200
    assert CheckIn.objects.latest("id").value == 75


@pytest.mark.parametrize(
    ("language", "asked"),
    [("en", "is far from this key result"), ("zh-hans", "与这个关键结果的范围")],
)
def test_a_far_value_is_asked_about_kept_and_stored_when_sent_again(world, client, language, asked):
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    kr = make_objective(world.alice, world.cycle).key_results.get()  # 0 → 100
    url = _path(links.check_in_url(world.alice.pk, kr.pk))
    page = client.get(url).content.decode()
    sent = {**_hidden(page), f"value-{kr.pk}": "100000", f"note-{kr.pk}": "typed"}
    refused = client.post(url, sent)
    shown = refused.content.decode()
    assert refused.status_code == 400 and asked in shown
    assert 'value="100000"' in shown and "typed" in shown
    assert not CheckIn.objects.exists()
    confirmed = _hidden(shown)
    assert confirmed[f"confirmed_value-{kr.pk}"] == "100000"
    saved = client.post(url, {**confirmed, f"value-{kr.pk}": "100000"}, follow=True)
    assert saved.status_code == 200 and CheckIn.objects.get().value == 100000
    assert FORM_KEY.search(shown)


def test_a_row_typed_against_a_changed_target_is_asked_about_and_kept(world, client):
    # The KR page's rule (probe 15 D1) on the one-tap page too: 50 typed against "→ 100" is
    # not stored as 5 % of a target changed to 1000 meanwhile; saving again records it.
    kr = make_objective(world.alice, world.cycle).key_results.get()  # 0 → 100
    url = _path(links.check_in_url(world.alice.pk, kr.pk))
    loaded = _hidden(client.get(url).content.decode())
    okrs.update_key_result(world.admin, kr, target_value="1000")
    typed = {f"value-{kr.pk}": "50", f"note-{kr.pk}": "half"}
    refused = client.post(url, {**loaded, **typed})
    page = refused.content.decode()
    assert refused.status_code == 400, page
    assert "100 → 1,000" in page and 'value="50"' in page and "half" in page
    assert not CheckIn.objects.exists()
    again = client.post(url, {**_hidden(page), **typed}, follow=True)
    assert again.status_code == 200
    assert CheckIn.objects.get().value == 50
