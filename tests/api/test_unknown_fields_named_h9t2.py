"""Brief h9t2 §4: a field the API does not take is refused naming the field, never quoting
its value (`score_note: "vendor late"` to /grade said “vendor late”：此处不接受该字段). One
place makes the message (api.errors), so every endpoint is checked through a few bodies."""

import pytest
from django.utils import translation

from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective

WORDS = {"en": "is not a field accepted here", "zh-hans": "此处不接受该字段"}


@pytest.mark.parametrize("language", list(WORDS))
@pytest.mark.parametrize(
    ("method", "path", "body", "unknown"),
    [
        ("post", "/key-results/{kr}/grade", {"score": 0.5, "score_note": "vendor late"},
         "score_note"),
        ("patch", "/key-results/{kr}", {"title": "Ship it", "titel": "Shipped"}, "titel"),
        ("patch", "/objectives/{objective}", {"title": "Grow", "colour": "red"}, "colour"),
    ],
)  # fmt: skip
def test_an_unknown_field_is_named(world, language, method, path, body, unknown):
    objective = make_objective(world.alice, world.cycle, krs=1)
    kr = objective.key_results.first()
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    client = Api(world.alice)
    url = path.format(kr=kr.pk, objective=objective.pk)
    with translation.override(language):
        errors = field_errors(getattr(client, method)(url, body))
    message = errors[unknown]
    assert f"“{unknown}”" in message and WORDS[language] in message, message
    assert str(body[unknown]) not in message, message
