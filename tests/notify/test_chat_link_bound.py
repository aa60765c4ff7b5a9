"""A "link your chat account" link (sent only to the presser of a card's button) links one chat
account to the member who uses it, once: passed on to another member afterwards, or naming a
chat account already known as someone else, it is refused in clear words and changes nothing.
A one-tap check-in link opened by someone signed in as another person is refused likewise."""

import pytest
from django.core import signing

from mubiao.directory.models import DirectorySource, LinkedPerson
from mubiao.notify import links, services
from mubiao.notify.models import ChatAccount
from mubiao.okrs.models import CheckIn
from tests.conftest import make_objective
from tests.notify.conftest import one_tap


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _accounts():
    return list(ChatAccount.objects.values_list("external_id", "membership_id"))


@pytest.mark.parametrize("vendor", ["slack", "feishu"])
def test_a_chat_link_links_once_and_only_its_first_user(world, client_for, vendor):
    url = _path(links.chat_link_url(world.org.pk, vendor, "T0ACME", "U0ALICE"))
    alice, bob = client_for(world.alice), client_for(world.bob)
    assert alice.get(url).status_code == 200
    assert alice.post(url).status_code == 200
    assert _accounts() == [("U0ALICE", world.alice.pk)]
    assert alice.post(url).status_code == 200  # a reload: still hers, nothing new
    # The same link passed on to Bob, and a new link for the same chat account: both refused.
    for passed_on in (url, _path(links.chat_link_url(world.org.pk, vendor, "T0ACME", "U0ALICE"))):
        for method in (bob.get, bob.post):
            refused = method(passed_on)
            assert refused.status_code == 403
            assert "belongs to another member" in refused.content.decode()
    assert _accounts() == [("U0ALICE", world.alice.pk)]


def test_each_press_gives_a_new_link_which_works_once(world, client_for):
    first = links.chat_link_url(world.org.pk, "slack", "T0ACME", "U0NEW")
    second = links.chat_link_url(world.org.pk, "slack", "T0ACME", "U0NEW")
    assert first != second
    bob = client_for(world.bob)
    assert bob.post(_path(first)).status_code == 200
    # Bob unlinks it; the used link stays used (for Bob and for anyone it was passed to).
    services.unlink_chat_account(world.bob, ChatAccount.objects.get().pk)
    for member in (world.bob, world.alice):
        refused = client_for(member).post(_path(first))
        assert refused.status_code == 403 and "already used" in refused.content.decode()
    assert _accounts() == []
    assert client_for(world.alice).post(_path(second)).status_code == 200
    assert _accounts() == [("U0NEW", world.alice.pk)]


def test_a_feishu_user_known_from_the_directory_is_bound_to_their_member(world, client_for):
    source = DirectorySource.objects.create(
        organization=world.org, vendor="feishu", app_id="cli_x", app_secret="-",
        api_url="https://open.feishu.cn", root_department="0",
    )  # fmt: skip
    LinkedPerson.objects.create(source=source, membership=world.alice, external_id="ou_alice")
    url = _path(links.chat_link_url(world.org.pk, "feishu", "tenant", "ou_alice"))
    refused = client_for(world.bob).post(url)
    assert refused.status_code == 403 and _accounts() == []
    assert client_for(world.alice).post(url).status_code == 200
    assert _accounts() == [("ou_alice", world.alice.pk)]


def test_a_chat_link_refusal_is_in_the_readers_language(world, client_for):
    world.bob.user.language = "zh-hans"
    world.bob.user.save()
    url = _path(links.chat_link_url(world.org.pk, "slack", "T0ACME", "U0ALICE"))
    client_for(world.alice).post(url)
    refused = client_for(world.bob).post(url).content.decode()
    assert "属于另一位目标成员" in refused


def test_another_org_and_a_tampered_link_are_refused(world, other_world, client_for):
    url = _path(links.chat_link_url(other_world.org.pk, "slack", "T0OTHER", "U0X"))
    assert client_for(world.alice).post(url).status_code == 403
    assert client_for(world.alice).post(url[:-3] + "abc").status_code == 404
    assert _accounts() == []
    with pytest.raises(signing.BadSignature):
        links.read_chat_link("nonsense")


def test_a_one_tap_link_opened_by_someone_else_signed_in_is_refused(world, client, client_for):
    kr = make_objective(world.alice, world.cycle, "Grow revenue").key_results.get()
    url = _path(links.check_in_url(world.alice.pk, kr.pk))
    bob = client_for(world.bob)
    page = bob.get(url)
    assert page.status_code == 403 and "This link is for Alice" in page.content.decode()
    assert bob.post(url, {f"value-{kr.pk}": "50", "form_key": "k"}).status_code == 403
    assert not CheckIn.objects.exists()
    # Not signed in (the phone's browser), or signed in as Alice herself: it works.
    assert one_tap(client, url, {f"value-{kr.pk}": "10"}).status_code == 200
    assert one_tap(client_for(world.alice), url, {f"value-{kr.pk}": "20"}).status_code == 200
    assert sorted(CheckIn.objects.values_list("value", flat=True)) == [10, 20]
