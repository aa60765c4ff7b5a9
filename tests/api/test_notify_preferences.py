"""`/me/notification-preferences` reads and writes the person's own preferences only."""

from zoneinfo import ZoneInfo

from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.models import NextDue, Preference


def test_read_defaults_then_set_and_move_the_reminder(world, api):
    client = api(world.alice)
    got = client.get("/me/notification-preferences").json()
    assert got["channels"]["mention"] == ["inapp"] and got["reminder_hour"] == 10
    services.ensure_due_rows(timezone.now())
    body = {"channels": {"mention": ["email"]}, "reminder_weekday": 4, "reminder_hour": 8,
            "time_zone": "Asia/Shanghai"}  # fmt: skip
    saved = client._send("put", "/me/notification-preferences", body, {})
    assert saved.status_code == 200, saved.content
    assert saved.json()["channels"]["mention"] == ["email"]
    due = NextDue.objects.get(kind="reminder", membership=world.alice).due_at
    assert due.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%a %H:%M") == "Fri 08:00"
    assert not Preference.objects.filter(membership=world.bob).exists()


def test_bad_input_is_a_422_naming_the_field_and_changes_nothing(world, api):
    client = api(world.alice)
    for body, field in (
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"reminder_hour": 24}, "reminder_hour"),
        ({"reminder_hour": True}, "reminder_hour"),  # not 1 o'clock
        ({"reminder_weekday": False}, "reminder_weekday"),
        ({"channels": {"mention": ["sms"]}}, "channels"),
        ({"channels": {"gossip": ["email"]}}, "channels"),
    ):
        answer = client._send("put", "/me/notification-preferences", body, {})
        assert answer.status_code == 422, (body, answer.content)
        assert field in answer.content.decode()
    assert not Preference.objects.exists()
