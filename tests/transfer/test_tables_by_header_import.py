"""A Markdown table of OKRs pasted or uploaded (issue 10 §2) imports by its header row, on every
route that reads text: the preview, the import, the preview page, `mubiao import` and the API's
/okrtext/parse say and store the same start, target and due date, those of the Baseline /
Target / Timeline cells (a cell wins over its text), and the Owner cell names the objective's
owner."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api

# Alice's objective; the text of the first key result says 3%, its Target cell 5%.
TABLES = {
    "zh": """\
| 目标 | 关键结果 | 基线/当前值 | 目标值 | 截止时间 | 负责人 |
|---|---|---|---|---|---|
| h10t 提升客户满意度 | 客诉率从8%降到3% | 8% | 5% | 2026-09-30 | Alice |
| | NPS 提升 | 30 | 45 | 6月底 | |
""",
    "en": """\
Objective | Key Result | Baseline | Target | Timeline | Owner
--- | --- | --- | --- | --- | ---
h10t Delight our customers | Cut complaint rate from 8% to 3% | 8% | 5% | 2026-09-30 | Alice
 | Improve NPS | 30 | 45 | Jun 30 |
""",
}
# As written in the Key Result cells: nothing of the other cells glued on.
TITLES = {
    "zh": ["客诉率从8%降到3%", "NPS 提升"],
    "en": ["Cut complaint rate from 8% to 3%", "Improve NPS"],
}
# (start, target, unit, direction, due) of each key result, in order.
STORED = [
    (Decimal("8"), Decimal("5"), "%", "decrease", dt.date(2026, 9, 30)),
    (Decimal("30"), Decimal("45"), "", "increase", dt.date(2026, 6, 30)),
]


def _stored(objective_title: str) -> list[tuple]:
    stored = KeyResult.objects.filter(objective__title=objective_title).order_by("position", "pk")
    return [(k.start_value, k.target_value, k.unit, k.direction, k.due_date) for k in stored]


@pytest.mark.parametrize("language", TABLES)
def test_a_table_imports_its_cells(world, year, language):
    text = TABLES[language]
    preview = import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=year,
                          dry_run=True)  # fmt: skip
    (objective,) = preview.objectives
    assert objective.owner.member == world.alice and preview.unmatched_owners == []
    assert [kr.fields["target_value"] for kr in objective.key_results] == [5, 45]
    assert objective.key_results[0].reading.startswith("8% → 5%")
    import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=year)
    assert _stored(objective.title) == STORED
    titles = KeyResult.objects.filter(objective__title=objective.title).order_by("position", "pk")
    assert [k.title for k in titles] == TITLES[language]


def test_the_preview_page_and_the_command_read_the_cells(client, world, year, tmp_path):
    client.force_login(world.alice.user)
    page = client.post(reverse("import_preview"), {"cycle": year.pk, "text": TABLES["zh"]})
    assert page.status_code == 200 and "8% → 5%" in page.content.decode()
    path = tmp_path / "okrs.md"
    path.write_text(TABLES["en"], encoding="utf-8")
    out = io.StringIO()
    call_command("import", str(path), "--org", "acme", "--cycle", "2026", stdout=out)
    assert _stored("h10t Delight our customers") == STORED


def test_the_parse_api_says_what_the_import_stores(world, year):
    parsed = Api(world.alice).post("/okrtext/parse", {"text": TABLES["zh"], "cycle_id": year.pk})
    assert parsed.status_code == 200, parsed.content
    said = parsed.json()["sections"][0]["objectives"][0]["key_results"]
    assert [(kr["start"], kr["target"], kr["due"]) for kr in said] == [
        (8, 5, "2026-09-30"),
        (30, 45, "2026-06-30"),
    ]
    stores = [kr["key_result"] for kr in said]
    assert [(Decimal(str(s["start_value"])), Decimal(str(s["target_value"]))) for s in stores] == [
        (Decimal("8"), Decimal("5")),
        (Decimal("30"), Decimal("45")),
    ]
