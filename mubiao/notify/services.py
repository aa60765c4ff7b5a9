"""Every write of notify, and the one entry point every event goes through (`notify`).

Deliveries are outbox rows written in the transaction that caused them (a comment rolled back
sends nothing) and sent by the worker (deliver_due), never by the web request: each channel on
its own, so one failing or hanging channel is logged and never keeps the others from being
sent nor a person's request waiting.
"""

import itertools
import json
import logging
import smtplib
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mubiao import vault
from mubiao.notify import announcements, compose, inapp, links, rules, selectors, vendors
from mubiao.notify import messages as kinds
from mubiao.notify.compose import Event
from mubiao.notify.messages import Message
from mubiao.notify.models import (
    SECRET_PURPOSE,
    Announced,
    Channel,
    ChannelLimit,
    ChatAccount,
    ChatPress,
    Delivery,
    NextDue,
    Preference,
)
from mubiao.notify.vendors import rules as vendor_rules
from mubiao.notify.vendors.rules import Press, Result
from mubiao.notify.vendors.transport import PinnedTransport, endpoint_problem, private_address
from mubiao.okrs.models import Objective
from mubiao.okrs.services._common import log
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization, TeamMember
from mubiao.orgs.rules import is_time_zone
from mubiao.orgs.services import _log_organization
from mubiao.transactions import write_transaction

logger = logging.getLogger(__name__)

# Above this many recipients their preferences are read by organization, not by a list of ids
# (a cycle starting reaches everyone; SQLite limits the parameters of one statement).
_MANY = 200


# --------------------------------------------------------------------------------------------
# Events


def notify(event: Event) -> None:
    """Tell the event's recipients, each on the channels they chose (the bell by default), and
    the organization's chat groups and webhooks that subscribed to its kind. Recipients who
    may not see the objective the event is about (its own, or its key result's) are dropped
    here, whoever built the event."""
    actor_id = event.actor.pk if event.actor else None
    objective = event.objective or (event.key_result.objective if event.key_result else None)
    recipients = {
        m.pk: m
        for m in event.recipients
        if m.is_active and m.pk != actor_id and m.organization_id == event.organization_id
    }
    if objective is not None:
        recipients = {
            pk: m for pk, m in recipients.items() if permissions.can_see_objective(m, objective)
        }
    bell, emails = by_channel(event, recipients)
    inapp.add(event, bell, objective)
    public = objective is None or objective.visibility == Objective.Visibility.PUBLIC
    groups = []
    # Personal events ("mentioned you") go to their person only, never to a group; a team's
    # own group hears of the objectives filed under that team.
    if public and event.kind in kinds.GROUP_EVENT_KINDS:
        groups = [
            c
            for c in Channel.objects.filter(
                organization_id=event.organization_id, paused_at__isnull=True
            )
            if event.kind in c.events
            and (c.team_id is None or objective is None or c.team_id == objective.team_id)
        ]
    if not emails and not groups:
        return
    organization = Organization.objects.get(pk=event.organization_id)
    for member in emails:
        language = compose.language_of(member, organization)
        queue_email(member, compose.event_message(event, language, member.user.display_name))
    # Written for everyone in the group: in the organization's language.
    for channel in groups:
        queue_for_channel(channel, compose.event_message(event, organization.language))
    transaction.on_commit(wake_worker)


def by_channel(event: Event, recipients: dict) -> tuple[list, list]:
    """The recipients ({id: Membership}) who get the event in the bell, and those who get it
    by e-mail, as each chose for its kind. One query."""
    preferences = Preference.objects.exclude(channels={})
    if len(recipients) > _MANY:
        preferences = preferences.filter(membership__organization_id=event.organization_id)
    else:
        preferences = preferences.filter(membership_id__in=recipients)
    chosen = dict(preferences.values_list("membership_id", "channels"))
    bell, emails = [], []
    for member in recipients.values():
        picked = rules.channels_for(chosen.get(member.pk) or {}, event.kind)
        if rules.INAPP in picked:
            bell.append(member)
        if rules.EMAIL in picked:
            emails.append(member)
    return bell, emails


def notify_organization(event: Event) -> None:
    """An event for the whole organization (a cycle started, grading opened, a cycle closing):
    every active member (their bell, or the channels they chose) and the subscribed channels."""
    event.recipients = list(
        Membership.objects.filter(
            organization_id=event.organization_id, is_active=True, user__is_active=True
        ).select_related("user")
    )
    notify(event)


