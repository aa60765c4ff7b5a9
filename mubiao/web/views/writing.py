"""Writing OKRs: the objective with its key results on one page, alignment picker, live
advice from the linter, archive/restore and copy to the next cycle."""

import copy

from django.contrib import messages as flash
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mubiao.id_sets import is_id
from mubiao.okrs import limits, quality, selectors, services
from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.services import published_parents
from mubiao.okrs.services.scale import OFF_SCALE
from mubiao.okrs.transfer.readings import due_date_notes, start_taken_notes
from mubiao.okrs.wording import sentences
from mubiao.okrtext import KRInput, ObjectiveInput, lint_objectives
from mubiao.orgs.models import Membership, Team
from mubiao.orgs.selectors import team_q
from mubiao.playbook import selectors as playbook_selectors
from mubiao.playbook.models import Template
from mubiao.playbook.services import draft_from_template
from mubiao.transactions import write_transaction
from mubiao.web import forms, once, params, stale
from mubiao.web.views.base import (
    add_service_errors,
    chosen_cycle,
    found,
    member_required,
    page,
    safe_next,
    with_query,
)

BLANK_KR_ROWS = 3
ALIGN_OPTIONS = 30
# Service field names that the form calls differently.
OBJECTIVE_ALIASES = {
    "owner_member": "owner",
    "owner_team": "owner",
    "owner_type": "owner",
    "parent_objective": "parent",
    "parent_key_result": "parent",
}


class _Invalid(Exception):
    """Raised inside the saving transaction to roll it back once errors are on the forms."""


def _editable_objective(request, pk) -> Objective:
    actor = request.membership
    objective = found(selectors.get_objective, actor, pk)
    if not selectors.editable_objective_ids(actor, [objective.pk]):
        raise Http404
    return objective


@member_required
def objective_create(request):
    cycle = chosen_cycle(request)
    if cycle is None:
        return page(request, "web/no_cycle.html", {})
    return _objective_form(request, None, cycle)


@member_required
def objective_edit(request, pk):
    objective = _editable_objective(request, pk)
    if (notice := services.closed_refusal(objective.cycle, "definition")) is not None:
        # Read-only, said before anything is typed: no form that could only be refused (h9j).
        # A form sent anyway (opened before the cycle was closed) saves nothing: 409.
        return page(
            request,
            "web/read_only.html",
            {"objective": objective, "notice": notice},
            cycle=objective.cycle,
            status=409 if request.method == "POST" else 200,
        )
    return _objective_form(request, objective, objective.cycle)


def _say_due_dates(request, formset, cycle) -> None:
    """A due date cleared under a title stating a deadline is said after saving, as the API's
    notice and the import say it (readings.due_date_notes, h9x: saved without a word)."""
    for kr_form in formset.forms:
        typed = getattr(kr_form, "cleaned_data", None) or {}
        if "due_date" not in kr_form.changed_data or typed.get("DELETE") or not typed.get("title"):
            continue
        sent = {"due_date": typed.get("due_date")}
        for note in due_date_notes(typed["title"], cycle, sent, None, None):
            flash.info(request, note)


def _say_taken(request, formset, saved: Objective) -> None:
    """What the form took that the person did not give, said after saving as the API's `notes`
    and the import say it (h9b): a new key result with no start nor current value typed, whose
    title states none, starts at 0 (readings.start_taken_notes). An objective's kind is not
    said: the form shows the kind it saves, chosen or left (saying "not marked committed" told
    a person who chose committed the opposite; the API and imports, which show nothing, say it)."""
    # The kept rows in their order are the objective's active key results in theirs (create
    # and reorder_key_results store them so); the new ones have no id.
    stored = saved.key_results.filter(state=KeyResult.State.ACTIVE).order_by("position", "pk")
    for kr_form, kr in zip(_kept_forms(formset), stored, strict=False):
        if kr_form.cleaned_data.get("id"):
            continue
        given = [name for name, value in kr_form.service_fields().items() if value is not None]
        for note in start_taken_notes(kr, given=given):
            flash.info(request, note)


