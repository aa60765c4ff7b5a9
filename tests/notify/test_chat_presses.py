"""+1 / done pressed on a Slack or 飞书 card: the vendor's signed request over real HTTP (a live
server) checks in as the presser's linked member, once, with their rights; a wrong signature,
a stale timestamp, a replay, an unlinked or deactivated presser, or a key result they may not
check in on changes nothing. Signatures and encryption are computed here from the vendors'
documentation (never with Mubiao's code):
- Slack https://api.slack.com/authentication/verifying-requests-from-slack
- 飞书 https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/event-subscription-guide/
  callback-subscription/configure-callback-request-address"""

import base64
import hashlib
import hmac
import json
import os
import time
import uuid
from urllib.parse import urlencode

import httpx
import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.test import Client

from mubiao.directory.models import DirectorySource, LinkedPerson
from mubiao.notify import compose, services
from mubiao.notify.models import ChatAccount
from mubiao.notify.vendors import slack
from mubiao.okrs import services as okrs
from mubiao.okrs.models import Activity, CheckIn
from tests.conftest import make_objective, make_world
from tests.notify.receivers import SlackReceiver, blocks_are_valid

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ENCRYPT_KEY = "test key"
VERIFICATION_TOKEN = "v-token"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    return make_world("acme")


@pytest.fixture
def http(live_server):
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield client


def slack_press(kr_id, *, action="plus_one", user="U0ALICE", response_url="", ts=None):
    payload = {
        "type": "block_actions",
        "team": {"id": "T0ACME", "domain": "acme"},
        "user": {"id": user, "username": "someone", "team_id": "T0ACME"},
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": f"mubiao-{action}-{kr_id}",
                "block_id": "b1",
                "value": f"{action}:{kr_id}",
                "action_ts": ts or f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def slack_headers(body: bytes, *, secret=SIGNING_SECRET, timestamp=None) -> dict:
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + timestamp.encode() + b":" + body
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }


@pytest.fixture
def slack_channel(world):
    return services.add_channel(
        world.admin,
        events=["comment"],
        kind="slack",
        name="acme-okrs",
        url="https://hooks.slack.com/services/T0ACME/B000/XXXX",
        secret=SIGNING_SECRET,
    )


class ResponseUrl(SlackReceiver):
    """Slack's response_url: the webhook's contract without the one-per-second limit of an
    incoming webhook (answers to presses are not rate limited that way)."""

    limit = None


@pytest.fixture
def answers(settings):
    """Slack's response_url, on loopback: what the presser alone is told."""
    settings.NOTIFY_SLACK_RESPONSE_HOSTS = ["127.0.0.1"]
    with ResponseUrl() as receiver:
        yield receiver


def _link(member, vendor="slack", user="U0ALICE", workspace="T0ACME"):
    services.link_chat_account(
        member, organization_id=member.organization_id, vendor=vendor,
        workspace=workspace, user_id=user, link_key=f"{vendor} {workspace} {user}",
    )  # fmt: skip


def _one_kr(actor, cycle, key_result: dict):
    objective = okrs.create_objective(actor, cycle=cycle, title="Launch", key_results=[key_result])
    return objective.key_results.get()


def _said(receiver) -> list[str]:
    return [data["text"] for data in receiver.accepted]


def test_a_signed_slack_press_checks_in_once_as_the_linked_member(
    world, http, slack_channel, answers
):
    kr = make_objective(world.alice, world.cycle, "Grow revenue").key_results.get()
    _link(world.alice)
    body = slack_press(kr.pk, response_url=answers.url)
    url = f"/notify/slack/{slack_channel.pk}"
    assert http.post(url, content=body, headers=slack_headers(body)).status_code == 200
    (entry,) = CheckIn.objects.all()
    assert (entry.author_id, entry.value) == (world.alice.pk, 1)
    assert (entry.via, entry.via_label) == ("chat:slack", "via chat")  # in the history
    logged = Activity.objects.get(verb="key_result.checked_in")
    assert logged.data["via"] == "chat:slack" and logged.actor_id == world.alice.pk
    assert _said(answers) == ["Checked in: “KR 1” is now 1."]
    # The same press again (Slack retrying, or anyone replaying the signed request): nothing.
    assert http.post(url, content=body, headers=slack_headers(body)).status_code == 200
    assert CheckIn.objects.count() == 1
    assert _said(answers)[-1] == "This press was already taken."
    # A new press is a new +1.
    again = slack_press(kr.pk, response_url=answers.url)
    http.post(url, content=again, headers=slack_headers(again))
    kr.refresh_from_db()
    assert kr.current_value == 2