def sync_failed(key_result, error: str) -> None:
    """A key result's data source could not be read (for the data-source feature): its owner,
    its objective's owner and collaborators hear of it, on the channels they chose for the
    `sync_failed` kind, with `error` (the source's own words, shown as they are) under the
    title. Nobody who may not see the key result is told (notify drops them)."""
    objective = key_result.objective
    ids = {key_result.owner_id, objective.owner_member_id}
    ids.update(objective.collaborators.values_list("pk", flat=True))
    recipients = Membership.objects.filter(
        pk__in=[pk for pk in ids if pk], is_active=True, user__is_active=True
    ).select_related("user")
    notify(
        Event(
            kinds.SYNC_FAILED,
            key_result.organization_id,
            recipients=list(recipients),
            key_result=key_result,
            data={"error": error[:500]},
        )
    )


# --------------------------------------------------------------------------------------------
# Deliveries: an outbox written with the event, sent by the worker


def _queue(
    organization_id, message: Message, *, channel=None, recipient=None, now=None
) -> Delivery:
    """The outbox row of one message: written in the caller's transaction (rolled back with
    it), sent by the worker's next pass (deliver_due), never here: a channel that hangs never
    holds up the request that caused the message."""
    return Delivery.objects.create(
        organization_id=organization_id,
        channel=channel,
        channel_kind=channel.kind if channel else rules.EMAIL,
        recipient=recipient,
        kind=message.kind,
        status=Delivery.Status.QUEUED,
        attempts=0,
        payload=message.as_dict(),
        next_attempt_at=now or timezone.now(),
    )


def queue_email(member: Membership, message: Message, *, now=None) -> Delivery | None:
    """An e-mail (HTML and text) to a member, to be sent by the worker (from `now`: the
    worker's pass that queues it); None for a member without an e-mail address (known by
    mobile number only)."""
    if not member.user.email:
        return None
    return _queue(member.organization_id, message, recipient=member, now=now)


def queue_for_channel(channel: Channel, message: Message, *, now=None) -> Delivery:
    """A message to an organization channel (a mailing address, a chat bot, a webhook), to be
    sent by the worker (from `now`, as queue_email)."""
    return _queue(channel.organization_id, message, channel=channel, now=now)


def wake_worker() -> None:
    """Ask the worker to send what was just queued now rather than at its next scheduled pass
    (a row in the task queue: the request itself still calls no channel). Registered with
    transaction.on_commit by whoever queues."""
    from mubiao.notify import tasks  # tasks imports this module

    tasks.deliver.enqueue()


def _email(address: str, message: Message, delivery_id: int) -> None:
    with translation.override(message.language):
        html = render_to_string("notify/email.html", {"message": message})
    # The same Message-ID on every attempt: a mail system that got it before a worker died
    # mid-send recognises the second copy.
    headers = {"Message-ID": f"<delivery-{delivery_id}@{DNS_NAME}>"}
    mail = EmailMultiAlternatives(message.title, message.as_text(), to=[address], headers=headers)
    mail.attach_alternative(html, "text/html")
    mail.send()


def still_visible(message: Message, member: Membership | None = None) -> bool:
    """Whether every objective the message names still exists and may still be seen by
    `member`, or (None: a chat group, a webhook, a mailing list) by anyone: checked when it is
    sent, first time and retries alike, for it may have been made private since, or the
    member may have left the team that let them see it. One query, however many objectives
    the message names (a digest names many): the reader's visibility condition over the set,
    not a check per objective."""
    named = set(message.objectives)
    if not named:
        return True
    rows = Objective.objects.filter(pk__in=named)
    if member is None:
        rows = rows.filter(visibility=Objective.Visibility.PUBLIC)
    else:
        rows = rows.filter(organization_id=member.organization_id).filter(
            permissions.objective_visibility_q(member)
        )
    return rows.count() == len(named)


def _settle(delivery: Delivery, fields: dict) -> Delivery:
    """Write the outcome of the worker's claim, and end the claim. Only while the claim is
    still this worker's: one that outlived its lease (another worker has the delivery now)
    leaves the row to that one."""
    fields = {**fields, "claimed_at": None}
    Delivery.objects.filter(pk=delivery.pk, claimed_at=delivery.claimed_at).update(**fields)
    delivery.__dict__.update(fields)
    return delivery


def _withdraw(delivery: Delivery) -> Delivery:
    logger.info("notify: delivery %s withdrawn: no longer visible to its recipient", delivery.pk)
    return _settle(
        delivery, {"status": Delivery.Status.WITHDRAWN, "payload": None, "next_attempt_at": None}
    )


