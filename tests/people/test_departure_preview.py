"""Issue 13 (h13s): a preview says what each deactivation does — whose reports move to whom,
which teams (by whole path) lose their lead, that their objectives are kept — and calls
someone invited who has not joined "invited", not active; in both languages, on every path
that previews one (people import from the web, the API-less CLI and the service; directory
sync's is in tests/directory/test_preview_details.py)."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
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


# Issue 13 (h13q): an export edited to deactivate the lead, whose rows still name her as
# Alice's and Bob's manager and as the lead of 产品部: refused on the first run, as the second
# would, naming each row and column (web preview and CLI, one function, in both languages).
STILL_NAMED = (
    b"email,status,manager,leads\n"
    b"lead@acme.test,deactivated,admin@acme.test,Company/\xe4\xba\xa7\xe5\x93\x81\xe9\x83\xa8\n"
    b"alice@acme.test,active,lead@acme.test,\n"
    b"bob@acme.test,active,lead@acme.test,\n"
)
REFUSED = [
    ("en", "p.csv, row {row}, column “{column}”", "has left (deactivated)"),
    ("zh-hans", "p.csv，第 {row} 行，“{column}”列", "已离开（已停用）"),
]
WHERE = [(2, "leads"), (3, "manager"), (4, "manager")]


@pytest.mark.parametrize("path", ["web", "cli"])
@pytest.mark.parametrize(("language", "where", "why"), REFUSED)
def test_a_deactivation_the_file_still_names_is_refused_the_first_time(
    world, client_for, tmp_path, path, language, where, why
):
    world.admin.user.language = language  # the CLI speaks the acting person's language
    world.admin.user.save()
    if path == "web":
        page = client_for(world.admin).post(
            "/settings/people/import",
            {"file": SimpleUploadedFile("p.csv", STILL_NAMED)},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert page.status_code == 400
        text = page.content.decode()
    else:
        (tmp_path / "p.csv").write_bytes(STILL_NAMED)
        with pytest.raises(CommandError) as failed:
            call_command(
                "people", "import", str(tmp_path / "p.csv"), "--org", "acme",
                "--as", "admin@acme.test",
            )  # fmt: skip
        text = str(failed.value)
    for row, column in WHERE:
        assert where.format(row=row, column=column) in text, (row, column, text)
    assert text.count(why) == 3
    world.lead.refresh_from_db()
    world.alice.refresh_from_db()
    assert world.lead.is_active and world.alice.manager_id == world.lead.pk