def test_wrong_signature_or_stale_timestamp_is_refused_and_changes_nothing(
    world, http, slack_channel, answers
):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    _link(world.alice)
    body = slack_press(kr.pk, response_url=answers.url)
    url = f"/notify/slack/{slack_channel.pk}"
    forged = slack_headers(body, secret="not the signing secret")
    assert http.post(url, content=body, headers=forged).status_code == 401
    stale = slack_headers(body, timestamp=int(time.time()) - 6 * 60)
    assert http.post(url, content=body, headers=stale).status_code == 401
    tampered = slack_press(kr.pk + 1, response_url=answers.url)
    assert http.post(url, content=tampered, headers=slack_headers(body)).status_code == 401
    # A channel without a signing secret takes no presses at all.
    bare = services.add_channel(
        world.admin,
        events=["comment"],
        kind="slack",
        name="no buttons",
        url="https://hooks.slack.com/services/T0ACME/B001/YYYY",
    )
    refused = http.post(f"/notify/slack/{bare.pk}", content=body, headers=slack_headers(body))
    assert refused.status_code == 401
    assert not CheckIn.objects.exists() and answers.accepted == []


def test_an_unlinked_presser_gets_a_link_that_links_their_account(
    world, http, slack_channel, answers
):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    url = f"/notify/slack/{slack_channel.pk}"
    body = slack_press(kr.pk, response_url=answers.url)
    http.post(url, content=body, headers=slack_headers(body))
    assert not CheckIn.objects.exists()
    (said,) = _said(answers)
    assert said.startswith("Link your Slack account to Mubiao first")
    link = "/" + said.rsplit(" ", 1)[1].split("://", 1)[1].split("/", 1)[1]
    # Someone of another organization cannot take it.
    other = make_world("other")
    stranger = Client()
    stranger.force_login(other.alice.user)
    assert stranger.post(link).status_code == 403
    browser = Client()
    browser.force_login(world.alice.user)
    page = browser.get(link)
    assert page.status_code == 200 and "U0ALICE" in page.content.decode()
    assert not ChatAccount.objects.exists()  # reading the page links nothing
    assert browser.post(link).status_code == 200
    assert ChatAccount.objects.get().membership_id == world.alice.pk
    again = slack_press(kr.pk, response_url=answers.url)
    http.post(url, content=again, headers=slack_headers(again))
    assert CheckIn.objects.get().author_id == world.alice.pk
    # Alice sees the link among her preferences and may take it back; nobody else may.
    (account,) = ChatAccount.objects.all()
    assert "U0ALICE" in browser.get("/settings/notifications").content.decode()
    bob = Client()
    bob.force_login(world.bob.user)
    bob.post("/settings/notifications", {"action": "unlink", "account": account.pk})
    assert ChatAccount.objects.exists()
    browser.post("/settings/notifications", {"action": "unlink", "account": account.pk})
    assert not ChatAccount.objects.exists()
    third = slack_press(kr.pk, response_url=answers.url)
    http.post(url, content=third, headers=slack_headers(third))
    assert CheckIn.objects.count() == 1 and _said(answers)[-1].startswith("Link your Slack")


