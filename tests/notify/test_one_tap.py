"""One-tap check-in links: signed, expiring after 7 days, never more than the person's rights,
refused once they are deactivated, all-or-nothing on a wrong value."""

import time
from datetime import timedelta

from django.core import signing

from mubiao.notify import links
from mubiao.okrs.models import CheckIn
from tests.conftest import make_objective
from tests.notify.conftest import FORM_KEY, one_tap


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_all_mine_link_lists_my_key_results_and_saves_all_or_nothing(world, client):
    objective = make_objective(world.alice, world.cycle, "Grow revenue", krs=2)
    first, second = objective.key_results.order_by("position", "id")
    url = _path(links.check_in_url(world.alice.pk))
    page = client.get(url)
    assert page.status_code == 200 and first.title in page.content.decode()
    refused = one_tap(client, url, {f"value-{first.pk}": "12", f"value-{second.pk}": "twelve-ish"})
    assert refused.status_code == 400
    assert "not a number" in refused.content.decode()
    assert 'value="twelve-ish"' in refused.content.decode()  # kept to correct, not retyped
    assert not CheckIn.objects.exists()  # the good one was not saved either
    saved = one_tap(client, url, {f"value-{first.pk}": "12", f"value-{second.pk}": "1,5"})
    assert saved.status_code == 400  # "1,5" is ambiguous: said so, nothing saved
    assert not CheckIn.objects.exists()
    assert (
        one_tap(client, url, {f"value-{first.pk}": "12", f"value-{second.pk}": "15"}).status_code
        == 200
    )
    assert sorted(CheckIn.objects.values_list("value", flat=True)) == [12, 15]
    assert one_tap(client, url, {}).status_code == 400


def test_a_link_never_grants_more_than_the_persons_rights(world, client):
    theirs = make_objective(world.bob, world.cycle, "Bob's own").key_results.get()
    hidden = make_objective(world.bob, world.cycle, "Bob's secret", visibility="private")
    # A link naming someone else's key result (a forged id cannot be signed; a real one for
    # Alice) opens nothing and writes nothing.
    for kr in (theirs, hidden.key_results.get()):
        url = _path(links.check_in_url(world.alice.pk, kr.pk))
        page = client.get(url)
        assert kr.title not in page.content.decode()
        client.post(url, {f"value-{kr.pk}": "50", "form_key": "k"})
    assert not CheckIn.objects.exists()


def test_expired_tampered_and_deactivated_links_are_refused(world, client, monkeypatch):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    url = _path(links.check_in_url(world.alice.pk, kr.pk))
    assert client.get(url + "x").status_code == 404
    other = signing.dumps({"m": world.alice.pk, "k": kr.pk}, salt="another purpose")
    assert client.get(f"/c/{other}").status_code == 404
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 7 * 24 * 3600 + 60)
    expired = client.post(url, {f"value-{kr.pk}": "50", "form_key": "k"})
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    monkeypatch.setattr(time, "time", lambda: real_time() + 6 * 24 * 3600)
    assert client.get(url).status_code == 200
    world.alice.is_active = False
    world.alice.save()
    assert client.post(url, {f"value-{kr.pk}": "50", "form_key": "k"}).status_code == 410
    assert not CheckIn.objects.exists()


def test_a_done_or_not_key_result_is_marked_in_one_tap_and_shown_as_from_a_link(
    world, client, client_for
):
    from django.urls import reverse

    from mubiao.notify import selectors
    from mubiao.okrs import services as okrs

    objective = okrs.create_objective(world.alice, cycle=world.cycle, title="Launch", key_results=[
        {"title": "Ship self-serve billing", "metric_type": "boolean"},
        {"title": "Sign 10 customers", "start_value": 0, "target_value": 10},
    ])  # fmt: skip
    done, number = objective.key_results.order_by("position", "id")
    url = _path(links.check_in_url(world.alice.pk, done.pk))
    page = client.get(url).content.decode()
    # Two choices to tap, no number to type.
    assert f'type="radio" name="value-{done.pk}" value="1"' in page and "Mark done" in page
    assert "Not yet" in page and 'inputmode="decimal"' not in page
    assert one_tap(client, url, {f"value-{done.pk}": "1"}).status_code == 200
    done.refresh_from_db()
    assert done.current_value == 1 and done.status == "done"
    # A finished key result is no longer in the reminder; the other still is.
    later = done.last_check_in_at + timedelta(days=30)
    assert selectors.key_results_to_update(world.alice, later, 7) == [number]
    # The history says where the check-in came from, in the reader's language.
    history = reverse("key_result", args=[done.pk])
    assert "· via link" in client_for(world.alice).get(history).content.decode()
    world.lead.user.language = "zh-hans"
    world.lead.user.save(update_fields=["language"])
    assert "· 通过链接" in client_for(world.lead).get(history).content.decode()


def test_the_same_form_sent_twice_writes_one_check_in(world, client):
    """A reload or a double tap sends the rendered form again: the second is refused and
    says the check-in was already saved; reloading the page after the save sends nothing."""
    kr = make_objective(world.alice, world.cycle).key_results.get()
    url = _path(links.check_in_url(world.alice.pk, kr.pk))
    key = FORM_KEY.search(client.get(url).content.decode()).group(1)
    form = {f"value-{kr.pk}": "12", "form_key": key}
    first = client.post(url, form)
    assert first.status_code == 302  # Post/Redirect/Get
    assert "Saved. Thank you!" in client.get(first["Location"]).content.decode()
    again = client.post(url, form)
    assert again.status_code == 200 and "already saved" in again.content.decode()
    assert CheckIn.objects.count() == 1
    # Without the page's key (an old page, a hand-made request) nothing is written.
    assert client.post(url, {f"value-{kr.pk}": "13"}).status_code == 400
    assert CheckIn.objects.count() == 1
    # A new page's form is a new check-in.
    assert one_tap(client, url, {f"value-{kr.pk}": "14"}).status_code == 200
    assert sorted(CheckIn.objects.values_list("value", flat=True)) == [12, 14]


def test_all_mine_lists_what_needs_an_update_first_and_what_is_done_last(world, client):
    from django.utils import timezone

    from mubiao.notify import rules, selectors
    from mubiao.okrs.models import KeyResult

    objective = make_objective(world.alice, world.cycle, "Grow revenue", krs=5)
    recently = timezone.now() - timedelta(days=1)
    # In page order before the fix: done first, the one most in need of an update last.
    wanted = {
        "已完成 done": ("done", recently),
        "On track, updated": ("on_track", recently),
        "At risk, updated": ("at_risk", recently),
        "On track, never updated": ("on_track", None),
        "Off track, never updated": ("off_track", None),
    }
    for kr, (title, (status, last)) in zip(
        objective.key_results.order_by("position", "id"), wanted.items(), strict=True
    ):
        KeyResult.objects.filter(pk=kr.pk).update(title=title, status=status, last_check_in_at=last)
    html = client.get(_path(links.check_in_url(world.alice.pk))).content.decode()
    shown = sorted(wanted, key=html.index)
    assert shown == [
        "Off track, never updated",
        "On track, never updated",
        "At risk, updated",
        "On track, updated",
        "已完成 done",
    ]
    assert html.count("needs an update") == 2
    # The reminder lists only what needs an update, in the same order.
    reminder = selectors.key_results_to_update(world.alice, timezone.now(), 7)
    assert [kr.title for kr in reminder] == shown[:2]
    assert rules.update_order("done", True) > rules.update_order("on_track", False)
