"""h10l: the web import preview on PostgreSQL showed `６，０%` as 6% and saved it; `6，5%` was
stored as 6. A comma between digits is the number's (okrtext.numbers.comma_between_digits): the
preview refuses the line, quoting the number as written, in the person's language; thousands
(`1，200`) are read as one number and saved. Marked postgres: the import path runs on both."""

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.okrs.models import KeyResult, Objective

pytestmark = pytest.mark.postgres


def _text(kr: str) -> str:
    return f"O1: 提升转化率\nKR1: {kr}\nKR2: 签约 3 个客户\n"


@pytest.mark.parametrize(
    ("kr", "quoted"),
    [("转化率从 4.5% 提升到 ６，０%", "“６，０”"), ("成本从 9，5 元降到 3 元", "“9，5”")],
)
def test_the_preview_refuses_a_comma_that_groups_no_thousands(client, world, kr, quoted):
    client.force_login(world.alice.user)
    with translation.override("zh-hans"):
        response = client.post(
            reverse("import_preview"),
            {"cycle": world.cycle.pk, "text": _text(kr)},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    page = response.content.decode()
    assert response.status_code == 400 and "第 2 行" in page and quoted in page
    assert reverse("import_confirm") not in page
    assert not Objective.objects.filter(title="提升转化率").exists()


def test_thousands_with_a_full_width_comma_are_saved_as_one_number(client, world):
    from mubiao.okrs.transfer import import_okrs

    text = _text("营收从 1，200 元提升到 ３，０００ 元").encode()
    result = import_okrs(world.admin, file_name="okrs.txt", data=text, cycle=world.cycle)
    stored = KeyResult.objects.get(objective=result.created[0], title__startswith="营收")
    assert (stored.start_value, stored.target_value) == (1200, 3000)
