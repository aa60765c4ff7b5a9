"""The OpenAPI document, its committed snapshot, and the interactive docs page under CSP."""

import json
import re

from django.contrib.staticfiles import finders
from django.test import Client

from mubiao.api import snapshot

REGENERATE = "run `.venv/bin/python -m mubiao.api.snapshot` and commit docs/openapi.json"


def test_openapi_is_served_without_a_token(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_live_schema_matches_the_committed_snapshot(db):
    live = json.loads(snapshot.render())
    assert snapshot.SNAPSHOT.exists(), f"No OpenAPI snapshot: {REGENERATE}."
    committed = json.loads(snapshot.SNAPSHOT.read_text())
    changed = sorted(
        set(live["paths"]).symmetric_difference(committed["paths"])
        | {name for name in live["components"]["schemas"]
           if committed["components"]["schemas"].get(name) != live["components"]["schemas"][name]}
    )  # fmt: skip
    assert live == committed, (
        f"The API changed ({', '.join(changed) or 'details'}). If that is deliberate, {REGENERATE}."
    )


def test_every_operation_declares_its_errors(db):
    schema = json.loads(snapshot.render())
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "404", "422"} <= set(operation["responses"]), (method, path)


def test_docs_page_loads_nothing_from_other_hosts(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "default-src 'self'" in response["Content-Security-Policy"]
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file"
    # No inline script may run under the CSP: only the JSON settings block is inline.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' id="swagger-settings" type="application/json"']
    settings = json.loads(re.search(r'type="application/json">(.*?)</script>', html, re.S)[1])
    assert settings["url"] == "/api/v1/openapi.json" and settings["validatorUrl"] is None
