"""Permission-scoped reads for reminders and digests. Every list is filtered with
orgs.permissions.objective_visibility_q for the person who will read it, so a private or
team-visible objective never reaches a reminder, digest, count or chat card of someone who
may not see it. Each function makes a fixed number of queries whatever the team's size."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from mubiao.notify import rules
from mubiao.notify.models import Channel, Delivery, Notification
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import CheckIn, Cycle, KeyResult, Objective, Status
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.orgs.rules import today_for

DIGEST_ITEMS = 10  # rows per digest section: a digest is read in a minute, not scrolled


def open_key_results(organization_id: int, today: date) -> QuerySet[KeyResult]:
    """Active key results of active objectives in cycles that still ask for check-ins (active
    and not past their end on the organization's `today`: okrs.rules.asks_for_check_ins; past
    it a cycle asks for grades), checked in by hand."""
    return KeyResult.objects.filter(
        organization_id=organization_id,
        state=KeyResult.State.ACTIVE,
        progress_source=KeyResult.ProgressSource.MANUAL,
        objective__state=Objective.State.ACTIVE,
        objective__cycle__state=Cycle.State.ACTIVE,
        objective__cycle__end_date__gte=today,
    )


def needs_update_q(now: datetime, days: int) -> Q:
    """What needs an update, the one rule of reminders and digests alike: a key result not
    finished (done, or at its target) that nobody checked in for `days` days (or ever)."""
    since = now - timedelta(days=days)
    return ~Q(status=Status.DONE) & (
        Q(last_check_in_at__isnull=True) | Q(last_check_in_at__lte=since)
    )


def key_results_to_update(member: Membership, now: datetime, days: int) -> list[KeyResult]:
    """The member's own key results (owned, or unowned under their personal objective) that
    need an update (needs_update_q): what their weekly reminder lists."""
    mine = Q(owner_id=member.pk) | Q(owner__isnull=True, objective__owner_member_id=member.pk)
    rows = (
        open_key_results(member.organization_id, today_for(member.organization, now))
        .filter(mine)
        .filter(needs_update_q(now, days))
        .filter(permissions.objective_visibility_q(member, "objective__"))
        .select_related("objective")
        .order_by("objective__position", "objective_id", "position", "id")
    )
    # All need an update: the ones behind first.
    return sorted(rows, key=lambda kr: rules.update_order(kr.status, True))


def key_result_for_link(
    member: Membership, key_result_id: int | None, now: datetime, days: int
) -> list[KeyResult]:
    """What a one-tap link opens: the one key result, or all the member's open key results,
    only those they may still check in on now (the page re-checks on every use); what needs an
    update (needs_update_q, `days` the organization's threshold) first, then what is behind,
    what is done last (rules.update_order), each `.needs_update`."""
    mine = Q(owner_id=member.pk) | Q(owner__isnull=True, objective__owner_member_id=member.pk)
    rows = open_key_results(
        member.organization_id, today_for(member.organization, now)
    ).select_related("objective__cycle", "objective__organization")
    rows = rows.filter(pk=key_result_id) if key_result_id else rows.filter(mine)
    rows = rows.filter(permissions.objective_visibility_q(member, "objective__")).annotate(
        needs_update=ExpressionWrapper(needs_update_q(now, days), output_field=BooleanField())
    )
    mine_now = [
        kr
        for kr in rows.order_by("objective__position", "objective_id", "position", "id")
        if permissions.can_check_in(member, kr)
    ]
    return sorted(mine_now, key=lambda kr: rules.update_order(kr.status, kr.needs_update))


@dataclass
class Digest:
    """What a weekly digest says about the key results its reader may see in its scope."""

    checked_in: int = 0  # check-ins this week
    key_results: int = 0
    average_progress: float = 0.0
    behind: list = field(default_factory=list)  # KeyResult with .last_note
    not_updated: list = field(default_factory=list)  # (Membership, count)
    # How many in all: the lists above stop at DIGEST_ITEMS, the message says the rest.
    behind_total: int = 0
    not_updated_total: int = 0
    movers: list = field(default_factory=list)  # (KeyResult, delta)


def digest(
    reader: Membership, now: datetime, days: int, *, team_ids=None, public_only: bool = False
) -> Digest:
    """The week up to `now` for the reader: the key results of objectives filed under
    `team_ids` (a subquery of teams with all their sub-teams, as the team dashboard counts
    them: orgs.permissions.led_teams_subquery, team_subtree_subquery) or, when None, the whole
    organization (owners and admins). Every channel counts the same rows; what this reader
    (or, `public_only`, a chat group) may not see is left out of every number, and nothing
    says it exists: no count of hidden key results, to a person or a group. A fixed number of
    queries, whatever the number of people and key results."""
    week_ago = now - timedelta(days=7)
    rows = open_key_results(reader.organization_id, today_for(reader.organization, now)).filter(
        permissions.objective_visibility_q(reader, "objective__")
    )
    if team_ids is not None:
        rows = rows.filter(objective__team_id__in=team_ids)
    if public_only:  # for a chat group: what every member of the group may see
        rows = rows.filter(permissions.open_to_all_q("objective__"))
    scope = rows
    latest = CheckIn.objects.filter(key_result=OuterRef("pk")).order_by("-created_at", "-id")
    rows = rows.annotate(
        needs_update=ExpressionWrapper(needs_update_q(now, days), output_field=BooleanField()),
        last_note=Subquery(latest.values("note")[:1]),
        progress_before=Subquery(latest.filter(created_at__lt=week_ago).values("progress")[:1]),
    ).select_related("objective__cycle", "owner__user", "objective__owner_member__user")
    krs = list(rows.order_by("objective_id", "position", "id"))
    result = Digest(key_results=len(krs))
    result.checked_in = CheckIn.objects.filter(
        key_result__in=scope.values("pk"), created_at__gte=week_ago
    ).count()
    if not krs:
        return result
    result.average_progress = float(sum(min(kr.progress, 1) for kr in krs) / len(krs))
    behind = [kr for kr in krs if kr.status in (Status.AT_RISK, Status.OFF_TRACK)]
    result.behind, result.behind_total = behind[:DIGEST_ITEMS], len(behind)
    okr_selectors.add_forecasts(reader.organization, result.behind)
    stale: dict[int, list] = {}
    for kr in krs:
        person = kr.owner or kr.objective.owner_member
        # A deactivated person cannot update anything: naming them only blames the leaver.
        active = person is not None and person.is_active and person.user.is_active
        if active and kr.needs_update:
            stale.setdefault(person.pk, [person, 0])[1] += 1
    # Someone who checked in within the period has updated, even if only on a key result the
    # reader may not see (a private one): they are not named, and that key result is not.
    updated = CheckIn.objects.filter(
        organization_id=reader.organization_id,
        author_id__in=list(stale),
        created_at__gt=now - timedelta(days=days),
    ).values_list("author_id", flat=True)
    for person_id in set(updated) if stale else ():
        del stale[person_id]
    result.not_updated_total = len(stale)
    result.not_updated = sorted(
        (tuple(v) for v in stale.values()), key=lambda v: (-v[1], v[0].user.display_name)
    )[:DIGEST_ITEMS]
    moved = []
    for kr in krs:
        if kr.last_check_in_at and kr.last_check_in_at >= week_ago:
            delta = kr.progress - (kr.progress_before or 0)
            if delta:
                moved.append((kr, float(delta)))
    result.movers = sorted(moved, key=lambda m: -abs(m[1]))[:DIGEST_ITEMS]
    return result


def channels(actor: Membership) -> QuerySet[Channel]:
    """The organization's channels (admins' settings page)."""
    return Channel.objects.filter(organization_id=actor.organization_id).select_related("team")


def deliveries(actor: Membership, channel: Channel | None = None) -> QuerySet[Delivery]:
    """The delivery log of the actor's organization, newest first (admins)."""
    rows = Delivery.objects.filter(organization_id=actor.organization_id)
    if channel is not None:
        rows = rows.filter(channel=channel)
    return rows.select_related("channel", "recipient__user")


def notifications(actor: Membership) -> QuerySet[Notification]:
    """The member's in-app notifications (the bell and its page), newest first: only those
    about nothing in particular (a cycle, a channel) or about an objective they may still see
    (one made private since hides its notifications and their count). One query for a page
    whatever it holds: everything the page writes is joined."""
    visible = Objective.objects.filter(pk=OuterRef("objective_id")).filter(
        permissions.objective_visibility_q(actor)
    )
    return (
        Notification.objects.filter(organization_id=actor.organization_id, recipient=actor)
        .filter(Q(objective__isnull=True) | Exists(visible))
        .select_related("actor__user", "objective", "key_result", "comment", "cycle")
    )


def unread_count(actor: Membership) -> int:
    return notifications(actor).filter(read_at__isnull=True).count()
