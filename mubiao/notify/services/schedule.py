"""Reminders and digests: the "next due" rows, claimed by the worker's pass (run_due)."""

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mubiao.notify import announcements, compose, inapp, rules, selectors
from mubiao.notify.compose import Event
from mubiao.notify.models import (
    Announced,
    Channel,
    Delivery,
    NextDue,
    Preference,
)
from mubiao.notify.services.outbox import deliver_due, queue_email, queue_for_channel
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.orgs.rules import is_time_zone

logger = logging.getLogger(__name__)

# What run_due's summary calls the deliveries of its pass, by the status each ended in: only a
# sent one is "delivered" ("failed" already counts the reminders that could not be written).
DELIVERY_OUTCOMES = {
    Delivery.Status.SENT: "delivered",
    Delivery.Status.RETRYING: "retrying",
    Delivery.Status.FAILED: "undelivered",
    Delivery.Status.WITHDRAWN: "withdrawn",
}


def _zone(member: Membership, preference: Preference | None) -> str:
    org_zone = (member.organization.settings or {}).get("time_zone") or ""
    return rules.reminder_zone(
        preference_zone=preference.time_zone if preference else "",
        person_zone=member.user.timezone if is_time_zone(member.user.timezone) else "",
        language=member.user.language,
        org_zone=org_zone or settings.TIME_ZONE,
    )


def preference_of(member: Membership) -> Preference:
    """The member's saved choices, or an unsaved row holding the defaults (not attached to the
    member, so that no later read of member.notify_preference sees it)."""
    return Preference.objects.filter(membership=member).first() or Preference()


def _preference(member: Membership) -> Preference | None:
    try:
        return member.notify_preference
    except Preference.DoesNotExist:
        return None


def next_due_for(member: Membership, after: datetime) -> datetime:
    preference = _preference(member)
    return rules.next_due(
        after,
        weekday=preference.reminder_weekday if preference else rules.DEFAULT_WEEKDAY,
        hour=preference.reminder_hour if preference else rules.DEFAULT_HOUR,
        zone=_zone(member, preference),
    )


def reschedule(members) -> None:
    """Move the reminders and digests of `members` (a Membership queryset) to the times their
    zones give now: after a person changes their time zone or language, or an organization its
    zone. Two queries and one batched update, however many."""
    now = timezone.now()
    rows = list(
        NextDue.objects.filter(membership__in=members).select_related(
            "membership__user", "membership__organization", "membership__notify_preference"
        )
    )
    for row in rows:
        row.due_at = next_due_for(row.membership, now)
    NextDue.objects.bulk_update(rows, ["due_at"], batch_size=500)


def _wanted_rows() -> dict[str, Q]:
    """Who gets which scheduled message: every active member a reminder, team leads a team
    digest, owners and admins a company digest."""
    active = Q(is_active=True, user__is_active=True)
    return {
        NextDue.Kind.REMINDER: active,
        NextDue.Kind.TEAM_DIGEST: active
        & Q(pk__in=TeamMember.objects.filter(is_lead=True).values("membership_id")),
        NextDue.Kind.COMPANY_DIGEST: active
        & Q(role__in=[Membership.Role.OWNER, Membership.Role.ADMIN]),
    }


def ensure_due_rows(now: datetime) -> int:
    """Create the missing "next due" rows (new members, new leads); safe from many workers at
    once (the unique constraint and ignore_conflicts)."""
    created = 0
    for kind, wanted in _wanted_rows().items():
        missing = (
            Membership.objects.filter(wanted)
            .exclude(pk__in=NextDue.objects.filter(kind=kind).values("membership_id"))
            .select_related("user", "organization", "notify_preference")
        )
        rows = [
            NextDue(
                organization_id=m.organization_id,
                kind=kind,
                membership=m,
                due_at=next_due_for(m, now),
            )
            for m in missing
        ]
        NextDue.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
    return created


def run_due(now: datetime | None = None) -> Counter:
    """One pass: queue every reminder and digest that is due, once, announce what is due
    (notify.announcements: cycles closing, people silent for N days), then send what is queued
    (deliver_due). Each due row is claimed by one conditional UPDATE (its due time moves to the
    next week) in the transaction that queues its messages, so two workers never queue the
    same one, and a worker killed after claiming has queued it for the next pass to send."""
    now = now or timezone.now()
    ensure_due_rows(now)
    sent: Counter = Counter()
    sent.update(announcements.announce_due(now))
    if groups := team_channel_digests(now):
        sent["team_channel_digest"] = groups
    due = NextDue.objects.filter(due_at__lte=now).select_related(
        "membership__user", "membership__organization", "membership__notify_preference"
    )
    for row in due.order_by("due_at", "id"):
        member = row.membership
        # At most one a week: moving one's reminder to a later day after this week's was sent
        # moves it to next week.
        again = rules.same_week(row.last_sent_at, now, _zone(member, _preference(member)))
        with transaction.atomic():
            claimed = NextDue.objects.filter(pk=row.pk, due_at=row.due_at).update(
                due_at=next_due_for(member, now), last_sent_at=row.last_sent_at if again else now
            )
            if not claimed or again:
                continue  # another worker has it, or it was sent this week
            try:
                # One person's failure must not stop everyone else's reminders; their claim
                # stands (not retried every pass), what failed is rolled back.
                with transaction.atomic():
                    if _send_scheduled(row.kind, member, now):
                        sent[row.kind] += 1
            except Exception:
                logger.exception("notify: %s for member %s failed", row.kind, member.pk)
                sent["failed"] += 1
    for status, count in deliver_due(now).items():
        sent[DELIVERY_OUTCOMES.get(status, status)] += count
    return sent


