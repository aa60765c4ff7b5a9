""" "Link your chat account" links expire after a day like one-tap links after seven: opened or
confirmed too late, in the reader's language, they are refused with a page that says so and
what to do, and nothing is linked; just before, they work. A person deactivated after a link
was sent cannot use it either (their session no longer counts)."""

import time

import pytest

from mubiao.notify import links
from mubiao.notify.models import ChatAccount

DAY = 24 * 3600


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize(
    ("seconds_later", "language", "status", "says"),
    [
        (DAY - 60, "en", 200, "Slack"),
        (DAY + 60, "en", 410, "This link has expired. Press the button in chat again."),
        (DAY + 60, "zh-hans", 410, "此链接已过期"),
    ],
)
def test_a_chat_link_works_for_a_day_then_is_refused_clearly(
    world, client_for, monkeypatch, seconds_later, language, status, says
):
    world.alice.user.language = language
    world.alice.user.save()
    url = _path(links.chat_link_url(world.org.pk, "slack", "T0ACME", "U0ALICE"))
    client = client_for(world.alice)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + seconds_later)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == status
        assert says in response.content.decode()
    linked = list(ChatAccount.objects.values_list("external_id", flat=True))
    assert linked == (["U0ALICE"] if status == 200 else [])


def test_a_deactivated_person_cannot_link_a_chat_account(world, client_for):
    url = _path(links.chat_link_url(world.org.pk, "slack", "T0ACME", "U0ALICE"))
    client = client_for(world.alice)
    world.alice.is_active = False
    world.alice.save()
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code in (302, 403, 410), response.status_code
    assert not ChatAccount.objects.exists()
