"""The Settings → People import page (upload → preview → confirm), the export download and
`mubiao people import|export`."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from mubiao.orgs.models import Membership
from tests.conftest import run_queued_tasks

pytestmark = pytest.mark.django_db

CSV = "姓名,邮箱,团队,上级邮箱\n王芳,wang@acme.test,产品部/文档组,lead@acme.test\n".encode()


def test_preview_then_confirm(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.admin)
    assert client.get("/settings/people/import").status_code == 200
    upload = SimpleUploadedFile("people.csv", CSV, content_type="text/csv")
    preview = client.post("/settings/people/import", {"file": upload})
    assert preview.status_code == 200
    assert b'data-action="create"' in preview.content
    assert not Membership.objects.filter(user__email="wang@acme.test").exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/settings/people/import/confirm", {"preview": preview_of(preview)})
    assert done.status_code == 302
    assert Membership.objects.get(user__email="wang@acme.test").manager == world.lead
    run_queued_tasks()  # the worker sends the invitations
    assert [m.to for m in mail.outbox] == [["wang@acme.test"]]
    # The kept file is gone: confirming again imports nothing twice.
    confirm_again = {"preview": preview_of(preview)}
    assert client.post("/settings/people/import/confirm", confirm_again).status_code == 302


def preview_of(page) -> str:
    """The preview the page's confirm form names."""
    return re.search(r'name="preview" value="([0-9a-f]+)"', page.content.decode()).group(1)


def test_the_confirm_button_applies_the_file_on_screen_or_nothing(world, client_for):
    """Issue 13 B2: a preview in another tab since does not swap the file imported."""
    client = client_for(world.admin)
    first = client.post("/settings/people/import", {"file": SimpleUploadedFile("a.csv", CSV)})
    other = "邮箱,角色\nzhang@acme.test,member\n".encode()
    client.post("/settings/people/import", {"file": SimpleUploadedFile("b.csv", other)})
    done = client.post(
        "/settings/people/import/confirm", {"preview": preview_of(first)}, follow=True
    )
    assert "You previewed another file since this one" in done.content.decode()
    assert not Membership.objects.filter(user__email__in=["wang@acme.test", "zhang@acme.test"])
    # Without the form's field (an old page) nothing is imported either.
    client.post("/settings/people/import/confirm")
    assert not Membership.objects.filter(user__email="zhang@acme.test").exists()


def test_errors_are_shown_in_the_persons_language(world, client_for):
    world.admin.user.language = "zh-hans"
    world.admin.user.save()
    client = client_for(world.admin)
    bad = "邮箱,角色\nwang@acme.test,老板\n".encode()
    page = client.post(
        "/settings/people/import",
        {"file": SimpleUploadedFile("people.csv", bad)},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 400
    assert "people.csv，第 2 行，“角色”列：“老板”不是以下之一" in page.content.decode()


def test_members_cannot_import_or_export(world, client_for):
    client = client_for(world.alice)
    assert client.get("/settings/people/import").status_code == 404
    assert client.get("/settings/people/export?format=csv").status_code == 404


def test_export_download(world, client_for):
    response = client_for(world.admin).get("/settings/people/export?format=csv")
    assert response.status_code == 200
    assert "alice@acme.test" in response.content.decode("utf-8-sig")


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


def test_cli_import_and_export(world, tmp_path):
    source = tmp_path / "people.csv"
    source.write_bytes(CSV)
    preview = run("people", "import", str(source), "--org", "acme", "--dry-run")
    assert "wang@acme.test" in preview and "Dry run" in preview
    assert not Membership.objects.filter(user__email="wang@acme.test").exists()
    run("people", "import", str(source), "--org", "acme")
    assert Membership.objects.filter(user__email="wang@acme.test").exists()
    exported = run("people", "export", "--org", "acme", "--format", "csv")
    assert "wang@acme.test" in exported and "Company/产品部/文档组" in exported
    target = tmp_path / "out.xlsx"
    run("people", "export", "--org", "acme", "-o", str(target))
    again = run("people", "import", str(target), "--org", "acme")
    assert "Nothing changed: the 6 people in the file are already as it says." in again
    source.write_bytes(b"email,manager\nx@acme.test,nobody@acme.test\n")
    with pytest.raises(CommandError, match="row 2"):
        run("people", "import", str(source), "--org", "acme")


@pytest.mark.parametrize("configured", [False, True])
def test_an_unset_site_address_is_said_before_invitations_go_out(
    world, client_for, tmp_path, settings, configured
):
    """F6 (issue 9): as the setup page and createorg do, the people import says that
    MUBIAO_SITE_URL is unset before it sends invitation links: in the web preview (links at
    this page's address) and on the command line (links at the local default), before sending."""
    settings.SITE_URL_CONFIGURED = configured
    settings.SITE_URL = "https://okr.example.com" if configured else "http://127.0.0.1:8000"
    upload = SimpleUploadedFile("people.csv", CSV, content_type="text/csv")
    preview = client_for(world.admin).post("/settings/people/import", {"file": upload})
    said = "MUBIAO_SITE_URL is not set" in preview.content.decode()
    assert said is not configured
    if not configured:
        assert "http://testserver" in preview.content.decode()
    source = tmp_path / "people.csv"
    source.write_bytes(CSV)
    out, err = io.StringIO(), io.StringIO()
    call_command("people", "import", str(source), "--org", "acme", stdout=out, stderr=err)
    assert ("MUBIAO_SITE_URL is not set" in err.getvalue()) is not configured
    if not configured:
        assert "1 new person will link to http://127.0.0.1:8000" in err.getvalue()
    # Nobody new, nothing to say.
    err = io.StringIO()
    call_command("people", "import", str(source), "--org", "acme", stdout=out, stderr=err)
    assert "MUBIAO_SITE_URL" not in err.getvalue()


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "empty.csv: the file is empty."), ("zh-hans", "empty.csv：文件是空的。")],
)
def test_an_empty_upload_is_refused_naming_the_file(world, client_for, language, said):
    """Issue 13 (h13q): a zero-byte upload is refused as the CLI refuses it, naming the file."""
    page = client_for(world.admin).post(
        "/settings/people/import",
        {"file": SimpleUploadedFile("empty.csv", b"")},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert page.status_code == 400 and said in page.content.decode()


def test_the_cli_preview_names_changes_in_the_readers_language(world, tmp_path):
    """Issue 13 (h13q): a Chinese reader's CLI preview of a file with English headers said
    "title：– → CTO"; it names the column in Chinese, as the web preview does."""
    world.admin.user.language = "zh-hans"
    world.admin.user.save()
    path = tmp_path / "p.csv"
    path.write_bytes(b"email,title\nnew@acme.test,CTO\n")
    out = io.StringIO()
    call_command(
        "people", "import", str(path), "--org", "acme", "--as", "admin@acme.test",
        "--dry-run", stdout=out,
    )  # fmt: skip
    assert "职位：– → CTO" in out.getvalue() and "title：" not in out.getvalue()
