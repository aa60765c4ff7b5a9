"""A date field shows the date it holds in every language, and saving a form untouched keeps
it. Browsers accept only ISO 8601 (2026-12-31) as the value of `<input type="date">` and empty
the field otherwise (HTML's value sanitization); Django wrote zh-hans's 2026/12/31, so saving
an objective in Chinese cleared every key result's due date (issue 9 prober)."""

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from html.parser import HTMLParser

import pytest
from django import forms as django_forms
from django.urls import reverse
from django.utils import translation

import mubiao
from mubiao.okrs.models import KeyResult
from tests.conftest import make_objective

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def form_modules():
    """Every module that may define a form: the apps' forms modules and their views (a page's
    small form is sometimes defined beside its view, as the weekly report's is)."""
    for info in pkgutil.walk_packages(mubiao.__path__, "mubiao."):
        if info.name.rsplit(".", 1)[-1] in ("forms", "views"):
            yield importlib.import_module(info.name)


DATE_FIELDS = [
    pytest.param(field, id=f"{form.__module__}.{form.__name__}.{name}")
    for module in form_modules()
    for _n, form in inspect.getmembers(module, inspect.isclass)
    if issubclass(form, django_forms.BaseForm) and form.__module__ == module.__name__
    for name, field in form.base_fields.items()
    if getattr(field.widget, "input_type", None) == "date"
]


def test_the_table_finds_the_date_fields():
    # The key result's due date, a cycle's start and end, the weekly report's week.
    assert len(DATE_FIELDS) >= 4


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("field", DATE_FIELDS)
def test_a_date_field_writes_iso_and_reads_it_back(field, language):
    with translation.override(language):
        html = field.widget.render("due", dt.date(2026, 12, 31))
        assert 'value="2026-12-31"' in html
        assert field.clean("2026-12-31") == dt.date(2026, 12, 31)


class BrowserForm(HTMLParser):
    """What a browser submits for a page's first form with a `kr-TOTAL_FORMS` field: every
    named input, select and textarea as rendered, a date input's value kept only when it is
    a valid date string (as Chromium does)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            value = a.get("value") or ""
            if a.get("type") == "date" and not ISO.fullmatch(value):
                value = ""
            self.data[name] = value
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_saving_an_objective_untouched_keeps_its_due_dates(client_for, world, language):
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    objective = make_objective(world.alice, world.cycle, "Grow revenue")
    due = world.cycle.start_date + dt.timedelta(days=20)
    KeyResult.objects.filter(objective=objective).update(due_date=due)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[objective.pk])
    page = client.get(url)
    assert f'value="{due.isoformat()}"' in page.content.decode()
    form = BrowserForm()
    form.feed(page.content.decode())
    answer = client.post(url, form.data)
    assert answer.status_code == 302, answer.content.decode()[:1500]
    assert list(objective.key_results.values_list("due_date", flat=True)) == [due]
