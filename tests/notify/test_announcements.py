"""Events the worker's pass finds by looking (notify.announcements), and the invitation and
data-sync kinds: each reaches the right bells once, in words, and never reveals an objective."""

from datetime import timedelta

from django.utils import timezone

from mubiao.accounts import services as accounts
from mubiao.notify import announcements, services
from mubiao.notify import messages as kinds
from mubiao.notify.compose import Event
from mubiao.notify.models import Notification, Preference
from mubiao.okrs import services as okrs
from tests.conftest import freeze_clock, make_objective
from tests.notify.conftest import parts


def _bell(member) -> list[str]:
    return list(
        Notification.objects.filter(recipient=member).order_by("id").values_list("kind", flat=True)
    )


def test_a_cycle_closing_is_announced_once_to_every_member(world, client_for):
    now = timezone.now()
    days_left = (world.cycle.end_date - timezone.localdate(now)).days
    early = now + timedelta(days=days_left - 8)
    assert announcements.announce_due(early)[kinds.CYCLE_CLOSING] == 0  # 8 days left: not yet
    five_left = now + timedelta(days=days_left - 5)
    assert announcements.announce_due(five_left)[kinds.CYCLE_CLOSING] == 1
    assert announcements.announce_due(five_left + timedelta(hours=1))[kinds.CYCLE_CLOSING] == 0
    everyone = [world.admin, world.lead, world.alice, world.bob, world.outsider]
    for member in everyone:
        assert _bell(member).count(kinds.CYCLE_CLOSING) == 1
    html = client_for(world.bob).get("/notifications").content.decode()
    assert f"The cycle {world.cycle.name} closes in 5 days" in html
    # The end moved: a new occasion, announced again.
    world.cycle.end_date += timedelta(days=2)
    world.cycle.save(update_fields=["end_date"])
    assert announcements.announce_due(five_left)[kinds.CYCLE_CLOSING] == 1


def test_someone_silent_for_the_organizations_days_hears_it_once_per_silence(world, monkeypatch):
    objective = make_objective(world.alice, world.cycle, "Grow revenue")
    now = timezone.now()
    assert announcements.announce_due(now + timedelta(days=6))[kinds.NOT_UPDATED] == 0
    assert announcements.announce_due(now + timedelta(days=7, hours=1))[kinds.NOT_UPDATED] == 1
    assert announcements.announce_due(now + timedelta(days=9))[kinds.NOT_UPDATED] == 0
    assert _bell(world.alice) == [kinds.NOT_UPDATED]
    assert _bell(world.bob) == []  # owns no key result
    (row,) = Notification.objects.filter(recipient=world.alice)
    kr = objective.key_results.get()
    # Her own key results, to update: no one else's objective.
    assert row.data == {"days": 7, "silent_days": 7, "member": world.alice.pk,
                        "key_results": [[kr.pk, kr.title]]}  # fmt: skip
    assert row.objective_id is None
    freeze_clock(monkeypatch, now + timedelta(days=8))
    okrs.check_in(world.alice, objective.key_results.get(), value=10)  # a new silence starts
    assert announcements.announce_due(now + timedelta(days=9))[kinds.NOT_UPDATED] == 0
    assert announcements.announce_due(now + timedelta(days=14))[kinds.NOT_UPDATED] == 0
    assert announcements.announce_due(now + timedelta(days=15, hours=1))[kinds.NOT_UPDATED] == 1
    assert _bell(world.alice) == [kinds.NOT_UPDATED, kinds.NOT_UPDATED]


def test_the_silence_threshold_is_the_organizations(world):
    make_objective(world.alice, world.cycle, "Grow revenue")
    services.set_not_updated_days(world.admin, 14)
    now = timezone.now()
    assert announcements.announce_due(now + timedelta(days=8))[kinds.NOT_UPDATED] == 0
    assert announcements.announce_due(now + timedelta(days=14, hours=1))[kinds.NOT_UPDATED] == 1
    assert Notification.objects.get(recipient=world.alice).data["days"] == 14


def test_run_due_announces(world):
    make_objective(world.alice, world.cycle, "Grow revenue")
    sent = services.run_due(timezone.now() + timedelta(days=8))
    assert sent[kinds.NOT_UPDATED] == 1


def test_an_invitation_reaches_the_invitees_bell_and_the_subscribed_channels(
    world, smtp, django_capture_on_commit_callbacks
):
    services.add_channel(world.admin, kind="email", name="All hands", address="all@acme.test",
                         events=["invitation"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        newbie = accounts.invite_member(world.admin, email="newbie@acme.test", name="New Person")
    services.deliver_due()  # the worker's pass
    assert _bell(newbie) == [kinds.INVITATION]
    (group,) = smtp.to("all@acme.test")
    assert group["Subject"] == "Ada Admin invited New Person to Mubiao"
    assert "New Person" in parts(group)[0]


def test_a_failed_data_sync_reaches_only_those_who_may_see_the_key_result(world, client_for):
    hidden = make_objective(world.bob, world.cycle, "Secret rewrite", visibility="private")
    kr = hidden.key_results.get()
    services.notify(Event(kinds.SYNC_FAILED, world.org.pk, key_result=kr,
                          recipients=[world.bob, world.outsider],
                          data={"error": "HTTP 500 from the data source"}))  # fmt: skip
    assert _bell(world.bob) == [kinds.SYNC_FAILED]
    assert _bell(world.outsider) == []
    html = client_for(world.bob).get("/notifications").content.decode()
    assert "The data sync of “KR 1” failed" in html
    assert "HTTP 500 from the data source" in html


def test_sync_failed_tells_the_key_results_people_in_their_language(
    world, client_for, smtp, django_capture_on_commit_callbacks
):
    objective = make_objective(world.alice, world.cycle, "Secret rewrite", visibility="private")
    objective.collaborators.add(world.bob)
    kr = objective.key_results.get()
    world.bob.user.language = "zh-hans"
    world.bob.user.save(update_fields=["language"])
    Preference.objects.create(membership=world.bob, channels={kinds.SYNC_FAILED: ["email"]})
    with django_capture_on_commit_callbacks(execute=True):
        services.sync_failed(kr, "HTTP 500 from the data source")
    services.deliver_due()  # the worker's pass
    assert _bell(world.alice) == [kinds.SYNC_FAILED]
    assert _bell(world.bob) == []  # e-mail only, as Bob chose
    for member in (world.admin, world.lead, world.outsider):
        assert _bell(member) == []
    (mail,) = smtp.to(world.bob.user.email)
    assert mail["Subject"] == "“KR 1”的数据同步失败"
    assert "HTTP 500 from the data source" in parts(mail)[0]
    assert smtp.to(world.outsider.user.email) == []
    html = client_for(world.alice).get("/notifications").content.decode()
    assert "The data sync of “KR 1” failed" in html
