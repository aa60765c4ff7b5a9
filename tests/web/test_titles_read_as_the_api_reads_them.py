"""Issue 9 (h9m): the writing form reads a title's numbers by the API's rule.

M3: `转化率达到 4,5%` with numbers typed beside it was saved as a number key result (target 100,
or 45 typed) under a title saying 4,5%: refused on the title, as the API and the imports refuse
it (readings.title_refusals, one rule), nothing saved.
M5: a title stating its target without a start (`把平均响应时间降到 2 小时`) was never compared
with the fields: 180 → 2 分钟 was saved beside "2 小时". It is pointed out naming both, as a
title with a start is.
M7: `1.200` checked in on the key result page of a key result counted in 人 is refused beside
the field, naming both readings."""

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, Objective
from tests.web.test_stale_check_ins import page_form
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db

# (the key result's row as typed, words the page says)
ROWS = [
    ({"title": "转化率达到 4,5%"}, ["4,5"]),
    (
        {
            "title": "转化率达到 4,5%",
            "metric_type": "percent",
            "start_value": "0",
            "target_value": "45",
            "unit": "%",
        },
        ["4,5"],
    ),
    ({"title": "Run 1/3 of tests in CI", "start_value": "0", "target_value": "33"}, ["1/3"]),
    (
        {
            "title": "把平均响应时间降到 2 小时",
            "unit": "分钟",
            "start_value": "180",
            "target_value": "2",
            "direction": "decrease",
        },
        ["2 小时", "2 分钟"],
    ),
]


@pytest.mark.parametrize(("row", "words"), ROWS)
def test_a_title_the_api_refuses_is_not_saved_without_a_word(client_for, world, row, words):
    client = client_for(world.alice)
    response = client.post(reverse("objective_create"),
                           form_data(owner=f"person:{world.alice.pk}", krs=[row]))  # fmt: skip
    assert response.status_code == 200 and not Objective.objects.exists()
    page = response.content.decode()
    assert all(word in page for word in words), words


def test_a_dotted_count_checked_in_on_the_page_is_asked_naming_both(client_for, world):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="Grow",
                                          key_results=[])  # fmt: skip
    # A range that holds both readings: a check-in offers only those it takes as typed (h10m
    # E11: on 0 → 100 人, 1,200 is far from the range and 1.2 alone is offered).
    kr = services.create_key_result(world.alice, objective, title="Members", unit="人",
                                    start_value=0, target_value=2000)  # fmt: skip
    client = client_for(world.alice)
    form = {**page_form(client, kr), "value": "1.200"}
    response = client.post(reverse("check_in", args=[kr.pk]), form, follow=True)
    page = response.content.decode()
    assert "1,200" in page and "1.2" in page and "“1.200”" in page
    assert not CheckIn.objects.filter(key_result=kr).exists()
