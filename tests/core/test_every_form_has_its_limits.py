"""Issue 9 (brief h9t): every free-text input of every form in Mubiao is bounded, by the same
limit as the column it is stored in, and refused past it in the one message per limit
(limits.TextField, limits.text_error). The accounts, single sign-on, two-factor, directory and
reports forms used Django's CharField (Django's own wording, no check for control characters,
a password and a report's text without any bound): a new form without a limit fails here.

Every module of the mubiao package is imported and each form class found is introspected: its
text fields (a CharField of any kind, e-mail and URL fields included) must be a TextField with
a max_length; where the form stores into a model field of the same name (a ModelForm's model,
or STORED_IN below for the forms that save through a service), the max_length is that
field's."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import mubiao
from mubiao.okrs import limits

# Forms that are no ModelForm but save their fields into a model's columns of the same names.
STORED_IN = {
    "mubiao.web.forms.ObjectiveForm": "okrs.Objective",
    "mubiao.web.forms.KeyResultForm": "okrs.KeyResult",
    "mubiao.web.forms.CheckInForm": "okrs.CheckIn",
    "mubiao.web.forms.TeamForm": "orgs.Team",
    "mubiao.playbook.forms.TemplateForm": "playbook.Template",
    "mubiao.accounts.forms.PreferencesForm": "accounts.User",
    "mubiao.accounts.forms.InvitationForm": "accounts.User",
    "mubiao.sso.forms.ProviderForm": "sso.IdentityProvider",
    "mubiao.directory.forms.SourceForm": "directory.DirectorySource",
}


def _form_classes() -> dict[str, type]:
    found = {}
    for module_info in pkgutil.walk_packages(mubiao.__path__, "mubiao."):
        name = module_info.name
        if ".migrations" in name or name.endswith(("__main__", ".wsgi")):
            continue
        module = importlib.import_module(name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__.startswith("mubiao."):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


FORMS = _form_classes()


def test_the_walk_finds_the_forms_of_every_app():
    apps = {name.split(".")[1] for name in FORMS}
    assert {"accounts", "sso", "twofactor", "directory", "reports", "web", "notify"} <= apps
    assert set(STORED_IN) <= set(FORMS)


def _model(name: str, form: type):
    from django.apps import apps

    meta = getattr(form, "_meta", None)
    if getattr(meta, "model", None) is not None:
        return meta.model
    return apps.get_model(STORED_IN[name]) if name in STORED_IN else None


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_text_field_is_bounded_as_its_column(name):
    form = FORMS[name]
    model = _model(name, form)
    wrong = []
    for field_name, field in form.base_fields.items():
        if not isinstance(field, forms.CharField):
            continue
        if not isinstance(field, limits.TextField):
            wrong.append(f"{field_name}: a {type(field).__name__}, not a limits.TextField")
        if field.max_length is None:
            wrong.append(f"{field_name}: no max_length")
        column = None
        if model is not None:
            column = next((f for f in model._meta.concrete_fields if f.name == field_name), None)
        bound = column.max_length if column is not None else None
        if bound is not None and field.max_length != bound:
            wrong.append(f"{field_name}: max_length {field.max_length}, its column's {bound}")
    assert wrong == []
