"""Stale edits on the web (issue 9): an edit form carries the version of the row it was loaded
with and, beside every field, the value it was loaded with (Django's hidden initial).

When the row moved on before the save, the fields someone else changed meanwhile are those
whose stored value differs from the loaded one. The view then saves nothing and shows the form
again: where the person left such a field as it was, the other person's value is taken into
it; where both changed it, the person's input is kept with the other person's value beside it.
The version and loaded values are brought up to date, so that saving again is the
confirmation and keeps both people's changes. A row that moved on without a visible change (a
check-in bumps a key result's version) is no conflict.

A row archived or deleted since loading is no conflict to merge: the save stores nothing and
says so beside the row (`gone`), for every editable row kind, whatever else changed.
"""

import hashlib
import json

from django import forms
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.http import QueryDict
from django.utils.translation import gettext as _

VERSION = "version"
MAX_VERSION = BaseDatabaseOperations.integer_field_ranges["PositiveIntegerField"][1]
# Formset bookkeeping: not the person's values.
UNTRACKED = {"id", "ORDER", "DELETE", VERSION, "reading_ack", "scale_ack"}


def track(form: forms.Form, version: int | None) -> None:
    """Give `form` a hidden `version` field (initially `version`) and the loaded value of every
    field beside it."""
    # Bounded like every number field (the column of every row's version).
    form.fields[VERSION] = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        initial=version,
        min_value=0,
        max_value=MAX_VERSION,
    )
    for name, field in form.fields.items():
        if name not in UNTRACKED:
            field.show_hidden_initial = True


def gone(model: type[models.Model], *, archived: bool) -> str:
    """What a save of a row of `model` says when someone archived (or deleted) the row after
    the form was loaded: nothing was saved, and what to do."""
    kind = model._meta.verbose_name
    if archived:
        return _(
            "Someone archived this %(kind)s after you opened the form: nothing was saved. "
            "Restore it first to change it."
        ) % {"kind": kind}
    return _(
        "This %(kind)s was deleted after you opened the form, or you can no longer edit it: "
        "nothing was saved."
    ) % {"kind": kind}


def loaded_version(form: forms.Form) -> int | None:
    """The version the (valid) form was loaded with; None from a client that sent none."""
    return form.cleaned_data.get(VERSION)


def changes(form: forms.Form, current: dict) -> dict[str, str]:
    """{field name: the stored value as shown} for the fields whose stored value (`current`,
    in the form's initial shape) is no longer the one the form was loaded with."""
    found = {}
    for name, value in current.items():
        key = form.add_initial_prefix(name)
        if name in UNTRACKED or name not in form.fields or key not in form.data:
            continue
        field = form.fields[name]
        loaded = field.hidden_widget().value_from_datadict(form.data, form.files, key)
        if _normal(loaded) != _normal(_raw(field, value)):
            found[name] = _shown(field, value)
    return found


def refresh(data: QueryDict, form: forms.Form, current: dict, version: int | None) -> set[str]:
    """Bring `form`'s loaded values and version in `data` (a mutable copy of the POST) up to
    the stored ones. A field the person left as loaded takes the stored value; the others keep
    the person's input. Returns the names of the fields whose stored value was taken."""
    taken = set()
    for name, value in current.items():
        if name in UNTRACKED or name not in form.fields:
            continue
        field = form.fields[name]
        raw = _raw(field, value)
        loaded_key = form.add_initial_prefix(name)
        loaded = field.hidden_widget().value_from_datadict(form.data, form.files, loaded_key)
        typed = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        if _normal(typed) == _normal(loaded) != _normal(raw):
            _put(data, form.add_prefix(name), raw)
            taken.add(name)
        _put(data, loaded_key, raw)
    if version is not None:
        data[form.add_prefix(VERSION)] = str(version)
    return taken


