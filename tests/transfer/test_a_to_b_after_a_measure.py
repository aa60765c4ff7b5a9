"""`<measure> A 到 B` without 从 is a start and a target, as a person means it; it was read as a
range whose lower end was the target (`收入 $1.2k 到 $3k` stored $0 → $1,200; issue 9 M3). A
range said as one (之间, between, a count of things after it) stays a range, which is asked
(h9v: okr-rules.md names no value of a range to commit to): `/okrtext/parse` says so in
`problems` in the words the import refuses it with."""

from decimal import Decimal

import pytest

from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrtext import read_key_result
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

# (line, start, target) as the reading reports them (base values)
START_TO_TARGET = [
    ("收入 $1.2k 到 $3k", 1200, 3000),
    ("营收 2亿 到 3.5亿", 200000000, 350000000),
    ("营收 2亿 至 3.5亿", 200000000, 350000000),
    ("NPS 30 ~ 50", 30, 50),
]
RANGES = [("签约 5 到 8 家客户", 5), ("营收在 2亿 到 3亿 之间", 200000000),
          ("收入达到 300-350 万元", 3000000), ("招聘 2到3名候选人", 2)]  # fmt: skip


@pytest.mark.parametrize(("line", "start", "target"), START_TO_TARGET)
def test_a_to_b_after_a_measure_is_start_and_target(line, start, target):
    reading = read_key_result(line)
    assert (reading.start, reading.target) == (start, target)


@pytest.mark.parametrize(("line", "target"), RANGES)
def test_a_range_said_as_one_stays_a_range(line, target):
    reading = read_key_result(line)
    assert (reading.start, reading.target) == (None, target)
    assert [code for code, _written in reading.unreadable] == ["range"]


def test_the_import_stores_start_and_target(world):
    text = "O1: 增长\nKR1: 收入 $1.2k 到 $3k\nKR2: 营收 2亿 到 3.5亿\n".encode()
    (objective,) = import_okrs(
        world.alice, file_name="okrs.txt", data=text, cycle=world.cycle
    ).created
    values = list(objective.key_results.values_list("start_value", "target_value", "unit"))
    assert values == [(Decimal(1200), Decimal(3000), "$"), (Decimal(2), Decimal("3.5"), "亿")]


@pytest.mark.parametrize(("line", "target"), RANGES)
def test_the_parse_api_asks_which_value_of_a_range(world, line, target):
    text = f"O1: 增长\nKR1: {line}\n"
    response = Api(world.alice).post("/okrtext/parse", {"text": text})
    assert response.status_code == 200, response.content.decode()
    problems = [p["message"] for p in response.json()["problems"]]
    assert any("is a range: write the one value you commit to" in p for p in problems), problems
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    assert problems[0] in refused.value.text
