"""The words a tester of issue 13 found wrong, in both languages: a people import's refusals
(control characters, an empty file, the row cap), the preview's change column, the empty
choice of a select, `mubiao people export --as` a member, `mubiao serve`'s warning, and a
directory that cannot be reached."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from mubiao.directory import services as directory
from mubiao.directory.vendors import DirectoryError
from mubiao.okrs import services
from mubiao.okrs.transfer.errors import ImportFailed
from mubiao.people.services import import_people
from mubiao.web.management.commands.serve import site_url_warning
from tests.conftest import make_objective
from tests.directory.servers import SERVERS, acme_directory
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]


def refusal(world, data: bytes, language: str) -> str:
    with translation.override(language), pytest.raises(ImportFailed) as raised:
        import_people(world.admin, file_name="people.csv", data=data)
    return raised.value.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_control_character_is_not_called_okr_text(world, language):
    said = refusal(world, b"email,name\nwang@acme.test,Wang\x07Fang\n", language)
    assert "U+0007" in said and "OKR" not in said


@pytest.mark.parametrize(
    ("language", "empty"), [("en", "the file is empty."), ("zh-hans", "文件是空的。")]
)
@pytest.mark.parametrize("data", ["\ufeff".encode(), b",,\n,,\n", b"\xef\xbb\xbf\r\n\r\n,\r\n"])
def test_a_file_of_nothing_is_said_to_be_empty(world, language, empty, data):
    said = refusal(world, data, language)
    assert said.endswith(empty) and "header" not in said and "标题" not in said


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_row_cap_is_said_with_its_number(world, language):
    rows = "\n".join(f"P{n},p{n}@acme.test" for n in range(2_001))
    said = refusal(world, f"name,email\n{rows}\n".encode(), language)
    assert "2,000" in said


@pytest.mark.parametrize(
    ("language", "change"),
    [("en", "role: Member → Admin"), ("zh-hans", "角色：成员 → 管理员")],
)
def test_the_preview_shows_each_change(world, client_for, language, change):
    world.admin.user.language = language
    world.admin.user.save()
    header = "email,role" if language == "en" else "邮箱,角色"
    upload = SimpleUploadedFile("people.csv", f"{header}\nbob@acme.test,admin\n".encode())
    page = client_for(world.admin).post("/settings/people/import", {"file": upload})
    row = next(r for r in page.content.decode().split("<tr") if "bob@acme.test" in r)
    assert change in row


@pytest.mark.parametrize(
    ("language", "blank"), [("en", "- Select an option -"), ("zh-hans", "- 请选择 -")]
)
def test_an_empty_choice_is_in_the_pages_language(world, client_for, language, blank):
    world.admin.user.language = language
    world.admin.user.save()
    q1 = services.create_year(world.admin, year=2043, parts=["quarter"])[1]
    make_objective(world.alice, q1, "Carry me")
    page = client_for(world.admin).get(f"/settings/cycles/{q1.pk}/next").content.decode()
    assert blank in page
    if language != "en":
        assert "Select an option" not in page


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "without the right to import or export people"),
        ("zh-hans", "没有导入或导出人员的权限"),
    ],
)
def test_the_people_command_as_a_member_says_why(world, language, said):
    world.alice.user.language = language
    world.alice.user.save()
    with pytest.raises(CommandError) as refused:
        call_command("people", "export", "--org", "acme", "--as", "alice@acme.test", "--format",
                     "csv", stdout=io.StringIO())  # fmt: skip
    assert said in str(refused.value) and "--as EMAIL" in str(refused.value)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "links in e-mails sent by the command line or the worker will start with http"),
        ("zh-hans", "命令行或后台任务发出的邮件中，链接以 http"),
    ],
)
def test_the_serve_warning_reads_as_a_sentence(language, said):
    with translation.override(language):
        assert said in site_url_warning()


@pytest.mark.parametrize(
    ("language", "said"), [("en", "could not connect to {host}."), ("zh-hans", "连接不上 {host}。")]
)
def test_a_directory_that_cannot_be_reached_names_the_host(world, language, said):
    with acme_directory(SERVERS["feishu"]()) as server:
        connect(world, server)
        host = urlsplit(server.url).netloc
    with translation.override(language):
        with pytest.raises(DirectoryError) as refused:
            directory.sync(world.admin)
        # Put in words when read, in the reader's language (vendors.Note).
        assert said.format(host=host) in refused.value.message
        assert not re.search(r"[A-Z][a-z]+Error", refused.value.message)