def test_no_rights_wrong_kind_or_deactivated_is_refused_without_a_title(
    world, http, slack_channel, answers
):
    secret = make_objective(world.bob, world.cycle, "Bob's secret", visibility="private")
    hidden = secret.key_results.get()
    milestone = _one_kr(world.alice, world.cycle, {"title": "Ship it", "metric_type": "milestone"})
    mine = make_objective(world.alice, world.cycle).key_results.get()
    _link(world.alice)
    url = f"/notify/slack/{slack_channel.pk}"
    for kr_id, action in ((hidden.pk, "plus_one"), (milestone.pk, "plus_one"),
                          (mine.pk, "done"), (999999, "plus_one")):  # fmt: skip
        body = slack_press(kr_id, action=action, response_url=answers.url)
        http.post(url, content=body, headers=slack_headers(body))
    said = _said(answers)
    assert said[0] == said[3] == "You may not check in on this key result."
    assert said[1] == said[2] == "Open the key result in Mubiao to check in on it."
    assert all("secret" not in s and "Ship it" not in s for s in said)
    world.alice.is_active = False
    world.alice.save(update_fields=["is_active"])
    body = slack_press(mine.pk, response_url=answers.url)
    http.post(url, content=body, headers=slack_headers(body))
    assert _said(answers)[-1] == "Your Mubiao account is not active."
    assert not CheckIn.objects.exists()


# --- 飞书 -----------------------------------------------------------------------------------


def feishu_encrypt(data: dict, key: str = ENCRYPT_KEY) -> bytes:
    """base64(iv + AES-256-CBC(sha256(Encrypt Key), iv, PKCS#7(JSON)))."""
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    plain = padder.update(json.dumps(data).encode()) + padder.finalize()
    encryptor = Cipher(
        algorithms.AES(hashlib.sha256(key.encode()).digest()), modes.CBC(iv)
    ).encryptor()
    sealed = base64.b64encode(iv + encryptor.update(plain) + encryptor.finalize()).decode()
    return json.dumps({"encrypt": sealed}).encode()


def feishu_headers(body: bytes, *, key=ENCRYPT_KEY, timestamp=None) -> dict:
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    nonce = uuid.uuid4().hex
    signature = hashlib.sha256((timestamp + nonce + key).encode() + body).hexdigest()
    return {
        "X-Lark-Request-Timestamp": timestamp,
        "X-Lark-Request-Nonce": nonce,
        "X-Lark-Signature": signature,
        "Content-Type": "application/json",
    }


def feishu_press(kr_id, *, action="done", open_id="ou_alice", token=VERIFICATION_TOKEN):
    return {
        "schema": "2.0",
        "header": {
            "event_id": uuid.uuid4().hex,
            "token": token,
            "create_time": str(int(time.time() * 1_000_000)),
            "event_type": "card.action.trigger",
            "tenant_key": "2ca1d211f64f6438",
            "app_id": "cli_a5ca35a685b0x26e",
        },
        "event": {
            "operator": {"tenant_key": "2ca1d211f64f6438", "open_id": open_id},
            "token": "c-295ee57216a5dc9de90fefd0aadb4b1d7d337bc1",
            "action": {"value": {"mubiao": action, "kr": kr_id}, "tag": "button"},
            "host": "im_message",
            "context": {"open_message_id": "om_x", "open_chat_id": "oc_x"},
        },
    }


@pytest.fixture
def feishu_channel(world):
    return services.add_channel(
        world.admin,
        events=["comment"],
        kind="feishu",
        name="飞书群",
        url="https://open.feishu.cn/open-apis/bot/v2/hook/xxxx",
        encrypt_key=ENCRYPT_KEY,
        verification_token=VERIFICATION_TOKEN,
    )


