"""Template library pages: browse and search, preview, use (抄作业), add, edit, delete.

Reads go through playbook.selectors, writes through playbook.services; another
organization's template is a 404 like a missing one.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.quality import lint_config
from mubiao.okrs.wording import sentences
from mubiao.okrtext import lint
from mubiao.playbook import selectors, services
from mubiao.playbook.forms import TemplateForm, TemplateSearchForm
from mubiao.playbook.models import Template
from mubiao.web import once, params, stale
from mubiao.web.views.base import (
    add_service_errors,
    chosen_cycle,
    found,
    member_required,
    page,
    paginate,
    with_query,
)


def _default_language() -> str:
    return "zh-hans" if (translation.get_language() or "").startswith("zh") else "en"


@member_required
def template_list(request):
    actor = request.membership
    form = TemplateSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # A filter the library cannot apply is refused (web.params), not dropped.
        name, errors = next(iter(form.errors.items()))
        raise params.Refused(f"{name}: {errors[0]}", name)
    filters = form.cleaned_data if form.is_bound else {}
    # Without a choice, show the templates in the reader's language first of all.
    language = filters.get("language", "") if request.GET else _default_language()
    templates = selectors.search_templates(
        actor,
        query=filters.get("q", ""),
        role=filters.get("role", ""),
        department=filters.get("department", ""),
        language=language,
        scope=filters.get("scope") or "all",
    )
    if not request.GET:
        form = TemplateSearchForm(initial={"language": language, "scope": "all"})
    return page(
        request,
        "playbook/template_list.html",
        {
            "form": form,
            "templates": paginate(request, templates),
            "facets": selectors.facets(actor, language=language),
        },
    )


@member_required
def template_detail(request, pk):
    actor = request.membership
    template = found(selectors.get_template, actor, pk)
    return page(
        request,
        "playbook/template_detail.html",
        {
            "template": template,
            "findings": lint(
                template.body,
                lang=_default_language(),
                config=lint_config(actor.organization),
            ),
            "can_change": services.can_change_template(actor, template),
        },
    )


@member_required
def template_use(request, pk):
    """Open the objective form prefilled from the template (the form calls
    playbook.services.draft_from_template with ?template=<id>); nothing is saved here."""
    template = found(selectors.get_template, request.membership, pk)
    cycle = chosen_cycle(request)
    return redirect(
        with_query(
            reverse("objective_create"), template=template.pk, cycle=cycle.pk if cycle else None
        )
    )


def _template_form(request, template: Template | None):
    actor = request.membership
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                if template is None:
                    template = services.create_template(actor, **form.cleaned_data)
                else:
                    template = services.update_template(actor, template, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Template saved."))
                return redirect("template", pk=template.pk)
    elif template is not None:
        form = TemplateForm(
            initial={
                "role": template.role,
                "department": template.department,
                "language": template.language,
                "tags": ", ".join(template.tags),
                "text": template.body,
            }
        )
    else:
        form = TemplateForm(
            initial={
                "language": _default_language(),
                "role": actor.title,
                "text": "O: \nKR1: \nKR2: \nKR3: ",
            }
        )
    return page(
        request,
        "playbook/template_form.html",
        {"form": form, "template": template},
    )


@member_required
def template_create(request):
    return _template_form(request, None)


def _changeable(request, pk) -> Template:
    template = found(selectors.get_template, request.membership, pk)
    if not services.can_change_template(request.membership, template):
        raise Http404
    return template


@member_required
def template_edit(request, pk):
    try:
        template = _changeable(request, pk)
    except Http404:
        if request.method != "POST":
            raise
        # Deleted after the form was opened (or never the person's: the same answer, so that
        # it tells nothing about other people's templates): nothing is saved, the typing is
        # kept, and saving again creates it anew.
        form = TemplateForm(request.POST)
        form.is_valid()
        form.add_error(None, stale.gone(Template, archived=False))
        context = {"form": form, "template": None}
        return page(request, "playbook/template_form.html", context, status=404)
    return _template_form(request, template)


@require_POST
@member_required
def template_delete(request, pk):
    template = _changeable(request, pk)
    services.delete_template(request.membership, template)
    messages.success(request, _("Template deleted."))
    return redirect("templates")


@require_POST
@member_required
def template_from_objective(request, objective_pk):
    """ "Save as template" on an objective page."""
    actor = request.membership
    objective = found(okr_selectors.get_objective, actor, objective_pk)
    try:
        # Sent twice (a double click), the objective is saved as one template (web.once).
        with once.sending(request) as claimed:
            template = services.save_objective_as_template(actor, objective)
            once.done(claimed, reverse("template", args=[template.pk]))
    except once.Taken as taken:
        return once.sent_before(request, taken, reverse("objective", args=[objective.pk]))
    except once.Refused as refused:
        messages.error(request, refused.message)
        return redirect("objective", pk=objective.pk)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, sentences(getattr(error, "messages", [str(error)])))
        return redirect("objective", pk=objective.pk)
    if template.is_private:
        messages.success(
            request,
            _("Saved as a template only you can see: you may read this objective but not edit "
              "it, so its content stays out of the organization's library."),
        )  # fmt: skip
    else:
        messages.success(request, _("Saved as a template of your organization."))
    return redirect("template", pk=template.pk)
