"""A choice that nobody touches must be the safe one: for every choice field of the web forms
that offers a model field's choices, the option a browser submits untouched (the field's
initial, else the first option) is that model field's default. Inviting someone without
looking at the role list made them an owner before."""

import inspect

import pytest
from django import forms as django_forms
from django.apps import apps

from mubiao.playbook import forms as playbook_forms
from mubiao.web import forms as web_forms

FORMS = [
    form
    for module in (web_forms, playbook_forms)
    for _name, form in inspect.getmembers(module, inspect.isclass)
    if issubclass(form, django_forms.BaseForm) and form.__module__ == module.__name__
]


def model_defaults() -> dict[tuple, list]:
    """{choices as a tuple of values: [(model field label, default), …]} for model fields
    with choices and a default."""
    found: dict[tuple, list] = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.choices and field.has_default():
                values = tuple(str(value) for value, _label in field.flatchoices)
                found.setdefault(values, []).append((str(field), str(field.get_default())))
    return found


CASES = [
    pytest.param(form, name, field, id=f"{form.__name__}.{name}")
    for form in FORMS
    for name, field in form.base_fields.items()
    if isinstance(field, django_forms.ChoiceField)
    and field.required
    and tuple(str(value) for value, _label in field.choices) in model_defaults()
]


def test_the_table_finds_the_fields_that_caused_the_bug():
    assert {"InviteForm.role", "MemberForm.role"} <= {case.id for case in CASES}


@pytest.mark.parametrize(("form", "name", "field"), CASES)
def test_an_untouched_choice_is_the_models_default(form, name, field):
    choices = [str(value) for value, _label in field.choices]
    untouched = str(field.initial) if field.initial is not None else choices[0]
    for model_field, default in model_defaults()[tuple(choices)]:
        assert untouched == default, (
            f"{form.__name__}.{name} submits {untouched!r} when nobody picks, but {model_field} "
            f"defaults to {default!r}: give the form field initial={default!r}"
        )


# A measured value is the person's: a form never fills one in (issue 9, probe p2: the new
# objective's key result rows came with Start 0, which stayed when "at most" was chosen and
# made the key result done on saving). Settings with a documented default (a weight of 1,
# an aligned share of 50 %) are not measurements.
MEASURED = {"start_value", "target_value", "current_value", "value"}


def test_no_form_fills_in_a_measured_value():
    filled = [
        f"{form.__name__}.{name}={field.initial!r}"
        for form in FORMS
        for name, field in form.base_fields.items()
        if name in MEASURED and field.initial not in (None, "")
    ]
    assert filled == []
    assert any("start_value" in form.base_fields for form in FORMS)


def test_a_new_key_result_row_shows_no_start(client_for, world):
    page = client_for(world.alice).get(f"/okrs/new?cycle={world.cycle.pk}").content.decode()
    rows = [tag for tag in page.split("<input") if 'name="kr-0-start_value"' in tag]
    assert rows and all('value="0"' not in tag for tag in rows), rows
