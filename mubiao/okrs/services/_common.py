"""Shared by every write: the activity log, stale-version conflicts, typed numbers."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.okrs import number_input, rules
from mubiao.okrs.models import (
    Activity,
    Cycle,
)
from mubiao.orgs.models import Membership

# `If-Match: *` (RFC 9110 §13.1.1): whatever version is current, the row existing. A write
# given it compares no version; one that requires a version (a report's draft) takes it as the
# caller's choice to write over whatever is there.
ANY_VERSION = "*"


class Conflict(Exception):
    """The row changed since the client read it (its version moved on)."""

    def __init__(self, current_version: int):
        super().__init__(current_version)
        self.current_version = current_version


def day_range_problem(day: date) -> str | None:
    """ "Give a day between …" when a day a person gave is outside okrs.rules.FIRST_DAY ..
    LAST_DAY (the calendar's ends overflow the date arithmetic done on it)."""
    if rules.FIRST_DAY <= day <= rules.LAST_DAY:
        return None
    return _("Give a day between %(first)s and %(last)s.") % {
        "first": rules.FIRST_DAY.isoformat(),
        "last": rules.LAST_DAY.isoformat(),
    }


def _activity(
    actor: Membership | None, verb: str, target, *, at: datetime | None = None, **data
) -> Activity:
    return Activity(
        organization_id=target.organization_id,
        actor=actor,
        verb=verb,
        target_type=target._meta.model_name,
        target_id=target.pk,
        data=data,
        created_at=at or timezone.now(),
    )


def log(actor: Membership | None, verb: str, target, *, at: datetime | None = None, **data) -> None:
    """Record a write in the activity log (`at`: when it happened, for back-dated check-ins)."""
    _activity(actor, verb, target, at=at, **data).save()


def log_all(actor: Membership | None, entries) -> None:
    """Record many writes in one statement (bulk imports): `entries` are (verb, target, data)."""
    Activity.objects.bulk_create(
        _activity(actor, verb, target, **data) for verb, target, data in entries
    )


def stored_values(obj) -> dict:
    """The row's columns as they stand. An update compares them before and after applying what
    was sent: a save that changes nothing writes nothing (no new version, no history entry),
    so an unchanged form or a PATCH repeating the stored values is no conflict for others."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def version_met(current: int, expected) -> bool:
    """Whether a row at version `current` meets `expected`: None (no precondition) or
    ANY_VERSION; a version; or a collection of versions, met by any one of them (If-Match with
    a list of entity tags, RFC 9110 §13.1.1: `If-Match: "3", "4"`)."""
    if expected is None or (isinstance(expected, str) and expected == ANY_VERSION):
        return True
    if isinstance(expected, frozenset | set | tuple | list):
        return current in expected
    return current == expected


def _check_version(obj, expected) -> None:
    """Conflict unless `obj`'s version meets `expected` (version_met)."""
    if not version_met(obj.version, expected):
        raise Conflict(obj.version)


def _decimal(value, field: str, **limits) -> Decimal:
    """A number typed or sent for `field`, read as people type it (okrs.numbers), within its
    column's limits (number_input.FIELDS) and `limits`."""
    return number_input.read(value, field, **limits)


def _weight(actor: Membership, value, current: Decimal) -> Decimal:
    """A weight typed or sent. With weights off for the organization every key result counts
    equally and a weight would be stored without effect: the weight in effect (1, as exports
    and the API show it) or the one held (`current`: 1 for a new row) is no change and keeps
    the one held for when weights are on again; any other is refused naming why, never
    answered as a success."""
    weight = number_input.read(
        value, "weight", offered=weight_offered(actor.organization.weights_enabled, current)
    )
    if not actor.organization.weights_enabled and weight in (current, Decimal(1)):
        return current
    if weight != current and not actor.organization.weights_enabled:
        raise ValidationError(
            {"weight": _(
                "Weights are turned off for this organization, so every key result counts "
                "equally: leave the weight out, or turn weights on in Settings first."
            )}
        )  # fmt: skip
    return weight


def weight_offered(weights_on: bool, current: Decimal = Decimal(1)):
    """The readings a weight's "did you mean" may offer (number_input.read's `offered`): any
    with weights on (None); with them off only the weight in effect or the one held, the only
    ones then taken. One predicate for the services and the text import's problems
    (text_reader.text_problems), so that /okrtext/parse says what the import says."""
    if weights_on:
        return None
    return lambda reading: _weight_read(reading) in (current, Decimal(1))


def _weight_read(typed: str) -> Decimal | None:
    try:
        return _decimal(typed, "weight")
    except ValidationError:
        return None


def _confidence(value) -> int | None:
    """0–10 as given; None (not set) when nobody gave one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return int(number_input.read(value, "confidence", whole=True, low=0, high=10))


def read_share(value) -> int:
    """An objective's aligned share: a whole percentage 0–100, however it was typed or sent
    (`50`, `50%`, `五十`; probe 9: `50%` was told to drop its percent sign)."""
    return int(
        number_input.read(
            value, "aligned_share", whole=True, low=0, high=100, unit="%", percent=True
        )
    )


def closed_refusal(cycle: Cycle, what: str = "value") -> str | None:
    """The sentence of rules.write_refusal for a write of `what` into `cycle`, or None: the one
    answer of every route (web, API, CLI, imports, chat and e-mail check-ins), and the notice
    the web shows instead of a form that could only be refused."""
    if rules.write_refusal(cycle.state, what) is None:
        return None
    return _(
        "The cycle “%(cycle)s” is closed: its objectives and key results no longer change. "
        "An administrator can reopen it in Settings → Cycles."
    ) % {"cycle": cycle.shown_name}


def _check_writable_cycle(cycle: Cycle, what: str = "value", field: str = "cycle") -> None:
    if (refusal := closed_refusal(cycle, what)) is not None:
        raise ValidationError({field: refusal})


# Key results named in a refusal; the rest are counted.
LISTED_KEY_RESULTS = 10


def _check_due_dates_within(key_results, start: date, end: date, field: str) -> None:
    """Refuse (ValidationError on `field`) when any of `key_results` (a queryset) falls due
    outside `start`–`end`: a cycle's dates or an objective's cycle never change under its key
    results' due dates. The refusal names them, so that the person can move or clear them."""
    outside = (
        key_results.filter(due_date__isnull=False)
        .exclude(due_date__range=(start, end))
        .order_by("due_date", "pk")
    )
    listed = list(outside.values_list("title", "due_date")[: LISTED_KEY_RESULTS + 1])
    if not listed:
        return
    count = outside.count() if len(listed) > LISTED_KEY_RESULTS else len(listed)
    # A list inside a sentence, bracketed and separated as the language writes them
    # (“KR 丙”（2026-12-30）；“KR 甲”…, issue 9).
    names = _("; ").join(
        _("“%(title)s” (%(date)s)") % {"title": title, "date": due.isoformat()}
        for title, due in listed[:LISTED_KEY_RESULTS]
    )
    if count > LISTED_KEY_RESULTS:
        names += " …"
    raise ValidationError(
        {field: ngettext(
            "%(count)s key result would fall due outside %(start)s – %(end)s: %(names)s. "
            "Change or clear its due date first.",
            "%(count)s key results would fall due outside %(start)s – %(end)s: %(names)s. "
            "Change or clear their due dates first.",
            count,
        ) % {"count": count, "start": start.isoformat(), "end": end.isoformat(),
             "names": names}}
    )  # fmt: skip


def archived_refusal(objective, key_result=None, *, own_state=True) -> str | None:
    """Why nothing about `objective` (or its `key_result`) may change now: an archived key
    result, a key result of an archived objective, or an archived objective stays as it was
    archived (values, check-ins, titles, targets, weights, grades, alignment) until restored.
    The refusal names what is archived: the key result, or its objective. None: writable.
    `own_state` False: the key result's own state is being changed (archive, restore), only
    its objective's counts."""
    from mubiao.okrs.models import KeyResult, Objective

    if own_state and key_result is not None and key_result.state == KeyResult.State.ARCHIVED:
        return _(
            "The key result “%(title)s” is archived: it does not change until it is restored. "
            "Restore it first to change it."
        ) % {"title": key_result.title}
    if objective.state != Objective.State.ARCHIVED:
        return None
    if key_result is not None:
        return _(
            "The objective “%(title)s” of this key result is archived: its key results do not "
            "change until it is restored. Restore the objective first to change them."
        ) % {"title": objective.title}
    return _(
        "The objective “%(title)s” is archived: it does not change until it is restored. "
        "Restore it first to change it."
    ) % {"title": objective.title}


def _check_not_archived(
    objective, key_result=None, fields=("key_result",), *, own_state=True
) -> None:
    """Refuse (ValidationError on each of `fields`: the fields sent, or the thing written) any
    write to an archived key result, a key result of an archived objective, or an archived
    objective (archived_refusal)."""
    if (refusal := archived_refusal(objective, key_result, own_state=own_state)) is not None:
        raise ValidationError({name: refusal for name in (fields or ("key_result",))})
