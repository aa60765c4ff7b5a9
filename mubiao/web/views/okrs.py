"""The core loop: My OKRs, an objective's page, a key result's history and the check-in."""

import json
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mubiao.okrs import display, selectors, services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.okrs.services.check_ins import OFF_SCALE
from mubiao.orgs import permissions
from mubiao.web import activity, once, stale
from mubiao.web.forms import CheckInForm, CommentForm, plain_decimal
from mubiao.web.views import writing
from mubiao.web.views.base import (
    add_service_errors,
    chosen_cycle,
    found,
    fragment_of,
    is_htmx,
    member_required,
    page,
    paginate,
    rows_by_ids,
)
from mubiao.web.views.onboarding import first_run

# Alignment chains are short (company → department → team → person); the walk stops here
# whatever the data says.
MAX_ANCESTORS = 8
CHART_POINTS = 200


def mark_editable(actor, objectives) -> list[Objective]:
    """Set `.can_edit` on each objective (one query for the whole page)."""
    objectives = list(objectives)
    editable = selectors.editable_objective_ids(actor, [o.pk for o in objectives])
    for objective in objectives:
        objective.can_edit = objective.pk in editable
    return objectives


@first_run
@member_required
def home(request):
    """My OKRs: the signed-in person's objectives of the chosen cycle, then those of the teams
    they lead."""
    actor = request.membership
    cycle = chosen_cycle(request)
    mine = team_objectives = []
    if cycle is not None:
        mine = paginate(
            request,
            selectors.objective_list(actor, cycle=cycle, owner_member=actor),
            counted=selectors.objective_list(actor, cycle=cycle, owner_member=actor, to_count=True),
        )
        mine.object_list = rows_by_ids(mine.object_list)
        # Most people lead no team: their (cached) led set is empty, and no list is asked for.
        if permissions.led_team_ids(actor):
            team_objectives = rows_by_ids(
                selectors.objective_list(actor, cycle=cycle, led_by_actor=True)[:20]
            )
        # Both lists are the person's own objectives and their led teams': theirs to edit by
        # the rule itself (permissions.objective_govern_q), so no query asks which are.
        for objective in [*mine, *team_objectives]:
            objective.can_edit = True
        if cycle.state != Cycle.State.CLOSED:
            _mark_movable(mine)
    return page(
        request,
        "web/home.html",
        {
            "objectives": mine,
            "team_objectives": team_objectives,
            # Only the empty page offers templates.
            "library_url": "" if mine else writing.template_library_url(actor),
        },
        cycle=cycle,
    )


def _mark_movable(listed) -> None:
    """Up/down buttons on the person's own objectives; the first of page 1 cannot go up, the
    last of the last page cannot go down."""
    objectives = list(listed)
    for index, objective in enumerate(objectives):
        objective.movable = objective.can_edit
        objective.can_move_up = index > 0 or listed.has_previous()
        objective.can_move_down = index < len(objectives) - 1 or listed.has_next()


def ancestors(actor, objective: Objective) -> tuple[list[Objective], bool]:
    """The visible objectives above this one in its alignment chain, nearest first, and whether
    the chain goes on through an objective the actor may not see (shown as a placeholder)."""
    chain, cut = selectors.alignment_chain(actor, objective.pk, MAX_ANCESTORS)
    return chain[1:], cut


@member_required
def objective_detail(request, pk):
    actor = request.membership
    objective = found(selectors.get_objective, actor, pk)
    mark_editable(actor, [objective])
    chain, chain_cut = ancestors(actor, objective)
    children = paginate(request, selectors.aligned_children(actor, objective))
    rollup = selectors.rollup(actor, objective, children)
    thread = selectors.objective_comments(actor, objective)
    return page(
        request,
        "web/objective.html",
        {
            "objective": objective,
            "key_results": [kr for kr in objective.key_results.all() if kr.state == "active"],
            "archived_krs": [kr for kr in objective.key_results.all() if kr.state != "active"],
            # Closed: read-only, said where the edit, archive and restore buttons would be.
            "closed_notice": services.closed_refusal(objective.cycle, "definition"),
            "parent_chain": list(reversed(chain)),
            "chain_cut": chain_cut,
            "parent_hidden": selectors.parent_is_hidden(objective),
            "children": children,
            "rollup": rollup,
            "comments": thread[:100],
            "comment_form": CommentForm(),
            "activity": activity.history(
                selectors.objective_activity(actor, objective), objective.key_results.all()
            ),
            "next_cycle": selectors.next_cycle(objective.cycle),
        },
        cycle=objective.cycle,
    )


