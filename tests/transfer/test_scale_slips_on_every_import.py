"""Issue 9 (fresh tester, serious): a CSV stored values typed on another scale than their key
result's unasked (`Percentage, 40, 0.6` as 40 % → 0.6 %, and so a decrease), where the API,
the form and the xlsx and text imports ask "did you mean 60 %?". A blank cell of a CSV was
handed to the scale check as typed text, which could not be read, and so silenced the check.
Now every import asks at the preview, at the value's row (line) and column, in the person's
language, and refuses the import until the person confirms the values as written; the preview
says what the confirmation will (a refusal that follows from the slip is left to its question)."""

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrs.transfer.errors import ImportErrors
from tests.transfer.conftest import workbook_bytes

pytestmark = pytest.mark.postgres

HEADER = ["owner", "objective", "key result", "metric type", "start", "target", "current",
          "unit", "direction", "due date"]  # fmt: skip

# (language, key result, metric type, start, target, the value likely meant as the preview says it)
ROWS = [
    ("en", "Reach 40% of users", "Percentage", "0.1", "0.4", "did you mean 10 % → 40 %?"),
    ("en", "Share of users", "Percentage", "40", "0.6", "did you mean 60 %?"),
    ("en", "Churn", "Percentage", "6%", "0.04", "did you mean 4 %?"),
    ("zh-hans", "占比", "百分比", "40", "0.6", "是不是 60%？"),
]


def _number(typed: str):
    """A cell as a spreadsheet holds a number typed into it (`6%` stays text, as typed)."""
    return typed if typed.endswith("%") else float(typed)


def _csv(title, metric, start, target) -> tuple[str, bytes]:
    row = ["", "p9f", title, metric, start, target, "", "", "", ""]
    return "okrs.csv", (",".join(HEADER) + "\n" + ",".join(row) + "\n").encode()


def _xlsx(title, metric, start, target) -> tuple[str, bytes]:
    row = [None, "p9f", title, metric, _number(start), _number(target)]
    return "okrs.xlsx", workbook_bytes({"OKRs": [HEADER, row]})


def _text(title, metric, start, target) -> tuple[str, bytes]:
    line = f"KR1: {title} {{metric=percent start={start} target={target}}}"
    return "okrs.txt", f"O1: p9f\n{line}\n".encode()


PATHS = {"csv": _csv, "xlsx": _xlsx, "text": _text}
PLACE = {"en": ("row 2", "line 2", "“target”"), "zh-hans": ("第 2 行", "第 2 行", "“target”")}


def _refusal(world, name, data, dry_run) -> str:
    """What the import says about the file: its questions (a preview) or its refusal."""
    try:
        result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle,
                             dry_run=dry_run)  # fmt: skip
    except (ImportFailed, ImportErrors) as refused:
        return str(refused)
    return " ".join(result.questions)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("language", "title", "metric", "start", "target", "meant"), ROWS)
def test_a_value_on_another_scale_is_asked_at_its_cell_and_never_stored_unasked(
    world, path, language, title, metric, start, target, meant
):
    name, data = PATHS[path](title, metric, start, target)
    row, line, column = PLACE[language]
    with translation.override(language):
        preview = _refusal(world, name, data, dry_run=True)
        confirm = _refusal(world, name, data, dry_run=False)
    assert (line if path == "text" else row) in preview and column in preview, preview
    # The same answer at the preview as at the confirmation: on the text import (which reads
    # no direction from the values) never "an increase's target below its start" instead.
    assert meant in preview and preview == confirm, (preview, confirm)
    assert not KeyResult.objects.exists() and not Objective.objects.exists()


def test_the_pasted_text_preview_asks_in_chinese_and_keeps_the_text(client, world):
    client.force_login(world.alice.user)
    text = "O1: p9f\nKR1: 占比 {metric=percent start=40 target=0.6}\n"
    page = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": text},
                       HTTP_ACCEPT_LANGUAGE="zh-hans")  # fmt: skip
    html = page.content.decode()
    # Only a question now: the direction nobody chose is inferred from 40 → 0.6 (h9b2), no
    # "target below start" refusal beside it.
    assert page.status_code == 200, page.status_code
    assert "是不是 60%？" in html and "第 2 行" in html, html
    # The preview of what was read, with the question and the box to confirm it as written.
    assert "目标值不能低于起始值" not in html and "40% → 0.6%" in html and "as_written" in html
    assert not KeyResult.objects.exists()