def _outcome(delivery: Delivery, message: Message, result: Result, now: datetime) -> dict:
    """The delivery's fields after one attempt: sent, failed, or (a failure that may pass,
    attempts left) retried later with back-off, the message kept for then."""
    attempts = delivery.attempts + 1
    fields = {"status": Delivery.Status.SENT, "status_code": result.status_code,
              "error": result.error, "detail": result.detail[:2000], "attempts": attempts,
              "next_attempt_at": None, "payload": None}  # fmt: skip
    if not result.ok:
        fields["status"] = Delivery.Status.FAILED
        if result.retryable and attempts < rules.MAX_ATTEMPTS:
            delay = vendor_rules.retry_delay(result, attempts - 1)
            fields.update(status=Delivery.Status.RETRYING, payload=message.as_dict(),
                          next_attempt_at=now + timedelta(seconds=delay))  # fmt: skip
    return fields


def _try_email(address: str, message: Message, delivery_id: int) -> Result:
    try:
        _email(address, message, delivery_id)
    except (OSError, smtplib.SMTPException) as failure:
        detail = str(failure) or type(failure).__name__
        return Result.failure(vendor_rules.CONNECTION, retryable=True, detail=detail)
    return Result(ok=True)


def _send_email(delivery: Delivery, message: Message, now: datetime) -> Delivery:
    """A claimed e-mail to a member: sent, or retried later with the chat channels' back-off;
    withdrawn when the member may no longer see what it names."""
    member = delivery.recipient
    if not (
        member is not None
        and member.is_active
        and member.user.is_active
        and member.user.email
        and still_visible(message, member)
    ):
        return _withdraw(delivery)
    result = _try_email(member.user.email, message, delivery.pk)
    return _settle(delivery, _outcome(delivery, message, result, now))


def channel_config(channel: Channel) -> dict | None:
    """The channel's full configuration, its secret parts decrypted (for sending only); None
    when they can no longer be read (SECRET_KEY changed)."""
    if not channel.secret:
        return dict(channel.config)
    secret = vault.decrypt(channel.secret, purpose=SECRET_PURPOSE)
    return None if secret is None else {**channel.config, **json.loads(secret)}


def _limit_wait(channel: Channel) -> float:
    """0.0 and a token taken, or the seconds until this channel may send again.

    One limiter per chat or webhook channel (the vendor's documented limit for one bot,
    vendors.rules.limiter_for), kept in the database (ChannelLimit) so that it holds however
    many workers send: the row is written before it is read, which takes its lock (SQLite:
    the database's writer lock) until the token is taken, so two workers never both take the
    last one. Wall-clock time, the same on every host (give them NTP). A channel over its
    limit is not waited for: its delivery is put off until a token is free, so it never
    delays the other channels."""
    if channel.kind not in vendors.VENDORS:
        return 0.0
    ChannelLimit.objects.bulk_create([ChannelLimit(channel=channel)], ignore_conflicts=True)
    with transaction.atomic():
        ChannelLimit.objects.filter(pk=channel.pk).update(uses=F("uses") + 1)
        state = ChannelLimit.objects.filter(pk=channel.pk).values_list("buckets", flat=True)
        limiter = vendor_rules.limiter_for(channel.kind).restore(state.first())
        wait = limiter.try_take(time.time())
        if not wait:
            ChannelLimit.objects.filter(pk=channel.pk).update(buckets=limiter.state())
    return wait


def _attempt(channel: Channel, message: Message, delivery_id: int) -> Result:
    config = channel_config(channel)
    if config is None:
        return Result.failure(rules.SECRET_UNREADABLE, retryable=False)
    if channel.kind == Channel.Kind.EMAIL:
        return _try_email(config["address"], message, delivery_id)
    # Each request goes to the address checked when it is made (transport.PinnedTransport),
    # not to whatever the name resolves to a moment later.
    pinned = PinnedTransport(allow_private=settings.MUBIAO_NOTIFY_ALLOW_PRIVATE_ADDRESSES)
    with httpx.Client(timeout=10, transport=pinned) as client:
        return vendors.send(
            channel.kind, config, message, client=client, delivery_id=str(delivery_id)
        )


def _refused_address(url: str) -> bool:
    """A chat group or webhook address inside the server's own networks, unless allowed."""
    return not settings.MUBIAO_NOTIFY_ALLOW_PRIVATE_ADDRESSES and private_address(url)


def _send_to_channel(delivery: Delivery, message: Message, now: datetime) -> float:
    """A claimed message to an organization channel: a mailing address, or a chat bot or
    webhook through notify.vendors. A failure the vendor module calls retryable (no answer,
    429, 5xx, the vendor's "too many") is retried later with back-off; a channel failing for
    a day is paused and its admins told. Returns the seconds the channel's rate limit holds
    it back (0.0 when it was tried)."""
    channel = delivery.channel
    if channel.paused_at is not None:
        _settle(delivery, {"status": Delivery.Status.FAILED, "payload": None,
                           "error": rules.PAUSED, "next_attempt_at": None})  # fmt: skip
        return 0.0
    if not still_visible(message):
        _withdraw(delivery)
        return 0.0
    wait = _limit_wait(channel)
    if wait:
        # Never sent, so no attempt is counted and the channel is not failing.
        _settle(delivery, {"error": rules.THROTTLED, "detail": "",
                           "next_attempt_at": now + timedelta(seconds=wait)})  # fmt: skip
        return wait
    result = _attempt(channel, message, delivery.pk)
    _settle(delivery, _outcome(delivery, message, result, now))
    _track_failures(channel, failed=not result.ok, now=now)
    return 0.0


