"""Brief h9t, end to end: a key result created through the API or the writing form from a
title with a share, a product's version, a rank or a multiple of a stated start stores what the
title means (okrtext: tests/okrtext/test_shares_ranks_and_names.py), never the numerator, the
version or a rank read upward; a title whose start is a range is refused naming the range."""

from decimal import Decimal

import pytest

from mubiao.okrs.models import KeyResult
from tests.conftest import make_objective

pytestmark = pytest.mark.postgres

D = Decimal
# (title, start, target, direction, unit stored)
TITLES = [
    ("三分之二的用户完成新手引导", D(0), D("66.7"), "increase", "%"),
    ("每 4 个用户中有 1 个使用搜索", D(0), D(25), "increase", "%"),
    ("9 out of 10 customers satisfied", D(0), D(90), "increase", "%"),
    ("Launch iOS 17 support for 50% of users", D(0), D(50), "increase", "%"),
    ("One-click checkout used by 30% of buyers", D(0), D(30), "increase", "%"),
    ("Double signups from 1,000", D(1000), D(2000), "increase", ""),
    ("用户数翻倍（当前 5 万）", D(50000), D(100000), "increase", ""),
    ("Halve churn from 6%", D(6), D(3), "decrease", "%"),
    ("24/7 support coverage from 80% to 95%", D(80), D(95), "increase", "%"),
    ("搜索排名从第 8 名提升到第 3 名", D(8), D(3), "decrease", "名"),
]


def _create(world, api, title):
    objective = make_objective(world.alice, world.cycle, krs=0)
    answer = api(world.alice).post("/key-results", {"objective_id": objective.pk, "title": title})
    return objective, answer


@pytest.mark.parametrize(("title", "start", "target", "direction", "unit"), TITLES)
def test_a_key_result_created_from_its_title_stores_what_it_means(
    world, api, title, start, target, direction, unit
):
    objective, answer = _create(world, api, title)
    assert answer.status_code == 201, answer.content
    kr = KeyResult.objects.get(objective=objective)
    stored = (kr.start_value, kr.target_value, kr.direction)
    assert stored == (start, target, direction)
    assert unit in (kr.unit, "%" if kr.metric_type == KeyResult.MetricType.PERCENT else "")


# A rank with no current place, and a range as the start, are asked about, naming what is
# missing or what was written: nothing is stored.
ASKED = [
    ("Top 3 in app store ranking", "3"),
    ("进入行业前 10 名", "10"),
    ("Lead time 3-5 days down to 1 day", "3-5 days"),
]


@pytest.mark.parametrize(("title", "named"), ASKED)
def test_a_rank_or_a_range_start_is_asked_about(world, api, title, named):
    objective, answer = _create(world, api, title)
    assert answer.status_code == 422, answer.content
    said = " ".join(error["message"] for error in answer.json()["errors"])
    # The range as written, or the rank as the target to come down to from a place not given.
    assert f"“{named}”" in said or f"X to {named}" in said, said
    assert not KeyResult.objects.filter(objective=objective).exists()


@pytest.mark.parametrize(("title", "start", "target", "direction", "unit"), TITLES)
def test_the_text_import_reads_the_title_alike(world, api, title, start, target, direction, unit):
    parsed = (
        api(world.alice)
        .post("/okrtext/parse", {"text": f"O1: Grow\nKR1: {title}\n", "lang": "en"})
        .json()
    )
    kr = parsed["sections"][0]["objectives"][0]["key_results"][0]
    read = (D(str(kr["start"] or 0)), D(str(kr["target"])), kr["direction"])
    assert read == (start, target, direction)