@member_required
def key_result_detail(request, pk):
    actor = request.membership
    kr = found(selectors.get_key_result, actor, pk)
    return _key_result_page(request, kr, check_in_form(actor, kr))


def check_in_form(actor, kr: KeyResult, data=None) -> CheckInForm:
    """The check-in form, starting from the current value (carried along with the version it
    was read at and how the key result was measured) and the confidence the person gave last
    (selectors.own_confidence). A done / not-done key result nobody answered yet starts with
    neither answer chosen (issue 9, probe 15 D3: "not done" was preselected and saved as an
    answer nobody gave); sent so, the answer is asked for beside it."""
    loaded = plain_decimal(kr.current_value)
    unanswered = kr.metric_type == KeyResult.MetricType.BOOLEAN and kr.last_check_in_at is None
    initial = {
        "value": None if unanswered else loaded,
        "loaded": loaded,
        # A sent form carries its own confidence: the query is for a form shown afresh.
        "confidence": selectors.own_confidence(actor, kr) if data is None else None,
        "version": kr.version,
        "definition": definition_of(kr),
    }
    return CheckInForm(data, initial=initial)


# What a check-in's value is read against: changed after the form was loaded, a value typed
# there may mean another amount (50 of 100 people is 5 % of 1000).
_DEFINITION = ("metric_type", "direction", "start_value", "target_value", "unit")


def definition_of(kr: KeyResult) -> str:
    """How `kr` is measured, as the check-in form carries it along."""
    values = {name: getattr(kr, name) for name in _DEFINITION}
    for name in ("start_value", "target_value"):
        values[name] = str(plain_decimal(values[name]))
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def redefined_meanwhile(form: CheckInForm, kr: KeyResult) -> list[str]:
    """How the key result's measure changed since the (valid) form was loaded ("Target: 100 →
    1,000"), or []. A form that carried none (an older page) is read as before."""
    try:
        loaded = json.loads(form.cleaned_data.get("definition") or "{}")
    except ValueError:
        loaded = {}
    if not isinstance(loaded, dict) or not loaded:
        return []
    now = json.loads(definition_of(kr))
    shown = {
        "metric_type": lambda v: (
            KeyResult.MetricType(v).label if v in KeyResult.MetricType.values else v
        ),
        "direction": lambda v: (
            KeyResult.Direction(v).label if v in KeyResult.Direction.values else v
        ),
        "start_value": lambda v: display.number(Decimal(v)),
        "target_value": lambda v: display.number(Decimal(v)),
        "unit": lambda v: v or "—",
    }
    changed = []
    for name in _DEFINITION:
        if name in loaded and loaded[name] != now[name]:
            try:
                before = shown[name](loaded[name])
            except (ArithmeticError, TypeError, ValueError):
                before = str(loaded[name])
            label = KeyResult._meta.get_field(name).verbose_name
            changed.append(f"{capfirst(label)}: {before} → {shown[name](now[name])}")
    return changed


class Redefined(Exception):
    """A check-in form loaded before the key result's measure changed (redefined_meanwhile)."""

    def __init__(self, changes: list[str]):
        super().__init__(changes)
        self.changes = changes


def redefined_form(actor, kr: KeyResult, form: CheckInForm, changed: list[str]) -> CheckInForm:
    """The form again, everything typed kept, with what changed beside the value; it now
    carries the key result as it is, so that saving again records the value against it."""
    data = form.data.copy()
    data["definition"] = definition_of(kr)
    again = check_in_form(actor, kr, data)
    again.is_valid()
    again.add_error("value", redefined_message(changed))
    return again