def _track_failures(channel: Channel, *, failed: bool, now: datetime) -> None:
    if not failed:
        if channel.failing_since is not None:
            Channel.objects.filter(pk=channel.pk).update(failing_since=None)
            channel.failing_since = None
        return
    if channel.failing_since is None:
        Channel.objects.filter(pk=channel.pk).update(failing_since=now)
        channel.failing_since = now
    elif (
        channel.paused_at is None
        and now - channel.failing_since >= rules.PAUSE_AFTER
        # Once: only the update that pauses it tells the admins.
        and Channel.objects.filter(pk=channel.pk, paused_at__isnull=True).update(paused_at=now)
    ):
        channel.paused_at = now
        admins = Membership.objects.filter(
            organization_id=channel.organization_id,
            is_active=True,
            role__in=[Membership.Role.OWNER, Membership.Role.ADMIN],
        ).select_related("user")
        notify(Event(kinds.CHANNEL_PAUSED, channel.organization_id, recipients=list(admins),
                     data={"channel": channel.name}))  # fmt: skip


# Deliveries one round claims at most; a fuller outbox is worked through in further rounds.
_ROUND = 500


def deliver_due(now: datetime | None = None, *, drain_seconds: float = rules.DRAIN_SECONDS) -> int:
    """Send the queued deliveries and the retries that are due, and those whose worker died
    mid-send (an expired lease); returns how many were tried.

    A channel over its rate limit is not waited for: its deliveries are skipped for the
    round while the other channels' are sent. Rounds go on, for up to `drain_seconds`, as
    its tokens come free, so a channel drains as fast as its limit (the shared ChannelLimit
    bucket) lets it, not one message a pass.

    A channel (or the mail server) that fails once is not tried again in the pass: its other
    deliveries wait for the next pass and the failed one for its back-off, so a hanging
    channel costs the others one attempt's timeout at most, and retries are spread over
    passes, never made inline."""
    start, started, tried = now or timezone.now(), time.monotonic(), 0
    failed: set = set()
    # When the deliveries this pass held back for a rate limit fall due (monotonic seconds),
    # and how long each channel's last send took.
    held: list[float] = []
    took: dict[int, float] = {}
    while True:
        # The pass's clock moves with the real one (rate limits are wall-clock time).
        now_at = start + timedelta(seconds=time.monotonic() - started)
        count, more, waits = _deliver_round(now_at, took, failed)
        tried += count
        now_s = time.monotonic()
        held = [t for t in held if t > now_s] + [now_s + wait for wait in waits]
        if count or more:
            continue  # what was sent may have queued more (the admins told of a pause)
        if not held or min(held) - started > drain_seconds:
            return tried
        time.sleep(min(held) - now_s)


def _sender(delivery: Delivery):
    """What a delivery is sent through: its channel, or the mail server for e-mail (a
    person's or a mailing channel's alike)."""
    if delivery.channel_kind == Channel.Kind.EMAIL:
        return Channel.Kind.EMAIL
    return delivery.channel_id


def _each_sender_in_turn(rows: list) -> list:
    """The rows reordered so that every sender's first delivery comes before any sender's
    second: a slow channel's backlog never sits in front of another channel's message."""
    queues: dict = {}
    for delivery in rows:
        queues.setdefault(_sender(delivery), []).append(delivery)
    turns = itertools.zip_longest(*queues.values())
    return [delivery for turn in turns for delivery in turn if delivery is not None]


