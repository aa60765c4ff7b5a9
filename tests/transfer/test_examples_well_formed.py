"""Issue 9 (fresh tester): the no-start message's example was glued from the target's digits
and the unit as stored ("from X to -20000$", "from X to 0P0 incidents"), which no reader would
take back. The example is written as the value is shown (display.with_unit), on the text
import and the API alike."""

import pytest
from django.utils import translation

from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

# (language, title, the example as it must be written)
TITLES = [
    ("en", "Cut the loss to -$20000", "from X to -$20,000"),
    ("en", "Keep the backlog under 300 tickets", "300 tickets"),
    ("zh-hans", "成本降低到 5 万元", "50,000 元"),
]


@pytest.mark.parametrize(("language", "title", "example"), TITLES)
def test_the_no_start_example_is_well_formed_on_every_route(world, language, title, example):
    with translation.override(language):
        try:
            data = f"O1: Grow\nKR1: {title}\n".encode()
            result = import_okrs(
                world.alice, file_name="okrs.txt", data=data, cycle=world.cycle, dry_run=True
            )
        except ImportFailed as refused:
            said = str(refused)
        else:  # held back, the reason beside its line
            said = " ".join(str(why) for o in result.objectives for _kr, why in o.held)
    assert example in said, said
    objective = make_objective(world.alice, world.cycle, krs=0)
    answer = Api(world.alice, **{"accept-language": language}).post(
        "/key-results", {"objective_id": objective.pk, "title": title}
    )
    assert answer.status_code == 422, answer.content
    said = " ".join(error["message"] for error in answer.json()["errors"])
    assert example in said, said
