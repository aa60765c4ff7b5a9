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
