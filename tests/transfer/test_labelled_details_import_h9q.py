"""Probe 20 (brief h9q): a template's labelled detail bullets under a key result are its fields
on every route that reads text — the paste preview (text), a Markdown file, `mubiao import
--dry-run` and /okrtext/parse store the same: the key result's start and target from
`Baseline:` / `Target:` (基线 / 目标值), its owner hint, never a key result `51 → 8` or an
objective `Priority: P0`; a current value beside a stated start is said as not imported."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api
from tests.okrtext.test_labelled_details_of_a_key_result import (
    EN_HEADINGS,
    EN_INDENTED,
    ZH_HEADINGS,
    ZH_INDENTED,
)

pytestmark = pytest.mark.postgres

# The current value beside a stated start: its first check-in on import (h9r; it was said as
# not imported).
NOT_IMPORTED = {"en": "current value of the key result above: imported as its current value",
                "zh-hans": "当前值"}  # fmt: skip
# (document, objective title, [(title, start, target)])
DOCUMENTS = {
    "en_headings": (EN_HEADINGS, "Delight developers building on our API",
                    [("Developer NPS", 42, 60), ("Monthly P1 incidents", 8, 2)]),
    "zh_headings": (ZH_HEADINGS, "让开发者信赖我们的平台", [("开发者 NPS", 42, 60)]),
    "en_indented": (EN_INDENTED, "Customers trust our reliability",
                    [("Developer NPS from 42 to 60 @Dana", 42, 60),
                     ("Cut churn from 3.5% to 2.0%", Decimal("3.5"), 2)]),
    "zh_indented": (ZH_INDENTED, "提升稳定性",
                    [("P1 故障数从每月 8 次降到 2 次 @王芳", 8, 2),
                     ("可用性达到 99.9%", 0, Decimal("99.9"))]),
}  # fmt: skip


def _planned(preview):
    return [(o.title, [(kr.fields["title"], kr.fields.get("start_value"),
                                  kr.fields.get("target_value")) for kr in o.key_results])
            for o in preview.objectives]  # fmt: skip


@pytest.mark.parametrize("name", ["okrs.txt", "okrs.md"])
@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_the_preview_and_the_import_store_the_fields(world, autumn, document, name):
    text, objective, key_results = DOCUMENTS[document]
    with translation.override("en"):
        preview = import_okrs(world.admin, file_name=name, data=text.encode(), cycle=autumn,
                              dry_run=True)  # fmt: skip
    assert _planned(preview) == [(objective, key_results)], preview.problems
    assert any(NOT_IMPORTED["en"] in p for p in preview.problems), preview.problems
    import_okrs(world.admin, file_name=name, data=text.encode(), cycle=autumn)
    (stored,) = Objective.objects.filter(cycle=autumn)
    assert [(kr.title, kr.start_value, kr.target_value)
            for kr in stored.key_results.order_by("pk")] == key_results  # fmt: skip


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_parse_and_the_dry_run_say_the_same(world, autumn, document, tmp_path):
    text, objective, key_results = DOCUMENTS[document]
    body = {"text": text, "cycle_id": autumn.pk, "lang": "en"}
    answer = Api(world.admin).post("/okrtext/parse", body).json()
    (said,) = [o for s in answer["sections"] for o in s["objectives"]]
    assert said["title"] == objective
    stored = [kr["key_result"] for kr in said["key_results"]]
    read = [(Decimal(str(kr["start_value"])), Decimal(str(kr["target_value"]))) for kr in stored]
    assert read == [(start, target) for _title, start, target in key_results]
    assert any(NOT_IMPORTED["en"] in p["message"] for p in answer["problems"])
    path = tmp_path / "okrs.md"
    path.write_text(text)
    world.admin.user.language = "en"
    world.admin.user.save(update_fields=["language"])
    out = io.StringIO()
    call_command("import", str(path), "--org", world.org.slug, "--cycle", autumn.name,
                 "--as", world.admin.user.email, "--dry-run", stdout=out)  # fmt: skip
    assert NOT_IMPORTED["en"] in out.getvalue(), out.getvalue()
    assert "Priority: P0" not in out.getvalue().split("problem")[0]
    assert not Objective.objects.filter(cycle=autumn).exists()
