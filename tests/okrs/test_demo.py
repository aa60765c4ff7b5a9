import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from mubiao.okrs import demo
from mubiao.okrs.models import CheckIn, Comment, Cycle, Objective
from mubiao.orgs.models import Organization

TODAY = dt.date(2026, 11, 25)


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def _demo_built(django_db_setup, django_db_blocker):
    """Built once for the module (about 15 seconds); each test runs in a savepoint inside this
    transaction and rolls back. The tests that build a demo of their own, on other days, are in
    test_demo_days.py: here the demo is already there."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo.create_demo(TODAY).pk
        transaction.set_rollback(True)


@pytest.fixture
def demo_org(_demo_built, db):
    return Organization.objects.get(pk=_demo_built)


def test_demo_shape(demo_org):
    assert demo_org.memberships.count() >= 20
    assert demo_org.memberships.exclude(manager=None).count() == demo_org.memberships.count() - 1
    names = set(demo_org.teams.values_list("name", flat=True))
    assert {"产品部", "研发部", "客户支持部", "市场部", "Global Sales"} <= names
    year = Cycle.objects.get(organization=demo_org, kind="year")
    quarters = Cycle.objects.filter(organization=demo_org, parent=year)
    assert quarters.count() == 4
    assert quarters.get(state="active").name == "2026 Q4"
    assert CheckIn.objects.filter(organization=demo_org).count() > 300
    assert Comment.objects.filter(organization=demo_org).count() == 3
    statuses = set(Objective.objects.filter(organization=demo_org).values_list("status", flat=True))
    assert len(statuses) >= 3


def test_demo_carries_the_seed_article(demo_org):
    seed = Objective.objects.filter(
        organization=demo_org,
        owner_member__title__in=["产品经理", "产品主管", "文档撰写者"],
        cycle__kind="year",
    )
    assert seed.count() == 5
    assert sum(o.key_results.count() for o in seed) == 15
    pm = seed.get(title="产品的日续费率增长 3%")
    # Aligned upward: the product manager's objective supports the department's key result,
    # which supports the company's.
    department_kr = pm.parent_key_result
    assert department_kr.objective.owner_team.name == "产品部"
    assert department_kr.objective.parent_key_result.objective.owner_type == "organization"
    assert pm.key_results.get(title__startswith="2 月").due_date == dt.date(2026, 2, 28)


def test_demo_people_have_work_in_the_current_quarter(demo_org):
    quarter = Cycle.objects.get(organization=demo_org, state="active", kind="quarter")
    for title in ("产品总监", "产品经理", "产品主管", "文档撰写者", "CEO"):
        assert Objective.objects.filter(cycle=quarter, owner_member__title=title).exists(), title


def test_demo_is_idempotent(demo_org):
    counts = (demo_org.memberships.count(), Objective.objects.count(), CheckIn.objects.count())
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Organization.objects.filter(slug=demo.SLUG).count() == 1
    org = Organization.objects.get(slug=demo.SLUG)
    assert org.memberships.count() == counts[0]
    assert Objective.objects.count() == counts[1]


def test_the_demo_dashboards_draw_the_cycle_from_its_history(demo_org):
    """The demo command writes its daily figures at once (insights.tasks.write_cycles), past
    days included from the check-ins: the company line has a point per day of the cycle so
    far and moves (not flat, then a jump)."""
    from mubiao.insights.models import TeamSnapshot
    from mubiao.insights.tasks import write_cycles
    from mubiao.okrs.models import Cycle
    from mubiao.orgs.rules import today_for

    write_cycles(demo_org)
    today = today_for(demo_org)
    cycle = Cycle.objects.get(
        organization=demo_org, kind="quarter", start_date__lte=today, end_date__gte=today
    )
    line = list(
        TeamSnapshot.objects.filter(cycle=cycle, team__isnull=True)
        .order_by("day")
        .values_list("progress", flat=True)
    )
    assert len(line) == (today - cycle.start_date).days + 1
    assert len(set(line)) > 5


MEASURED = ("number", "percent")


def test_the_demo_stores_what_its_titles_say(demo_org):
    """h9m: the demo's `日活跃用户增长 15%` was stored 0 → 15 (%), a start nobody measured, which
    the text import refuses. Every demo key result whose title states its numbers is stored as
    the text reader reads them, and none states a change without a start."""
    from mubiao.okrs.models import KeyResult
    from mubiao.okrs.transfer.readings import needs_start
    from mubiao.okrtext import read_key_result

    checked = 0
    measured = KeyResult.objects.filter(organization=demo_org, metric_type__in=MEASURED)
    for kr in measured:
        reading = read_key_result(kr.title)
        assert not needs_start(reading), kr.title
        if reading.start is not None and reading.target is not None:
            assert (kr.start_value, kr.target_value) == (reading.start, reading.target), kr.title
            checked += 1
    assert checked


def test_the_demo_history_is_not_replayed_into_the_bells(demo_org):
    """Its months of check-ins once left 204 unread aligned_checkin entries in a lead's bell;
    only the comments written after the history are news."""
    from mubiao.notify.models import Delivery, Notification
    from mubiao.orgs.models import TeamMember

    unread = Notification.objects.filter(organization=demo_org, read_at=None)
    leads = TeamMember.objects.filter(team__organization=demo_org, is_lead=True)
    assert leads.exists()
    for lead in leads:
        count = unread.filter(recipient_id=lead.membership_id).count()
        assert count <= 5, (lead.membership, count)
    assert not unread.filter(kind="aligned_checkin").exists()
    assert not Delivery.objects.filter(organization=demo_org, status="queued").exists()
    # The comments' mentions are news and stay unread.
    assert unread.filter(kind="mention").exists()


def test_the_demo_lines_do_not_jump_on_today(demo_org):
    """Issue 12: the past days of the progress lines (snapshots.backfill) are the live rule as
    of each day, so with no check-in since yesterday, yesterday's point is today's live one,
    for every objective and team of every running cycle (the demo's objective 4 takes a key
    result's progress from aligned objectives and was 0.3666 yesterday against 0.8667 live;
    objective 5 mixes its key results with the objectives aligned to it and to its key
    results)."""
    from mubiao.insights.models import ObjectiveSnapshot, TeamSnapshot
    from mubiao.insights.tasks import write_cycles
    from mubiao.orgs.rules import today_for

    write_cycles(demo_org)
    today = today_for(demo_org)
    yesterday = today - dt.timedelta(days=1)
    assert not CheckIn.objects.filter(organization=demo_org, created_at__date=today).exists()
    running = Cycle.objects.filter(organization=demo_org, start_date__lt=today, end_date__gte=today)
    assert running.count() == 2  # the year and its quarter
    rolled = 0
    for cycle in running:
        for model, key in ((ObjectiveSnapshot, "objective_id"), (TeamSnapshot, "team_id")):
            rows = model.objects.filter(cycle=cycle, day__in=[yesterday, today])
            by_day: dict = {}
            for row in rows:
                by_day.setdefault(row.day, {})[getattr(row, key)] = row.progress
            assert by_day[yesterday] == by_day[today], (cycle.name, model.__name__)
        rolled += (
            Objective.objects.filter(cycle=cycle)
            .filter(~Q(progress_source="key_results") | Q(key_results__progress_source="children"))
            .count()
        )
    assert rolled  # the demo has objectives that roll up


def test_the_demo_people_write_their_notes_in_their_own_language(demo_org):
    """Issue 9: a Chinese member's check-in note read “Latest numbers from the dashboard.” on the
    zh-hans company page (the note's language followed the key result's title). Every written
    text of the demo (check-in notes, comments) is in its author's language."""
    from mubiao.okrtext.text import is_mostly_cjk as has_cjk

    wrong = []
    for check_in in (
        CheckIn.objects.filter(organization=demo_org)
        .exclude(note="")
        .select_related("author__user")
    ):
        chinese = check_in.author.user.language == "zh-hans"
        if chinese != has_cjk(check_in.note):
            wrong.append((check_in.author.user.name, check_in.note))
    for comment in Comment.objects.filter(organization=demo_org).select_related("author__user"):
        chinese = comment.author.user.language == "zh-hans"
        if chinese != has_cjk(comment.body):
            wrong.append((comment.author.user.name, comment.body))
    assert wrong == []
