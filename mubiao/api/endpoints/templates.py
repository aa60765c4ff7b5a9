"""`/templates`: the built-in template library and the organization's own templates."""

from datetime import datetime

from ninja import Field, Query, Router, Schema

from mubiao.api.auth import actor
from mubiao.api.choices import TemplateLanguage
from mubiao.api.common import Id, PageQuery, page_of, paginate, text
from mubiao.api.errors import responses
from mubiao.playbook import selectors

router = Router(tags=["templates"])


class TemplateOut(Schema):
    id: int
    key: str
    role: str
    department: str
    language: TemplateLanguage
    title: str
    body: str = Field(..., description="The OKR as text (DESIGN.md §5).")
    tags: list[str]
    is_builtin: bool
    created_at: datetime

    @staticmethod
    def resolve_tags(template) -> list[str]:
        # tags is free JSON; only its strings are tags.
        return [tag for tag in template.tags or [] if isinstance(tag, str)]


class TemplateFilters(PageQuery):
    role: text(100) | None = None
    department: text(100) | None = None
    language: TemplateLanguage | None = None
    q: text(200) | None = Field(None, description="Words in Chinese or English.")


TemplatePage = page_of(TemplateOut, "TemplatePage")


@router.get("/templates", response=responses(TemplatePage), summary="Search templates")
def list_templates(request, filters: Query[TemplateFilters]):
    qs = selectors.search_templates(
        actor(request),
        query=filters.q or "",
        role=filters.role or "",
        department=filters.department or "",
        language=filters.language or "",
    )
    return paginate(qs, filters)


@router.get("/templates/{template_id}", response=responses(TemplateOut), summary="Read a template")
def get_template(request, template_id: Id):
    return selectors.get_template(actor(request), template_id)