def template_library_url(actor) -> str:
    """The template library, filtered by the person's job title when a template fits it."""
    url = reverse("templates")
    role = (actor.title or "").strip()
    if role and playbook_selectors.search_templates(actor, role=role).exists():
        return with_query(url, role=role)
    return url


def _template_draft(request, cycle) -> tuple[Template | None, dict]:
    """?template=<id> (抄作业): the template's objective and key results as a draft for the
    form; nothing is saved until the person submits."""
    pk = params.integer(request, "template")
    if not pk:
        return None, {"key_results": [], "notes": []}
    try:
        template = playbook_selectors.get_template(request.membership, pk)
    except ObjectDoesNotExist:
        params.refuse_missing("template", pk)
    return template, draft_from_template(request.membership, template, cycle)


def _objective_form(request, objective: Objective | None, cycle):
    actor = request.membership
    krs = [kr for kr in objective.key_results.all() if kr.state == "active"] if objective else []
    template, draft = (None, {"key_results": [], "notes": []})
    if objective is None and request.method == "GET":
        template, draft = _template_draft(request, cycle)
    drafts = [forms.key_result_draft(fields) for fields in draft["key_results"]]
    formset_class = forms.key_result_formset(
        0 if objective else max(len(drafts), BLANK_KR_ROWS), cycle
    )
    editing = objective is not None
    conflict = gone = False
    share_notice = None
    parent_refusal = None
    if request.method == "POST":
        form, formset = _bound_forms(request.POST, actor, objective, formset_class)
        if form.is_valid() and formset.is_valid():
            try:
                if editing:
                    _check_not_gone(form, formset, objective)
                    _check_not_stale(form, formset, objective, krs)
                _check_consented(request, actor, objective, form, formset, krs)
                # One transaction for the objective and its key results, re-run whole on a
                # deadlock like every write; a new objective's form is sent once (web.once).
                with once.sending(request) as claimed:
                    saved = write_transaction(_save)(actor, objective, cycle, form, formset, krs)
                    once.done(claimed, reverse("objective", args=[saved.pk]))
                _say_due_dates(request, formset, cycle)
                _say_taken(request, formset, saved)
                return redirect(reverse("objective", args=[saved.pk]))
            except once.Taken as taken:
                return once.sent_before(request, taken, reverse("home"))
            except once.Refused as refused:
                form.add_error(None, refused.message)
            except _Unconsented as asked:
                share_notice = str(asked)
            except _Gone:
                gone = True
            except _Invalid:
                pass
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except (_Stale, services.Conflict):
                form, formset = _stale_forms(request, actor, objective, formset_class)
                conflict = True
    else:
        form = forms.ObjectiveForm(actor=actor, objective=objective, initial=_initial(objective))
        if editing:
            stale.track(form, objective.version)
        if objective is None and params.text(request, "parent"):
            asked = params.text(request, "parent")
            parent_refusal = _prefill_refusal(actor, cycle, asked)
            if parent_refusal is None:
                form.initial["parent"] = asked
        if template is not None:
            form.initial["title"] = draft["title"]
        formset = formset_class(
            prefix="kr",
            actor=actor,
            initial=[forms.key_result_initial(kr) for kr in krs],
            drafts=drafts,
            versioned=editing,
        )
    parent = _parent_choice(actor, form["parent"].value())
    return page(
        request,
        "web/objective_form.html",
        {
            "form": form,
            "formset": formset,
            "objective": objective,
            "parent_choice": parent,
            "parent_refusal": parent_refusal,
            "align_options": align_candidates(actor, cycle, exclude=objective, query="")[:10],
            "template": template,
            "template_notes": draft["notes"],
            "library_url": template_library_url(actor) if objective is None else "",
            "conflict": conflict,
            "share_notice": share_notice,
            # Archived: nothing of it changes until restored, said before anything is typed.
            "archived_notice": services.archived_refusal(objective)
            if editing and request.method == "GET"
            else None,
        },
        cycle=cycle,
        status=409 if conflict or gone else 200,
    )


class _Stale(Exception):
    """Someone else changed what the form shows since it was loaded."""


