"""A start and a target in two units of one dimension ("from 3 hours to 45 minutes") are stored
in one unit, the smaller, on every path: text import, the API's create with a title only, and
the writing form's reading (issue 10, probe10 F3). Units of two dimensions are still refused
naming both (test_text_unreadable). Own sentences, zh, traditional zh and en."""

from decimal import Decimal

import pytest

from mubiao.okrs import services
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.readings import key_result_fields
from mubiao.okrtext import read_key_result

pytestmark = pytest.mark.django_db

# (title, start, target, unit, direction)
TABLE = [
    ("Cut average resolution time from 3 hours to 45 minutes", 180, 45, "minutes", "decrease"),
    ("Grow weekly practice from 30 minutes to 2 hours", 30, 120, "minutes", "increase"),
    ("平均部署时长从 2 小时缩短到 40 分钟", 120, 40, "分钟", "decrease"),
    ("審批時間從 1.5 小時縮短到 50 分鐘", 90, 50, "分钟", "decrease"),
    ("Shrink the app bundle from 2 MB to 900 KB", 2048, 900, "KB", "decrease"),
    ("单次配送重量从 2 吨降到 800 公斤", 2000, 800, "公斤", "decrease"),
]


def _values(kr):
    return (kr.start_value, kr.target_value, kr.unit, kr.direction)


@pytest.mark.parametrize(("title", "start", "target", "unit", "direction"), TABLE)
def test_every_path_stores_one_unit(world, title, start, target, unit, direction):
    expected = (Decimal(start), Decimal(target), unit, direction)
    data = f"O1: 提升效率\nKR1: {title}\n".encode()
    result = import_okrs(world.alice, file_name="okrs.txt", data=data, cycle=world.cycle)
    imported = result.created[0].key_results.get()
    assert _values(imported) == expected and imported.progress == 0
    objective = services.create_objective(world.alice, cycle=world.cycle, title="效率")
    created = services.create_key_result(world.alice, objective, refuse_unapplied=True, title=title)
    assert _values(created) == expected
    form = key_result_fields(read_key_result(title), None).fields
    assert (form["start_value"], form["target_value"], form["unit"], form["direction"]) == expected
