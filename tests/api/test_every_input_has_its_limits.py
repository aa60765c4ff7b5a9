"""Issue 9 (brief h9t): every text a request may send is bounded (api.common.text), so that a
long value is refused in the one message per limit before it reaches the database, as every
form's is (tests/core/test_every_form_has_its_limits.py). Every request schema of every
endpoint module is introspected: a str field, alone, optional or in a list, must carry a
max_length."""

import importlib
import inspect
import pkgutil
import typing

import pytest
from annotated_types import MaxLen
from ninja import Schema

import mubiao.api.endpoints
from mubiao.api.common import Body, PageQuery


def _request_schemas() -> dict[str, type]:
    found = {}
    for info in pkgutil.iter_modules(mubiao.api.endpoints.__path__, "mubiao.api.endpoints."):
        module = importlib.import_module(info.name)
        for name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, Schema)
                and issubclass(value, Body | PageQuery)
                and value.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = value
    return found


SCHEMAS = _request_schemas()


def _unbounded(annotation, metadata=()) -> bool:
    """Whether `annotation` holds a str without a max_length."""
    if annotation is str:
        # A bound given as Field(max_length=…) inside Annotated stays a FieldInfo there.
        items = [*metadata, *(m for item in metadata for m in getattr(item, "metadata", ()))]
        return not any(isinstance(item, MaxLen) for item in items)
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _unbounded(inner, (*metadata, *extra))
    return any(_unbounded(arg) for arg in typing.get_args(annotation))


def test_the_walk_finds_the_request_schemas():
    assert any(name.endswith("objectives.ObjectiveIn") for name in SCHEMAS)
    assert any(name.endswith("reports.DraftIn") or ".reports." in name for name in SCHEMAS)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_text_a_request_sends_is_bounded(name):
    fields = SCHEMAS[name].model_fields
    assert [f for f, info in fields.items() if _unbounded(info.annotation, info.metadata)] == []


def test_the_walk_tells_a_bounded_text_from_an_unbounded_one():
    from mubiao.api.common import text

    assert _unbounded(str) and _unbounded(str | None) and _unbounded(list[str])
    assert not _unbounded(text(5)) and not _unbounded(text(5) | None)
    assert not _unbounded(list[text(5)]) and not _unbounded(int)
