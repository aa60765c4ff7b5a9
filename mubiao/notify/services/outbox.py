"""Deliveries: an outbox written with the event, sent by the worker (deliver_due), never by the
web request: each channel on its own, so one failing or hanging channel is logged and never keeps
the others from being sent nor a person's request waiting."""

import hashlib
import hmac
import itertools
import json
import logging
import smtplib
import time
from collections import Counter
from datetime import datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mubiao import vault
from mubiao.notify import messages as kinds
from mubiao.notify import rules, vendors
from mubiao.notify.compose import Event
from mubiao.notify.messages import Message
from mubiao.notify.models import (
    SECRET_PURPOSE,
    Channel,
    ChannelLimit,
    Delivery,
)

# events.notify tells the admins of a paused channel (each module reads the other when called).
from mubiao.notify.services import events
from mubiao.notify.vendors import rules as vendor_rules
from mubiao.notify.vendors.rules import Result
from mubiao.okrs.models import Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.outbound.transports import pinned_httpx

logger = logging.getLogger(__name__)


def _delivery(
    organization_id, message: Message, *, channel=None, recipient=None, now=None
) -> Delivery:
    """The outbox row of one message, unsaved: written in the caller's transaction (rolled back
    with it), sent by the worker's next pass (deliver_due), never here: a channel that hangs
    never holds up the request that caused the message."""
    return Delivery(
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
    delivery = _delivery(member.organization_id, message, recipient=member, now=now)
    delivery.save(force_insert=True)
    return delivery


def queue_for_channel(channel: Channel, message: Message, *, now=None) -> Delivery:
    """A message to an organization channel (a mailing address, a chat bot, a webhook), to be
    sent by the worker (from `now`, as queue_email)."""
    delivery = _delivery(channel.organization_id, message, channel=channel, now=now)
    delivery.save(force_insert=True)
    return delivery


def queue_many(organization_id: int, messages: list[tuple]) -> int:
    """queue_email and queue_for_channel for many messages at once, in one INSERT per 500:
    `messages` are (member, None, message) for an e-mail (skipped for a member without an
    e-mail address) and (None, channel, message) for a channel. Returns how many were queued."""
    rows = [
        _delivery(organization_id, message, channel=channel, recipient=member)
        for member, channel, message in messages
        if channel is not None or member.user.email
    ]
    Delivery.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def wake_worker() -> None:
    """Ask the worker to send what was just queued now rather than at its next scheduled pass
    (a row in the task queue: the request itself still calls no channel). Registered with
    transaction.on_commit by whoever queues."""
    from mubiao.notify import tasks  # tasks imports this module

    tasks.deliver.enqueue()


def delivery_key(delivery: Delivery) -> str:
    """The delivery's id for the world (e-mail Message-ID, webhook X-Mubiao-Delivery): the
    same on every retry of it, and unique across installations and databases reset to the
    same row numbers (a keyed hash of the row and its creation time under the site's
    SECRET_KEY: unguessable and never repeated, as make_msgid's random part)."""
    made = f"{delivery.pk}:{delivery.created_at.isoformat()}"
    return hmac.new(settings.SECRET_KEY.encode(), made.encode(), hashlib.sha256).hexdigest()[:32]


def _mail_domain() -> str:
    """The site's domain for Message-IDs: MUBIAO_SITE_URL's host, else the sender's domain,
    else this machine's name."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if host and host not in ("localhost", "127.0.0.1", "::1"):
        return host
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = sender.rpartition("@")[2]
    return domain if "@" in sender and domain != "localhost" else DNS_NAME


class Senders:
    """What one round of the outbox sends through: one SMTP connection for all its e-mails
    (opened at the first, not one connection and login per message: 0.23 s each on a real
    server) and one HTTP client for all its chat and webhook messages (its connections kept
    alive per host). Closed when the round ends."""

    def __init__(self):
        self._mail = None
        self._http = None

    def mail(self):
        if self._mail is None:
            self._mail = mailers.default
        # Opens it unless open (after a failure the backend has closed it: opened again).
        self._mail.open()
        return self._mail

    def http(self) -> httpx.Client:
        if self._http is None:
            # Each request goes to the address checked when it is made (mubiao.outbound),
            # not to whatever the name resolves to a moment later.
            self._http = pinned_httpx(timeout=10)
        return self._http

    def close(self) -> None:
        if self._mail is not None:
            try:
                self._mail.close()
            except (OSError, smtplib.SMTPException):
                logger.info("notify: the mail server dropped the connection before QUIT")
        if self._http is not None:
            self._http.close()


def _email(address: str, message: Message, key: str, senders: Senders) -> None:
    with translation.override(message.language):
        html = render_to_string("notify/email.html", {"message": message})
    # The same Message-ID on every attempt: a mail system that got it before a worker died
    # mid-send recognises the second copy.
    headers = {"Message-ID": f"<{key}@{_mail_domain()}>"}
    connection = senders.mail()
    mail = EmailMultiAlternatives(message.title, message.as_text(), to=[address], headers=headers,
                                  connection=connection)  # fmt: skip
    mail.attach_alternative(html, "text/html")
    try:
        connection.send_messages([mail])
    except (OSError, smtplib.SMTPException):
        # The connection may be half-dead: the next message opens a fresh one.
        connection.close()
        raise


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
        rows = rows.filter(permissions.open_to_all_q())
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
              "vendor_code": "" if result.vendor_code is None else str(result.vendor_code)[:64],
              "next_attempt_at": None, "payload": None}  # fmt: skip
    if not result.ok:
        fields["status"] = Delivery.Status.FAILED
        if result.retryable and attempts < rules.MAX_ATTEMPTS:
            delay = vendor_rules.retry_delay(result, attempts - 1)
            fields.update(status=Delivery.Status.RETRYING, payload=message.as_dict(),
                          next_attempt_at=now + timedelta(seconds=delay))  # fmt: skip
    return fields


def _try_email(address: str, message: Message, key: str, senders: Senders) -> Result:
    try:
        _email(address, message, key, senders)
    except (OSError, smtplib.SMTPException) as failure:
        detail = str(failure) or type(failure).__name__
        return Result.failure(vendor_rules.CONNECTION, retryable=True, detail=detail)
    except Exception as failure:
        # Anything else is the message's own (an address Django refuses to put in a header,
        # a line break in it): sending it again fails again, and it must not end the round
        # for the messages after it.
        logger.exception("notify: an e-mail to %r could not be sent", address)
        detail = str(failure) or type(failure).__name__
        return Result.failure(vendor_rules.REJECTED, retryable=False, detail=detail)
    return Result(ok=True)


def _send_email(delivery: Delivery, message: Message, now: datetime, senders: Senders) -> Delivery:
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
    result = _try_email(member.user.email, message, delivery_key(delivery), senders)
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


def _attempt(channel: Channel, message: Message, key: str, senders: Senders) -> Result:
    config = channel_config(channel)
    if config is None:
        return Result.failure(rules.SECRET_UNREADABLE, retryable=False)
    if channel.kind == Channel.Kind.EMAIL:
        return _try_email(config["address"], message, key, senders)
    return vendors.send(channel.kind, config, message, client=senders.http(), delivery_id=key)


def _send_to_channel(
    delivery: Delivery, message: Message, now: datetime, senders: Senders
) -> float:
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
    result = _attempt(channel, message, delivery_key(delivery), senders)
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
        events.notify(Event(kinds.CHANNEL_PAUSED, channel.organization_id, recipients=list(admins),
                     data={"channel": channel.name}))  # fmt: skip


# Deliveries one round claims at most; a fuller outbox is worked through in further rounds.
_ROUND = 500


def deliver_due(
    now: datetime | None = None, *, drain_seconds: float = rules.DRAIN_SECONDS
) -> Counter:
    """Send the queued deliveries and the retries that are due, and those whose worker died
    mid-send (an expired lease); returns how many of those tried ended in each status
    (Delivery.Status: sent, retrying, failed, withdrawn), so that nobody reads a withdrawn or
    failed one as delivered.

    A channel over its rate limit is not waited for: its deliveries are skipped for the
    round while the other channels' are sent. Rounds go on, for up to `drain_seconds`, as
    its tokens come free, so a channel drains as fast as its limit (the shared ChannelLimit
    bucket) lets it, not one message a pass.

    A channel (or the mail server) that fails once is not tried again in the pass: its other
    deliveries wait for the next pass and the failed one for its back-off, so a hanging
    channel costs the others one attempt's timeout at most, and retries are spread over
    passes, never made inline."""
    start, started, tried = now or timezone.now(), time.monotonic(), Counter()
    failed: set = set()
    # When the deliveries this pass held back for a rate limit fall due (monotonic seconds),
    # and how long each channel's last send took.
    held: list[float] = []
    took: dict[int, float] = {}
    while True:
        # The pass's clock moves with the real one (rate limits are wall-clock time).
        now_at = start + timedelta(seconds=time.monotonic() - started)
        senders = Senders()
        try:
            count, more, waits = _deliver_round(now_at, took, failed, senders)
        finally:
            senders.close()
        tried += count
        now_s = time.monotonic()
        held = [t for t in held if t > now_s] + [now_s + wait for wait in waits]
        if count.total() or more:
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


def _deliver_round(
    now: datetime, took: dict, failed: set, senders: Senders
) -> tuple[Counter, bool, list[float]]:
    """One look at the outbox: the deliveries tried (by the status they ended in), whether
    the round was full (more are due), and the seconds each channel held back by its rate
    limit waits: for a token, and as long again as its last send took (`took`, by channel,
    kept up to date here), for the vendor counts arrivals, and the last request may have been
    slower on its way than the next will be. Senders (_sender) in `failed` failed earlier in
    the pass and are left alone; one failing here is added. Each delivery is claimed by one
    conditional UPDATE that moves it to the end of its lease, so two workers never send it at
    once."""
    due = Delivery.objects.filter(next_attempt_at__lte=now).select_related(
        "channel", "recipient__user"
    )
    if Channel.Kind.EMAIL in failed:
        due = due.exclude(channel_kind=Channel.Kind.EMAIL)
    due = due.exclude(channel_id__in=[key for key in failed if isinstance(key, int)])
    rows = list(due.order_by("next_attempt_at", "id")[:_ROUND])
    tried, held, channels = Counter(), {}, {}
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
            _send_email(delivery, message, now, senders)
        else:
            sending = time.monotonic()
            if wait := _send_to_channel(delivery, message, now, senders):
                held[delivery.channel_id] = wait + took.get(delivery.channel_id, 0.0)
                continue
            took[delivery.channel_id] = time.monotonic() - sending
        failing = delivery.status in (Delivery.Status.RETRYING, Delivery.Status.FAILED)
        # A person's e-mail refused for its own address (_try_email) failed alone: the mail
        # server is fine for the next person's.
        own_address = delivery.channel_id is None and delivery.error == vendor_rules.REJECTED
        # A paused channel is not failing the pass: its other deliveries are dropped at once.
        if failing and not own_address and not (delivery.channel and delivery.channel.paused_at):
            failed.add(_sender(delivery))
        tried[delivery.status] += 1
    return tried, len(rows) == _ROUND, list(held.values())
