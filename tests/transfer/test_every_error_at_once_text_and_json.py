"""Plain-text and JSON OKR imports name every error at once, in file order, as CSV and xlsx
do (tests/transfer/test_every_error_at_once.py): a file is fixed in one pass, not one
upload per error. Nothing is written, preview or import."""

import json

import pytest

from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs

TEXT = "\n".join(
    [
        "O1: 拓展业务",
        "KR1: 调用量达到 1e16 次",  # line 2: a number written with an exponent
        "KR2: 签约 3 个客户",
        "O2: 提升效率",
        "KR1: 成本从 200 元降到 30 美元",  # line 5: two units
        "KR2: 11 月 31 日前签约 5 个客户",  # line 6: no such day
        "",
    ]
)

JSON = {
    "format": "mubiao.okrs",
    "objectives": [
        {"title": "Grow", "key_results": [{"title": "Sign 3 clients", "target": 3}]},
        {"title": "", "key_results": [{"title": "Fine", "target": 1}]},  # [1] no title
        {"title": "Ship", "key_results": [{"title": "Docs", "due_date": "2026-13-45"}, {}]},
        {"title": "Hire", "owner": {"type": "robot"}},  # [3] no such owner type
    ],
}


def refused(world, year, name, data) -> list[str]:
    before = (Objective.objects.count(), KeyResult.objects.count())
    texts = []
    for dry_run in (True, False):
        with pytest.raises(ImportFailed) as raised:
            import_okrs(world.admin, file_name=name, data=data, cycle=year, dry_run=dry_run)
        texts.append(raised.value.texts)
    assert texts[0] == texts[1]
    assert (Objective.objects.count(), KeyResult.objects.count()) == before
    return texts[0]


def test_every_unreadable_line_of_a_text_file_at_once(world, year):
    texts = refused(world, year, "okrs.txt", TEXT.encode())
    assert [text.split(":")[0] for text in texts] == [
        "okrs.txt, line 2",
        "okrs.txt, line 5",
        "okrs.txt, line 6",
    ], texts


def test_every_wrong_objective_and_key_result_of_a_json_file_at_once(world, year):
    texts = refused(world, year, "okrs.json", json.dumps(JSON).encode())
    places = [text.split(": ")[0] for text in texts]
    assert len(texts) == 4, texts
    assert "objectives[1]" in places[0]
    assert "objectives[2].key_results[0]" in places[1]
    assert "objectives[2].key_results[1]" in places[2]
    assert "objectives[3]" in places[3]