def _deliver_round(now: datetime, took: dict, failed: set) -> tuple[int, bool, list[float]]:
    """One look at the outbox: the deliveries tried, whether the round was full (more are
    due), and the seconds each channel held back by its rate limit waits: for a token, and
    as long again as its last send took (`took`, by channel, kept up to date here), for the
    vendor counts arrivals, and the last request may have been slower on its way than the
    next will be. Senders (_sender) in `failed` failed earlier in the pass and are left
    alone; one failing here is added. Each delivery is claimed by one conditional UPDATE
    that moves it to the end of its lease, so two workers never send it at once."""
    due = Delivery.objects.filter(next_attempt_at__lte=now).select_related(
        "channel", "recipient__user"
    )
    if Channel.Kind.EMAIL in failed:
        due = due.exclude(channel_kind=Channel.Kind.EMAIL)
    due = due.exclude(channel_id__in=[key for key in failed if isinstance(key, int)])
    rows = list(due.order_by("next_attempt_at", "id")[:_ROUND])
    tried, held, channels = 0, {}, {}
    for delivery in _each_sender_in_turn(rows):
        if _sender(delivery) in failed:
            continue  # failed earlier in this round
        if delivery.channel_id is not None:
            # One instance per channel, so that a channel paused by one delivery's failure
            # is paused for the next.
            delivery.channel = channels.setdefault(delivery.channel_id, delivery.channel)
        if delivery.channel_id in held:
            continue  # its channel has no token left this round
        claimed = Delivery.objects.filter(
            pk=delivery.pk, next_attempt_at=delivery.next_attempt_at
        ).update(next_attempt_at=now + rules.LEASE, claimed_at=now)
        if not claimed:
            continue  # another worker has it
        delivery.claimed_at = now
        message = Message.from_dict(delivery.payload)
        if delivery.channel_id is None:
            _send_email(delivery, message, now)
        else:
            sending = time.monotonic()
            if wait := _send_to_channel(delivery, message, now):
                held[delivery.channel_id] = wait + took.get(delivery.channel_id, 0.0)
                continue
            took[delivery.channel_id] = time.monotonic() - sending
        failing = delivery.status in (Delivery.Status.RETRYING, Delivery.Status.FAILED)
        # A paused channel is not failing the pass: its other deliveries are dropped at once.
        if failing and not (delivery.channel and delivery.channel.paused_at):
            failed.add(_sender(delivery))
        tried += 1
    return tried, len(rows) == _ROUND, list(held.values())


# --------------------------------------------------------------------------------------------
# Reminders and digests


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
    delivered = deliver_due(now)
    if delivered:
        sent["delivered"] = delivered
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
    else:
        if preference and not preference.digests:
            return False
        if kind == NextDue.Kind.TEAM_DIGEST:
            teams = TeamMember.objects.filter(membership=member, is_lead=True)
            names = ", ".join(teams.order_by("team__name").values_list("team__name", flat=True))
            if not names:
                return False
            data = selectors.digest(
                member, now, days, team_ids=permissions.led_teams_subquery(member)
            )
        else:
            if not permissions.is_admin(member):
                return False
            names = member.organization.name
            data = selectors.digest(member, now, days)
        if not data.key_results:
            return False
        message = compose.digest(kind, member, names, data)
    if rules.EMAIL in rules.channels_for(preference.channels if preference else {}, kind):
        queue_email(member, message, now=now)
    return True


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
        data = selectors.digest(lead, now, days, team_ids=[channel.team_id], public_only=True)
        with transaction.atomic():
            if not announcements.claim(channel.organization_id, NextDue.Kind.TEAM_DIGEST, key):
                continue  # another worker has it
            if data.key_results:
                message = compose.digest(
                    NextDue.Kind.TEAM_DIGEST, lead, channel.team.name, data, group=True
                )
                queue_for_channel(channel, message, now=now)
                queued += 1
    return queued


# --------------------------------------------------------------------------------------------
# Settings


@write_transaction
def save_preferences(
    actor: Membership,
    *,
    channels: dict,
    reminders: bool,
    digests: bool,
    weekday: int,
    hour: int,
    time_zone: str = "",
) -> Preference:
    """A member's own notification choices; their reminder and digests move to the new time."""
    errors = {}
    # true is an int to Python, not an hour to anyone.
    if isinstance(weekday, bool) or not (isinstance(weekday, int) and 0 <= weekday <= 6):
        errors["reminder_weekday"] = [_("Choose a weekday.")]
    if isinstance(hour, bool) or not (isinstance(hour, int) and 0 <= hour <= 23):
        errors["reminder_hour"] = [_("Choose an hour from 0 to 23.")]
    if time_zone and not is_time_zone(time_zone):
        errors["time_zone"] = [_("“%(zone)s” is not a known time zone.") % {"zone": time_zone}]
    unknown = [k for k in channels if k not in kinds.PERSONAL_KINDS]
    if unknown:
        errors["channels"] = [_("Unknown notification kind: %(kind)s") % {"kind": unknown[0]}]
    if errors:
        raise ValidationError(errors)
    preference, _created = Preference.objects.update_or_create(
        membership=actor,
        defaults={
            "channels": {
                k: [c for c in v if c in rules.PERSONAL_CHANNELS] for k, v in channels.items()
            },
            "reminders": reminders,
            "digests": digests,
            "reminder_weekday": weekday,
            "reminder_hour": hour,
            "time_zone": time_zone,
        },
    )
    actor.notify_preference = preference
    NextDue.objects.filter(membership=actor).update(due_at=next_due_for(actor, timezone.now()))
    log(actor, "notify.preferences_saved", actor)
    return preference


