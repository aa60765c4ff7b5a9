"""Every event kind offered anywhere (a person's settings page, the preferences API, the
channels page's "events sent here") is delivered by at least one real path: the event caused
through the services that cause it in use (a comment, a check-in, a cycle's state, the worker's
pass...), then the outbox row, then the worker's pass that sends it; to the person in the bell
and by e-mail, in their language, and to a subscribed channel (in the organization's).

A kind offered with no path here fails the test (KeyError): offer only what is delivered."""

import datetime as dt
from datetime import timedelta

import pytest
from django.utils import timezone

from mubiao.accounts import services as accounts
from mubiao.directory import services as directory
from mubiao.directory.models import DirectorySource
from mubiao.directory.vendors import DirectoryError
from mubiao.notify import announcements, forms, rules, services
from mubiao.notify.models import Channel, Delivery, Notification
from mubiao.okrs import services as okrs
from mubiao.okrs.models import Cycle
from mubiao.reports import services as reports
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.directory.servers import SERVERS, acme_directory
from tests.directory.test_sync import connect
from tests.notify.conftest import parts


def _comment(world):
    objective = make_objective(world.alice, world.cycle, "Launch the mobile app")
    okrs.add_comment(world.lead, objective=objective, body="@Bob 请看一下 3,000 台的目标")
    return {"mention": world.bob, "comment": world.alice}


def _aligned(world):
    parent = make_objective(world.lead, world.cycle, "Win the launch")
    child = make_objective(world.alice, world.cycle, "Ship the beta", parent_objective=parent)
    okrs.check_in(world.alice, child.key_results.get(), value=30)
    return world.lead


def _pace(world):
    kr = make_objective(world.alice, world.cycle, "Grow revenue").key_results.get()
    okrs.check_in(world.alice, kr, value=40)  # a third of the cycle gone: on track
    okrs.check_in(world.admin, kr, value=1)  # now behind
    return world.alice


def _silent(world):
    make_objective(world.alice, world.cycle, "Grow revenue")
    announcements.announce_due(timezone.now() + timedelta(days=7, hours=1))
    return world.alice


def _cycle_started(world):
    nxt = okrs.create_cycle(world.admin, name="Next quarter", kind=Cycle.Kind.MONTH,
                            start_date=world.cycle.end_date + dt.timedelta(days=1),
                            end_date=world.cycle.end_date + dt.timedelta(days=30),
                            state=Cycle.State.PLANNING)  # fmt: skip
    okrs.set_cycle_state(world.admin, nxt, Cycle.State.ACTIVE)
    return world.bob


def _grading(world):
    okrs.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    return world.bob


def _closing(world):
    days_left = (world.cycle.end_date - timezone.localdate()).days
    announcements.announce_due(timezone.now() + timedelta(days=days_left - 5))
    return world.bob


def _invitation(world):
    return accounts.invite_member(world.admin, email="newbie@acme.test", name="New Person")


def _weekly_report(world):
    make_objective(world.alice, world.cycle, "Grow revenue")
    reports.share(world.alice, reports.generate(world.alice))
    return world.lead  # Alice's manager


def _channel_paused(world, settings):
    broken = services.add_channel(world.admin, events=["comment"], kind="email", name="Broken",
                                  address="broken@acme.test")  # fmt: skip
    Channel.objects.filter(pk=broken.pk).update(failing_since=timezone.now() - timedelta(days=2))
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {**working["default"], "OPTIONS": {"host": "127.0.0.1", "port": 1}}
    }
    services.test_channel(world.admin, broken)
    services.deliver_due(drain_seconds=0)
    settings.MAILERS = working
    # The admins' e-mail, queued by the pass that paused it (and failed with it): its retry.
    told = Delivery.objects.get(kind="channel_paused")
    services.deliver_due(told.next_attempt_at, drain_seconds=0)
    return world.admin


def _sync_failed(world):
    """The worker's directory sync failing (a wrong app id): every owner and admin is told."""
    with acme_directory(SERVERS["feishu"]()) as server:
        connect(world, server)
        DirectorySource.objects.update(app_id="wrong")
        with pytest.raises(DirectoryError):
            directory.sync(world.admin, scheduled=True)
    return world.admin


