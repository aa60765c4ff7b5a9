"""A question in an import's preview is not a silent default (issue 9, probe9c finding 8): in
an xlsx with 1,200 → 2,400 元, the current "1.800" (read 1.8, far below a range that holds
1,800) was only noted in the preview ("如不修改，将按所写内容导入") and the web and CLI imports
went ahead with 1.8. Now a value asked about refuses the import, at its row and column with
the question, until the person confirms it: the web preview's box, the CLI's
--confirm-as-written. (There is no import endpoint in the API.) On a key result counted in
人 the same "1.800" is refused outright, naming both readings (tests/transfer/
test_dotted_counts_and_titles.py)."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.errors import Unanswered
from tests.transfer.test_percent_cells import workbook

pytestmark = pytest.mark.django_db
HEADER = ["owner", "objective", "key result", "unit", "start", "target", "current"]
QUESTION = "did you mean 1,800?"


def _xlsx() -> bytes:
    return workbook([HEADER, [None, "Grow", "Revenue", "元", 1200, 2400, "1.800"]], {})


def test_the_services_refuse_until_confirmed(world):
    data = _xlsx()
    preview = import_okrs(world.alice, file_name="okrs.xlsx", data=data, cycle=world.cycle,
                          dry_run=True)  # fmt: skip
    assert len(preview.questions) == 1 and QUESTION in preview.questions[0], preview.questions
    assert "row 2" in preview.questions[0] and "column “current”" in preview.questions[0]
    with pytest.raises(Unanswered) as refused:
        import_okrs(world.alice, file_name="okrs.xlsx", data=data, cycle=world.cycle)
    assert refused.value.texts == preview.questions
    assert not KeyResult.objects.exists()
    result = import_okrs(world.alice, file_name="okrs.xlsx", data=data, cycle=world.cycle,
                         confirmed=True)  # fmt: skip
    assert result.created[0].key_results.get().current_value == Decimal("1.8")


def _call(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_cli_refuses_naming_the_cell_unless_confirmed(world, tmp_path):
    path = tmp_path / "okrs.xlsx"
    path.write_bytes(_xlsx())
    args = ("import", str(path), "--org", "acme", "--cycle", world.cycle.name)
    out = _call(*args, "--dry-run")
    assert "Check these values before importing:" in out and QUESTION in out
    with pytest.raises(CommandError) as refused:
        _call(*args)
    said = str(refused.value)
    assert "row 2" in said and "column “current”" in said and QUESTION in said, said
    assert "--confirm-as-written" in said
    assert not KeyResult.objects.exists()
    assert "Imported 1 objective" in _call(*args, "--confirm-as-written")
    assert KeyResult.objects.get().current_value == Decimal("1.8")


def test_the_web_preview_asks_and_imports_only_once_confirmed(client, world):
    client.force_login(world.alice.user)
    upload = io.BytesIO(_xlsx())
    upload.name = "okrs.xlsx"
    preview = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "file": upload})
    html = preview.content.decode()
    assert preview.status_code == 200 and "data-questions" in html and QUESTION in html
    assert 'name="as_written" value="1" required' in html
    key = re.search(r'name="preview" value="(\w+)"', html).group(1)
    refused = client.post(reverse("import_confirm"), {"preview": key}, follow=True)
    assert "Nothing was imported: confirm these values" in refused.content.decode()
    assert not KeyResult.objects.exists()
    done = client.post(reverse("import_confirm"), {"preview": key, "as_written": "1"})
    assert done.status_code == 302
    assert KeyResult.objects.get().current_value == Decimal("1.8")
