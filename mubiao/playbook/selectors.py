"""Reads of the template library, scoped to the asking member.

A member sees the built-in templates and their own organization's, never another
organization's, and a private template only when they wrote it. Search works on words in
Chinese and English (see playbook.search).
"""

from django.db.models import F, Q, QuerySet

from mubiao.orgs.models import Membership
from mubiao.playbook.models import Template
from mubiao.playbook.search import query_q

SCOPES = ("all", "builtin", "organization")


def visible_templates(member: Membership | None) -> QuerySet[Template]:
    if not member:
        return Template.objects.filter(organization__isnull=True)
    return Template.objects.filter(
        Q(organization__isnull=True)
        | Q(organization_id=member.organization_id, is_private=False)
        | Q(organization_id=member.organization_id, created_by_id=member.pk)
    )


def get_template(member: Membership | None, pk) -> Template:
    """One visible template; Template.DoesNotExist for anything else (callers answer 404)."""
    return visible_templates(member).select_related("created_by__user").get(pk=pk)


def search_templates(
    member: Membership | None,
    *,
    query: str = "",
    role: str = "",
    department: str = "",
    language: str = "",
    tag: str = "",
    scope: str = "all",
) -> QuerySet[Template]:
    """Visible templates matching every given filter; `query` matches all of its words."""
    qs = visible_templates(member)
    if scope == "builtin":
        qs = qs.filter(organization__isnull=True)
    elif scope == "organization":
        qs = qs.filter(organization__isnull=False)
    if role:
        qs = qs.filter(role=role)
    if department:
        qs = qs.filter(department=department)
    if language:
        qs = qs.filter(language=language)
    if tag:
        # JSON containment differs between databases; tags are indexed words as well.
        qs = qs.filter(query_q(tag))
    if query and query.strip():
        qs = qs.filter(query_q(query))
    # The organization's own templates first, then the built-ins.
    return qs.order_by(F("organization_id").asc(nulls_last=True), "role", "language", "id")


def facets(member: Membership | None, *, language: str = "") -> dict[str, list[str]]:
    """The roles and departments to offer as filters, in one query each."""
    qs = visible_templates(member)
    if language:
        qs = qs.filter(language=language)
    return {
        "roles": list(qs.order_by("role").values_list("role", flat=True).distinct()),
        "departments": sorted(
            {d for d in qs.order_by().values_list("department", flat=True).distinct() if d}
        ),
    }