@write_transaction
def add_channel(
    actor: Membership,
    *,
    kind: str,
    name: str,
    team=None,
    address: str = "",
    url: str = "",
    secret: str = "",
    encrypt_key: str = "",
    verification_token: str = "",
    events=(),
) -> Channel:
    """An admin adds an organization's (or a team's) channel. The webhook URL and signing secret
    are stored encrypted and never shown again in full. For card buttons that post back:
    Slack's `secret` is the Slack app's Signing Secret; a 飞书 app's callbacks need its
    `encrypt_key` and `verification_token` (notify.views.feishu_callback)."""
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, team)
    errors = {}
    if kind not in Channel.Kind.values:
        errors["kind"] = [_("Select a valid choice.")]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the channel a name.")]
    if kind == Channel.Kind.EMAIL:
        from django.core.validators import validate_email

        try:
            validate_email(address)
        except ValidationError:
            errors["address"] = [_("Enter a valid e-mail address.")]
    elif kind in Channel.Kind.values and endpoint_problem(url):
        errors["url"] = [_("Enter the webhook address the chat app gave you (https://…).")]
    elif kind in Channel.Kind.values and _refused_address(url):
        errors["url"] = [_("This address is inside the server's own network; enter a public one.")]
    bad_events = [e for e in events if e not in kinds.GROUP_EVENT_KINDS]
    if bad_events:
        # "Mentioned you" and the like are one person's news: a group never hears of them.
        errors["events"] = [
            _("“%(kind)s” is not sent to channels; choose among: %(kinds)s")
            % {"kind": bad_events[0], "kinds": ", ".join(kinds.GROUP_EVENT_KINDS)}
        ]
    if kind == Channel.Kind.FEISHU and bool(encrypt_key) != bool(verification_token):
        errors["encrypt_key"] = [
            _("Card buttons need both the app's Encrypt Key and its Verification Token.")
        ]
    if errors:
        raise ValidationError(errors)
    hidden = {"url": url, "secret": secret} if kind != Channel.Kind.EMAIL else {}
    if kind == Channel.Kind.FEISHU:
        hidden |= {"encrypt_key": encrypt_key, "verification_token": verification_token}
    hidden = {k: v for k, v in hidden.items() if v}
    channel = Channel.objects.create(
        organization_id=actor.organization_id,
        team=team,
        kind=kind,
        name=name,
        config={"address": address} if kind == Channel.Kind.EMAIL else {},
        secret=vault.encrypt(json.dumps(hidden), purpose=SECRET_PURPOSE) if hidden else "",
        secret_hint=vault.hint(secret or url) if hidden else "",
        events=list(events),
    )
    log(actor, "notify.channel_added", channel, kind=kind)
    return channel


@write_transaction
def test_channel(actor: Membership, channel: Channel) -> Delivery:
    """Queue a test message to a channel for the worker (the admin sees the result in the
    log a moment later)."""
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, channel)
    # Written for everyone the channel reaches, like its other messages: the organization's
    # language, not the admin's.
    language = Organization.objects.get(pk=channel.organization_id).language
    message = compose.event_message(
        Event(kinds.TEST, actor.organization_id, actor=actor), language, channel.name
    )
    transaction.on_commit(wake_worker)
    return queue_for_channel(channel, message)


@write_transaction
def set_channel_paused(actor: Membership, channel: Channel, paused: bool) -> Channel:
    """Pause or resume a channel. Resuming starts it afresh: its old failures are forgotten,
    so that the first failure after it counts its day from then, not from before the pause
    (which would pause it again at once). Pausing a paused channel keeps when it was paused."""
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, channel)
    if paused:
        channel.paused_at = channel.paused_at or timezone.now()
    else:
        channel.paused_at = channel.failing_since = None
    channel.save(update_fields=["paused_at", "failing_since"])
    log(actor, "notify.channel_paused" if paused else "notify.channel_resumed", channel)
    return channel


@write_transaction
def delete_channel(actor: Membership, channel: Channel) -> None:
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, channel)
    log(actor, "notify.channel_deleted", channel, name=channel.name)
    channel.delete()


@write_transaction
def set_not_updated_days(actor: Membership, days) -> Organization:
    """The organization's "not updated for N days" threshold (reminders, digests)."""
    permissions.require(permissions.can_manage_organization(actor))
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
        raise ValidationError({"not_updated_days": [_("Enter a number of days from 1 to 90.")]})
    org = Organization.objects.select_for_update().get(pk=actor.organization_id)
    org.settings = {
        **org.settings,
        "notify": {**org.settings.get("notify", {}), "not_updated_days": days},
    }
    org.save(update_fields=["settings"])
    _log_organization(actor, org, "notify.threshold_set", days=days)
    return org


