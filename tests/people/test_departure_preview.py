"""Issue 13 (h13s): a preview says what each deactivation does — whose reports move to whom,
which teams (by whole path) lose their lead, that their objectives are kept — and calls
someone invited who has not joined "invited", not active; in both languages, on every path
that previews one (people import from the web, the API-less CLI and the service; directory
sync's is in tests/directory/test_preview_details.py)."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from mubiao.accounts import services as accounts
from mubiao.people.services import import_people
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

# (language, the lead's row must say these, the invitee's row these)
SAID = [
    (
        "en",
        [
            "status: Active → Deactivated",
            "Alice, Bob now report to Ada Admin",
            "no longer leads Company / 产品部",
            "their 1 objective is kept, still theirs",
        ],
        ["status: Invited → Deactivated"],
    ),
    (
        "zh-hans",
        [
            "在职 → 已停用",
            "Alice, Bob改为向Ada Admin汇报",
            "不再担任“Company / 产品部”的负责人",
            "其 1 个目标保留，负责人不变",
        ],
        ["已邀请 → 已停用"],
    ),
]


@pytest.fixture
def leaving(world):
    make_objective(world.lead, world.cycle, "Lead's objective")
    accounts.invite_member(world.admin, email="nina@acme.test")
    return b"email,status\nlead@acme.test,deactivated\nnina@acme.test,deactivated\n"


def _row(result, email):
    return next(row for row in result.rows if row.email == email).changes


@pytest.mark.parametrize(("language", "lead_says", "invitee_says"), SAID)
def test_the_import_preview_says_what_leaving_does(
    world, leaving, language, lead_says, invitee_says
):
    with translation.override(language):
        result = import_people(world.admin, file_name="p.csv", data=leaving, dry_run=True)
    lead = " | ".join(_row(result, "lead@acme.test")).replace("：", ": ")
    invitee = " | ".join(_row(result, "nina@acme.test")).replace("：", ": ")
    for text in lead_says:
        assert text in lead, (text, lead)
    for text in invitee_says:
        assert text in invitee, (text, invitee)
    world.alice.refresh_from_db()
    assert world.alice.manager_id == world.lead.pk  # a preview writes nothing


def test_the_web_and_cli_previews_show_it(world, leaving, client_for, tmp_path):
    text = _web_preview(client_for(world.admin), leaving, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "Alice, Bob改为向Ada Admin汇报" in text and "已邀请 → 已停用" in text
    assert "Alice, Bob now report to Ada Admin" in _cli_preview(tmp_path, leaving)


def test_the_preview_names_each_person(world, client_for, tmp_path):
    """Issue 13 (h13s): a new person's name is in the preview (web and CLI), not only their
    address; an existing member without a name column, by the organization's name."""
    data = b"name,email\n\xe5\xbc\xa0\xe4\xb8\x89,zhang@acme.test\n,alice@acme.test\n"
    assert "<td>张三</td><td>zhang@acme.test</td>" in _web_preview(client_for(world.admin), data)
    assert "张三 <zhang@acme.test>" in _cli_preview(tmp_path, data)


def _web_preview(client, data: bytes, **headers) -> str:
    """The people import page's preview of a CSV file, as HTML."""
    page = client.post(
        "/settings/people/import", {"file": SimpleUploadedFile("p.csv", data)}, **headers
    )
    return page.content.decode()


def _cli_preview(tmp_path, data: bytes) -> str:
    """What `mubiao people import --dry-run` prints for a CSV file."""
    path = tmp_path / "p.csv"
    path.write_bytes(data)
    out = StringIO()
    call_command(
        "people", "import", str(path), "--org", "acme", "--as", "admin@acme.test",
        "--dry-run", stdout=out,
    )  # fmt: skip
    return out.getvalue()