def check(form: forms.Form, current: dict, make, version: int | None = None):
    """For the settings forms (organization, team, member), whose rows carry no version: their
    loaded values are the version. After `form.is_valid()`: when a field shown was changed by
    someone else since loading, `(make(data), True)` with the form made again from the brought
    up to date data and marked; else `(form, False)`. With a `version` (digest), a form loaded
    with another one, or with none, is stale too, changed fields or not (a post without the
    loaded values cannot show what changed: it is shown again with the stored ones)."""
    found = changes(form, current)
    if not found and (version is None or loaded_version(form) == version):
        return form, False
    data = form.data.copy()
    taken = refresh(data, form, current, version)
    again = make(data)
    track(again, version)
    mark(again, found, taken)
    return again, True


def digest(current: dict) -> int:
    """The version of a row that carries none, from the values its form edits (in the form's
    initial shape): whoever changes them (another admin, an import, a directory sync) moves it."""
    shown = {name: _normal(_plain(value)) for name, value in current.items()}
    hashed = hashlib.blake2b(json.dumps(shown, sort_keys=True).encode(), digest_size=4)
    return int.from_bytes(hashed.digest()) % MAX_VERSION


def _plain(value):
    return [str(item) for item in value] if isinstance(value, list | tuple) else value


def merge_plain(data: QueryDict, current: dict[str, str]) -> tuple[dict, dict, set[str]]:
    """The same for a hand-written form whose inputs carry their loaded value beside them as
    `initial-<name>` and, where the form filled in something other than the stored value (the
    grading form's suggested score), what it showed as `shown-<name>`: `(values to save or
    show, {name: their value} for the fields both people changed, names whose stored value was
    taken)`. A field the person left as shown takes what someone else saved meanwhile; a field
    only the person changed keeps their input; only a field both changed, to different values,
    is a conflict. Nobody else changed anything: the person's input, with nothing taken."""
    values = {name: data.get(name, "") for name in current}
    conflicts, taken = {}, set()
    for name, stored in current.items():
        loaded = data.get(f"initial-{name}")
        if loaded is None or _normal(loaded) == _normal(stored):
            continue  # not in the form, or nobody else changed it
        typed, shown = _normal(values[name]), _normal(data.get(f"shown-{name}", loaded))
        if typed == shown:
            values[name] = stored
            taken.add(name)
        elif _normal(stored) not in (typed, shown):
            # (Their value is what the person was shown, e.g. the suggestion they both saw and
            # the other saved as it was: the person's change of it is no conflict.)
            conflicts[name] = stored
    return values, conflicts, taken


def same(typed, loaded) -> bool:
    """Whether a value sent is the one the field was loaded with (whitespace aside)."""
    return _normal(typed) == _normal(loaded)


def mark(form: forms.Form, found: dict[str, str], taken: set[str]) -> None:
    """Put the other person's values on the bound fields for the templates (web/_theirs.html):
    `field.theirs` = {"value": as shown, "taken": whether it is now in the field}."""
    for name, shown in found.items():
        form[name].theirs = {"value": shown, "taken": name in taken}


def _put(data: QueryDict, key: str, raw) -> None:
    if isinstance(raw, list):
        data.setlist(key, raw)
    else:
        data[key] = "" if raw is None else raw


def _raw(field: forms.Field, value):
    return field.hidden_widget().format_value(field.prepare_value(value))


def _normal(raw) -> tuple[str, ...] | str:
    if isinstance(raw, list | tuple):
        return tuple(sorted(str(item) for item in raw))
    return "" if raw is None else str(raw).strip()


def _shown(field: forms.Field, value) -> str:
    """The value as the person reads it: a choice's label, a list joined, "—" for nothing."""
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(key): label for key, label in choices}
        values = value if isinstance(value, list | tuple) else [value]
        shown = ", ".join(
            str(labels.get(str(item), item)) for item in values if item not in ("", None)
        )
    else:
        shown = "" if value is None else str(value)
    return shown or "—"
