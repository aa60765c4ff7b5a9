"""Weekly reports end to end through the real services, pages and e-mail: what a report says,
which week it reads (the organization's), who may read it, and that no objective a reader may
not see reaches them in the page, the exports or the messages sent when it is shared."""

import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from mubiao.notify import services as notify
from mubiao.notify.models import Notification
from mubiao.okrs import services as okrs
from mubiao.orgs.rules import today_for
from mubiao.reports import rules, services
from mubiao.reports.models import WeeklyReport
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.notify.conftest import parts

SECRET = "Secret merger with Globex"
TEAM_SECRET = "Docs team restructuring"


def _objective(owner, cycle, title, unit="", **fields):
    return okrs.create_objective(
        owner, cycle=cycle, title=title,
        key_results=[{"title": f"{title} KR", "start_value": 0, "target_value": 100,
                      "unit": unit}], **fields,
    )  # fmt: skip


@pytest.fixture
def product(world):
    """Alice (product) has a public and a private objective; Bob keeps a team-visible one under
    Docs (seen by Docs, the lead above it and the admin; not by Alice), all checked in."""
    shown = _objective(world.alice, world.cycle, "Grow users", unit="人", team=world.product)
    hidden = _objective(world.alice, world.cycle, SECRET, team=world.product, visibility="private")
    team_only = _objective(world.bob, world.cycle, TEAM_SECRET, team=world.docs, visibility="team")
    okrs.check_in(world.alice, shown.key_results.get(), value=30, confidence=6, note="launched",
                  next_step="Run the spring campaign")  # fmt: skip
    okrs.check_in(world.alice, hidden.key_results.get(), value=10, note=f"note on {SECRET}",
                  next_step=f"plan for {SECRET}", is_blocker=True)  # fmt: skip
    okrs.check_in(world.bob, team_only.key_results.get(), value=5, note=f"note on {TEAM_SECRET}")
    return shown, hidden, team_only


def test_a_personal_report_says_progress_with_units_plans_and_risks(world, product):
    report = services.generate(world.alice)
    assert report.is_draft and report.person == world.alice
    body = report.body
    assert "**Grow users KR** · Grow users: 0 人 → 30 人 (+30 人)" in body
    assert "  - launched" in body
    assert "## Plans\n- **Grow users KR** · Grow users: Run the spring campaign" in body
    # Her own private objective is in her own report: everyone who may read it may see it.
    assert f"blocker: note on {SECRET}" in body
    assert TEAM_SECRET not in body


def test_a_team_report_leaves_out_what_any_of_its_readers_may_not_see(world, product):
    report = services.generate(world.lead, team=world.product)
    assert "Grow users KR" in report.body
    for hidden in (SECRET, TEAM_SECRET):
        assert hidden not in report.body


def test_in_chinese(world, product):
    world.alice.user.language = "zh-hans"
    world.alice.user.save(update_fields=["language"])
    body = services.generate(world.alice).body
    assert "## 进展" in body and "## 计划" in body and "## 问题与风险" in body
    assert "0 人 → 30 人（+30 人） · 进度 0% → 30%" in body
    assert f"阻碍：note on {SECRET}" in body


def test_the_week_is_the_organizations(world):
    """A check-in at 00:30 on a Monday in Shanghai (16:30 UTC on Sunday) is in the week that
    Monday starts, not the one before."""
    world.org.settings = {**world.org.settings, "time_zone": "Asia/Shanghai"}
    world.org.save(update_fields=["settings"])
    objective = make_objective(world.alice, world.cycle, "Grow users", team=world.product)
    monday = rules.week_of(today_for(world.org))[0] - timedelta(days=7)
    at = datetime.combine(monday, time(0, 30), tzinfo=ZoneInfo("Asia/Shanghai"))
    okrs.check_in(world.alice, objective.key_results.get(), value=40, at=at)
    assert "0 → 40" in services.generate(world.alice, day=monday).body
    earlier = services.generate(world.alice, day=monday - timedelta(days=1)).body
    assert "0 → 40" not in earlier and "No check-ins this week." in earlier


def test_confidence_dropped_since_last_week(world):
    objective = make_objective(world.alice, world.cycle, "Grow users", team=world.product)
    kr = objective.key_results.get()
    monday = rules.week_of(today_for(world.org))[0]
    zone = ZoneInfo(world.org.time_zone)
    last_friday = datetime.combine(monday - timedelta(days=3), time(12), tzinfo=zone)
    okrs.check_in(world.alice, kr, value=10, confidence=8, at=last_friday)
    okrs.check_in(world.alice, kr, value=12, confidence=4)
    assert "confidence dropped: 8 → 4" in services.generate(world.alice).body