def redefined_message(changed: list[str]) -> str:
    """What a form loaded before the key result's measure changed is told beside its value."""
    return _(
        "The key result was changed after you opened this form (%(changes)s). Nothing was "
        "saved: your value is still in the field. Check it against the new numbers and save "
        "again to record it."
    ) % {"changes": "; ".join(changed)}


def loaded_before_a_check_in(form: CheckInForm, kr: KeyResult) -> bool:
    """Whether the (valid) form (the KR page's, My OKRs', a one-tap page's row) was loaded
    before someone else's check-in: its version moved
    on and the stored value is no longer the one it was prefilled with. A value sent back as
    loaded would put theirs back; a value typed anew would be saved over theirs unseen. A
    version moved without a new value (a note, a back-dated entry, an edit of the title) is
    no conflict."""
    version = form.cleaned_data["version"]
    return (
        version is not None
        and version != kr.version
        and not stale.same(plain_decimal(kr.current_value), form.loaded_value)
    )


def checked_in_meanwhile(actor, kr: KeyResult, form: CheckInForm) -> CheckInForm:
    """The form again after a save from a form loaded before someone else's check-in, with
    who set what and when beside the value. A value sent back as loaded is replaced by theirs;
    a value typed anew is kept (`theirs.kept`). Everything else is kept as typed, and the
    loaded value and version are brought up to date, so that saving again ("save anyway")
    records what the field then holds."""
    data = form.data.copy()
    current = str(plain_decimal(kr.current_value))
    kept = not stale.same(data.get("value", ""), data.get("initial-value", ""))
    if not kept:
        data["value"] = current
    data["initial-value"] = current
    data["version"] = str(kr.version)
    again = check_in_form(actor, kr, data)
    writer, checked_in = selectors.last_value_writer(kr)
    again.theirs = {
        "who": writer.actor.user.display_name if writer and writer.actor else "",
        "when": writer.created_at if writer else kr.updated_at,
        "checked_in": checked_in,
        "kept": kept,
    }
    return again


def _key_result_page(request, kr: KeyResult, form: CheckInForm, *, status: int = 200):
    """The key result's page; `form` is its check-in form, with what was typed after a refusal."""
    actor = request.membership
    objective = kr.objective
    objective.can_edit = bool(selectors.editable_objective_ids(actor, [objective.pk]))
    history = selectors.check_ins(actor, kr)
    listed = paginate(request, history)
    _attach_threads(actor, listed)
    points = list(history.order_by("-created_at", "-id")[:CHART_POINTS])
    points.reverse()
    _against_current_range(kr, [*listed, *points])
    cycle = objective.cycle
    due = kr.effective_due_date
    # The line starts where the key result did (its creation, or an earlier back-dated first
    # value), not at the cycle's first day: one created today was drawn flat at 0 % for weeks
    # nobody measured.
    began = min([kr.created_at, *(c.created_at for c in points[:1])])
    chart = {
        "points": [[c.created_at.isoformat(), float(c.progress_now * 100)] for c in points],
        "initial": float(selectors.progress_at(kr, kr.start_value) or 0) * 100,
        "from": (
            began.isoformat()
            if began.astimezone(ZoneInfo(actor.organization.time_zone)).date() > cycle.start_date
            else cycle.start_date.isoformat()
        ),
        "expected": [[cycle.start_date.isoformat(), 0], [due.isoformat(), 100]],
        "start": cycle.start_date.isoformat(),
        "end": max(due, cycle.end_date).isoformat(),
    }
    selectors.add_forecasts(actor.organization, [kr])  # as insights and the API forecast
    forecast = (
        None if kr.forecast_value is None
        else {"value": kr.forecast_value, "progress": kr.forecast}
    )  # fmt: skip
    return page(
        request,
        "web/key_result.html",
        {
            "kr": kr,
            "objective": objective,
            "history": listed,
            "chart": chart,
            "forecast": forecast,
            "comments": selectors.comments(actor, key_result=kr)[:100],
            "comment_form": CommentForm(),
            "check_in_form": form,
            # Archived, or of an archived objective: no check-in until restored, said so.
            "archived_notice": services.archived_refusal(objective, kr)
            or services.closed_refusal(objective.cycle),
        },
        cycle=cycle,
        status=status,
    )


