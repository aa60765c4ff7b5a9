"""Issue 9 (probe 9c, 11): `aligned_share` sent as full-width "５０" was refused with "Enter a whole
number" (pydantic's int parsing), while every typed value elsewhere is read by the one number
reader (okrs.numbers: `５０`, `1,000`). A walk over every number field of every API input schema
(bodies) and of every web form, sent with full-width digits. A program's numbers (ids, a
query's `limit`, `offset`, `days`: common.Digits) are the exception, read exactly and refused
in full-width digits (issue 9, h9q: tests/api/test_machine_numbers_strict.py)."""

import importlib
import pkgutil
from decimal import Decimal
from typing import get_args

import annotated_types
import pytest
from django import forms
from ninja import Schema
from pydantic import ValidationError

import mubiao
import mubiao.urls  # every API module and its schemas
from mubiao.api.common import Digits, TypedNumbers
from tests.api.conftest import Api, field_errors

FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
# Schemas that only answer (responses and errors; Digested, the representations' base whose
# version is a digest: api.common): no number is typed into them.
ANSWERS = ("Out", "Page", "Error", "Counts", "Created", "Digested")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _numeric(field) -> bool:
    return bool({int, Decimal} & ({field.annotation} | set(get_args(field.annotation))))


def _exact(field) -> bool:
    """A program's number (an id, `limit`), read exactly: ASCII digits only."""
    return Digits in field.metadata or any(
        Digits in getattr(kind, "__metadata__", ()) for kind in get_args(field.annotation)
    )


SCHEMAS = sorted(
    {c for c in _subclasses(Schema) if c.__module__.startswith("mubiao.")
     and any(_numeric(f) for f in c.model_fields.values())},
    key=lambda c: (c.__module__, c.__name__),
)  # fmt: skip


def test_every_schema_taking_numbers_reads_them_as_typed():
    untyped = [
        c.__name__
        for c in SCHEMAS
        if not issubclass(c, TypedNumbers)
        and not all(_exact(f) for f in c.model_fields.values() if _numeric(f))
    ]
    assert all(name.endswith(ANSWERS) for name in untyped), untyped


def _valid(field) -> int:
    """A value the field takes: its default, else its lower bound, else 1."""
    low = high = None
    for bound in field.metadata:
        if isinstance(bound, annotated_types.Ge):
            low = bound.ge
        elif isinstance(bound, annotated_types.Gt):
            low = bound.gt + 1
        elif isinstance(bound, annotated_types.Le):
            high = bound.le
    default = field.default if isinstance(field.default, int | Decimal) else None
    value = default if default is not None else low if low is not None else 1
    return min(value, high) if high is not None else value


FIELDS = [
    (schema, name, field)
    for schema in SCHEMAS
    if issubclass(schema, TypedNumbers)
    for name, field in schema.model_fields.items()
    if _numeric(field) and not _exact(field)
]
EXACT = [
    (schema, name, field)
    for schema in SCHEMAS
    for name, field in schema.model_fields.items()
    if _numeric(field) and _exact(field)
]


@pytest.mark.parametrize(
    ("schema", "name", "field"), EXACT, ids=[f"{s.__name__}.{n}" for s, n, _f in EXACT]
)
def test_a_programs_number_is_refused_in_full_width_digits(schema, name, field):
    key = field.alias or name
    with pytest.raises(ValidationError) as refused:
        schema.model_validate({key: str(_valid(field)).translate(FULL_WIDTH)})
    assert [e for e in refused.value.errors() if e["loc"][:1] == (key,)]


@pytest.mark.parametrize(
    ("schema", "name", "field"), FIELDS, ids=[f"{s.__name__}.{n}" for s, n, _f in FIELDS]
)
def test_every_number_field_reads_full_width_digits(schema, name, field):
    value = _valid(field)
    key = field.alias or name
    try:
        schema.model_validate({key: str(value).translate(FULL_WIDTH)})
    except ValidationError as refused:
        mine = [e for e in refused.errors() if e["loc"][:1] == (key,)]
        assert not mine, mine


FORMS = sorted(
    {
        (form.__module__, form.__name__, name, field)
        for module in pkgutil.walk_packages(mubiao.__path__, "mubiao.")
        if module.name.endswith(".forms")
        for form in vars(importlib.import_module(module.name)).values()
        if isinstance(form, type) and issubclass(form, forms.BaseForm)
        and form.__module__ == module.name
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
    },
    key=lambda row: row[:3],
)  # fmt: skip


@pytest.mark.parametrize(
    ("module", "form", "name", "field"), FORMS, ids=[f"{r[1]}.{r[2]}" for r in FORMS]
)
def test_every_form_number_field_reads_full_width_digits(module, form, name, field):
    # Its lower bound, or 1 (a hidden id's bound is the column's -2⁶³).
    value = field.min_value if field.min_value is not None and field.min_value >= 0 else 1
    assert field.clean(str(value).translate(FULL_WIDTH)) == value


# `５０%` too: the share is read as the form reads it (services._common.read_share), percent
# sign and all, since the API hands it to the same reader (h9e).
@pytest.mark.parametrize(("sent", "stored"), [("５０", 50), ("３０", 30), ("１００", 100),
                                             ("５０%", 50)])  # fmt: skip
def test_aligned_share_full_width_through_the_api(world, sent, stored):
    api = Api(world.alice)
    created = api.post(
        "/objectives",
        {"title": "Grow", "cycle_id": world.cycle.pk, "progress_source": "mix",
         "aligned_share": sent, "key_results": [{"title": "KR", "start_value": 0,
                                                 "target_value": 10}]},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    assert created.json()["aligned_share"] == stored


def test_a_refused_share_says_what_the_reader_says(world):
    answer = Api(world.alice).post(
        "/objectives",
        {"title": "Grow", "cycle_id": world.cycle.pk, "aligned_share": "５０.５%",
         "key_results": [{"title": "KR", "start_value": 0, "target_value": 10}]},
    )  # fmt: skip
    assert answer.status_code == 422
    assert "“５０.５%”" in field_errors(answer)["aligned_share"]
