"""The REST API v1 (DESIGN.md §6): `api.urls` is mounted at /api/v1/ in mubiao/urls.py.

Each resource lives in mubiao/api/endpoints/<resource>.py with its schemas; endpoints stay
thin: selectors for reads, services for writes, errors.py for every failure.
"""

from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from mubiao.api import errors
from mubiao.api.auth import TokenAuth
from mubiao.api.endpoints import (
    comments,
    cycles,
    insights,
    key_results,
    me,
    members,
    notify,
    objectives,
    okrtext,
    reports,
    teams,
    templates,
)


class LocalSwagger(DocsBase):
    """Swagger UI served from our own static files, started without inline script (CSP)."""

    def render_page(self, request, api, **kwargs):
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            # The default validator badge loads an image from validator.swagger.io.
            "validatorUrl": None,
            "persistAuthorization": False,
        }
        return render(request, "api/docs.html", {"title": api.title, "swagger_settings": settings})


api = NinjaAPI(
    title="Mubiao API",
    version="1",
    description=(
        "The REST API of Mubiao (目标). Authenticate with `Authorization: Bearer <token>`; "
        "a token acts as one person in one organization and sees what that person sees."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs=LocalSwagger(),
)
errors.install(api)

for module in (me, notify, teams, members, cycles, objectives, key_results, comments, templates,
               okrtext, insights, reports):  # fmt: skip
    api.add_router("/", module.router)
