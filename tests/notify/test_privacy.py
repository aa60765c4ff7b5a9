"""A private objective's title never reaches anyone who may not see it: not in a digest, an
e-mailed event, the bell, or an organization's chat channel."""

from django.urls import reverse
from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.models import NextDue, Notification
from mubiao.okrs import services as okrs
from mubiao.orgs.models import TeamMember
from tests.conftest import make_member, make_objective
from tests.notify.conftest import parts

SECRET = "Secret merger with Globex"


def _support_with_a_private_objective(world):
    """Olga leads Support; Sam, in Support but not reporting to Olga, keeps a private
    objective filed under Support and a public one."""
    support = world.extra["support"]
    TeamMember.objects.filter(team=support, membership=world.outsider).update(is_lead=True)
    sam = make_member(world.org, "sam@acme.test", "Sam")
    TeamMember.objects.create(team=support, membership=sam)
    hidden = make_objective(sam, world.cycle, SECRET, team=support, visibility="private")
    shown = make_objective(sam, world.cycle, "Answer tickets within a day", team=support)
    for objective in (hidden, shown):
        okrs.check_in(sam, objective.key_results.get(), value=40, note=f"note on {objective.title}")
    return sam, hidden, shown


def test_team_digest_leaves_out_what_the_lead_may_not_see(world, smtp):
    _sam, hidden, shown = _support_with_a_private_objective(world)
    now = timezone.now()
    services.run_due(now)
    due = NextDue.objects.get(kind="team_digest", membership=world.outsider).due_at
    services.run_due(due)  # at the slot: its week holds the check-ins just made
    (mail,) = [m for m in smtp.to("olga@acme.test") if "Support" in m["Subject"]]
    text, html = parts(mail)
    assert "note on Answer tickets within a day" not in text  # not behind: no note shown
    assert "Moved: KR 1 +40%" in text
    for body in (text, html):
        assert SECRET not in body
        assert f"note on {SECRET}" not in body
    # The count is of what Olga may see: one key result, one check-in.
    assert "This week: 1 check-in on 1 key result, 40% on average" in text
    # The admin's company digest does include it (admins see everything): the test can fail.
    (company,) = [m for m in smtp.to("admin@acme.test") if "Acme Inc" in m["Subject"]]
    assert hidden.key_results.get().title in parts(company)[0]
    assert shown.pk


def test_mentions_and_comments_on_a_private_objective_reach_only_those_who_may_see_it(
    world, smtp, django_capture_on_commit_callbacks
):
    _sam, hidden, _shown = _support_with_a_private_objective(world)
    services.save_preferences(world.outsider, channels={"mention": ["inapp", "email"]},
                              reminders=True, digests=True, weekday=0, hour=10)  # fmt: skip
    services.add_channel(world.admin, kind="email", name="All hands", address="all@acme.test",
                         events=["comment"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        okrs.add_comment(world.admin, objective=hidden, body="@Olga Outsider @Sam have a look")
    services.deliver_due()  # the worker's pass
    assert not Notification.objects.filter(recipient=world.outsider).exists()
    assert Notification.objects.filter(recipient__user__email="sam@acme.test").count() == 1
    assert smtp.to("olga@acme.test") == []
    assert smtp.to("all@acme.test") == []  # a chat group hears only of public objectives


def test_events_on_a_public_objective_reach_email_and_channels(
    world, smtp, django_capture_on_commit_callbacks
):
    objective = make_objective(world.alice, world.cycle, "Launch the mobile app")
    services.save_preferences(world.bob, channels={"mention": ["email"]}, reminders=True,
                              digests=True, weekday=0, hour=10)  # fmt: skip
    services.add_channel(world.admin, kind="email", name="All hands", address="all@acme.test",
                         events=["comment"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        okrs.add_comment(world.lead, objective=objective, body="@Bob please review")
    services.deliver_due()  # the worker's pass
    (to_bob,) = smtp.to("bob@acme.test")
    assert to_bob["Subject"] == "Li Lead mentioned you on “Launch the mobile app”"
    assert "please review" in parts(to_bob)[0]
    assert not Notification.objects.filter(recipient=world.bob).exists()  # e-mail only
    # Alice owns the objective: she hears of the comment in the bell (her default).
    assert Notification.objects.get(recipient=world.alice).kind == "comment"
    # "Mentioned you" is Bob's own news: the group hears of the comment, in a group's words.
    (group,) = smtp.to("all@acme.test")
    assert group["Subject"] == "Li Lead commented on “Launch the mobile app”"


def test_cycle_events_reach_those_who_asked_and_the_subscribed_channels(
    world, smtp, django_capture_on_commit_callbacks
):
    from mubiao.okrs.models import Cycle

    services.save_preferences(world.bob, channels={"grading_open": ["email"]}, reminders=True,
                              digests=True, weekday=0, hour=10)  # fmt: skip
    services.add_channel(world.admin, kind="email", name="All hands", address="all@acme.test",
                         events=["grading_open"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        okrs.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    services.deliver_due()  # the worker's pass
    (to_bob,) = smtp.to("bob@acme.test")
    assert to_bob["Subject"] == f"Grading is open for {world.cycle.name}"
    assert len(smtp.to("all@acme.test")) == 1
    assert smtp.to("alice@acme.test") == []


def test_group_messages_are_in_the_organizations_language_personal_ones_in_the_persons(
    world, smtp, client_for
):
    from mubiao.okrs.models import Cycle

    services.save_preferences(world.bob, channels={"grading_open": ["email"]}, reminders=True,
                              digests=True, weekday=0, hour=10)  # fmt: skip
    services.add_channel(world.admin, kind="email", name="All hands", address="all@acme.test",
                         events=["grading_open"])  # fmt: skip
    # Bob chose English (someone who chose none reads the organization's language).
    world.bob.user.language = "en"
    world.bob.user.save(update_fields=["language"])
    # An admin writes in English and sets the organization's groups to Chinese.
    settings_page = client_for(world.admin).post(reverse("settings"), {
        "name": world.org.name, "time_zone": world.org.time_zone, "language": "zh-hans",
    })  # fmt: skip
    assert settings_page.status_code == 302
    okrs.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    services.deliver_due()
    (to_group,) = smtp.to("all@acme.test")
    assert to_group["Subject"] == f"周期 {world.cycle.name} 已开始评分"
    (to_bob,) = smtp.to("bob@acme.test")  # Bob reads English
    assert to_bob["Subject"] == f"Grading is open for {world.cycle.name}"