def test_feishu_address_check_and_a_press_by_a_synced_person(world, http, feishu_channel):
    url = f"/notify/feishu/{feishu_channel.pk}"
    challenge = {"challenge": "ajls384kdjx98XX", "token": VERIFICATION_TOKEN,
                 "type": "url_verification"}  # fmt: skip
    answer = http.post(url, content=feishu_encrypt(challenge))
    assert answer.json() == {"challenge": "ajls384kdjx98XX"}
    wrong = http.post(url, content=feishu_encrypt({**challenge, "token": "other"}))
    assert wrong.status_code == 401
    assert http.post(url, content=feishu_encrypt(challenge, key="other key")).status_code == 401
    # Alice came from the 飞书 directory: her open_id is already known.
    source = DirectorySource.objects.create(
        organization=world.org, vendor="feishu", app_id="cli_x", app_secret="-",
        api_url="https://open.feishu.cn", root_department="0",
    )  # fmt: skip
    LinkedPerson.objects.create(source=source, external_id="ou_alice", membership=world.alice)
    kr = _one_kr(world.alice, world.cycle, {"title": "Shipped", "metric_type": "boolean"})
    body = feishu_encrypt(feishu_press(kr.pk))
    done = http.post(url, content=body, headers=feishu_headers(body))
    toast = {"type": "success", "content": "Checked in: “Shipped” is done."}
    assert done.json() == {"toast": toast}
    assert CheckIn.objects.get().author_id == world.alice.pk
    assert Activity.objects.get(verb="key_result.checked_in").data["via"] == "chat:feishu"
    replay = http.post(url, content=body, headers=feishu_headers(body))
    assert replay.json()["toast"] == {"type": "error", "content": "This press was already taken."}
    fresh = feishu_encrypt(feishu_press(kr.pk))
    for headers in (feishu_headers(fresh, key="other"),
                    feishu_headers(fresh, timestamp=int(time.time()) - 600)):  # fmt: skip
        assert http.post(url, content=fresh, headers=headers).status_code == 401
    forged = feishu_encrypt(feishu_press(kr.pk, token="other"))
    assert http.post(url, content=forged, headers=feishu_headers(forged)).status_code == 401
    assert CheckIn.objects.count() == 1
    # Someone the directory does not know is answered in a toast only they see.
    stranger = feishu_encrypt(feishu_press(kr.pk, open_id="ou_nobody"))
    toast = http.post(url, content=stranger, headers=feishu_headers(stranger)).json()["toast"]
    assert toast["type"] == "error" and "Link your 飞书 / Lark account" in toast["content"]


def test_group_cards_carry_press_buttons_slack_accepts(world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    flag = _one_kr(world.alice, world.cycle, {"title": "Shipped", "metric_type": "boolean"})
    actions = compose.chat_actions([kr, flag, kr])
    assert [(a.action, a.key_result) for a in actions] == [
        ("plus_one", kr.pk),
        ("done", flag.pk),
        ("not_done", flag.pk),
    ]
    message = compose.event_message(
        compose.Event("pace_worse", world.org.pk, key_result=kr, data={"status": "at_risk"}), "en"
    )
    blocks = slack.build(message)["blocks"]
    assert blocks_are_valid(blocks)
    (press,) = blocks[-1]["elements"]
    assert press["value"] == f"plus_one:{kr.pk}" and press["text"]["text"] == "+1: KR 1"


def test_a_press_that_would_store_a_far_value_is_refused_with_the_key_results_page(
    world, http, slack_channel, answers
):
    # 1,000 minutes on 10 → 3 was confirmed on the KR page; +1 would store 1,001 unasked (a
    # button cannot ask what the KR page asks): refused, with the page that can.
    minutes = {
        "title": "Build",
        "start_value": 10,
        "target_value": 3,
        "unit": "分钟",
        "direction": "decrease",
    }
    kr = _one_kr(world.alice, world.cycle, minutes)
    okrs.check_in(world.alice, kr, value="1000", scale_confirmed=True)
    _link(world.alice)
    body = slack_press(kr.pk, response_url=answers.url)
    http.post(f"/notify/slack/{slack_channel.pk}", content=body, headers=slack_headers(body))
    said = _said(answers)[-1]
    assert "far from this key result's range" in said
    assert compose.page_url("key_result", kr.pk) in said
    assert CheckIn.objects.count() == 1
