"""Brief h9t2 §1 on every route that reads text (paste/file import, /okrtext/parse,
`mubiao import --dry-run`): labelled fields after a key result's title on its own line are its
fields, never glued into the stored title."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api

pytestmark = pytest.mark.postgres

EN = """## Objective 1: Ship faster
- **KR 1.1:** Reduce feature cycle time from 8 weeks to 4 weeks - Target: 4 weeks | Current: 8 weeks | Status: ⏳
"""  # noqa: E501
ZH = """## 目标一：交付更快
- **KR1：** 缩短发布周期；目标值：4 周；当前：8 周；状态：⏳
"""
# document: (title, start, target, unit)
DOCUMENTS = {
    "en": (EN, "Reduce feature cycle time from 8 weeks to 4 weeks", 8, 4, "weeks"),
    "zh": (ZH, "缩短发布周期", 8, 4, "周"),
}


@pytest.mark.parametrize("name", ["okrs.txt", "okrs.md"])
@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_the_import_stores_the_title_without_the_fields(world, autumn, document, name):
    text, title, start, target, unit = DOCUMENTS[document]
    with translation.override("en"):
        import_okrs(world.admin, file_name=name, data=text.encode(), cycle=autumn)
    (stored,) = Objective.objects.filter(cycle=autumn)
    assert [(kr.title, kr.start_value, kr.target_value, kr.unit)
            for kr in stored.key_results.all()] == [(title, start, target, unit)]  # fmt: skip


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_parse_and_the_dry_run_say_the_same(world, autumn, document, tmp_path):
    text, title, start, target, _unit = DOCUMENTS[document]
    answer = Api(world.admin).post("/okrtext/parse", {"text": text, "cycle_id": autumn.pk,
                                                      "lang": "en"}).json()  # fmt: skip
    (said,) = [o for s in answer["sections"] for o in s["objectives"]]
    (item,) = said["key_results"]
    kr = item["key_result"]
    assert (item["text"], Decimal(str(kr["start_value"])), Decimal(str(kr["target_value"]))) == (
        title, start, target)  # fmt: skip
    path = tmp_path / "okrs.md"
    path.write_text(text)
    out = io.StringIO()
    call_command("import", str(path), "--org", world.org.slug, "--cycle", autumn.name,
                 "--as", world.admin.user.email, "--dry-run", stdout=out)  # fmt: skip
    assert title in out.getvalue()
    assert "Status" not in out.getvalue().split("problem")[0], out.getvalue()


# Brief h9t2 §2: a unit given in a detail line (or a start cell) is the key result's unit.
UNIT_IN_A_DETAIL = {
    "detail_en": ("## Objective 1: Quality\n- KR1: Reduce critical bug count by 50%\n"
                  "  - **Current:** 40 bugs\n", "bugs"),
    "detail_zh": ("## 目标一：质量\n- KR1：严重缺陷数减少 50%\n  - **当前值：** 40 次\n", "次"),
    "inline_en": ("## Objective 1: Quality\n"
                  "- KR1: Reduce critical bug count by 50% | Current: 40 bugs\n",
                  "bugs"),
}  # fmt: skip


@pytest.mark.parametrize("document", list(UNIT_IN_A_DETAIL))
def test_a_unit_in_a_detail_line_is_the_key_results(world, autumn, document):
    text, unit = UNIT_IN_A_DETAIL[document]
    import_okrs(world.admin, file_name="okrs.md", data=text.encode(), cycle=autumn)
    (stored,) = Objective.objects.filter(cycle=autumn)
    assert [(kr.start_value, kr.target_value, kr.unit)
            for kr in stored.key_results.all()] == [(40, 20, unit)]  # fmt: skip