class _Unconsented(Exception):
    """The save would show a hidden objective's progress to more people, and the person has not
    yet confirmed it (issue 12): nothing is saved; the form asks."""


# The confirm button's name: the person read the notice and still wants it.
SHARE_CONFIRMED = "share_progress"


def _check_consented(request, actor, objective: Objective | None, form, formset, krs) -> None:
    """Raise _Unconsented with the notice when the form, saved, would newly count a hidden
    objective's progress where people who may not see it can read it (selectors.progress_notice,
    and key_result_notice for its key results) and the person has not confirmed it."""
    if request.POST.get(SHARE_CONFIRMED) == "1":
        return
    after = _as_saved(actor, objective, form)
    notices = [selectors.progress_notice(actor, objective, after)]
    stored = {kr.pk: kr for kr in krs}
    for kr_form in _kept_forms(formset):
        kr = stored.get(kr_form.cleaned_data.get("id"))
        if kr is not None:
            saved = copy.copy(kr)
            saved.progress_source = kr_form.cleaned_data["progress_source"]
            saved.objective = after
            notices.append(selectors.key_result_notice(actor, kr, saved))
    notice = sentences(notices)
    if notice:
        raise _Unconsented(notice)


def _as_saved(actor, objective: Objective | None, form) -> Objective:
    """The objective as the form would save it, in memory: what decides who sees whose progress."""
    data = form.cleaned_data
    after = copy.copy(objective) if objective else Objective(organization_id=actor.organization_id)
    if objective is None or forms.owner_value(objective) != form["owner"].value():
        after.team = services.filing_team(actor, **data["owner"])
    after.visibility = data["visibility"]
    after.progress_source = data["progress_source"]
    after.parent_objective = data["parent"]["parent_objective"]
    after.parent_key_result = data["parent"]["parent_key_result"]
    return after


class _Gone(Exception):
    """Someone archived the objective or a key result the form shows since it was loaded."""


def _check_not_gone(form, formset, objective) -> None:
    """Raise _Gone, with the reason beside the row, when the objective or a key result on the
    form was archived or deleted since it was loaded: nothing is saved."""
    gone = False
    if objective.state == Objective.State.ARCHIVED:
        # Archived before the form was opened (it was loaded at the archived version: the edit
        # page said so at once) is not said to have happened since (issue 9).
        before = stale.loaded_version(form) == objective.version
        form.add_error(
            None,
            services.archived_refusal(objective)
            if before
            else stale.gone(Objective, archived=True),
        )
        gone = True
    ids = {f.cleaned_data.get("id") for f in formset.forms} - {None}
    states = dict(
        KeyResult.objects.filter(objective=objective, pk__in=ids).values_list("pk", "state")
    )
    for kr_form in formset.forms:
        pk = kr_form.cleaned_data.get("id")
        # Removing a row someone archived meanwhile is what both wanted; an id that is not
        # this objective's is refused by _save_key_results (archived rows are never deleted).
        if states.get(pk) == KeyResult.State.ARCHIVED and kr_form not in formset.deleted_forms:
            kr_form.add_error(None, stale.gone(KeyResult, archived=True))
            gone = True
    if gone:
        raise _Gone


def _bound_forms(data, actor, objective, formset_class):
    form = forms.ObjectiveForm(data, actor=actor, objective=objective)
    if objective is not None:
        stale.track(form, objective.version)
    formset = formset_class(data, prefix="kr", actor=actor, versioned=objective is not None)
    return form, formset


def _stored(objective_id: int, actor) -> tuple[Objective, dict[int, KeyResult]]:
    """The objective and its active key results as stored now."""
    objective = selectors.get_objective(actor, objective_id)
    krs = {kr.pk: kr for kr in objective.key_results.all() if kr.state == "active"}
    return objective, krs