# --------------------------------------------------------------------------------------------
# One-tap check-in


# ChatPress.vendor of a one-tap page's form: its key is the page's one-time form key.
LINK_FORM = "link"


class FormAlreadySent(Exception):
    """This one-tap form was sent before: nothing is written again."""


@write_transaction
def check_in_from_link(member: Membership, entries: list[tuple], form_key: str) -> list:
    """Check-ins typed on a one-tap link's page: (key result, value, confidence, note, next
    step, blocker) each.
    All of them or none: a wrong value anywhere is reported on its own row and nothing is
    saved. Written with the member's own rights, marked in the activity log as from a link.
    `form_key` is the rendered page's one-time key: the same form sent twice (a reload, a
    double tap) is refused the second time (FormAlreadySent), claimed like a chat press."""
    from mubiao.okrs import services as okrs

    try:
        with transaction.atomic():
            ChatPress.objects.create(
                organization_id=member.organization_id, vendor=LINK_FORM, key=form_key
            )
    except IntegrityError:
        raise FormAlreadySent from None
    done, errors = [], {}
    for kr, value, confidence, note, next_step, is_blocker in entries:
        try:
            done.append(
                okrs.check_in(
                    member,
                    kr,
                    value=value,
                    confidence=confidence or None,
                    note=note,
                    next_step=next_step,
                    is_blocker=is_blocker,
                    via="link",
                )
            )
        except ValidationError as error:
            errors.update({f"{field}-{kr.pk}": msgs for field, msgs in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return done


# --------------------------------------------------------------------------------------------
# Buttons pressed on chat cards (Slack interactivity, 飞书 card callbacks)

# A press's vendor in the words of the "link your account" answer.
CHAT_APPS = {"slack": "Slack", "feishu": "飞书 / Lark"}


@dataclass(frozen=True)
class PressAnswer:
    """What the presser is told (only them: Slack's ephemeral reply, 飞书's toast), in their
    language; `ok` when a check-in was written."""

    ok: bool
    text: str


def chat_member(organization_id: int, vendor: str, workspace: str, user_id: str):
    """The member a chat account acts as, active or not, or None: a linked ChatAccount, else
    (飞书) the person directory sync linked to that open_id."""
    account = (
        ChatAccount.objects.filter(
            organization_id=organization_id,
            vendor=vendor,
            workspace=workspace,
            external_id=user_id,
        )
        .select_related("membership__user")
        .first()
    )
    if account:
        return account.membership
    if vendor == ChatAccount.Vendor.FEISHU:
        from mubiao.directory.models import DirectorySource, LinkedPerson

        linked = (
            LinkedPerson.objects.filter(
                source__organization_id=organization_id,
                source__vendor=DirectorySource.Vendor.FEISHU,
                external_id=user_id,
            )
            .select_related("membership__user")
            .first()
        )
        return linked.membership if linked else None
    return None


@write_transaction
def chat_press(channel: Channel, press: Press) -> PressAnswer:
    """A +1 / done button pressed on one of `channel`'s cards, the request already verified as
    the vendor's. Acts as the member the presser's chat account is linked to, with that
    member's rights; anything else (an unlinked or deactivated account, a key result they may
    not check in on, the wrong kind of key result, a press already taken) changes nothing and
    says why. The check-in goes through okrs.services like any other, logged as from chat."""
    from mubiao.okrs import services as okrs
    from mubiao.okrs.models import KeyResult
    from mubiao.okrs.services.key_results import _lock_key_result

    member = chat_member(channel.organization_id, press.vendor, press.workspace, press.user_id)
    language = (
        compose.language_of(member)
        if member
        else Organization.objects.get(pk=channel.organization_id).language
    )
    with translation.override(language):
        if member is None:
            url = links.chat_link_url(
                channel.organization_id, press.vendor, press.workspace, press.user_id
            )
            return PressAnswer(
                False,
                _("Link your %(app)s account to Mubiao first, then press again: %(url)s")
                % {"app": CHAT_APPS[press.vendor], "url": url},
            )
        if not (member.is_active and member.user.is_active):
            return PressAnswer(False, _("Your Mubiao account is not active."))
        kr = (
            KeyResult.objects.filter(organization_id=channel.organization_id, pk=press.key_result)
            .select_related("objective")
            .first()
        )
        if kr is None or not (
            permissions.can_see_objective(member, kr.objective)
            and permissions.can_check_in(member, kr)
        ):
            # Said the same way whether it exists or not: nothing about hidden key results.
            return PressAnswer(False, _("You may not check in on this key result."))
        numeric = kr.metric_type in compose.NUMERIC_METRICS
        wanted = kinds.PLUS_ONE if numeric else kinds.DONE
        if press.action != wanted or not (
            numeric or kr.metric_type == KeyResult.MetricType.BOOLEAN
        ):
            return PressAnswer(False, _("Open the key result in Mubiao to check in on it."))
        try:
            # The press is claimed and the check-in written together: a refused check-in
            # leaves the press unclaimed, a second arrival of the same press finds it taken.
            with transaction.atomic():
                ChatPress.objects.create(
                    organization_id=channel.organization_id, vendor=press.vendor, key=press.key
                )
                # Read under the objective's lock, so two people pressing +1 at once make +2.
                kr, _locked = _lock_key_result(kr)
                if numeric:
                    current = kr.current_value if kr.current_value is not None else kr.start_value
                    value = (current or 0) + 1
                else:
                    value = True
                entry = okrs.check_in(member, kr, value=value, via=f"chat:{press.vendor}")
        except IntegrityError:
            return PressAnswer(False, _("This press was already taken."))
        except PermissionDenied:
            return PressAnswer(False, _("You may not check in on this key result."))
        except ValidationError as error:
            return PressAnswer(False, " ".join(error.messages))
        if not numeric:
            return PressAnswer(True, _("Checked in: “%(kr)s” is done.") % {"kr": kr.title})
        shown = format(entry.value.normalize(), "f")
        return PressAnswer(
            True,
            _("Checked in: “%(kr)s” is now %(value)s.") % {"kr": kr.title, "value": shown},
        )


# ChatPress.vendor of a used "link your chat account" link: its key is links.chat_link_key.
CHAT_LINK = "chatlink"


class ChatLinkRefused(Exception):
    """A "link your chat account" link this member may not use; the message says why, in
    the current language. Nothing was changed."""


def chat_link_refusal(
    actor: Membership, *, organization_id: int, vendor: str, workspace: str, user_id: str,
    link_key: str,
) -> str | None:  # fmt: skip
    """Why `actor` may not link this chat account with this link, or None. A chat account
    already known as someone (linked, or 飞书's person from the directory) is bound to that
    member: anyone else is refused, whoever passed the link on. A link links once."""
    if actor.organization_id != organization_id:
        return _("This link is for another organization.")
    owner = chat_member(organization_id, vendor, workspace, user_id)
    if owner is not None and owner.pk != actor.pk:
        return _(
            "This %(app)s account belongs to another member of Mubiao; only they can use "
            "this link. Nothing was changed."
        ) % {"app": CHAT_APPS.get(vendor, vendor)}
    if owner is None and ChatPress.objects.filter(vendor=CHAT_LINK, key=link_key).exists():
        return _("This link was already used. Press the button in chat again for a new one.")
    return None


@write_transaction
def link_chat_account(
    actor: Membership, *, organization_id: int, vendor: str, workspace: str, user_id: str,
    link_key: str,
) -> ChatAccount:  # fmt: skip
    """The signed-in member confirms that a chat account (from a signed chat link whose
    links.chat_link_key is `link_key`) is theirs: its button presses will act as them. A chat
    account acts for one member; a link is used once (ChatLinkRefused otherwise, nothing
    changed)."""
    if vendor not in ChatAccount.Vendor.values:
        raise ValidationError({"vendor": [_("Select a valid choice.")]})
    identity = {"organization_id": organization_id, "vendor": vendor,
                "workspace": workspace, "user_id": user_id}  # fmt: skip
    if refusal := chat_link_refusal(actor, **identity, link_key=link_key):
        raise ChatLinkRefused(refusal)
    account = ChatAccount.objects.filter(
        organization_id=organization_id, vendor=vendor, workspace=workspace, external_id=user_id
    ).first()
    if account is not None:
        return account  # already theirs (a reload of the page that linked it)
    try:
        # Claimed with the link: two tabs confirming the same link link once.
        with transaction.atomic():
            ChatPress.objects.create(organization_id=organization_id, vendor=CHAT_LINK,
                                     key=link_key)  # fmt: skip
            account = ChatAccount.objects.create(
                organization_id=organization_id, vendor=vendor, workspace=workspace,
                external_id=user_id, membership=actor,
            )  # fmt: skip
    except IntegrityError:
        raise ChatLinkRefused(
            chat_link_refusal(actor, **identity, link_key=link_key)
            or _("This link was already used. Press the button in chat again for a new one.")
        ) from None
    log(actor, "notify.chat_account_linked", actor, vendor=vendor)
    return account


@write_transaction
def unlink_chat_account(actor: Membership, account_id) -> int:
    """The member takes back a chat account's right to press buttons as them (their own
    accounts only; another's id does nothing)."""
    removed, _by_model = ChatAccount.objects.filter(pk=account_id, membership=actor).delete()
    if removed:
        log(actor, "notify.chat_account_unlinked", actor)
    return removed
