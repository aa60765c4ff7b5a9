"""Every message leads to what it is about: "Open Mubiao" under an event opens the comment,
key result, objective or report it names (not the home page), and the "not updated" notice
says how long the person has really been silent and lists what to update, each with its
one-tap link."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from mubiao.notify import announcements, services
from mubiao.notify import messages as kinds
from mubiao.notify.compose import Event, event_message
from mubiao.notify.models import Notification
from mubiao.okrs import services as okrs
from mubiao.reports.models import WeeklyReport
from tests.conftest import make_objective
from tests.notify.conftest import parts

CASES = {
    kinds.MENTION: "comment", kinds.COMMENT: "comment", kinds.ALIGNED_CHECKIN: "kr",
    kinds.PACE_WORSE: "kr", kinds.SYNC_FAILED: "kr", kinds.CYCLE_STARTED: "home",
    kinds.GRADING_OPEN: "/grading", kinds.CYCLE_CLOSING: "home", kinds.INVITATION: "home",
    kinds.CHANNEL_PAUSED: "/settings/", kinds.NOT_UPDATED: "home",
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(set(kinds.EVENT_KINDS) | {kinds.CHANNEL_PAUSED}))
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_open_leads_to_what_the_message_is_about(world, client_for, kind, language):
    objective = make_objective(world.alice, world.cycle, "Grow revenue")
    kr = objective.key_results.get()
    comment = okrs.add_comment(world.lead, key_result=kr, body="@Alice nice")
    about = {"comment": comment} if CASES[kind] == "comment" else {}
    if CASES[kind] in ("comment", "kr"):
        about.update(objective=objective, key_result=kr)
    event = Event(kind, world.org.pk, actor=world.lead, cycle=world.cycle, **about,
                  data={"days": 3, "channel": "x", "parent_title": "p", "person": "p",
                        "status": "at_risk"})  # fmt: skip
    message = event_message(event, language, "Alice")
    opened = message.links[-1].url
    expected = {
        "comment": f"/krs/{kr.pk}#comment-{comment.pk}",
        "kr": f"/krs/{kr.pk}",
        "home": "/",
    }.get(CASES[kind], CASES[kind])
    if expected == "/":
        assert opened == settings.SITE_URL + "/"
    else:
        assert expected in opened and opened != settings.SITE_URL + "/", (kind, opened)
    if CASES[kind] == "comment":
        # The anchor exists on the page it opens.
        page = client_for(world.alice).get(opened.removeprefix(settings.SITE_URL))
        assert f'id="comment-{comment.pk}"' in page.content.decode()


def test_a_weekly_report_opens_the_report(world):
    report = WeeklyReport.objects.filter(organization=world.org).first()
    pk = report.pk if report else 7
    event = Event(kinds.WEEKLY_REPORT, world.org.pk, actor=world.lead,
                  data={"title": "W1", "report": pk})  # fmt: skip
    assert event_message(event, "en", "Alice").links[-1].url.endswith(f"/reports/{pk}")


@pytest.mark.parametrize(
    "language, said", [("en", "You have not checked in for 4 days"), ("zh-hans", "4 天")]
)
def test_not_updated_says_the_real_silence_and_lists_what_to_update(
    world, smtp, client_for, language, said
):
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    services.set_not_updated_days(world.admin, 1)
    services.save_preferences(world.alice, channels={kinds.NOT_UPDATED: ["inapp", "email"]},
                              reminders=True, digests=True, weekday=0, hour=10)  # fmt: skip
    objective = make_objective(world.alice, world.cycle, "Grow revenue", krs=2)
    first, second = objective.key_results.order_by("position")
    four_days_ago = timezone.now() - timedelta(days=4)
    okrs.check_in(world.alice, first, value=10, at=four_days_ago)
    okrs.check_in(world.alice, second, value=10, at=four_days_ago)
    assert announcements.announce_due(timezone.now())[kinds.NOT_UPDATED] == 1
    services.deliver_due(drain_seconds=0)
    (mail,) = smtp.to("alice@acme.test")
    text, _html = parts(mail)
    assert said in mail["Subject"] and "1" not in mail["Subject"].replace("4", "")
    for kr in (first, second):
        line = next(line for line in text.splitlines() if line == f"- {kr.title}")
        link = text.splitlines()[text.splitlines().index(line) + 1].strip()
        assert "/c/" in link
        page = client_for(world.alice).get(link.removeprefix(settings.SITE_URL))
        assert page.status_code == 200 and kr.title in page.content.decode()
    assert text.count("/c/") == 3  # one per key result and one for all of them
    bell = client_for(world.alice).get("/notifications").content.decode()
    assert said in bell and "/c/" in bell
    assert Notification.objects.get(recipient=world.alice).data["silent_days"] == 4


@pytest.mark.parametrize(
    "spec, done, back",
    [
        ({"title": "Shipped", "metric_type": "boolean"}, True, False),
        ({"title": "Signed", "start_value": 0, "target_value": 10}, 10, 2),
    ],
)
def test_a_done_key_result_set_back_is_pace_worse(world, spec, done, back):
    objective = okrs.create_objective(world.alice, cycle=world.cycle, title="Launch",
                                      key_results=[spec])  # fmt: skip
    kr = objective.key_results.get()
    okrs.check_in(world.admin, kr, value=done)
    kr.refresh_from_db()
    assert kr.status == "done"
    okrs.check_in(world.admin, kr, value=back)
    kr.refresh_from_db()
    assert kr.status != "done"
    (row,) = Notification.objects.filter(recipient=world.alice, kind=kinds.PACE_WORSE)
    assert row.key_result_id == kr.pk