def _others_changes(form, formset, objective, krs: dict) -> list[tuple]:
    """(form, {field: their value}) for each form whose row someone else changed visibly."""
    found = []
    version = stale.loaded_version(form)
    if version is not None and version != objective.version:
        found.append((form, stale.changes(form, _initial(objective))))
    for kr_form in formset.forms:
        kr = krs.get(kr_form.cleaned_data.get("id"))
        version = stale.loaded_version(kr_form)
        if kr is not None and version is not None and version != kr.version:
            changed = stale.changes(kr_form, forms.key_result_initial(kr))
            if "current_value" in changed:
                if "current_value" in kr_form.changed_data:
                    changed["current_value"] = _checked_in_by(kr, changed["current_value"])
                else:
                    # Left as loaded, it is not saved (service_fields): a check-in in between
                    # is no conflict.
                    del changed["current_value"]
            found.append((kr_form, changed))
    return [(f, changed) for f, changed in found if changed]


def _checked_in_by(kr: KeyResult, shown: str) -> str:
    """A current value someone else recorded meanwhile, with who recorded it (a check-in, or an
    edit that typed or converted it)."""
    writer, checked_in = selectors.last_value_writer(kr)
    if writer is None or writer.actor is None:
        return shown
    said = (
        _("%(value)s (checked in by %(name)s)")
        if checked_in
        else _("%(value)s (changed by %(name)s)")
    )
    return said % {"value": shown, "name": writer.actor.user.display_name}


def _check_not_stale(form, formset, objective, krs) -> None:
    """Raise _Stale when someone else changed a field this form shows since it was loaded; a
    row whose version moved on without a visible change (a check-in) is saved over."""
    if _others_changes(form, formset, objective, {kr.pk: kr for kr in krs}):
        raise _Stale


def _stale_forms(request, actor, objective, formset_class):
    """The forms again after a stale save: the person's input as typed, the other person's
    values beside the fields they changed, versions and loaded values brought up to date (so
    that Save is the confirmation)."""
    stored, krs = _stored(objective.pk, request.membership)
    form, formset = _bound_forms(request.POST, actor, stored, formset_class)
    form.is_valid() and formset.is_valid()
    found = _others_changes(form, formset, stored, krs)
    data = request.POST.copy()
    taken = {form.prefix: stale.refresh(data, form, _initial(stored), stored.version)}
    for kr_form in formset.forms:
        kr = krs.get(kr_form.cleaned_data.get("id") if kr_form.is_valid() else None)
        if kr is not None:
            current = forms.key_result_initial(kr)
            taken[kr_form.prefix] = stale.refresh(data, kr_form, current, kr.version)
    form, formset = _bound_forms(data, actor, stored, formset_class)
    by_prefix = {f.prefix: changed for f, changed in found}
    if "parent" in by_prefix.get(form.prefix, {}):
        # The alignment by its title, not its reference.
        parent = _parent_choice(actor, forms.parent_value(stored))
        by_prefix[form.prefix]["parent"] = parent.title if parent else _("Not aligned")
    for each in [form, *formset.forms]:
        stale.mark(each, by_prefix.get(each.prefix, {}), taken.get(each.prefix, set()))
    return form, formset


def _initial(objective: Objective | None) -> dict:
    if objective is None:
        return {
            "kind": "committed",
            "visibility": "public",
            "progress_source": Objective.ProgressSource.KEY_RESULTS,
            "aligned_share": 50,
        }
    return {
        "title": objective.title,
        "description": objective.description,
        "owner": forms.owner_value(objective),
        "kind": objective.kind,
        "visibility": objective.visibility,
        "parent": forms.parent_value(objective),
        "progress_source": objective.progress_source,
        "aligned_share": objective.aligned_share,
        "collaborators": ", ".join(m.user.email for m in objective.collaborators.all()),
    }


def _kept_forms(formset) -> list:
    """Filled-in, not deleted rows in the order the person arranged them."""
    return [f for f in formset.ordered_forms if f.cleaned_data.get("title")]