def test_bad_requests_change_nothing_and_say_why(world, product):
    future = today_for(world.org) + timedelta(days=8)
    with pytest.raises(ValidationError) as error:
        services.generate(world.alice, day=future)
    assert "has not started yet" in error.value.message_dict["week"][0]
    with pytest.raises(PermissionDenied) as denied:
        services.generate(world.alice, team=world.product)  # a member, not its lead
    assert "Only the team's lead" in str(denied.value)
    report = services.generate(world.alice)
    with pytest.raises(ValidationError):
        services.edit(world.alice, report, body="   ", version=report.version)
    services.share(world.alice, report)
    with pytest.raises(ValidationError) as error:
        services.edit(world.alice, report, body="changed", version=report.version)
    assert "can no longer be changed" in error.value.message_dict["body"][0]
    assert WeeklyReport.objects.get(pk=report.pk).body == report.body


def test_every_role_sees_no_hidden_title_in_page_exports_or_messages(
    world, product, client_for, smtp, django_capture_on_commit_callbacks
):
    notify.add_channel(world.admin, kind="email", name="Product group", team=world.product,
                       address="product-group@acme.test")  # fmt: skip
    report = services.generate(world.lead, team=world.product)
    services.edit(
        world.lead, report, body=report.body + "\nEdited by the lead.\n", version=report.version
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.share(world.lead, report)
    notify.deliver_due()  # the worker's pass
    readers = {world.admin, world.lead, world.alice, world.bob}
    for member in (world.admin, world.lead, world.alice, world.bob, world.outsider):
        client = client_for(member)
        pages = [
            client.get(f"/reports/{report.pk}"),
            client.get(f"/reports/{report.pk}.md"),
            client.get("/reports/"),
            client.get("/notifications"),
        ]
        assert [p.status_code for p in pages] == [
            200 if member in readers else 404,
            200 if member in readers else 404,
            200,
            200,
        ]
        texts = [p.content.decode() for p in pages]
        sheet = client.get(f"/reports/{report.pk}.xlsx")
        if member in readers:
            assert "Edited by the lead." in texts[0] and "Edited by the lead." in texts[1]
            rows = load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True)
            texts.append(" ".join(str(cell) for row in rows for cell in row))
            assert "Grow users KR" in texts[-1]
        for mail in smtp.to(member.user.email):
            texts.extend(parts(mail))
        for text in texts:
            assert SECRET not in text and TEAM_SECRET not in text
    # Told: the team's members under it (not the lead who shared it, not Support), and its group.
    told = Notification.objects.filter(kind="weekly_report").values_list("recipient_id", flat=True)
    told = set(told)
    assert told == {world.alice.pk, world.bob.pk}
    (mail,) = smtp.to("alice@acme.test")
    assert "Weekly report: 产品部" in mail["Subject"]
    assert "Grow users KR" in parts(mail)[0] and "Edited by the lead." in parts(mail)[0]
    assert smtp.to("product-group@acme.test")
    assert not smtp.to("olga@acme.test")


def test_a_personal_report_reaches_the_manager_and_only_its_readers_open_it(
    world, product, client_for, smtp, django_capture_on_commit_callbacks
):
    report = services.generate(world.alice)
    assert client_for(world.lead).get(f"/reports/{report.pk}").status_code == 404  # a draft
    with django_capture_on_commit_callbacks(execute=True):
        services.share(world.alice, report)
    notify.deliver_due()  # the worker's pass
    (mail,) = smtp.to("lead@acme.test")  # her manager, who may see her private objective
    assert SECRET in parts(mail)[0]
    for member, status in ((world.lead, 200), (world.admin, 200), (world.bob, 404),
                           (world.outsider, 404)):  # fmt: skip
        response = client_for(member).get(f"/reports/{report.pk}")
        assert response.status_code == status
        assert (SECRET in response.content.decode()) == (status == 200)
    assert not smtp.to("bob@acme.test") and not smtp.to("olga@acme.test")