def _send_scheduled(kind: str, member: Membership, now: datetime) -> bool:
    if not (member.is_active and member.user.is_active):
        return False
    preference = _preference(member)
    days = rules.not_updated_days(member.organization.settings or {})
    if kind == NextDue.Kind.REMINDER:
        if preference and not preference.reminders:
            return False
        key_results = selectors.key_results_to_update(member, now, days)
        if not key_results:
            return False
        message = compose.reminder(member, key_results)
        bell = {"member": member.pk, "count": len(key_results)}
    else:
        if preference and not preference.digests:
            return False
        if kind == NextDue.Kind.TEAM_DIGEST:
            if _company_digest_covers(member, preference):
                return False
            teams = TeamMember.objects.filter(membership=member, is_lead=True)
            led = list(teams.order_by("team__name").values_list("team__name", "team__slug"))
            if not led:
                return False
            names = ", ".join(name for name, _slug in led)
            slugs = [slug for _name, slug in led]
            data = selectors.digest(
                member, now, days, team_ids=permissions.led_teams_subquery(member)
            )
        else:
            if not permissions.is_admin(member):
                return False
            names, slugs = member.organization.name, []
            data = selectors.digest(member, now, days)
        if not data.key_results:
            return False
        message = compose.digest(kind, member, names, data, team_slugs=slugs)
        bell = {"scope": names, "checked_in": data.checked_in, "key_results": data.key_results,
                "progress": float(data.average_progress or 0)}  # fmt: skip
    chosen = rules.channels_for(preference.channels if preference else {}, kind)
    if rules.EMAIL in chosen:
        queue_email(member, message, now=now)
    if rules.INAPP in chosen:
        inapp.add(Event(kind, member.organization_id, data=bell), [member], None)
    return True


def _company_digest_covers(member: Membership, preference: Preference | None) -> bool:
    """Whether an owner's or admin's company digest already says all their team digest would:
    they lead every team of the organization (the root team, or each top-level one) and get
    the company digest wherever they get the team digest. They are sent the company digest
    only, not two near-identical ones in the same pass."""
    if not permissions.is_admin(member):
        return False
    chosen = preference.channels if preference else {}
    team_channels = set(rules.channels_for(chosen, NextDue.Kind.TEAM_DIGEST))
    if not team_channels <= set(rules.channels_for(chosen, NextDue.Kind.COMPANY_DIGEST)):
        return False
    teams = Team.objects.filter(organization_id=member.organization_id)
    return not teams.exclude(pk__in=permissions.led_teams_subquery(member)).exists()


def team_channel_digests(now: datetime) -> int:
    """The weekly digest of each team into the team's chat groups, on its organization's
    schedule (rules.DEFAULT_WEEKDAY at DEFAULT_HOUR on the organization's clock), not on any
    lead's: public objectives only (everyone in the group may read it), read as the team's
    first active lead reads them. Each week's is claimed once per channel (an Announced row,
    inserted in the transaction that queues it), so however many workers run it is queued
    once. A channel added after this week's time waits for next week's."""
    channels = list(
        Channel.objects.filter(team__isnull=False, paused_at__isnull=True).select_related(
            "team", "organization"
        )
    )
    weeks = {}
    for channel in channels:
        # The one occurrence in the last seven days (next_due is strictly after its start).
        week = rules.next_due(
            now - timedelta(days=7),
            weekday=rules.DEFAULT_WEEKDAY,
            hour=rules.DEFAULT_HOUR,
            zone=channel.organization.time_zone,
        )
        if week <= now and channel.created_at <= week:
            weeks[f"channel {channel.pk} week {week.isoformat()}"] = channel
    taken = set(
        Announced.objects.filter(kind=NextDue.Kind.TEAM_DIGEST, key__in=weeks).values_list(
            "key", flat=True
        )
    )
    queued = 0
    for key, channel in weeks.items():
        if key in taken:
            continue
        lead = (
            Membership.objects.filter(
                team_memberships__team=channel.team_id,
                team_memberships__is_lead=True,
                is_active=True,
                user__is_active=True,
            )
            .select_related("user", "organization")
            .order_by("pk")
            .first()
        )
        if lead is None:
            continue
        days = rules.not_updated_days(channel.organization.settings or {})
        # The team with its sub-teams, as its lead's e-mail counts it (one week, one number).
        scope = permissions.team_subtree_subquery(channel.team_id)
        data = selectors.digest(lead, now, days, team_ids=scope, public_only=True)
        with transaction.atomic():
            if not announcements.claim(channel.organization_id, NextDue.Kind.TEAM_DIGEST, key):
                continue  # another worker has it
            if data.key_results:
                message = compose.digest(
                    NextDue.Kind.TEAM_DIGEST, lead, channel.team.name, data,
                    team_slugs=[channel.team.slug], group=True,
                )  # fmt: skip
                queue_for_channel(channel, message, now=now)
                queued += 1
    return queued
