"""A 飞书 / Lark app bot's card (a custom bot's cards cannot post back): sent through the open
platform's documented contract (tenant_access_token, then im/v1/messages with the card as a
JSON string) to a loopback platform that checks the token and the card's shape, with done /
not done / open buttons on a done-or-not key result; a press of "not done" comes back as the
platform's signed, encrypted card callback carrying the app's Verification Token, and checks in
once as the presser's member. Contract pages: vendors/feishu.py."""

import httpx
import pytest
from django.core.exceptions import ValidationError

from mubiao.notify import compose, services
from mubiao.notify.models import Delivery
from mubiao.okrs import services as okrs
from mubiao.okrs.models import CheckIn
from tests.conftest import make_world
from tests.notify.receivers import FeishuAppReceiver
from tests.notify.test_chat_presses import (
    ENCRYPT_KEY,
    VERIFICATION_TOKEN,
    feishu_encrypt,
    feishu_headers,
    feishu_press,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    return make_world("acme")


def _app_channel(world, platform, **overrides):
    fields = {"app_id": platform.app_id, "app_secret": platform.app_secret,
              "chat_id": "oc_a0553eda9014c201e6969b478895c230"} | overrides  # fmt: skip
    return services.add_channel(world.admin, kind="feishu", name="飞书 OKR 群", url=platform.url,
                                encrypt_key=ENCRYPT_KEY, verification_token=VERIFICATION_TOKEN,
                                events=["pace_worse"], **fields)  # fmt: skip


def _launch(world):
    objective = okrs.create_objective(world.alice, cycle=world.cycle, title="Launch", key_results=[
        {"title": "发布 App", "metric_type": "boolean"},
    ])  # fmt: skip
    return objective.key_results.get()


def _card_buttons(card) -> list[dict]:
    return [b for e in card["elements"] if e["tag"] == "action" for b in e["actions"]]


def test_an_app_bots_card_has_done_not_done_and_open_and_a_press_checks_in(world, live_server):
    kr = _launch(world)
    with FeishuAppReceiver() as platform:
        channel = _app_channel(world, platform)
        message = compose.event_message(
            compose.Event("pace_worse", world.org.pk, key_result=kr, objective=kr.objective,
                           data={"status": "at_risk"}), "zh-hans")  # fmt: skip
        delivery = services.queue_for_channel(channel, message)
        services.deliver_due(drain_seconds=0)
        delivery.refresh_from_db()
        assert delivery.status == "sent", (delivery.error, delivery.detail)
        (sent,) = platform.accepted
    assert sent["receive_id"] == "oc_a0553eda9014c201e6969b478895c230"
    buttons = _card_buttons(sent["card"])
    presses = [b["value"] for b in buttons if "value" in b]
    assert presses == [{"mubiao": "done", "kr": kr.pk}, {"mubiao": "not_done", "kr": kr.pk}]
    labels = [b["text"]["content"] for b in buttons]
    assert {"已完成：发布 App", "未完成：发布 App", "打开：发布 App"} <= set(labels)
    assert any(b.get("url", "").endswith(f"/krs/{kr.pk}") for b in buttons)
    # Alice (who reads Chinese) presses "not done", her 飞书 account linked: the callback.
    world.alice.user.language = "zh-hans"
    world.alice.user.save(update_fields=["language"])
    services.link_chat_account(world.alice, organization_id=world.org.pk, vendor="feishu",
                               workspace="2ca1d211f64f6438", user_id="ou_alice",
                               link_key="test")  # fmt: skip
    body = feishu_encrypt(feishu_press(kr.pk, action="not_done"))
    with httpx.Client(base_url=live_server.url) as http:
        url = f"/notify/feishu/{channel.pk}"
        answer = http.post(url, content=body, headers=feishu_headers(body)).json()
        assert answer["toast"] == {"type": "success", "content": "已更新进展：“发布 App”尚未完成。"}
        # The same callback again (the platform retrying): nothing twice.
        http.post(url, content=body, headers=feishu_headers(body))
        # A wrong Verification Token or signature: refused, nothing written.
        forged = feishu_encrypt(feishu_press(kr.pk, action="done", token="guess"))
        assert http.post(url, content=forged, headers=feishu_headers(forged)).status_code == 401
        bad_sig = feishu_encrypt(feishu_press(kr.pk, action="done"))
        headers = feishu_headers(bad_sig, key="not the key")
        assert http.post(url, content=bad_sig, headers=headers).status_code == 401
    (entry,) = CheckIn.objects.all()
    assert (entry.author_id, entry.value, entry.via) == (world.alice.pk, 0, "chat:feishu")


def test_a_wrong_app_secret_is_logged_and_not_retried(world, settings):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = ["127.0.0.1"]  # the platform's words are shown
    kr = _launch(world)
    with FeishuAppReceiver() as platform:
        channel = _app_channel(world, platform, app_secret="wrong")
        message = compose.event_message(
            compose.Event("pace_worse", world.org.pk, key_result=kr, objective=kr.objective,
                           data={"status": "at_risk"}), "en")  # fmt: skip
        delivery = services.queue_for_channel(channel, message)
        services.deliver_due(drain_seconds=0)
        assert platform.accepted == []
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "app secret invalid" in delivery.detail
    assert delivery.next_attempt_at is None


def test_an_app_bot_needs_all_three(world):
    with pytest.raises(ValidationError) as refused:
        services.add_channel(world.admin, kind="feishu", name="x", url="https://open.feishu.cn",
                             app_id="cli_x")  # fmt: skip
    assert "chat_id" in str(refused.value)
    assert not Delivery.objects.exists()