def _scheduled(world):
    make_objective(world.alice, world.cycle, "Grow revenue", team=world.product)
    services.run_due(timezone.now())  # the "next due" rows
    services.run_due(timezone.now() + timedelta(days=8))
    return {"reminder": world.alice, "team_digest": world.lead, "company_digest": world.admin}


# kind → the path that causes it (returning who hears of it, or {kind: who}).
PATHS = {
    "mention": _comment,
    "comment": _comment,
    "aligned_checkin": _aligned,
    "pace_worse": _pace,
    "not_updated": _silent,
    "cycle_started": _cycle_started,
    "grading_open": _grading,
    "cycle_closing": _closing,
    "invitation": _invitation,
    "weekly_report": _weekly_report,
    "channel_paused": _channel_paused,
    "sync_failed": _sync_failed,
    "reminder": _scheduled,
    "team_digest": _scheduled,
    "company_digest": _scheduled,
}


def _offered_to_people(world) -> set[str]:
    page = forms.PreferenceForm(admin=True)
    on_page = {name.removeprefix("channels_") for name in page.fields if "channels_" in name}
    api = Api(world.admin).get("/me/notification-preferences").json()["channels"]
    return on_page | set(api)


def _offered_to_channels() -> set[str]:
    return {kind for kind, _label in forms.ChannelForm().fields["events"].choices}


@pytest.fixture
def everything_by_email(world):
    """Everyone in the world asks for every kind in the bell and by e-mail (the scheduled ones
    go by e-mail only), and a channel hears of every kind a channel may."""
    for member in (world.admin, world.lead, world.alice, world.bob, world.outsider):
        chosen = {kind: list(rules.offered_channels(kind)) for kind in _offered_to_people(world)}
        services.save_preferences(member, channels=chosen, reminders=True, digests=True,
                                  weekday=0, hour=10)  # fmt: skip
    every = sorted(_offered_to_channels())
    return services.add_channel(world.admin, kind="email", name="All hands",
                                address="all@acme.test", events=every)  # fmt: skip


def test_the_offered_kinds_are_what_the_paths_cover(world):
    offered = _offered_to_people(world) | _offered_to_channels()
    assert offered <= set(PATHS)  # else: a kind offered that nothing sends
    assert "sync_failed" in _offered_to_people(world)  # a directory sync failing sends it
    assert {"mention", "not_updated"}.isdisjoint(_offered_to_channels())  # one person's news


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(PATHS))
def test_each_offered_kind_is_delivered(
    world, smtp, settings, django_capture_on_commit_callbacks, everything_by_email, kind
):
    world.bob.user.language = "zh-hans"
    world.bob.user.save(update_fields=["language"])
    path = PATHS[kind]
    with django_capture_on_commit_callbacks(execute=True):
        who = path(world, settings) if path is _channel_paused else path(world)
    who = who[kind] if isinstance(who, dict) else who
    services.deliver_due(drain_seconds=0)
    to_people = _offered_to_people(world)
    if kind == "invitation":
        # The invitee is new: no choices yet, so their bell (the default); the invitation
        # e-mail itself is the accounts app's.
        assert Notification.objects.filter(recipient=who, kind=kind).exists()
    elif kind in to_people:
        mails = [d for d in Delivery.objects.filter(recipient=who, kind=kind, channel=None)]
        assert mails and {d.status for d in mails} == {"sent"}, (kind, mails)
        (mail, *_more) = [m for m in smtp.to(who.user.email)]
        if kind not in ("reminder", "team_digest", "company_digest"):
            assert Notification.objects.filter(recipient=who, kind=kind).exists(), kind
        if who == world.bob:  # in the recipient's language
            assert any("\u4e00" <= ch <= "\u9fff" for ch in mail["Subject"]), mail["Subject"]
    if kind in _offered_to_channels():
        (group,) = Delivery.objects.filter(channel=everything_by_email, kind=kind)
        assert group.status == "sent", (kind, group.error, group.detail)
        (sent,) = smtp.to("all@acme.test")
        assert parts(sent)[0].strip()