def _against_current_range(kr: KeyResult, check_ins) -> None:
    """Set `.progress_now` on each check-in: its value against the key result's range as it is
    now, the one truth of the page (its header, history and chart agree; a range edited since
    showed the header at 40 % and the same value at 60 % in the history). `.progress_then` is
    the progress recorded at the time when it reads differently, shown beside it."""
    for entry in check_ins:
        now = selectors.progress_at(kr, entry.value)
        entry.progress_now = entry.progress if now is None else now
        differs = display.percent_text(entry.progress) != display.percent_text(entry.progress_now)
        entry.progress_then = entry.progress if differs else None


def _attach_threads(actor, check_ins) -> None:
    """Set `.thread` (its comments, oldest first) on each listed check-in, in one query."""
    threads: dict[int, list] = {}
    for comment in selectors.comments(actor).filter(check_in__in=[c.pk for c in check_ins]):
        threads.setdefault(comment.check_in_id, []).append(comment)
    for entry in check_ins:
        entry.thread = threads.get(entry.pk, [])


def _can_check_in(actor, kr: KeyResult) -> bool:
    return kr.owner_id == actor.pk or permissions.can_edit_objective(actor, kr.objective)


def _form_row(request, kr: KeyResult, form, *, status=200):
    """The row with the inline check-in form (only reached by people allowed to check in)."""
    kr.objective.can_edit = True
    return render(
        request,
        "web/_kr_row.html",
        {"kr": kr, "objective": kr.objective, "form": form, "membership": request.membership},
        status=status,
    )


@member_required
@fragment_of(lambda pk: reverse("key_result", args=[pk]))
def key_result_row(request, pk):
    """The row as it is (the inline form's Cancel)."""
    actor = request.membership
    kr = found(selectors.get_key_result, actor, pk)
    kr.objective.can_edit = bool(selectors.editable_objective_ids(actor, [kr.objective_id]))
    return render(
        request, "web/_kr_row.html", {"kr": kr, "objective": kr.objective, "membership": actor}
    )