def test_pages_generate_edit_and_share(world, product, client_for):
    client = client_for(world.lead)
    response = client.post("/reports/", {"team": world.product.pk, "week": ""})
    assert response.status_code == 302
    report = WeeklyReport.objects.get()
    assert client.get("/reports/").content.decode().count(f"/reports/{report.pk}") == 1
    response = client.post(f"/reports/{report.pk}", {"body": "# Mine\n- done", "action": "save",
                                                     "version": report.version})  # fmt: skip
    assert response.status_code == 302
    response = client.post(f"/reports/{report.pk}", {"body": "# Mine\n- done", "action": "save",
                                                     "version": report.version})  # fmt: skip
    assert response.status_code == 422 and "changed this report meanwhile" in response.text
    report.refresh_from_db()
    client.post(f"/reports/{report.pk}", {"body": report.body, "action": "share",
                                          "version": report.version})  # fmt: skip
    report.refresh_from_db()
    assert report.state == "shared" and report.body == "# Mine\n- done"
    # A team the member does not lead, and a week not begun: told beside the field.
    alice = client_for(world.alice)
    response = alice.post("/reports/", {"team": world.product.pk})
    assert response.status_code == 422 and "Only the team" in response.text
    future = (today_for(world.org) + timedelta(days=9)).isoformat()
    response = alice.post("/reports/", {"team": "", "week": future})
    assert response.status_code == 422 and "has not started yet" in response.text
    with_zh = client_for(world.alice)
    with_zh.cookies["django_language"] = "zh-hans"
    assert "周报" in with_zh.get("/reports/", HTTP_ACCEPT_LANGUAGE="zh-hans").text


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_generating_and_listing_make_a_constant_number_of_queries(world, client_for):
    objective = make_objective(world.alice, world.cycle, "One", team=world.product)
    okrs.check_in(world.alice, objective.key_results.get(), value=1, next_step="a")
    few = _queries(lambda: services.generate(world.alice))
    # Shared, so that the next one is a new draft too (asked again, the draft is reopened).
    services.share(world.alice, WeeklyReport.objects.get())
    for i in range(4):
        more = make_objective(world.alice, world.cycle, f"More {i}", krs=2, team=world.product)
        for kr in more.key_results.all():
            okrs.check_in(world.alice, kr, value=2, note="n", is_blocker=True)
            okrs.check_in(world.alice, kr, value=3, confidence=5, next_step="b")
    assert _queries(lambda: services.generate(world.alice)) == few
    client = client_for(world.alice)
    listing = _queries(lambda: client.get("/reports/"))
    for report in WeeklyReport.objects.filter(state="draft"):
        services.share(world.alice, report)
    services.generate(world.alice)
    assert _queries(lambda: client.get("/reports/")) == listing


def test_readers_choose_how_they_hear_of_shared_reports(
    world, product, client_for, smtp, django_capture_on_commit_callbacks
):
    response = client_for(world.alice).get("/settings/notifications")
    assert "A weekly report is shared with me" in response.text
    notify.save_preferences(world.alice, channels={"weekly_report": ["inapp"]}, reminders=True,
                            digests=True, weekday=0, hour=10)  # fmt: skip
    notify.save_preferences(world.bob, channels={"weekly_report": []}, reminders=True,
                            digests=True, weekday=0, hour=10)  # fmt: skip
    report = services.generate(world.lead, team=world.product)
    with django_capture_on_commit_callbacks(execute=True):
        services.share(world.lead, report)
    notify.deliver_due()  # the worker's pass
    assert not smtp.to("alice@acme.test") and not smtp.to("bob@acme.test")
    told = Notification.objects.filter(kind="weekly_report").values_list("recipient_id", flat=True)
    assert list(told) == [world.alice.pk]
    # The bell's row names the report and leads to it.
    page = client_for(world.alice).get("/notifications").text
    assert "Li Lead shared a weekly report: 产品部 · " in page and f"/reports/{report.pk}" in page


@pytest.mark.parametrize(
    ("language", "fields", "expected"),
    [
        ("en", {"metric_type": "percent"}, "60% → 68% (+8 pp)"),
        ("zh-hans", {"metric_type": "percent"}, "60% → 68%（+8 个百分点）"),
        ("en", {"unit": "%"}, "60% → 68% (+8 pp)"),
        ("zh-hans", {"unit": "％"}, "（+8 个百分点）"),
        ("en", {"unit": "人"}, "60 人 → 68 人 (+8 人)"),
    ],
)
def test_a_percentage_moves_by_percentage_points(world, language, fields, expected):
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    objective = okrs.create_objective(
        world.alice, cycle=world.cycle, title="Retention",
        key_results=[{"title": "Retained", "start_value": 60, "target_value": 90, **fields}],
    )  # fmt: skip
    okrs.check_in(world.alice, objective.key_results.get(), value=68)
    assert expected in services.generate(world.alice).body


@pytest.mark.parametrize("whose", ["own", "team"])
def test_one_draft_a_week_asking_again_opens_it(world, whose):
    """Asked again for the same week (service, API, page), the draft comes back: brought up to
    date while unedited, as it is once edited; a second row is refused by the database."""
    team = world.product if whose == "team" else None
    author = world.lead
    first = services.generate(author, team=team)
    again = services.generate(author, team=team, day=first.week_start + timedelta(days=2))
    assert again.pk == first.pk and again.reopened and not first.reopened
    services.edit(author, again, body="My own words", version=again.version)
    assert services.generate(author, team=team).body == "My own words"
    response = Api(author).post("/reports", {"team_id": team.pk if team else None})
    assert response.status_code == 200 and response.json()["id"] == first.pk
    assert WeeklyReport.objects.filter(state="draft").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklyReport.objects.create(organization=world.org, author=author,
                                    person=None if team else author, team=team,
                                    week_start=first.week_start)  # fmt: skip
    services.share(author, WeeklyReport.objects.get(pk=first.pk))
    fresh = services.generate(author, team=team)  # shared: the next one is a new draft
    assert fresh.pk != first.pk and not fresh.reopened
