"""What a fresh tester found (issue 11): a channel is checked at save for every setting it
cannot deliver without, and for its vendor's documented address; link-local / cloud metadata
addresses are refused even where private ones are allowed, and refused as Mubiao's own doing at
send time; the delivery log says each error in one sentence of the reader's language; the
preferences name the kind at fault; the one-tap page formats values like everywhere else."""

import httpx
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mubiao.notify import services, vendors
from mubiao.notify.messages import Message
from mubiao.notify.models import Channel, Delivery
from mubiao.outbound.transports import PinnedTransport
from tests.conftest import make_objective

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6"
FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/d3c1a7e0"
DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=a1b2c3"
SLACK = "https://hooks.slack.com/services/T0/B0/x"
EVENTS = ["comment"]


@pytest.mark.parametrize(
    ("kind", "fields", "field", "words"),
    [
        # Every kind's required settings, named.
        ("webhook", {"url": "https://hooks.example.com/in"}, "secret", "signing secret"),
        ("webhook", {"secret": "s"}, "url", "webhook address"),
        ("feishu", {}, "url", "webhook address"),
        ("wecom", {}, "url", "webhook address"),
        ("dingtalk", {}, "url", "webhook address"),
        ("slack", {}, "url", "webhook address"),
        # Each vendor's documented host and path.
        ("wecom", {"url": "https://example.com/not-wecom"}, "url", "qyapi.weixin.qq.com"),
        ("wecom", {"url": WECOM.split("?")[0]}, "url", "?key="),
        ("wecom", {"url": WECOM.replace("https", "http")}, "url", "qyapi.weixin.qq.com"),
        ("feishu", {"url": "https://open.feishu.cn/hook/x"}, "url", "/open-apis/bot/v2/hook/"),
        ("feishu", {"url": "https://feishu.example.com" + FEISHU[21:]}, "url", "open.feishu"),
        ("dingtalk", {"url": "https://oapi.dingtalk.com/robot/send"}, "url", "access_token"),
        ("slack", {"url": "https://hooks.slack.com/services/x"}, "url", "hooks.slack.com"),
        ("slack", {"url": "https://slack.example.com/services/T/B/x"}, "url", "hooks.slack"),
        # An organization's channel with no events would hear of nothing.
        ("slack", {"url": SLACK, "events": []}, "events", "Choose the events"),
        ("email", {"address": "all@acme.test", "events": []}, "events", "Choose the events"),
    ],
)  # fmt: skip
def test_a_channel_that_could_never_deliver_is_refused_at_save_naming_the_field(
    world, kind, fields, field, words
):
    fields = {"events": EVENTS} | fields
    with pytest.raises(ValidationError) as refused:
        services.add_channel(world.admin, kind=kind, name="g", **fields)
    assert words in " ".join(refused.value.message_dict[field])
    assert not Channel.objects.exists()


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("webhook", {"url": "https://hooks.example.com/in", "secret": "s"}),
        ("wecom", {"url": WECOM}),
        ("feishu", {"url": FEISHU}),
        ("feishu", {"url": FEISHU.replace("open.feishu.cn", "open.larksuite.com")}),
        ("dingtalk", {"url": DINGTALK, "secret": "SEC1"}),
        ("slack", {"url": SLACK}),
        ("email", {"address": "all@acme.test"}),
    ],
)
def test_each_vendors_documented_address_is_accepted(world, kind, fields):
    assert services.add_channel(world.admin, kind=kind, name="g", events=EVENTS, **fields).pk


def test_a_teams_group_without_events_still_gets_its_digest(world):
    channel = services.add_channel(
        world.admin, kind="slack", name="g", team=world.product, url=SLACK
    )
    assert channel.events == []


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data",
        "http://[fe80::1]/hook",
        "http://100.100.100.200/latest/meta-data",
        "http://[::ffff:169.254.169.254]/x",
    ],
)
def test_metadata_and_link_local_addresses_are_refused_even_where_private_ones_are_allowed(
    world, settings, url
):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = True
    with pytest.raises(ValidationError) as refused:
        services.add_channel(world.admin, kind="webhook", name="H", url=url, secret="s",
                             events=EVENTS)  # fmt: skip
    assert "cloud metadata" in refused.value.message_dict["url"][0]
    # And at send time (a channel saved before, a name that resolves there later): Mubiao's
    # own refusal, no HTTP status, nothing sent.
    message = Message(kind="test", language="en", title="t")
    with httpx.Client(transport=PinnedTransport(), timeout=2) as client:
        result = vendors.send("webhook", {"url": url, "secret": "s"}, message, client=client)
    assert (result.error, result.status_code, result.retryable) == ("refused_address", None, False)


def test_a_host_that_does_not_resolve_is_said_so_not_as_the_resolvers_errno(world):
    message = Message(kind="test", language="en", title="t")
    with httpx.Client(transport=PinnedTransport(), timeout=2) as client:
        result = vendors.send(
            "webhook", {"url": "https://no-such-host.invalid/h", "secret": "s"}, message,
            client=client,
        )  # fmt: skip
    assert (result.error, result.detail, result.retryable) == (
        "unresolved",
        "no-such-host.invalid",
        True,
    )


@pytest.mark.parametrize(
    ("error", "detail", "zh", "en"),
    [
        ("invalid_config", "secret", "渠道设置无效：缺少签名密钥",
         "The channel's settings are not valid: the signing secret is missing"),
        ("unresolved", "example.com", "找不到该地址的主机名：example.com",
         "The address's host name could not be found: example.com"),
        ("refused_address", "169.254.169.254",
         "未发送：Mubiao 拒绝向服务器内网地址发送：169.254.169.254",
         "Not sent: Mubiao refuses addresses inside the server's own network: 169.254.169.254"),
        ("server_error", "upstream unavailable", "服务商的服务器出错：upstream unavailable",
         "The vendor's server failed: upstream unavailable"),
        ("timeout", "", "未及时应答", "No answer in time"),
    ],
)  # fmt: skip
def test_each_delivery_error_is_one_sentence_in_the_readers_language(error, detail, zh, en):
    delivery = Delivery(error=error, detail=detail)
    with translation.override("zh-hans"):
        assert delivery.error_text == zh
    with translation.override("en"):
        assert delivery.error_text == en


@pytest.mark.parametrize(
    ("channels", "path"),
    [
        ({"bogus": ["email"]}, "channels.bogus"),
        ({"mention": ["email"], "bogus": []}, "channels.bogus"),
        ({"comment": ["sms"]}, "channels.comment"),
    ],
)
def test_preference_errors_name_the_kind_at_fault(world, channels, path):
    with pytest.raises(ValidationError) as refused:
        services.save_preferences(world.alice, channels=channels, reminders=True, digests=True,
                                  weekday=0, hour=10)  # fmt: skip
    assert list(refused.value.message_dict) == [path]


def test_the_one_tap_page_formats_values_like_everywhere_else(world, client):
    from mubiao.notify import links
    from tests.notify.test_one_tap import _path

    objective = make_objective(world.alice, world.cycle, "Grow revenue")
    kr = objective.key_results.get()
    kr.metric_type, kr.current_value, kr.target_value = "percent", "9.6", 12
    kr.save(update_fields=["metric_type", "current_value", "target_value"])
    page = client.get(_path(links.check_in_url(world.alice.pk)), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert "9.6000" not in html
    assert "9.6%" in html and "12%" in html
