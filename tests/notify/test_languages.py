"""Messages to a group, and answers to someone Mubiao cannot ask, are in the organization's
language; to a person, in theirs when they chose one, else the organization's (issue 11,
tester's finding 3): never a hard-coded English."""

import time

from mubiao.notify import links, services
from mubiao.notify import messages as kinds
from mubiao.notify.vendors.rules import Press
from tests.conftest import make_objective
from tests.notify.conftest import delivered
from tests.notify.receivers import WebhookReceiver

SECRET = "SEC-language-secret"


def _chinese_organization(world):
    world.org.settings = {**world.org.settings, "language": "zh-hans"}
    world.org.save(update_fields=["settings"])
    world.admin.user.language = "en"
    world.admin.user.save(update_fields=["language"])


def test_a_test_message_is_in_the_organizations_language(world, settings):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = True
    _chinese_organization(world)
    with WebhookReceiver(secret=SECRET) as receiver:
        channel = services.add_channel(world.admin, events=["comment"], kind="webhook", name="Hook",
                                       url=receiver.url, secret=SECRET)  # fmt: skip
        assert delivered(services.test_channel(world.admin, channel)).status == "sent"
        (body,) = receiver.accepted
    assert body["language"] == "zh-hans"


def test_an_unlinked_presser_is_answered_in_the_organizations_language(world):
    _chinese_organization(world)
    kr = make_objective(world.alice, world.cycle).key_results.get()
    channel = services.add_channel(world.admin, events=["comment"], kind="slack", name="Slack",
                                   url="https://hooks.slack.com/services/T0/B0/x")  # fmt: skip
    press = Press("slack", "T0", "U0NOBODY", "press-1", kinds.PLUS_ONE, kr.pk)
    answer = services.chat_press(channel, press)
    assert not answer.ok and answer.text.startswith("请先将你的Slack账号关联到目标")


def test_a_refused_link_is_in_the_persons_language_else_the_organizations(
    world, client, monkeypatch
):
    _chinese_organization(world)
    kr = make_objective(world.alice, world.cycle).key_results.get()
    url = "/" + links.check_in_url(world.alice.pk, kr.pk).split("://", 1)[1].split("/", 1)[1]
    world.alice.user.language = ""
    world.alice.user.save(update_fields=["language"])
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 8 * 24 * 3600)
    expired = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert expired.status_code == 410 and "这个链接已过期" in expired.content.decode()
    monkeypatch.setattr(time, "time", real_time)
    world.alice.user.language = "zh-hans"
    world.alice.user.is_active = False
    world.alice.user.save(update_fields=["language", "is_active"])
    gone = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert gone.status_code == 410 and "这个链接已失效" in gone.content.decode()
