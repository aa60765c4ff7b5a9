"""Events nobody's action causes, found by the worker's pass (notify.services.run_due): a cycle
closing in N days (every member, once per cycle and end date) and a person who has not checked
in on any of their open key results for the organization's N days (them, once per silence:
checking in starts a new one)."""

from collections import Counter
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce

from mubiao.notify import messages as kinds
from mubiao.notify import rules
from mubiao.notify.compose import Event
from mubiao.notify.models import Announced
from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Organization
from mubiao.orgs.rules import today_for


def claim(organization_id: int, kind: str, key: str) -> bool:
    """Whether this pass is the one that announces the occasion (one INSERT; a second worker's
    fails on the unique constraint). Called in the transaction that queues what is announced,
    so that the claim and the outbox rows commit together: a worker killed in between leaves
    neither."""
    try:
        with transaction.atomic():
            Announced.objects.create(organization_id=organization_id, kind=kind, key=key)
    except IntegrityError:
        return False
    return True


def announce_due(now: datetime) -> Counter:
    from mubiao.notify.selectors import key_results_to_update, open_key_results
    from mubiao.notify.services import notify, notify_organization

    sent: Counter = Counter()
    for org in Organization.objects.only("pk", "settings"):
        today = today_for(org, now)
        closing = Cycle.objects.filter(
            organization_id=org.pk,
            state=Cycle.State.ACTIVE,
            end_date__gt=today,
            end_date__lte=today + timedelta(days=rules.CYCLE_CLOSING_DAYS),
        )
        for cycle in closing:
            days = rules.closing_in(today, cycle.end_date)
            key = f"cycle {cycle.pk} ending {cycle.end_date.isoformat()}"
            if days is None:
                continue
            with transaction.atomic():  # the claim and what it queues, together
                if claim(org.pk, kinds.CYCLE_CLOSING, key):
                    notify_organization(
                        Event(kinds.CYCLE_CLOSING, org.pk, cycle=cycle, data={"days": days})
                    )
                    sent[kinds.CYCLE_CLOSING] += 1
        days = rules.not_updated_days(org.settings or {})
        silent = (
            open_key_results(org.pk, today)
            .annotate(person=Coalesce("owner_id", "objective__owner_member_id"))
            .filter(person__isnull=False)
            .values("person")
            # A key result nobody ever checked in counts from when it was written.
            .annotate(latest=Max(Coalesce("last_check_in_at", "created_at")))
            .filter(latest__lte=now - timedelta(days=days))
        )
        since = {row["person"]: row["latest"] for row in silent}
        if not since:
            continue
        keys = {pk: f"member {pk} silent since {at.isoformat()}" for pk, at in since.items()}
        done = set(
            Announced.objects.filter(kind=kinds.NOT_UPDATED, key__in=keys.values()).values_list(
                "key", flat=True
            )
        )
        people = Membership.objects.filter(
            pk__in=[pk for pk, key in keys.items() if key not in done],
            is_active=True,
            user__is_active=True,
        ).select_related("user", "organization")
        for person in people:
            # What to update, as the weekly reminder lists it, each with its one-tap link.
            stale = key_results_to_update(person, now, days)
            with transaction.atomic():
                if claim(org.pk, kinds.NOT_UPDATED, keys[person.pk]):
                    data = {
                        "days": days,
                        "silent_days": (now - since[person.pk]).days,
                        "member": person.pk,
                        "key_results": [[kr.pk, kr.title] for kr in stale],
                    }
                    event = Event(kinds.NOT_UPDATED, org.pk, recipients=[person], data=data)
                    notify(event)
                    sent[kinds.NOT_UPDATED] += 1
    return sent
