"""Issue 9 (brief h9v, task 1): a grade is exported whole on every format. The note written
with a key result's score (KeyResult.score_note) was in no export, and the Markdown export had
no scores at all (nor the objective's retrospective). Now CSV, xlsx, JSON and Markdown, through
the web's export, the API's and `mubiao export`, carry each graded key result's score and note
and the objective's score and retrospective; an import of the file says they are not imported
(a grade is given in its cycle's grading), never dropping them without a word. A private
objective stays out of the export of a member who may not see it, grade and note included.
A table: format × route."""

import io
import json
import tempfile

import pytest
from django.core.management import call_command
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import export_okrs, import_okrs
from mubiao.okrs.transfer.jsonformat import number
from tests.conftest import twin_cycle
from tests.transfer.test_export import xlsx_rows

pytestmark = pytest.mark.postgres

NOTE = "渠道上线晚了两周"
RETROSPECTIVE = "搜索做好了，导航还要改。"
SECRET = "只有 Bob 能看的评分说明"


def _graded(world):
    """Alice's public objective and Bob's private one, graded with notes."""
    mine = services.create_objective(
        world.alice, cycle=world.cycle, title="文档更好找",
        key_results=[{"title": "搜索成功率从 60% 提升到 80%", "metric_type": "percent",
                      "start_value": 60, "target_value": 80},
                     {"title": "上线新导航", "metric_type": "milestone"}],
    )  # fmt: skip
    private = services.create_objective(
        world.bob, cycle=world.cycle, title="Bob 的私人目标", visibility="private",
        key_results=[{"title": "写完 3 篇文档", "start_value": 0, "target_value": 3}],
    )  # fmt: skip
    services.set_cycle_state(world.admin, world.cycle, "grading")
    first, second = mine.key_results.order_by("position")
    services.grade_objective(world.alice, mine, retrospective=RETROSPECTIVE,
                             scores={first.pk: ("0.7", NOTE), second.pk: ("1", "")})  # fmt: skip
    (bobs,) = private.key_results.all()
    services.grade_objective(world.bob, private, scores={bobs.pk: ("0.3", SECRET)},
                             retrospective=SECRET)  # fmt: skip


def _by_service(world, fmt):
    return export_okrs(world.alice, cycle=world.cycle, fmt=fmt)


def _by_command(world, fmt):
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory() as folder:
            path = f"{folder}/okrs.xlsx"
            call_command("export", "--org", "acme", "--cycle", world.cycle.name, "--format", fmt,
                         "--as", world.alice.user.email, "-o", path)  # fmt: skip
            with open(path, "rb") as written:
                return written.read()
    out = io.StringIO()
    call_command("export", "--org", "acme", "--cycle", world.cycle.name, "--format", fmt,
                 "--as", world.alice.user.email, stdout=out)  # fmt: skip
    return out.getvalue().encode()


def _texts(fmt, data: bytes) -> str:
    """Every text and number of the file, as a reader finds them."""
    if fmt == "xlsx":
        return json.dumps(xlsx_rows(data), ensure_ascii=False, default=str)
    if fmt == "json":
        return json.dumps(json.loads(data), ensure_ascii=False)
    return data.decode("utf-8-sig")


@pytest.mark.parametrize("route", [_by_service, _by_command], ids=["service", "command"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "md"])
def test_every_export_carries_the_grade_and_its_note(world, fmt, route):
    _graded(world)
    data = route(world, fmt)
    said = _texts(fmt, data)
    assert NOTE in said and RETROSPECTIVE in said, said
    assert "0.7" in said
    # Bob's private objective: not one word of it for Alice, grades included.
    assert SECRET not in said and "Bob 的私人目标" not in said
    # Imported into another cycle: the grades (2 scores, 1 note, the objective's score and its
    # retrospective) are said not to be imported, not dropped without a word.
    target = twin_cycle(world, "Other")
    with translation.override("en"):
        result = import_okrs(world.alice, file_name=f"okrs.{fmt}", data=data, cycle=target,
                             dry_run=True)  # fmt: skip
    notes = [p for p in result.problems if "are not imported: grades are given" in p]
    assert notes == ["5 scores and retrospectives in this file are not imported: grades are given "
                     "when the cycle is graded."], result.problems  # fmt: skip
    assert not [p for p in result.problems if "score" in p and "not an attribute" in p]


def test_markdown_states_each_lines_grade(world):
    _graded(world)
    stored = Objective.objects.get(title="文档更好找")
    lines = _by_service(world, "md").decode().splitlines()
    (objective,) = [line for line in lines if line.startswith("O1: 文档更好找")]
    assert f"score={number(stored.score)} retrospective={RETROSPECTIVE}}}" in objective, objective
    (graded,) = [line for line in lines if line.startswith("KR1: 搜索成功率")]
    assert f"score=0.7 score_note={NOTE}}}" in graded, graded
    (ungraded,) = [line for line in lines if line.startswith("KR2: 上线新导航")]
    assert "score=1}" in ungraded and "score_note" not in ungraded, ungraded
