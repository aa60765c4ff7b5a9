"""Events: the one entry point every event goes through (`notify`), to the recipients' bell and
e-mail and to the chat groups and webhooks subscribed to its kind."""

from django.db import transaction
from django.utils import timezone

from mubiao.notify import compose, inapp, rules
from mubiao.notify import messages as kinds
from mubiao.notify.compose import Event
from mubiao.notify.models import (
    Channel,
    Delivery,
    Notification,
    Preference,
)

# outbox tells the admins of a paused channel through notify: each reads the other when called.
from mubiao.notify.services import outbox
from mubiao.okrs.models import KeyResult
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization
from mubiao.transactions import write_transaction

# Above this many recipients their preferences are read by organization, not by a list of ids
# (a cycle starting reaches everyone; SQLite limits the parameters of one statement).
_MANY = 200


def notify(event: Event) -> None:
    """Tell the event's recipients, each on the channels they chose (the bell by default), and
    the organization's chat groups and webhooks that subscribed to its kind. Recipients who
    may not see the objective the event is about (its own, or its key result's) are dropped
    here, whoever built the event."""
    notify_many([event])


def notify_many(events: list[Event], *, organization: Organization | None = None) -> None:
    """notify for several events of one organization (a status refresh finding many key
    results behind) in a fixed number of queries whatever their number: the recipients'
    choices, the bell rows, the channels, the deliveries and the organization (unless the
    caller read it in this transaction: `organization`) are each read or written once;
    beside them only a recipient neither an admin, the objective's owner, nor reading a
    public objective costs a visibility query, and each message queued its outbox row."""
    if not events:
        return
    organization_id = events[0].organization_id
    if any(event.organization_id != organization_id for event in events):
        raise ValueError("notify_many takes the events of one organization")
    told = []
    for event in events:
        actor_id = event.actor.pk if event.actor else None
        objective = event.objective or (event.key_result.objective if event.key_result else None)
        recipients = {
            m.pk: m
            for m in event.recipients
            if m.is_active and m.pk != actor_id and m.organization_id == organization_id
        }
        if objective is not None:
            recipients = {
                pk: m for pk, m in recipients.items() if permissions.can_see_objective(m, objective)
            }
        told.append((event, objective, recipients))
    everyone = {pk: m for _e, _o, recipients in told for pk, m in recipients.items()}
    chosen = _chosen(organization_id, everyone)
    bells, emails = [], []
    for event, objective, recipients in told:
        bell, mail = _split(event.kind, recipients, chosen)
        bells.append((event, bell, objective))
        emails += [(event, member) for member in mail]
    inapp.add_many(bells)
    # Personal events ("mentioned you") go to their person only, never to a group; a team's
    # own group hears of the objectives filed under that team.
    for_groups = [
        (event, objective)
        for event, objective, _recipients in told
        if event.kind in kinds.GROUP_EVENT_KINDS
        and (objective is None or permissions.is_open_to_all(objective))
    ]
    channels = (
        list(Channel.objects.filter(organization_id=organization_id, paused_at__isnull=True))
        if for_groups
        else []
    )
    groups = [
        (event, channel)
        for event, objective in for_groups
        for channel in channels
        if event.kind in channel.events
        and (channel.team_id is None or objective is None or channel.team_id == objective.team_id)
    ]
    if not emails and not groups:
        return
    organization = organization or Organization.objects.get(pk=organization_id)
    messages = []
    for event, member in emails:
        language = compose.language_of(member, organization)
        messages.append(
            (member, None, compose.event_message(event, language, member.user.display_name))
        )
    # Written for everyone in the group: in the organization's language.
    group_language = compose.language_of(organization=organization)
    messages += [
        (None, channel, compose.event_message(event, group_language)) for event, channel in groups
    ]
    # One INSERT for every message, however many recipients and channels (issue 14).
    outbox.queue_many(organization_id, messages)
    transaction.on_commit(outbox.wake_worker)


def _chosen(organization_id: int, recipients: dict) -> dict:
    """The channels each of the recipients ({id: Membership}) chose, by kind. One query, none
    when every recipient was read with their preference (select_related
    "notify_preference": a check-in's owners, read with its chain; issue 14)."""
    if all(Membership.notify_preference.is_cached(m) for m in recipients.values()):
        read = {pk: _cached_preference(m) for pk, m in recipients.items()}
        return {pk: p.channels for pk, p in read.items() if p is not None and p.channels}
    preferences = Preference.objects.exclude(channels={})
    if len(recipients) > _MANY:
        preferences = preferences.filter(membership__organization_id=organization_id)
    else:
        preferences = preferences.filter(membership_id__in=recipients)
    return dict(preferences.values_list("membership_id", "channels"))


