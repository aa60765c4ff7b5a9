"""A start given in its own place (a sheet's start cell, a JSON item's start, a line's
`start=`) beside a title that states none ("Reach 50 paying teams") is the start given: the
import says nothing of "no start value is given" (h9r's note is only for a start nobody gave),
on every file format, in English and Chinese (issue 9 leftover, h9w3)."""

import json

import pytest
from django.utils import translation

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import import_okrs
from tests.transfer.conftest import START_NOT_GIVEN, workbook_bytes

pytestmark = pytest.mark.postgres

NOT_GIVEN = {"en": START_NOT_GIVEN, "zh-hans": "未写起始值"}
ROWS = [["objective", "key result", "start", "target"],
        ["Grow", "Reach 50 paying teams", 10, 50],
        ["Grow", "付费团队达到 50 个", 10, 50]]  # fmt: skip
FILES = {
    "csv": ("okrs.csv", "\n".join(",".join(str(c) for c in row) for row in ROWS).encode()),
    "xlsx": ("okrs.xlsx", workbook_bytes({"OKRs": ROWS})),
    "json": ("okrs.json", json.dumps({"format": "mubiao.okrs", "version": 1, "objectives": [
        {"title": "Grow", "key_results": [
            {"title": "Reach 50 paying teams", "start": 10, "target": 50},
            {"title": "付费团队达到 50 个", "start": 10, "target": 50}]}]}).encode()),
    "text": ("okrs.txt", "O1: Grow\nKR1: Reach 50 paying teams {start=10 target=50}\n"
                         "KR2: 付费团队达到 50 个 {start=10 target=50}\n".encode()),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", list(FILES))
def test_a_start_given_is_not_said_missing(world, kind, lang):
    name, data = FILES[kind]
    with translation.override(lang):
        result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    assert not [p for p in result.problems if NOT_GIVEN[lang] in p], result.problems
    (objective,) = Objective.objects.filter(cycle=world.cycle)
    assert [kr.start_value for kr in objective.key_results.all()] == [10, 10]
