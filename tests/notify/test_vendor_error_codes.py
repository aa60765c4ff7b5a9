"""A vendor that answers HTTP 200 with its own error code (企业微信 errcode 93000, 钉钉
310000, 飞书 code 19021): the delivery log always shows that code after Mubiao's sentence,
and the vendor's free text only when the host that answered may be quoted
(outbound.guard.speaks_for)."""

import pytest
from django.urls import reverse

from mubiao.notify import services
from tests.notify.conftest import delivered

from .receivers import DingtalkReceiver, FeishuReceiver, WecomReceiver

SECRET = "SEC-loopback-secret"
# Each receiver, and the channel's settings it refuses with its documented error code.
CASES = [
    ("wecom", lambda: WecomReceiver(key="right-key"),
     lambda r: r.url.replace("right-key", "wrong-key"), "", 93000, "invalid webhook url"),
    ("dingtalk", lambda: DingtalkReceiver(secret=SECRET), lambda r: r.url, "SEC-wrong",
     310000, "sign not match"),
    ("feishu", lambda: FeishuReceiver(secret=SECRET), lambda r: r.url, "SEC-wrong",
     19021, "sign match fail"),
]  # fmt: skip


@pytest.mark.parametrize("named", [False, True], ids=["any-host", "named-host"])
@pytest.mark.parametrize(("kind", "make", "url", "secret", "code", "said"), CASES,
                         ids=[case[0] for case in CASES])  # fmt: skip
def test_the_vendors_error_code_is_always_shown(
    world, settings, client_for, named, kind, make, url, secret, code, said
):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = ["127.0.0.1"] if named else True
    with make() as receiver:
        channel = services.add_channel(
            world.admin,
            kind=kind,
            name=f"{kind} group",
            url=url(receiver),
            secret=secret,
            events=["grading_open"],
        )
        failed = delivered(services.test_channel(world.admin, channel))
    assert (failed.status, failed.status_code, failed.error) == ("failed", 200, "rejected")
    assert failed.vendor_code == str(code)
    for language, sentence, wording in (
        ("en", "Refused by the vendor", f" (code {code})"),
        ("zh-hans", "被服务商拒绝", f"（错误码 {code}）"),
    ):
        world.admin.user.language = language
        world.admin.user.save(update_fields=["language"])
        html = client_for(world.admin).get(reverse("notify_channels")).content.decode()
        assert sentence + wording in html, html
        # The vendor's free text only from a host the operator named (or a documented one).
        assert (said in html) is named
