"""Weekly reminders and digests end to end: `run-due` over a real SMTP server on loopback, in
each person's language and time zone, with one-tap links that work, sent once."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mubiao.notify import messages as kinds
from mubiao.notify import services
from mubiao.notify.models import Delivery, NextDue
from mubiao.okrs.models import Activity, CheckIn
from tests.conftest import make_objective, since_the_first_day
from tests.notify.conftest import one_tap, parts

LINK = re.compile(r"https?://[^\s\"<]+/c/[^\s\"<]+")


def _people(world):
    alice, bob = world.alice.user, world.bob.user
    alice.language, alice.timezone = "zh-hans", "Asia/Shanghai"
    bob.language, bob.timezone = "en", "America/New_York"
    alice.save()
    bob.save()
    a = make_objective(world.alice, world.cycle, "提升新用户留存", krs=2)
    b = make_objective(world.bob, world.cycle, "Ship the docs site")
    since_the_first_day(world.cycle, [a, b])
    return a, b


def _due(kind, member):
    return NextDue.objects.get(kind=kind, membership=member).due_at


def test_reminders_arrive_in_each_persons_language_and_zone_once(world, smtp):
    _people(world)
    now = timezone.now()
    services.run_due(now)
    alice_due, bob_due = _due("reminder", world.alice), _due("reminder", world.bob)
    assert alice_due.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%a %H:%M") == "Mon 10:00"
    assert bob_due.astimezone(ZoneInfo("America/New_York")).strftime("%a %H:%M") == "Mon 10:00"
    # Same local wall-clock time, different instants.
    assert alice_due != bob_due

    first = min(alice_due, bob_due)
    call_command("notify", "run-due")  # the CLI pass: nothing is due yet
    assert smtp.messages == []
    sent = services.run_due(max(alice_due, bob_due))
    assert sent[kinds.REMINDER] == 2
    assert first < max(alice_due, bob_due)

    (to_alice,) = smtp.to("alice@acme.test")
    text, html = parts(to_alice)
    assert to_alice["Subject"] == "该更新进展了：2 个关键结果需要更新"
    assert "提升新用户留存" in text and "提升新用户留存" in html
    (to_bob,) = smtp.to("bob@acme.test")
    assert to_bob["Subject"] == "Time to check in: 1 key result needs an update"
    assert "Ship the docs site" in parts(to_bob)[0]
    # Text and HTML carry the same one-tap links: one per key result and one for all.
    assert len(set(LINK.findall(text))) == 3
    assert set(LINK.findall(text)) == set(LINK.findall(html.replace("&amp;", "&")))

    # Run again at the same moment (a second worker, a cron overlap): nothing twice.
    delivered = len(smtp.messages)
    assert services.run_due(max(alice_due, bob_due)) == {}
    assert len(smtp.messages) == delivered
    assert _due("reminder", world.alice) == alice_due + timedelta(days=7)
    assert Delivery.objects.filter(kind="reminder", status="sent").count() == 2


def test_one_tap_link_from_the_email_checks_in(world, smtp, client):
    objective, _ = _people(world)
    services.run_due(timezone.now())
    services.run_due(_due("reminder", world.alice))
    text, _html = parts(smtp.to("alice@acme.test")[0])
    links = LINK.findall(text)
    kr = objective.key_results.order_by("position", "id").first()
    # Each key result's line is followed by its own link.
    lines = text.splitlines()
    one = next(
        link
        for link in links
        for i, line in enumerate(lines)
        if link in line and lines[i - 1].startswith(f"- {kr.title}")
    )
    path = one.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    assert kr.title in page.content.decode()
    assert "更新进展" in page.content.decode()  # in Alice's language, signed in or not
    response = one_tap(client, "/" + path, {f"value-{kr.pk}": "四十", f"confidence-{kr.pk}": "7",
                                        f"note-{kr.pk}": "from my phone"})  # fmt: skip
    assert response.status_code == 200
    check_in = CheckIn.objects.get(key_result=kr)
    assert (check_in.value, check_in.confidence, check_in.author) == (40, 7, world.alice)
    entry = Activity.objects.get(verb="key_result.checked_in", target_id=kr.pk)
    assert entry.data["via"] == "link"


def test_team_lead_and_company_digests(world, smtp):
    _people(world)
    from mubiao.okrs import services as okrs

    kr = world.alice.owned_objectives.get().key_results.first()
    okrs.check_in(world.alice, kr, value=30, note="waiting for the data team")
    slow = world.bob.owned_objectives.get().key_results.get()
    okrs.check_in(world.bob, slow, value=1, at=timezone.now() - timedelta(days=10))
    okrs.check_in(world.bob, slow, value=4, note="the writer is on leave")
    now = timezone.now()
    services.run_due(now)
    due = max(_due("team_digest", world.lead), _due("company_digest", world.admin))
    # At the slot itself: the digest covers the seven days before it, which hold this test's
    # check-ins whatever the weekday the test runs on.
    sent = services.run_due(due)
    assert sent[kinds.TEAM_DIGEST] == 1 and sent[kinds.COMPANY_DIGEST] == 1
    (lead_mail,) = [m for m in smtp.to("lead@acme.test") if "产品部" in m["Subject"]]
    text, html = parts(lead_mail)
    assert "Alice" in html and "KR 1" in html
    assert lead_mail["Subject"] == "Weekly digest: 产品部"
    # Alice left KR 2 alone but checked in on KR 1 this week: she has updated (the rule is
    # in tests/notify/test_needs_update.py), and so has Bob.
    assert "Not updated" not in text
    behind = next(line for line in text.splitlines() if line.startswith("- Behind: KR 1 (Bob)"))
    # 1 ten days ago, 4 now: +0.3 a day for the 59 days left (less the hours gone today).
    assert re.search(r"At risk · forecast 2[12]% · the writer is on leave$", behind)
    assert "Moved: KR 1 +30%" in text
    (admin_mail,) = [m for m in smtp.to("admin@acme.test") if "Digest" in m["Subject"]
                     or "digest" in m["Subject"]]  # fmt: skip
    assert "Acme Inc" in admin_mail["Subject"]
    # "Open Mubiao" opens the page the digest is about: the team's dashboard, the company's.
    team_page = settings.SITE_URL + reverse("team", args=[world.product.slug])
    assert f"Open Mubiao: {team_page}" in text.splitlines() and f'href="{team_page}"' in html
    company_page = settings.SITE_URL + reverse("company")
    assert f"Open Mubiao: {company_page}" in parts(admin_mail)[0].splitlines()


@pytest.mark.parametrize("flag", ["reminders", "deactivated"])
def test_no_reminder_when_switched_off_or_deactivated(world, smtp, flag):
    _people(world)
    if flag == "reminders":
        services.save_preferences(world.bob, channels={}, reminders=False, digests=True,
                                  weekday=0, hour=10)  # fmt: skip
    else:
        world.bob.is_active = False
        world.bob.save()
    services.run_due(timezone.now())
    services.run_due(timezone.now() + timedelta(days=8))
    assert smtp.to("bob@acme.test") == []
    assert smtp.to("alice@acme.test")


def test_preferences_move_the_reminder(world):
    services.run_due(timezone.now())
    services.save_preferences(world.alice, channels={}, reminders=True, digests=True,
                              weekday=4, hour=17, time_zone="Europe/Berlin")  # fmt: skip
    local = _due("reminder", world.alice).astimezone(ZoneInfo("Europe/Berlin"))
    assert local.strftime("%a %H:%M") == "Fri 17:00"


def test_moving_the_reminder_later_in_the_week_does_not_send_it_twice(world, smtp):
    _people(world)
    services.run_due(timezone.now())
    monday = _due("reminder", world.alice)
    assert services.run_due(monday)[kinds.REMINDER] >= 1
    assert len(smtp.to("alice@acme.test")) == 1
    # That Monday afternoon Alice moves her reminder to Friday 17:00 (the due row moves as
    # save_preferences moves it, reckoned from that Monday rather than the machine's clock).
    services.save_preferences(world.alice, channels={}, reminders=True, digests=True,
                              weekday=4, hour=17)  # fmt: skip
    friday = services.next_due_for(world.alice, monday + timedelta(hours=4))
    NextDue.objects.filter(kind="reminder", membership=world.alice).update(due_at=friday)
    assert friday - monday < timedelta(days=5)
    services.run_due(friday)
    assert len(smtp.to("alice@acme.test")) == 1  # this week's was sent on Monday
    assert _due("reminder", world.alice) == friday + timedelta(days=7)
    services.run_due(friday + timedelta(days=7))
    assert len(smtp.to("alice@acme.test")) == 2  # next week's comes on her new day


def test_a_deactivated_person_is_not_listed_as_not_updated(world):
    from mubiao.notify import selectors
    from mubiao.orgs import permissions

    make_objective(world.alice, world.cycle, "Launch the mobile app", team=world.product)
    now = timezone.now()

    def not_updated():
        teams = permissions.led_teams_subquery(world.lead)
        data = selectors.digest(world.lead, now, 7, team_ids=teams)
        return [person.pk for person, _count in data.not_updated]

    assert not_updated() == [world.alice.pk]
    world.alice.is_active = False
    world.alice.save(update_fields=["is_active"])
    assert not_updated() == []


def test_a_new_time_zone_moves_the_next_reminder(world):
    from mubiao.accounts import services as accounts
    from mubiao.notify import rules
    from mubiao.orgs import services as orgs

    services.ensure_due_rows(timezone.now())
    bob, lead = world.bob, world.lead

    def monday_ten(zone):
        return rules.next_due(timezone.now(), weekday=0, hour=10, zone=zone)

    accounts.update_preferences(bob.user, name="Bob", language="en", timezone="America/New_York")
    assert _due(kinds.REMINDER, bob) == monday_ten("America/New_York")
    # The organization's zone, for those without one of their own (Li Lead).
    assert not lead.user.timezone and lead.user.language != "zh-hans"
    orgs.update_organization(world.admin, world.org, name=world.org.name, weights=False,
                             time_zone="Pacific/Auckland")  # fmt: skip
    assert _due(kinds.REMINDER, lead) == monday_ten("Pacific/Auckland")
    assert _due(kinds.TEAM_DIGEST, lead) == monday_ten("Pacific/Auckland")
    assert _due(kinds.REMINDER, bob) == monday_ten("America/New_York")  # his own zone
