"""The REST API v1 (DESIGN.md §6): `api.urls` is mounted at /api/v1/ in mubiao/urls.py.

Each resource lives in mubiao/api/endpoints/<resource>.py with its schemas; endpoints stay
thin: selectors for reads, services for writes, errors.py for every failure.
"""

import copy

from django.shortcuts import render
from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.parser import Parser

from mubiao.api import errors, preconditions, query
from mubiao.api.auth import TokenAuth
from mubiao.api.endpoints import (
    coaching,
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
from mubiao.okrs import json_keys, number_input


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


class ExactJSON(Parser):
    """Request bodies with their numbers as sent: `{"target_value": 999999999999.9999}` is
    refused for its digits as the same typed as text is, never stored rounded to 1e12; and
    with each key once: `{"value": "5", "value": "6"}` is a 422 naming it (errors.py), never
    the last one kept."""

    def parse_body(self, request):
        return json_keys.loads(request.body, parse_float=number_input.json_number)


class MubiaoAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI schema is built once per path prefix and language: building it
    reads every endpoint and schema (seconds on a busy machine; a copy takes milliseconds), and
    it changes only with the code."""

    _schemas: dict = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        key = (path_prefix, tuple(sorted((path_params or {}).items())), get_language())
        if key not in self._schemas:
            self._schemas[key] = super().get_openapi_schema(
                path_prefix=path_prefix, path_params=path_params
            )
        return copy.deepcopy(self._schemas[key])  # a caller may change its copy


api = MubiaoAPI(
    title="Mubiao API",
    version="1",
    description=(
        "The REST API of Mubiao (目标). Authenticate with `Authorization: Bearer <token>`; "
        "a token acts as one person in one organization and sees what that person sees."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs=LocalSwagger(),
    parser=ExactJSON(),
)
errors.install(api)
query.install(api)
preconditions.install(api)

for module in (me, notify, teams, members, cycles, objectives, key_results, comments, templates,
               okrtext, insights, coaching, reports):  # fmt: skip
    api.add_router("/", module.router)
