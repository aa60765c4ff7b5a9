"""The activity log (okrs.models.Activity) as sentences people read on an objective's page:
"Alice checked in 45 → 60 on “Weekly active teams”."

Each verb written by okrs.services has its sentence here; a verb without one still reads
sensibly. Key result titles come from the objective's own key results, so rendering makes no
queries.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from mubiao.okrs.models import Activity, KeyResult
from mubiao.web.templatetags.okr_ui import format_value, number, score


@dataclass
class Entry:
    at: datetime
    actor: str
    initials: str
    text: str


def _sentences() -> dict[str, str]:
    # Built per call so that each sentence is in the language of the request.
    return {
        "objective.created": _("%(actor)s created this objective."),
        "objective.updated": _("%(actor)s edited the objective."),
        "objective.aligned": _("%(actor)s changed what the objective is aligned to."),
        "objective.archived": _("%(actor)s archived the objective."),
        "objective.restored": _("%(actor)s restored the objective."),
        "objective.moved": _("%(actor)s moved the objective to another cycle."),
        "objective.copied": _("%(actor)s created this objective as a copy of an earlier one."),
        "objective.reordered": _("%(actor)s changed the order of their objectives."),
        "objective.graded": _("%(actor)s graded the objective %(score)s."),
        "objective.grade_cleared": _("%(actor)s cleared the objective's grade."),
        "key_result.created": _("%(actor)s added the key result “%(kr)s”."),
        "key_result.updated": _("%(actor)s edited the key result “%(kr)s”."),
        "key_result.archived": _("%(actor)s archived the key result “%(kr)s”."),
        "key_result.restored": _("%(actor)s restored the key result “%(kr)s”."),
        "key_result.reordered": _("%(actor)s changed the order of the key results."),
        "key_result.graded": _("%(actor)s scored “%(kr)s” %(score)s."),
        "key_result.grade_cleared": _("%(actor)s cleared the score of “%(kr)s”."),
    }


def _decimal(raw) -> Decimal | None:
    """A number kept in an entry's data, or None for none or anything else: the log keeps
    what was written then ("" and "None" by older versions), and a page never fails on it."""
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _value(kr: KeyResult | None, raw) -> str:
    value = _decimal(raw)
    if value is None:
        return "–"
    return format_value(kr, value) if kr is not None else number(value)


def _check_in(values: dict, kr: KeyResult | None, data: dict) -> str:
    values["new"] = _value(kr, data.get("value"))
    if data.get("previous") is None:
        return _("%(actor)s checked in %(new)s on “%(kr)s”.") % values
    values["old"] = _value(kr, data["previous"])
    return _("%(actor)s checked in %(old)s → %(new)s on “%(kr)s”.") % values


def describe(activity: Activity, key_results: dict[int, KeyResult]) -> Entry:
    member = activity.actor
    kr = key_results.get(activity.target_id) if activity.target_type == "keyresult" else None
    data = activity.data or {}
    values = {
        "actor": member.user.display_name if member else _("Someone"),
        "kr": kr.title if kr else _("a key result"),
        "score": score(given) if (given := _decimal(data.get("score"))) is not None else "–",
    }
    verb = activity.verb
    if verb == "objective.graded" and given is None:
        verb = "objective.grade_cleared"  # every grade cleared: no score to say
    if verb == "key_result.checked_in":
        text = _check_in(values, kr, data)
    else:
        sentence = _sentences().get(verb)
        text = (sentence or _("%(actor)s: %(verb)s")) % {**values, "verb": verb}
    return Entry(
        activity.created_at, values["actor"], member.user.initials if member else "?", text
    )


def history(activities, key_results) -> list[Entry]:
    by_id = {kr.pk: kr for kr in key_results}
    return [describe(activity, by_id) for activity in activities]