def _save(actor, objective, cycle, form, formset, krs) -> Objective:
    data = form.cleaned_data
    fields = {
        "title": data["title"],
        "description": data["description"],
        "kind": data["kind"],
        "visibility": data["visibility"],
        "progress_source": data["progress_source"],
        "aligned_share": data["aligned_share"],
    }
    kept = _kept_forms(formset)
    if objective is None:
        try:
            return services.create_objective(
                actor,
                cycle=cycle,
                **fields,
                **data["owner"],
                **data["parent"],
                collaborators=data["collaborators"],
                key_results=[f.service_fields() for f in kept],
            )
        except ValidationError as error:
            _spread_errors(error, form, kept)
            raise _Invalid from None
    try:
        if forms.owner_value(objective) != form["owner"].value():
            fields.update(data["owner"])
        # The versions checked against when the form came in: a save in between is a Conflict.
        services.update_objective(
            actor,
            objective,
            version=objective.version,
            collaborators=data["collaborators"],
            **fields,
        )
        if (data["parent"]["parent_objective"], data["parent"]["parent_key_result"]) != (
            objective.parent_objective,
            objective.parent_key_result,
        ):
            services.align_objective(actor, objective, **data["parent"])
    except ValidationError as error:
        add_service_errors(form, error, OBJECTIVE_ALIASES)
        raise _Invalid from None
    _save_key_results(actor, objective, formset, kept, {kr.pk: kr for kr in krs})
    return objective


def asks_scale(errors) -> bool:
    """Whether a field's refusals include one the person may confirm (a value typed on
    another scale than the key result's)."""
    return any(getattr(e, "code", None) == OFF_SCALE for e in errors)


def _spread_errors(error: ValidationError, form, kr_forms) -> None:
    """create_objective reports key result errors as `key_results.<index>.<field>`."""
    for key, messages in error.message_dict.items():
        if key == "key_results" and len(kr_forms) > limits.ACTIVE_KEY_RESULTS:
            # Too many key results: said at the first row over the limit.
            kr_forms[limits.ACTIVE_KEY_RESULTS].add_error("title", messages)
        elif key.startswith("key_results."):
            _prefix, index, field = key.split(".", 2)
            target = kr_forms[int(index)]
            target.add_error(field if field in target.fields else None, messages)
            if asks_scale(error.error_dict[key]):
                target.ask_to_confirm_scale()
        else:
            name = OBJECTIVE_ALIASES.get(key, key)
            form.add_error(name if name in form.fields else None, messages)


def _save_key_results(actor, objective, formset, kept, existing: dict) -> None:
    failed = False
    archived = set(
        objective.key_results.filter(state=KeyResult.State.ARCHIVED).values_list("pk", flat=True)
    )
    ordered = []
    for kr_form in formset.forms:
        pk = kr_form.cleaned_data.get("id")
        deleted = kr_form in formset.deleted_forms
        if pk is not None and pk not in existing and not (deleted and pk in archived):
            kr_form.add_error(None, _("This key result belongs to another objective."))
            failed = True
        elif pk in existing and deleted:
            try:
                services.archive_key_result(actor, existing[pk])
            except ValidationError as error:  # objectives are aligned to it
                add_service_errors(kr_form, error)
                failed = True
    for kr_form in kept:
        pk = kr_form.cleaned_data.get("id")
        try:
            if pk in existing:
                kr = existing[pk]
                ordered.append(
                    services.update_key_result(
                        actor, kr, version=kr.version, **kr_form.service_fields()
                    )
                )
            elif pk is None:
                ordered.append(
                    services.create_key_result(actor, objective, **kr_form.service_fields())
                )
        except ValidationError as error:
            # The objective's limit of key results, said at the row that would pass it.
            add_service_errors(kr_form, error, {"objective": "title"})
            if any(asks_scale(errors) for errors in getattr(error, "error_dict", {}).values()):
                kr_form.ask_to_confirm_scale()
            failed = True
    if failed:
        raise _Invalid
    services.reorder_key_results(actor, objective, ordered)


def _parent_choice(actor, value: str | None):
    """The currently chosen parent (objective or key result) for the picker's first option."""
    kind, _sep, pk = (value or "").partition(":")
    try:
        if kind == "o":
            return selectors.objective_list(actor).get(pk=int(pk))
        if kind == "k":
            return selectors.visible_key_results(actor).select_related("objective").get(pk=pk)
    except (ValueError, Objective.DoesNotExist, KeyResult.DoesNotExist):
        pass
    return None


