"""The notification preferences page and the admins' channels page."""

import pytest
from django.urls import reverse

from mubiao import vault
from mubiao.notify import services
from mubiao.notify.models import SECRET_PURPOSE, Channel, Delivery, Preference


def test_preferences_page_saves_channels_and_reminder_time(world, client_for):
    client = client_for(world.alice)
    assert client.get(reverse("notify_preferences")).status_code == 200
    response = client.post(
        reverse("notify_preferences"),
        {"reminders": "on", "reminder_weekday": "2", "reminder_hour": "9",
         "time_zone": "Asia/Shanghai", "channels_mention": ["inapp", "email"],
         "channels_reminder": ["email"]},
    )  # fmt: skip
    assert response.status_code == 302
    preference = Preference.objects.get(membership=world.alice)
    assert (preference.reminder_weekday, preference.reminder_hour) == (2, 9)
    assert preference.channels["mention"] == ["inapp", "email"]
    assert preference.channels["comment"] == [] and preference.digests is False
    bad = client.post(
        reverse("notify_preferences"), {"reminder_weekday": "9", "reminder_hour": "25"}
    )
    assert (
        bad.status_code == 200 and Preference.objects.get(membership=world.alice).reminder_hour == 9
    )


def test_channels_page_keeps_secrets_and_logs_a_test_message(world, client_for, smtp):
    client = client_for(world.admin)
    page = reverse("notify_channels")
    assert client_for(world.alice).get(page).status_code == 404
    secret = "SEC0123456789abcdefTOPSECRET"
    hook = "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb"
    client.post(page, {"action": "add", "kind": "feishu", "name": "产品群", "url": hook,
                       "secret": secret, "events": ["comment"]})  # fmt: skip
    channel = Channel.objects.get(name="产品群")
    assert secret not in channel.secret and hook not in channel.secret
    assert vault.decrypt(channel.secret, purpose=SECRET_PURPOSE).count(secret) == 1
    html = client.get(page).content.decode()
    assert "产品群" in html and secret not in html and hook not in html and "…CRET" in html
    bad = client.post(page, {"action": "add", "kind": "slack", "name": "x", "url": "ftp://x"})
    assert "webhook address" in bad.content.decode()
    # A scheme alone is not an address (no host): refused on save, not retried for a day.
    bad = client.post(page, {"action": "add", "kind": "slack", "name": "x", "url": "https://"})
    assert "webhook address" in bad.content.decode()
    assert not Channel.objects.filter(name="x").exists()
    client.post(
        page,
        {"action": "add", "kind": "email", "name": "Leads", "address": "leads@acme.test",
         "events": ["comment"]},
    )  # fmt: skip
    mailbox = Channel.objects.get(name="Leads")
    queued = client.post(reverse("notify_channel", args=[mailbox.pk]), {"action": "test"})
    assert smtp.to("leads@acme.test") == []  # the worker sends it, not the request
    assert "Test message queued" in client.get(queued["Location"]).content.decode()
    services.deliver_due()
    (mail,) = smtp.to("leads@acme.test")
    assert "test message" in mail["Subject"]
    assert Delivery.objects.get(channel=mailbox).status == "sent"
    for refused in ("0", "91", "seven"):
        answer = client.post(page, {"action": "threshold", "not_updated_days": refused})
        assert "Enter a number of days from 1 to 90." in answer.content.decode(), refused
    world.org.refresh_from_db()
    assert "notify" not in world.org.settings  # nothing changed
    client.post(page, {"action": "threshold", "not_updated_days": "14"})
    world.org.refresh_from_db()
    assert world.org.settings["notify"]["not_updated_days"] == 14
    client.post(reverse("notify_channel", args=[mailbox.pk]), {"action": "pause"})
    assert Channel.objects.get(pk=mailbox.pk).paused_at is not None


def test_the_delivery_log_names_kinds_in_the_readers_language_a_page_at_a_time(
    world, client_for, django_assert_max_num_queries
):
    from mubiao.web.views.base import PAGE_SIZE

    mailbox = services.add_channel(world.admin, events=["comment"], kind="email", name="Leads",
                                   address="leads@acme.test")  # fmt: skip
    for _ in range(PAGE_SIZE + 1):
        services.test_channel(world.admin, mailbox)
    services.queue_email(world.bob, _reminder(world.bob))
    world.admin.user.language = "zh-hans"
    world.admin.user.save(update_fields=["language"])
    client = client_for(world.admin)
    first = client.get(reverse("notify_channels")).content.decode()
    test_row = '<td data-label="类型">测试消息</td>'
    assert first.count(test_row) == PAGE_SIZE - 1 and "进展更新提醒" in first
    assert "邮件 · Bob" in first and ">test<" not in first and ">reminder<" not in first
    with django_assert_max_num_queries(20):
        second = client.get(reverse("notify_channels") + "?page=2").content.decode()
    assert second.count(test_row) == 2


def _reminder(member):
    from mubiao.notify import compose

    return compose.reminder(member, [])


@pytest.mark.parametrize("secret", ["SEC12345", "abc", "SEC0123456789abcdef"])
def test_every_set_secret_shows_a_hint_and_none_of_a_short_one(world, client_for, secret):
    """An 8-character 飞书 secret showed "…" alone, as if none were set."""
    hook = "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb"
    channel = services.add_channel(world.admin, kind="feishu", name="产品群", url=hook,
                                   secret=secret, events=["comment"])  # fmt: skip
    hint = channel.secret_hint
    assert hint not in ("", "…") and hint != secret
    # A short secret: a fingerprint, not its last characters (half of it).
    assert hint.startswith("#" if len(secret) <= 8 else "…" + secret[-4:])
    html = client_for(world.admin).get(reverse("notify_channels")).content.decode()
    assert f">{hint}</td>" in html and secret not in html