@member_required
@require_http_methods(["GET", "POST"])
@fragment_of(lambda pk: reverse("key_result", args=[pk]) + "#check-in")
def check_in(request, pk):
    """GET: the inline form in place of the row. POST: record the check-in and answer with the
    new row plus the objective's and every visible ancestor's summary (out-of-band swaps)."""
    actor = request.membership
    kr = found(selectors.get_key_result, actor, pk)
    if not _can_check_in(actor, kr):
        raise Http404
    if request.method == "GET":
        return _form_row(request, kr, check_in_form(actor, kr))
    form = check_in_form(actor, kr, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        # A form loaded before someone else's check-in saves nothing: the person sees theirs
        # first (checked again under the lock: the service's version check).
        loaded = data["version"] is not None
        try:
            # Sent twice (a double click, a re-sent page), the check-in is recorded once: the
            # second sending is told so before it could look like someone else's check-in.
            with once.sending(request, result=reverse("key_result", args=[kr.pk])):
                if loaded_before_a_check_in(form, kr):
                    raise services.Conflict(kr.version)
                if changed := redefined_meanwhile(form, kr):
                    raise Redefined(changed)
                entry = services.check_in(
                    actor,
                    kr,
                    value=data["value"],
                    confidence=data["confidence"],
                    note=data["note"],
                    source_url=data["source_url"] or "",
                    next_step=data["next_step"],
                    is_blocker=data["is_blocker"],
                    scale_confirmed=form.scale_confirmed(),
                    # The version read here: a check-in between this read and the lock is a
                    # conflict too (a form without a version, like the API without If-Match,
                    # records the value as before).
                    version=kr.version if loaded else None,
                )
        except once.Taken as taken:
            return once.sent_before(request, taken, reverse("key_result", args=[kr.pk]))
        except once.Refused as refused:
            form.add_error(None, refused.message)
        except Redefined as redefined:
            form = redefined_form(actor, kr, form, redefined.changes)
            if not is_htmx(request):
                return _key_result_page(request, kr, form, status=409)
            return _form_row(request, kr, form, status=409)
        except services.Conflict:
            kr = found(selectors.get_key_result, actor, pk)
            form = checked_in_meanwhile(actor, kr, form)
            if not is_htmx(request):
                return _key_result_page(request, kr, form, status=409)
            return _form_row(request, kr, form, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
            if any(e.code == OFF_SCALE for e in error.error_dict.get("value", ())):
                form.ask_to_confirm()
        except PermissionDenied:
            raise Http404 from None
    if not form.is_valid():
        if not is_htmx(request):
            # The key result's page again, with the message beside the field and everything
            # typed still in the form.
            return _key_result_page(request, kr, form, status=422)
        return _form_row(request, kr, form, status=422)
    if not is_htmx(request):
        return redirect(reverse("key_result", args=[kr.pk]))
    return checked_in_response(request, entry)


def checked_in_response(request, entry):
    """The checked-in row, and what the check-in moved in the visible chain above it: each
    objective's summary and the rows of the key results the rollup walked, as the service
    stored them (one statement, the chain; the other rows of the page did not change)."""
    actor = request.membership
    kr = entry.key_result
    chain = selectors.alignment_chain(actor, kr.objective_id, MAX_ANCESTORS, key_results=False)[0]
    visible = {objective.pk: objective for objective in chain}
    moved = []
    for objective_id, rows in entry.key_results_on_the_way.items():
        for row in rows if objective_id in visible else ():
            # Its objective as read for this reader, marked as the check-in's permission did
            # (the objective's edit right, or the key result's owner: okr_ui.checkable).
            row.objective = visible[objective_id]
            # The other rows of its own objective did not move.
            if objective_id != kr.objective_id:
                moved.append(row)
    return render(
        request,
        "web/_checked_in.html",
        {"kr": kr, "objective": chain[0], "chain": chain, "moved": moved, "membership": actor,
         "updated": True},
    )  # fmt: skip


@member_required
@require_http_methods(["POST"])
def add_comment(request, pk, target: str):
    """Comment on an objective (target='objective'), a key result (target='key_result') or a
    check-in (target='check_in', shown under it in the key result's history)."""
    actor = request.membership
    if target == "objective":
        obj = found(selectors.get_objective, actor, pk)
        where, back = {"objective": obj}, reverse("objective", args=[obj.pk]) + "#comments"
    elif target == "check_in":
        obj = found(selectors.get_check_in, actor, pk)
        where = {"check_in": obj}
        back = reverse("key_result", args=[obj.key_result_id]) + f"#check-in-{obj.pk}"
    else:
        obj = found(selectors.get_key_result, actor, pk)
        where, back = {"key_result": obj}, reverse("key_result", args=[obj.pk]) + "#comments"
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            # Sent twice (a double click), the comment is added once.
            with once.sending(request, result=back):
                services.add_comment(actor, body=form.cleaned_data["body"], **where)
        except once.Taken as taken:
            return once.sent_before(request, taken, back)
        except once.Refused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            add_service_errors(form, error)
    if is_htmx(request) and target == "check_in":
        obj.thread = list(selectors.comments(actor, check_in=obj))
        return render(
            request,
            "web/_check_in_thread.html",
            {"c": obj, "comment_form": form if form.errors else CommentForm()},
            status=422 if form.errors else 200,
        )
    if is_htmx(request):
        comments = (
            selectors.comments(actor, **where)
            if target == "key_result"
            else selectors.objective_comments(actor, obj)
        )
        return render(
            request,
            "web/_comments.html",
            {
                "comments": comments[:100],
                "comment_form": form if form.errors else CommentForm(),
                "comment_url": request.path,
            },
            status=422 if form.errors else 200,
        )
    return redirect(back)