def _prefill_refusal(actor, cycle, value: str) -> str | None:
    """Why the parent a link asks for (`?parent=o:<id>` or `k:<id>`) may not be chosen for a
    new objective of `cycle`, said beside the picker instead of dropping it without a word;
    None when the picker offers it (selectors.alignable_parents)."""
    kind, _sep, pk = value.partition(":")
    parent = key_result = None
    try:
        if kind == "o":
            parent = selectors.visible_objectives(actor, include_archived=True).get(pk=int(pk))
        elif kind == "k":
            key_result = (
                selectors.visible_key_results(actor).select_related("objective").get(pk=int(pk))
            )
            parent = key_result.objective
    except (ValueError, Objective.DoesNotExist, KeyResult.DoesNotExist):
        pass
    if parent is None:
        return _(
            "The objective or key result this link aligns to does not exist, or you cannot see "
            "it: choose another parent."
        )
    offered = selectors.alignable_parents(actor, cycle).filter(pk=parent.pk)
    if key_result is not None:
        offered = offered.filter(key_results=key_result, key_results__state="active")
    if offered.exists():
        return None
    return published_parents.refusal(cycle, parent, key_result) or _(
        "“%(parent)s” cannot be chosen as this objective's parent: choose another."
    ) % {"parent": (key_result or parent).title}


def align_candidates(actor, cycle, *, exclude: Objective | None, query: str):
    """The objectives (with their key results) one may align `exclude` (the objective edited)
    or a new objective of `cycle` to (selectors.alignable_parents: only parents the services
    accept, in its order), filtered by title, key result, owner or team name. Each filter is a
    condition on the objective's own columns (a semi-join for key results, owners and teams),
    tested on each row read off the list index: a filter on a joined table's column made the
    planner sort every candidate before filtering (issue 14)."""
    qs = selectors.alignable_parents(actor, exclude if exclude is not None else cycle)
    if query:
        org = actor.organization_id
        matching_krs = KeyResult.objects.filter(organization_id=org, title__icontains=query)
        # The owner by the name this organization knows them by: an invitee's account may
        # carry another organization's name for them.
        owners = Membership.objects.filter(Q(organization_id=org) & selectors.name_q(query))
        teams = Team.objects.filter(team_q(query), organization_id=org)
        qs = qs.filter(
            Q(title__icontains=query)
            | Q(pk__in=matching_krs.values("objective_id"))
            | Q(owner_member_id__in=owners.values("pk"))
            | Q(owner_team_id__in=teams.values("pk"))
            | Q(team_id__in=teams.values("pk"))
        )
    return qs


@member_required
def align_options(request):
    """The alignment picker's options for what the person typed (htmx)."""
    actor = request.membership
    cycle = chosen_cycle(request)
    exclude = None
    if exclude_pk := params.integer(request, "exclude"):
        exclude = selectors.visible_objectives(actor).filter(pk=exclude_pk).first()
        if exclude is None:
            params.refuse_missing("exclude", exclude_pk)
    query = params.text(request, "align_q")
    options = align_candidates(actor, cycle, exclude=exclude, query=query)[:ALIGN_OPTIONS]
    # Keep the person's current choice checked above the new results.
    chosen = params.text(request, "parent")
    return render(
        request,
        "web/_align_options.html",
        {
            "align_options": options,
            "chosen": chosen,
            "chosen_parent": _parent_choice(actor, chosen),
            "query": query,
        },
    )


@member_required
@require_POST
def lint_advice(request):
    """Live advice beside the form: the linter's findings for what is written so far, with
    what the form knows (cycle, kind, alignment) so that it agrees with `Check OKRs`."""
    objective = advice_input(request.membership, request.POST)
    written = bool(objective.title or objective.key_results)
    findings = []
    if written:
        findings = lint_objectives(
            [objective],
            lang=quality.current_language(),
            config=quality.lint_config(request.membership.organization),
        )
    return render(request, "web/_advice.html", {"findings": findings[:12], "written": written})


