"""The notification preferences page and the admins' channels page."""

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
                       "secret": secret, "events": ["mention"]})  # fmt: skip
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
        page, {"action": "add", "kind": "email", "name": "Leads", "address": "leads@acme.test"}
    )
    mailbox = Channel.objects.get(name="Leads")
    queued = client.post(reverse("notify_channel", args=[mailbox.pk]), {"action": "test"})
    assert smtp.to("leads@acme.test") == []  # the worker sends it, not the request
    assert "Test message queued" in client.get(queued["Location"]).content.decode()
    services.deliver_due()
    (mail,) = smtp.to("leads@acme.test")
    assert "test message" in mail["Subject"]
    assert Delivery.objects.get(channel=mailbox).status == "sent"
    client.post(page, {"action": "threshold", "not_updated_days": "14"})
    world.org.refresh_from_db()
    assert world.org.settings["notify"]["not_updated_days"] == 14
    client.post(reverse("notify_channel", args=[mailbox.pk]), {"action": "pause"})
    assert Channel.objects.get(pk=mailbox.pk).paused_at is not None
