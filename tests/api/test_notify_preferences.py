"""`/me/notification-preferences` reads and writes the person's own preferences only."""

from zoneinfo import ZoneInfo

import pytest
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


FULL = {"channels": {"mention": ["email"], "reminder": ["email"]}, "reminders": False,
        "digests": False, "reminder_weekday": 4, "reminder_hour": 8,
        "time_zone": "Asia/Shanghai"}  # fmt: skip
CHANGES = {"channels": {"comment": ["inapp", "email"]}, "reminders": True, "digests": True,
           "reminder_weekday": 2, "reminder_hour": 21, "time_zone": "Europe/Berlin"}  # fmt: skip


@pytest.mark.parametrize("field", sorted(CHANGES))
def test_a_partial_put_changes_only_what_it_names(world, api, field):
    client = api(world.alice)
    assert client._send("put", "/me/notification-preferences", FULL, {}).status_code == 200
    before = client.get("/me/notification-preferences").json()
    answer = client._send("put", "/me/notification-preferences", {field: CHANGES[field]}, {})
    assert answer.status_code == 200, answer.content
    after = answer.json()
    assert after == client.get("/me/notification-preferences").json()
    for name, value in before.items():
        if name == field == "channels":
            # Only the kind sent changed; the others kept their choices.
            assert value | CHANGES["channels"] == after["channels"]
        elif name == field:
            assert after[name] == CHANGES[field]
        else:
            assert after[name] == value, name


@pytest.mark.parametrize("kind", ["reminder", "team_digest", "company_digest"])
def test_reminders_and_digests_may_be_chosen_in_app_as_on_the_settings_page(
    world, api, client_for, kind
):
    from mubiao.notify import forms, rules

    offered = {c for c, _label in forms.PreferenceForm().fields[f"channels_{kind}"].choices}
    assert offered == set(rules.offered_channels(kind)) == {"inapp", "email"}
    client = api(world.alice)
    answer = client._send("put", "/me/notification-preferences", {"channels": {kind: ["inapp"]}},
                          {})  # fmt: skip
    assert answer.status_code == 200, answer.content
    assert answer.json()["channels"][kind] == ["inapp"]


@pytest.mark.parametrize(
    ("channels", "field"),
    [({"bogus": ["email"]}, "channels.bogus"), ({"mention": ["sms"]}, "channels.mention.0")],
)
def test_a_wrong_kind_or_channel_is_reported_under_its_own_path(world, api, channels, field):
    client = api(world.alice)
    answer = client._send("put", "/me/notification-preferences", {"channels": channels}, {})
    assert answer.status_code in (400, 422), answer.content
    assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert not Preference.objects.exists()
