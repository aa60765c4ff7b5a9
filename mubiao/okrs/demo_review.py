"""The demo's previous quarter, graded (`mubiao demo`): the grading review and calibration pages
have something to show on the tour.

Fixed stories, no randomness: the same scores, notes and retrospectives on every run, in the
language of the person who owns each objective (the demo is bilingual). The quarter before the
current one is reopened for grading, its OKRs are written, checked in on weekly and graded
through the real services, then it is closed again. When the current quarter is the year's
first, last year's fourth quarter is created for them.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective

# Check-ins every this many days, up to the quarter's end, with the owner's confidence.
EVERY = dt.timedelta(days=14)


@dataclass
class Graded:
    """A key result of the previous quarter: the score it got, which is also where it ended
    (that share of the way from start to target: the demo's grades are the suggested ones),
    its last confidence (0–10) and the note beside the score."""

    title: str
    start: int
    target: int
    score: str
    confidence: int
    note: str = ""


@dataclass
class Past:
    owner: str  # a person key of demo.PEOPLE
    title: str
    kind: str
    krs: list
    retrospective: str


PAST = [
    Past("pm", "上线新版客户成功手册", "committed", [
        Graded("完成 30 次客户访谈", 0, 30, "1.0", 8),
        Graded("手册覆盖 20 个常见场景", 0, 20, "0.6", 6,
               "法务审核排期晚了三周，8 个场景顺延到本季度。"),
    ], "访谈按期完成；手册的审核流程需要提前和法务对齐。"),
    Past("pm", "验证企业版定价", "aspirational", [
        Graded("签下 5 家试点企业", 0, 5, "0.4", 7,
               "只签下 2 家：决策链比预期长。"),
    ], "信心一直是 7，最终只有 0.4：下季度更早更新信心。"),
    Past("be", "API 平均响应时间降到 200ms 以内", "committed", [
        Graded("P95 响应时间从 800ms 降到 200ms", 800, 200, "1.0", 9),
        Graded("慢查询数量从 40 个降到 5 个", 40, 5, "1.0", 8),
    ], "缓存和索引改造都按计划完成。"),
    Past("qa", "自动化测试覆盖核心流程", "committed", [
        Graded("核心流程自动化覆盖率从 40% 提升到 90%", 40, 90, "0.7", 6,
               "支付流程的测试环境一直不稳定。"),
    ], "支付沙箱不稳定拖慢了进度，本季度先解决环境问题。"),
    Past("pe", "Cut deploy time to under 10 minutes", "aspirational", [
        Graded("Median deploy from 45 to 10 minutes", 45, 10, "1.0", 5,
               "Build cache did most of it."),
    ], "Done early: the target was probably not ambitious enough."),
    Past("ae", "Open the Singapore market", "aspirational", [
        Graded("Sign 10 customers in Singapore", 0, 10, "0.2", 7,
               "Local partner signed late in the quarter."),
        Graded("Hold 40 discovery calls", 0, 40, "0.4", 7),
    ], "Too far for one quarter without a partner: keep working on it with the partner."),
    Past("sdr", "Build a qualified pipeline", "committed", [
        Graded("Book 60 qualified meetings", 0, 60, "0.8", 8,
               "Two weeks lost to the CRM migration."),
    ], "Missed by 12 meetings: the CRM migration took two weeks of outreach."),
    Past("cs1", "工单首次响应时间缩短到 1 小时", "committed", [
        Graded("首次响应时间从 4 小时降到 1 小时", 4, 1, "1.0", 8),
    ], "排班调整后稳定达标。"),
]  # fmt: skip


def graded_quarter(builder) -> Cycle:
    """Write and grade PAST in the quarter before `builder.quarter` (demo.Builder, with its
    people and cycles made), and close it. Returns that quarter."""
    admin = builder.people["hr"]
    cycle = _previous(builder, admin)
    zone = ZoneInfo(builder.org.time_zone)
    written = []
    for past in PAST:
        owner = builder.people[past.owner]
        objective = services.create_objective(
            owner, cycle=cycle, title=past.title, kind=past.kind, owner_type="person",
            owner_member=owner,
            key_results=[{"title": kr.title, "start_value": kr.start, "target_value": kr.target,
                          "direction": "decrease" if kr.target < kr.start else "increase"}
                         for kr in past.krs],
        )  # fmt: skip
        krs = list(objective.key_results.order_by("position"))
        for kr, story in zip(krs, past.krs, strict=True):
            _history(owner, kr, story, cycle, zone)
        written.append((owner, objective, krs))
    services.set_cycle_state(admin, cycle, Cycle.State.GRADING)
    for (owner, objective, krs), past in zip(written, PAST, strict=True):
        services.grade_objective(
            owner,
            Objective.objects.get(pk=objective.pk),
            scores={
                kr.pk: (story.score, story.note) for kr, story in zip(krs, past.krs, strict=True)
            },
            retrospective=past.retrospective,
        )
    services.set_cycle_state(admin, cycle, Cycle.State.CLOSED)
    return cycle


def _previous(builder, admin) -> Cycle:
    """The closed quarter before the current one, active again while its objectives are
    written; last year's Q4, created, when the current one is Q1."""
    before = [q for q in builder.quarters if q.end_date < builder.quarter.start_date]
    if before:
        cycle = before[-1]
        services.set_cycle_state(admin, cycle, Cycle.State.GRADING)
        services.set_cycle_state(admin, cycle, Cycle.State.ACTIVE)
        return cycle
    year = builder.quarter.start_date.year - 1
    return services.create_cycle(
        admin, name=f"{year} Q4", kind=Cycle.Kind.QUARTER, start_date=dt.date(year, 10, 1),
        end_date=dt.date(year, 12, 31), state=Cycle.State.ACTIVE,
    )  # fmt: skip


def _history(owner, kr, story: Graded, cycle: Cycle, zone) -> None:
    """Check-ins every EVERY days from the quarter's start, moving evenly to the story's score
    (as a share of the way) by its end, with the story's confidence."""
    days = [
        cycle.start_date + EVERY * (i + 1)
        for i in range((cycle.end_date - cycle.start_date) // EVERY)
    ]
    for index, day in enumerate(days, start=1):
        fraction = Decimal(story.score) * index / len(days)
        value = Decimal(story.start) + (Decimal(story.target) - Decimal(story.start)) * fraction
        at = dt.datetime.combine(day, dt.time(10, 30), tzinfo=zone)
        services.check_in(owner, kr, value=round(value, 1), confidence=story.confidence, at=at)
        kr.refresh_from_db()