def _cached_preference(member: Membership) -> Preference | None:
    """The preference read with the member (None: they have none)."""
    try:
        return member.notify_preference
    except Preference.DoesNotExist:
        return None


def _split(kind: str, recipients: dict, chosen: dict) -> tuple[list, list]:
    """The recipients who get a kind in the bell, and those who get it by e-mail."""
    bell, emails = [], []
    for member in recipients.values():
        picked = rules.channels_for(chosen.get(member.pk) or {}, kind)
        if rules.INAPP in picked:
            bell.append(member)
        if rules.EMAIL in picked:
            emails.append(member)
    return bell, emails


def by_channel(event: Event, recipients: dict) -> tuple[list, list]:
    """The recipients ({id: Membership}) who get the event in the bell, and those who get it
    by e-mail, as each chose for its kind. One query."""
    return _split(event.kind, recipients, _chosen(event.organization_id, recipients))


def pace_got_worse(statuses: dict, *, actor=None) -> int:
    """Tell each key result's owner (else its objective's) whose pace status got worse, by the
    one rule of "worse" (rules.pace_worse), whatever changed it: a check-in, an edit of its
    target, start or value, an aligned objective's progress rolling up into it, the cycle's
    dates, or the calendar (the worker's status refresh). `statuses`: key result id → (status
    before, status after) of the key results a write or a refresh changed. The worse ones are
    read in one query with their owners and told in a fixed number more (notify_many, by
    organization); each change is told once, in the transaction that stored it (a later
    write or refresh finds the status already stored). Returns how many were told."""
    events = pace_worse_events(statuses, actor=actor)
    by_organization: dict[int, list[Event]] = {}
    for event in events:
        by_organization.setdefault(event.organization_id, []).append(event)
    for told in by_organization.values():
        notify_many(told)
    return len(events)


def pace_worse_events(statuses: dict, *, actor=None, known: dict | None = None) -> list[Event]:
    """The events pace_got_worse sends, for a caller that sends them with its own (a check-in
    tells them with its aligned check-in, in one notify_many). `known`: key result id → the
    key result as loaded, with its objective and its owner and theirs users (a check-in's key
    results on the way), not read again; the others are read in one query."""
    worse = [pk for pk, (before, after) in statuses.items() if rules.pace_worse(before, after)]
    known = known or {}
    krs = [known[pk] for pk in worse if pk in known]
    if unread := [pk for pk in worse if pk not in known]:
        krs += KeyResult.objects.filter(pk__in=unread).select_related(
            "objective", "owner__user", "objective__owner_member__user"
        )
    events = []
    for kr in krs:
        owner = kr.owner or kr.objective.owner_member
        # Also without an owner to tell (a team's objective): the channels subscribed hear.
        events.append(Event(kinds.PACE_WORSE, kr.organization_id, actor=actor,
                            objective=kr.objective, key_result=kr,
                            recipients=[owner] if owner else [],
                            data={"status": statuses[kr.pk][1]}))  # fmt: skip
    return events


@write_transaction
def settle_backfill(organization_id: int) -> int:
    """History written after the fact (the demo's months of check-ins) is not news: the bell
    entries it made are marked read and its deliveries not yet sent are withdrawn, so that
    nobody finds hundreds of identical notifications or e-mails about weeks long past.
    Returns how many bell entries were settled."""
    now = timezone.now()
    Delivery.objects.filter(
        organization_id=organization_id,
        status__in=[Delivery.Status.QUEUED, Delivery.Status.RETRYING],
    ).update(status=Delivery.Status.WITHDRAWN, payload=None, next_attempt_at=None)
    return Notification.objects.filter(
        organization_id=organization_id, read_at__isnull=True
    ).update(read_at=now)


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


def directory_sync_failed(organization_id: int, actor, *, held: bool, note: dict) -> None:
    """A directory sync failed or was held (mubiao.directory.services.sync, `note` its
    SyncRun.message): the organization's owners and admins hear of it on the channels they
    chose for the `sync_failed` kind, each in their language. `actor` (None for the
    worker's scheduled run) saw it on screen already."""
    recipients = Membership.objects.filter(
        organization_id=organization_id,
        role__in=[Membership.Role.OWNER, Membership.Role.ADMIN],
        is_active=True,
        user__is_active=True,
    ).select_related("user")
    notify(
        Event(
            kinds.SYNC_FAILED,
            organization_id,
            actor=actor,
            recipients=list(recipients),
            data={"directory": True, "held": held, "note": note},
        )
    )
