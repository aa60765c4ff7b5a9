"""What was typed is kept (issue 9, probe 14): text import and the writing form rewrote
"80 万元 / 100 万元" as 800,000 元 → 1,000,000 元, and filled the target field with
"120000000.0" for "1.2 亿元". A magnitude the title writes both numbers in is the key result's
unit (万元, 亿元, 万人, 万); numbers written in different magnitudes stay in the base unit; a
value filled into a form field reads as a person types it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.readings import key_result_fields
from mubiao.okrtext import read_key_result
from tests.web.test_writing import form_data

D = Decimal
CASES = [
    ("营收从 80 万元提升到 100 万元", (D(80), D(100), "万元")),
    ("营收达到 1.2 亿元", (D(0), D("1.2"), "亿元")),
    ("注册用户从 3 万人增长到 5 万人", (D(3), D(5), "万人")),
    ("GMV 从 2000 万提升到 3000 万", (D(2000), D(3000), "万")),
    ("成本从 80 万降到 60 万", (D(80), D(60), "万")),
    # Different magnitudes: in the base unit, as read.
    ("营收从 5000 元提升到 1 万元", (D(5000), D(10000), "元")),
    ("NPS 从 30 提升到 50", (D(30), D(50), "")),
]


@pytest.mark.parametrize(("title", "expected"), CASES)
def test_the_reading_keeps_the_magnitude_written(title, expected):
    fields = key_result_fields(read_key_result(title), None).fields
    assert (fields["start_value"], fields["target_value"], fields["unit"]) == expected
    assert "E" not in str(fields["start_value"]) + str(fields["target_value"])


@pytest.mark.parametrize(("title", "expected"), CASES)
def test_the_text_import_stores_it_as_written(world, title, expected):
    data = f"O1: 增长\nKR1: {title}\n".encode()
    import_okrs(world.alice, file_name="okrs.txt", data=data, cycle=world.cycle)
    kr = KeyResult.objects.get(title=title)
    assert (kr.start_value, kr.target_value, kr.unit) == expected


def test_the_writing_form_fills_the_fields_as_written(world, client_for):
    client = client_for(world.alice)
    title = "营收达到 1.2 亿元"
    data = form_data(owner=f"person:{world.alice.pk}", krs=[{"title": title, "target_value": ""}])
    page = client.post(reverse("objective_create"), data).content.decode()
    assert 'name="kr-0-target_value" value="1.2"' in page
    assert 'name="kr-0-unit" value="亿元"' in page
    assert "120000000" not in page