def advice_input(actor, data) -> ObjectiveInput:
    """The form's objective and key results as the linter reads a stored objective."""
    key_results = []
    total = data.get("kr-TOTAL_FORMS", "0")
    for index in range(min(int(total) if is_id(total) else 0, 20)):
        prefix = f"kr-{index}-"
        title = data.get(prefix + "title", "").strip()
        if not title or data.get(prefix + "DELETE"):
            continue
        metric = data.get(prefix + "metric_type", "number")
        if metric in ("number", "percent", "currency") and not any(c.isdigit() for c in title):
            # The numbers are in their own fields: read them as if written in the title.
            start, target = data.get(prefix + "start_value", ""), data.get(prefix + "target_value")
            unit = data.get(prefix + "unit", "")
            title += _(" (from %(start)s to %(target)s%(unit)s)") % {
                "start": start,
                "target": target,
                "unit": f" {unit}" if unit else "",
            }
        key_results.append(KRInput(title))
    cycle_id = data.get("cycle", "")
    cycle = selectors.cycles(actor).filter(pk=cycle_id).first() if is_id(cycle_id) else None
    kind = data.get("kind")
    return ObjectiveInput(
        title=data.get("title", "").strip(),
        key_results=key_results,
        cycle_start=cycle.start_date if cycle else None,
        cycle_end=cycle.end_date if cycle else None,
        kind=kind if kind in Objective.Kind.values else None,
        has_parent=bool(data.get("parent")),
        top_level=data.get("owner") == Objective.OwnerType.ORGANIZATION,
        owner_kind=data.get("owner", "").partition(":")[0],
    )


def _objective_action(request, pk, action):
    objective = _editable_objective(request, pk)
    try:
        # A form that creates (Copy) carries a one-time token: sent twice, it copies once.
        with once.sending(request) as claimed:
            result = action(request.membership, objective)
            target = result if isinstance(result, Objective) else objective
            done = safe_next(request, reverse("objective", args=[target.pk]))
            once.done(claimed, done)
    except once.Taken as taken:
        return once.sent_before(request, taken, reverse("objective", args=[objective.pk]))
    except (ValidationError, once.Refused) as error:
        refused = [error.message] if isinstance(error, once.Refused) else error.messages
        return page(
            request,
            "web/message.html",
            {"title": _("That did not work"), "messages_list": refused},
            cycle=objective.cycle,
            status=400,
        )
    except PermissionDenied:
        raise Http404 from None
    return redirect(done)


@member_required
@require_POST
def objective_archive(request, pk):
    return _objective_action(request, pk, services.archive_objective)


@member_required
@require_POST
def objective_restore(request, pk):
    return _objective_action(request, pk, services.restore_objective)


@member_required
@require_POST
def objective_copy(request, pk):
    return _objective_action(request, pk, lambda actor, o: services.copy_objective(actor, o))


@member_required
@require_POST
def objective_move(request, pk):
    """Move one of the person's own objectives up or down among their objectives of its cycle
    (the order of My OKRs)."""
    actor = request.membership
    objective = _editable_objective(request, pk)
    if objective.owner_member_id != actor.pk:
        raise Http404
    order = list(
        selectors.visible_objectives(actor)
        .filter(cycle_id=objective.cycle_id, owner_member=actor)
        .order_by("position", "id")
    )
    index = next(i for i, o in enumerate(order) if o.pk == objective.pk)
    other = index + (-1 if request.POST.get("direction") == "up" else 1)
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
        try:
            services.reorder_objectives(actor, order)
        except PermissionDenied:
            raise Http404 from None
    back = safe_next(request, with_query(reverse("home"), cycle=objective.cycle_id))
    return redirect(f"{back}#objective-{objective.pk}")


@member_required
@require_POST
def key_result_restore(request, pk):
    actor = request.membership
    kr = found(selectors.get_key_result, actor, pk)
    try:
        services.restore_key_result(actor, kr)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:  # the objective holds as many key results as it may
        return page(
            request,
            "web/message.html",
            {"title": _("That did not work"), "messages_list": error.messages},
            cycle=kr.objective.cycle,
            status=400,
        )
    return redirect(reverse("objective", args=[kr.objective_id]))
