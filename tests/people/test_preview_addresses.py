"""The people-import preview (web page and `mubiao people import --dry-run`) shows each e-mail
address as it will be stored, with the typing beside it when the two differ (a member's mobile
number keeps the spacing it was typed with: tests/people/test_import.py)."""

import io

import pytest
from django.core.management import call_command

from mubiao.people.services import import_people

pytestmark = pytest.mark.django_db

CSV = "邮箱,姓名\n Wang.Fang@ACME.test ,王芳\nｌｉ＠ａｃｍｅ．ｔｅｓｔ,李雷\nzhao@acme.test,赵敏\n"

EXPECTED = [
    "wang.fang@acme.test (typed “Wang.Fang@ACME.test”)",
    "li@acme.test (typed “ｌｉ＠ａｃｍｅ．ｔｅｓｔ”)",
    "zhao@acme.test",
]


def test_the_preview_rows_show_the_stored_address_and_the_typing(world):
    result = import_people(world.admin, file_name="people.csv", data=CSV.encode(), dry_run=True)
    assert [row.shown for row in result.rows] == EXPECTED


def test_the_preview_page_shows_them(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client_for(world.admin).post(
        "/settings/people/import",
        {"file": SimpleUploadedFile("people.csv", CSV.encode(), content_type="text/csv")},
    )
    text = page.content.decode()
    assert "wang.fang@acme.test (typed “Wang.Fang@ACME.test”)" in text
    assert "<td>zhao@acme.test</td>" in text


def test_the_command_shows_them(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(CSV)
    out = io.StringIO()
    call_command("people", "import", str(path), "--org", world.org.slug, "--dry-run", stdout=out)
    assert "li@acme.test (typed “ｌｉ＠ａｃｍｅ．ｔｅｓｔ”)" in out.getvalue()
