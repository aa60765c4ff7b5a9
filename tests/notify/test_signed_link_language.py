"""Every page a signed link opens (a one-tap check-in and its answers, a chat account's link, an
invitation, a password reset) is written for the person the link names, not for whoever's
browser opens it: in their language (notify's links: their own, else their organization's),
its `<html lang>` and its Content-Language header alike. Issue 11, the fresh tester's
finding 2: the header said the browser's language."""

import time
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mubiao.accounts import services as accounts
from mubiao.notify import links
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

HTML_LANG = {"zh-hans": '<html lang="zh-Hans">', "en": '<html lang="en">'}
OTHER = {"zh-hans": "en", "en": "zh-hans"}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _named(world, language: str, *, own: bool):
    """Alice, whom the links name, reading `language`: her own choice, or (own=False) her
    organization's, she having chosen none."""
    world.org.settings = {**world.org.settings, "language": language if not own else "en"}
    world.org.save(update_fields=["settings"])
    world.alice.user.language = language if own else ""
    world.alice.user.save(update_fields=["language"])
    return world.alice


def _check_in_one(client, world, member, kr):
    return client.get(_path(links.check_in_url(member.pk, kr.pk)))


def _check_in_all(client, world, member, kr):
    return client.get(_path(links.check_in_url(member.pk)))


def _check_in_refused_input(client, world, member, kr):
    response = client.post(_path(links.check_in_url(member.pk)), {})
    assert response.status_code == 400
    return response


def _check_in_saved(client, world, member, kr):
    url = _path(links.check_in_url(member.pk, kr.pk))
    return client.get(url + "?saved=1")


def _check_in_expired(client, world, member, kr, monkeypatch):
    url = _path(links.check_in_url(member.pk, kr.pk))
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 8 * 24 * 3600)
    response = client.get(url)
    assert response.status_code == 410
    return response


def _check_in_deactivated(client, world, member, kr):
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = client.get(_path(links.check_in_url(member.pk, kr.pk)))
    assert response.status_code == 410
    return response


def _chat_link(client, world, member, kr):
    client.force_login(member.user)
    url = links.chat_link_url(world.org.pk, "slack", "T0", "U0ALICE")
    response = client.get(_path(url))
    assert response.status_code == 200
    return response


def _chat_link_expired(client, world, member, kr, monkeypatch):
    client.force_login(member.user)
    url = links.chat_link_url(world.org.pk, "slack", "T0", "U0ALICE")
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 30 * 24 * 3600)
    response = client.get(_path(url))
    assert response.status_code == 410
    return response


PAGES = [
    _check_in_one,
    _check_in_all,
    _check_in_refused_input,
    _check_in_saved,
    _check_in_expired,
    _check_in_deactivated,
    _chat_link,
    _chat_link_expired,
]


def _open(page, client, world, member, kr, monkeypatch):
    if page in (_check_in_expired, _chat_link_expired):
        return page(client, world, member, kr, monkeypatch)
    return page(client, world, member, kr)


@pytest.mark.parametrize("own", [True, False], ids=["own", "organizations"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.__name__.lstrip("_"))
def test_a_notify_link_opens_in_its_persons_language(world, monkeypatch, page, language, own):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    member = _named(world, language, own=own)
    client = Client(HTTP_ACCEPT_LANGUAGE=OTHER[language])
    # The browser asks for the other language, in its header and its cookie alike.
    client.cookies["django_language"] = OTHER[language]
    response = _open(page, client, world, member, kr, monkeypatch)
    assert response["Content-Language"] == language
    assert HTML_LANG[language] in response.content.decode()


def _invitation(world, language):
    invited = accounts.invite_member(world.admin, email="nina@acme.test")
    invited.user.language = language
    invited.user.save(update_fields=["language"])
    # The e-mailed link (a copied one speaks the browser's language: it may be anyone's).
    return _path(accounts.invitation_url(invited.invitation, mailbox=True))


def _reset(world, language):
    world.bob.user.language = language
    world.bob.user.save(update_fields=["language"])
    uid = urlsafe_base64_encode(force_bytes(world.bob.user.pk))
    return f"/accounts/reset/{uid}/{default_token_generator.make_token(world.bob.user)}/"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("link", [_invitation, _reset], ids=["invitation", "password-reset"])
def test_an_e_mailed_account_link_opens_in_its_persons_language(world, language, link):
    client = Client()
    client.cookies["django_language"] = OTHER[language]
    response = client.get(link(world, language), HTTP_ACCEPT_LANGUAGE=OTHER[language], follow=True)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert HTML_LANG[language] in response.content.decode()
