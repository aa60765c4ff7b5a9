"""A yes/no field of a request body takes JSON true or false only: pydantic's lax bool read
"yes", "on", 1 and "0", so `{"weights": "yes"}` switched an organization's weights on (issue 9
re-probe). Every body's bool field is checked, so a new one cannot be lax."""

import pytest
from pydantic import ValidationError

import mubiao.api.main  # noqa: F401  (imports every endpoint module, so every body class exists)
from mubiao.api.common import Body, Flag
from tests.api.conftest import field_errors


def bodies():
    seen, todo = [], list(Body.__subclasses__())
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen


FLAGS = [
    pytest.param(cls, name, id=f"{cls.__module__}.{cls.__name__}.{name}")
    for cls in bodies()
    for name, field in cls.model_fields.items()
    if field.annotation in (bool, bool | None, Flag, Flag | None)
]


def test_the_table_finds_the_flags():
    assert {p.values[1] for p in FLAGS} >= {"weights", "reminders", "digests"}


@pytest.mark.parametrize(("cls", "name"), FLAGS)
@pytest.mark.parametrize("sent", ["yes", "true", 1, 0, "on"])
def test_a_flag_takes_only_true_or_false(cls, name, sent):
    with pytest.raises(ValidationError) as refused:
        cls.model_validate({name: sent})
    # Other required fields may be missing too: the flag itself must be among the errors.
    assert any(e["loc"] == (name,) and e["type"] == "bool_type" for e in refused.value.errors())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_weights_yes_is_refused_and_changes_nothing(api, world, language):
    client = api(world.admin)
    before = world.org.weights_enabled
    answer = client.patch("/organization", {"weights": "yes"}, **{"Accept-Language": language})
    assert answer.status_code == 422
    message = field_errors(answer)["weights"]
    said = {"en": "“yes”: Enter true or false.", "zh-hans": "“yes”：请输入 true 或 false。"}
    assert message == said[language]
    world.org.refresh_from_db()
    assert world.org.weights_enabled == before
