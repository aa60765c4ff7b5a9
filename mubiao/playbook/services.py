"""Writes to the template library, and the draft an objective form starts from.

An organization's templates are written as OKR text (one `O:` line, then `KR1:`… lines) and
kept in the same normalised form as the built-ins. Any member may add templates to their
organization's library; a template can be changed or deleted by the member who added it and
by admins. Built-ins change only by `mubiao playbook sync`.
"""

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from mubiao.okrs import limits
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import Cycle, Objective
from mubiao.okrs.services import log, stored_values
from mubiao.okrs.transfer.readings import key_result_fields
from mubiao.okrtext import parse
from mubiao.okrtext.text import is_mostly_cjk
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.playbook.builtins import okr_text, search_text_of
from mubiao.playbook.models import Template
from mubiao.transactions import speaks_actors_language, write_transaction

TEMPLATE_FIELDS = ("text", "role", "department", "language", "tags")
_TAG_SPLIT = re.compile(r"[,，、;；]")


def _visible(actor: Membership, template: Template) -> None:
    if template.organization_id not in (None, actor.organization_id) or (
        template.is_private and template.created_by_id != actor.pk
    ):
        raise Template.DoesNotExist


def can_change_template(actor: Membership, template: Template) -> bool:
    if template.organization_id != actor.organization_id:
        return False
    return permissions.is_admin(actor) or template.created_by_id == actor.pk


def _tags(tags: Iterable[str] | str) -> list[str]:
    if isinstance(tags, str):
        tags = _TAG_SPLIT.split(tags)
    return list(dict.fromkeys(tag.strip() for tag in tags if tag and tag.strip()))[:20]


def _parse_text(text: str) -> tuple[str, list[str]]:
    """The objective title and key result texts of a template's OKR text, or ValidationError."""
    document = parse(text or "")
    if document.problems:
        problem = document.problems[0]
        raise ValidationError(
            {
                "text": _("Line %(line)s: %(message)s")
                % {"line": problem.line, "message": problem.message}
            }
        )
    objectives = document.objectives
    if len(objectives) != 1:
        raise ValidationError(
            {
                "text": _(
                    "Write exactly one objective: a line starting with “O:”, then its key results."
                )
            }
        )
    objective = objectives[0]
    if not objective.key_results:
        raise ValidationError(
            {"text": _("Add at least one key result: lines starting with “KR1:”, “KR2:”, …")}
        )
    if problem := limits.text_error(objective.title, max_length(Objective, "title")):
        raise ValidationError({"text": problem})
    return objective.title, [kr.text for kr in objective.key_results]


def _apply(template: Template, *, text, role, department, language, tags, parsed=None) -> None:
    """Validate and set the fields; `parsed` (title, key result texts) skips reading `text`."""
    errors = {}
    role = (role or "").strip()
    if not role:
        errors["role"] = _("This field is required.")
    elif problem := limits.text_error(role, 100):
        errors["role"] = problem
    department = (department or "").strip()
    if problem := limits.text_error(department, 100):
        errors["department"] = problem
    try:
        title, key_results = parsed or _parse_text(text)
    except ValidationError as error:
        errors.update(error.message_dict)
        title, key_results = "", []
    if not language:
        language = Template.Language.ZH_HANS if is_mostly_cjk(text or "") else Template.Language.EN
    if language not in Template.Language.values:
        errors["language"] = _("Select a valid choice.")
    if errors:
        raise ValidationError(errors)
    template.role, template.department, template.language = role, department, language
    template.title = title
    template.body = okr_text(title, key_results)
    template.tags = _tags(tags)
    template.search_text = search_text_of(role, department, title, template.body, template.tags)


@write_transaction
def create_template(
    actor: Membership,
    *,
    text: str,
    role: str,
    department: str = "",
    language: str | None = None,
    tags: Iterable[str] | str = (),
    parsed: tuple[str, list[str]] | None = None,
    is_private: bool = False,
) -> Template:
    template = Template(
        organization_id=actor.organization_id, created_by=actor, is_private=is_private
    )
    _apply(
        template,
        text=text,
        role=role,
        department=department,
        language=language,
        tags=tags,
        parsed=parsed,
    )
    template.save()
    log(actor, "template.created", template, title=template.title)
    return template


@write_transaction
def update_template(actor: Membership, template: Template, **fields) -> Template:
    _visible(actor, template)
    if not can_change_template(actor, template):
        raise PermissionDenied(_("You are not allowed to do this."))
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    current = {
        "text": template.body,
        "role": template.role,
        "department": template.department,
        "language": template.language,
        "tags": template.tags,
    }
    before = stored_values(template)
    _apply(template, **{**current, **fields})
    if stored_values(template) == before:
        return template  # a save that changes nothing writes nothing
    template.save()
    log(actor, "template.updated", template, fields=sorted(fields))
    return template


@write_transaction
def delete_template(actor: Membership, template: Template) -> None:
    _visible(actor, template)
    if not can_change_template(actor, template):
        raise PermissionDenied(_("You are not allowed to do this."))
    log(actor, "template.deleted", template, title=template.title)
    template.delete()


@speaks_actors_language
def save_objective_as_template(
    actor: Membership,
    objective: Objective,
    *,
    role: str | None = None,
    department: str | None = None,
    language: str | None = None,
    tags: Iterable[str] | str = (),
) -> Template:
    """Keep an objective and its active key results as a template of the actor's organization.

    Copying content out needs the right to edit the objective (DESIGN.md §4 Visibility
    details), and publishing it to the organization the right to change who sees it
    (permissions.can_govern_objective: a collaborator of a private objective cannot make its
    content public this way); for anyone else the template stays private to its author
    (`is_private`). An objective the actor may not see is absent (Objective.DoesNotExist).
    Role and department default to the owner's job title and the objective's team.
    """
    permissions.same_organization(actor, objective)
    permissions.visible_or_absent(actor, objective)
    titles = list(
        objective.key_results.filter(state="active")
        .order_by("position", "id")
        .values_list("title", flat=True)
    )
    text = okr_text(objective.title, titles)
    if role is None:
        owner = objective.owner_member
        role = (owner.title if owner else "") or (
            objective.owner_team.name if objective.owner_team else _("Company")
        )
    if department is None:
        department = objective.team.name if objective.team_id else ""
    # The titles are taken as they are: a stored title need not read back as OKR text.
    return create_template(
        actor,
        text=text,
        role=role,
        department=department,
        language=language,
        tags=tags,
        parsed=(objective.title, titles),
        is_private=not permissions.can_govern_objective(actor, objective),
    )


@speaks_actors_language
def draft_from_template(actor: Membership, template: Template, cycle: Cycle) -> dict:
    """The prefilled objective form for "use this template" (抄作业). Nothing is saved.

    Returns {"template": id, "title": str, "key_results": [create_key_result fields…],
    "notes": [str]}; key results are read with okrtext, deadlines resolved inside the cycle.
    """
    _visible(actor, template)
    if cycle.organization_id != actor.organization_id:
        raise Cycle.DoesNotExist
    document = parse(template.body, cycle=(cycle.start_date, cycle.end_date))
    objective = document.objectives[0] if document.objectives else None
    key_results, notes = [], []
    for reading in objective.key_results if objective else ():
        draft = key_result_fields(reading, cycle)
        key_results.append(draft.fields)
        notes.extend(draft.notes)
    return {
        "template": template.pk,
        "title": objective.title if objective else template.title,
        "key_results": key_results,
        "notes": notes,
    }
