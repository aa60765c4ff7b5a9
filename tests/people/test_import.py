"""Importing people from CSV and .xlsx: preview, atomic apply, located errors, teams from
paths, manager loops refused, invitations, round trip with the export, bounded queries."""

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from mubiao.accounts.models import Invitation, User
from mubiao.okrs.transfer import ImportFailed
from mubiao.orgs import closures
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.people.exporter import export_people
from mubiao.people.services import import_people
from tests.conftest import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=False)


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def state(org):
    """Everything an import may change, to compare before and after."""
    return (
        sorted(
            Membership.objects.filter(organization=org).values_list(
                "user__email", "role", "title", "is_active", "manager__user__email"
            )
        ),
        sorted(Team.objects.filter(organization=org).values_list("name", "parent__name")),
        sorted(
            TeamMember.objects.filter(team__organization=org).values_list(
                "membership__user__email", "team__name", "is_lead"
            )
        ),
    )


def test_chinese_headers_create_teams_managers_and_invitations(
    world, django_capture_on_commit_callbacks
):
    data = csv_bytes(
        "姓名,邮箱,团队,上级邮箱,角色,职位,时区,语言",
        "王芳,wang@acme.test,产品部/文档组,lead@acme.test,成员,编辑,Asia/Shanghai,简体中文",
        "赵强,zhao@acme.test,市场部/品牌组;市场部,wang@acme.test,管理员,,Asia/Shanghai,zh",
    )
    preview = import_people(world.admin, file_name="people.csv", data=data, dry_run=True)
    assert [row.action for row in preview.rows] == ["create", "create"]
    # Paths start below the organization's top team (Company) unless they name it.
    assert preview.new_teams == ["Company/产品部/文档组", "Company/市场部", "Company/市场部/品牌组"]
    assert not User.objects.filter(email="wang@acme.test").exists()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        import_people(world.admin, file_name="people.csv", data=data)
    wang = Membership.objects.get(organization=world.org, user__email="wang@acme.test")
    zhao = Membership.objects.get(organization=world.org, user__email="zhao@acme.test")
    assert (wang.manager, wang.title, wang.role) == (world.lead, "编辑", "member")
    assert (zhao.manager, zhao.role) == (wang, "admin")
    assert wang.user.language == "zh-hans" and wang.user.timezone == "Asia/Shanghai"
    assert not wang.user.has_usable_password()
    docs = Team.objects.get(organization=world.org, name="文档组")
    assert docs.parent == world.product
    brand = Team.objects.get(name="品牌组")
    assert brand.parent.name == "市场部" and brand.parent.parent == world.company
    assert set(zhao.teams.values_list("name", flat=True)) == {"品牌组", "市场部"}
    # Closures rebuilt after the bulk writes.
    assert closures.stored_rows(world.org.pk) == closures.expected_rows(world.org.pk)
    assert Invitation.objects.filter(membership__in=[wang, zhao]).count() == 2
    run_queued_tasks()  # the worker sends the invitations
    assert sorted(m.to[0] for m in mail.outbox) == ["wang@acme.test", "zhao@acme.test"]


def test_update_deactivate_and_unchanged_rows_are_previewed_then_applied(world):
    data = csv_bytes(
        "email,role,title,manager,status",
        "alice@acme.test,member,产品经理,lead@acme.test,active",  # as she is
        "bob@acme.test,admin,文档撰写者,lead@acme.test,active",  # promoted
        "olga@acme.test,member,,,离职",  # leaves
    )
    preview = import_people(world.admin, file_name="people.csv", data=data, dry_run=True)
    assert [(r.action, r.changes) for r in preview.rows] == [
        ("unchanged", []),
        ("update", ["role: Member → Admin"]),
        (
            "deactivate",
            ["status: Active → Deactivated"],
        ),
    ]
    assert preview.counts == {"create": 0, "update": 1, "deactivate": 1, "unchanged": 1}
    world.bob.refresh_from_db()
    assert world.bob.role == "member"
    import_people(world.admin, file_name="people.csv", data=data)
    world.bob.refresh_from_db()
    world.outsider.refresh_from_db()
    assert world.bob.role == "admin" and not world.outsider.is_active
    # Deactivated, never deleted: the membership and its team place stay.
    assert world.outsider.team_memberships.exists()


@pytest.mark.parametrize(
    ("language", "lines", "message"),
    [
        (
            "en",
            ["name,email,role", "Wang,wang@acme.test,boss"],
            "people.csv, row 2, column “role”: “boss” is not one of: Owner, Admin, Member.",
        ),
        (
            "zh-hans",
            ["姓名,邮箱,时区", "王芳,wang@acme.test,Mars/Base"],
            "people.csv，第 2 行，“时区”列：“Mars/Base”不是时区，请填写如 Asia/Shanghai 的时区。",
        ),
        (
            "en",
            ["email,manager", "wang@acme.test,nobody@acme.test"],
            "people.csv, row 2, column “manager”: “nobody@acme.test” is neither in this file "
            "nor in the organization.",
        ),
        (
            "en",
            ["email,name", "wang@acme.test,A", "Wang@acme.test,B"],
            "people.csv, row 3, column “email”: “Wang@acme.test” is in the file twice: here "
            "and at people.csv, row 2, column “email”.",
        ),
        (
            "en",
            ["email,team", "wang@acme.test,产品部//文档组"],
            "people.csv, row 2, column “team”: “产品部//文档组” has an empty team name between "
            "two slashes.",
        ),
    ],
)
def test_errors_name_file_row_and_column_and_change_nothing(world, language, lines, message):
    before = state(world.org)
    with translation.override(language):
        with pytest.raises(ImportFailed) as raised:
            import_people(world.admin, file_name="people.csv", data=csv_bytes(*lines))
        assert raised.value.text == message
    assert state(world.org) == before


def test_manager_loops_are_refused_even_through_people_not_in_the_file(world):
    # lead reports to admin; making admin report to alice (who reports to lead) closes a loop.
    before = state(world.org)
    data = csv_bytes("email,manager", "admin@acme.test,alice@acme.test")
    with pytest.raises(ImportFailed) as raised:
        import_people(world.admin, file_name="people.csv", data=data)
    assert "row 2, column “manager”" in raised.value.text
    assert "admin@acme.test → alice@acme.test → lead@acme.test → admin@acme.test" in (
        raised.value.text
    )
    assert state(world.org) == before
    # Within the file alone, and someone as their own manager.
    for lines in (
        ["email,manager", "a@acme.test,b@acme.test", "b@acme.test,a@acme.test"],
        ["email,manager", "a@acme.test,a@acme.test"],
    ):
        with pytest.raises(ImportFailed, match="loop"):
            import_people(world.admin, file_name="people.csv", data=csv_bytes(*lines))
    assert state(world.org) == before


def test_a_late_error_rolls_back_everything(world):
    before = state(world.org)
    rows = [f"p{n}@acme.test,新团队/{n}组,lead@acme.test" for n in range(50)]
    data = csv_bytes("email,team,manager", *rows, "last@acme.test,,missing@acme.test")
    with pytest.raises(ImportFailed, match="row 52"):
        import_people(world.admin, file_name="people.csv", data=data)
    assert state(world.org) == before
    assert not User.objects.filter(email="p0@acme.test").exists()


def test_only_admins_import_and_only_owners_make_owners(world):
    data = csv_bytes("email,role", "wang@acme.test,owner")
    with pytest.raises(PermissionDenied):
        import_people(world.alice, file_name="people.csv", data=data)
    with pytest.raises(ImportFailed, match="Only an owner"):
        import_people(world.admin, file_name="people.csv", data=data)
    world.admin.role = "owner"
    world.admin.save()
    # The last active owner cannot be turned out by a file.
    with pytest.raises(ImportFailed, match="at least one active owner"):
        import_people(
            world.admin,
            file_name="people.csv",
            data=csv_bytes("email,role", "admin@acme.test,admin"),
        )
    import_people(world.admin, file_name="people.csv", data=data)
    assert Membership.objects.get(user__email="wang@acme.test").role == "owner"


def test_files_that_are_not_people_sheets(world):
    with pytest.raises(ImportFailed, match="no header row"):
        import_people(world.admin, file_name="p.csv", data=csv_bytes("a,b", "1,2"))
    with pytest.raises(ImportFailed, match="Excel"):
        import_people(world.admin, file_name="p.md", data=b"# hello")
    with pytest.raises(ImportFailed, match="empty"):
        import_people(world.admin, file_name="p.csv", data=b"  ")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_export_imports_back_without_changes(world, fmt, language):
    import_people(
        world.admin,
        file_name="people.csv",
        data=csv_bytes(
            "name,email,team,leads,manager,title,time zone,language,status",
            "=Wang,wang@acme.test,产品部/文档组;Support,Support,bob@acme.test,+1 editor,"
            "Asia/Shanghai,zh,在职",
            "Gone,gone@acme.test,,,,,,,deactivated",
        ),
    )
    before = state(world.org)
    with translation.override(language):
        exported = export_people(world.admin, fmt=fmt)
        result = import_people(world.admin, file_name=f"people.{fmt}", data=exported)
    assert {row.action for row in result.rows} == {"unchanged"}, [
        (row.email, row.changes) for row in result.rows if row.changes
    ]
    assert result.new_teams == []
    assert state(world.org) == before
    wang = Membership.objects.get(user__email="wang@acme.test")
    assert wang.user.name == "=Wang" and wang.title == "+1 editor"


def test_the_leads_column_makes_team_leads_and_takes_the_flag_away(world):
    result = import_people(
        world.admin,
        file_name="people.csv",
        data=csv_bytes(
            "姓名,邮箱,团队,负责的团队",
            "王芳,wang@acme.test,产品部/文档组,产品部/文档组",
            "Alice,alice@acme.test,产品部,产品部/新组",  # leads a new team, joins it too
        ),
    )
    assert result.new_teams == ["Company/产品部/文档组", "Company/产品部/新组"]
    assert TeamMember.objects.get(membership__user__email="wang@acme.test").is_lead
    alice = dict(
        TeamMember.objects.filter(membership=world.alice).values_list("team__name", "is_lead")
    )
    assert alice == {"产品部": False, "新组": True}
    # A file with the column but nothing in it: the lead no longer leads; their teams stay.
    result = import_people(
        world.admin,
        file_name="people.csv",
        data=csv_bytes("email,leads", "lead@acme.test,"),
    )
    assert [row.changes for row in result.rows] == [["leads: Company/产品部 → –"]]
    place = TeamMember.objects.get(membership=world.lead, team=world.product)
    assert not place.is_lead


def test_three_hundred_people_from_xlsx_in_a_bounded_number_of_queries(
    world, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    header = ["姓名", "邮箱", "团队", "上级邮箱", "角色", "职位", "时区", "语言"]
    rows = [
        header,
        ["总经理", "ceo@big.test", "总部", "", "管理员", "CEO", "Asia/Shanghai", "中文"],
    ]
    for d in range(5):
        rows.append(
            [f"部长{d}", f"d{d}@big.test", f"总部/部门{d}", "ceo@big.test", "成员", "", "", ""]
        )
        for g in range(5):
            rows.append(
                [
                    f"组长{d}{g}",
                    f"g{d}{g}@big.test",
                    f"总部/部门{d}/组{g}",
                    f"d{d}@big.test",
                    "",
                    "",
                    "",
                    "",
                ]
            )
            for p in range(11):
                rows.append(
                    [f"员工{d}{g}{p}", f"p{d}{g}{p}@big.test", f"总部/部门{d}/组{g}",
                     f"g{d}{g}@big.test", "", "", "", ""]
                )  # fmt: skip
    assert len(rows) - 1 == 306
    data = xlsx_bytes(rows)
    with django_assert_max_num_queries(60), django_capture_on_commit_callbacks(execute=True):
        result = import_people(world.admin, file_name="people.xlsx", data=data)
    assert result.counts["create"] == 306 and len(result.new_teams) == 31
    run_queued_tasks()  # the worker sends the invitations
    assert len(mail.outbox) == 306
    worker = Membership.objects.get(user__email="p432@big.test")
    assert worker.manager.user.email == "g43@big.test"
    assert worker.teams.get().parent.name == "部门4"
    assert closures.stored_rows(world.org.pk) == closures.expected_rows(world.org.pk)
    # Importing the same file again changes nothing, in as few queries.
    with django_assert_max_num_queries(30):
        again = import_people(world.admin, file_name="people.xlsx", data=data)
    assert again.counts["unchanged"] == 306


def test_a_zip_bomb_is_refused_by_the_shared_workbook_checks(world):
    # A part that declares 300 MB: refused from the archive's directory, nothing unpacked.
    from tests.transfer.test_hostile_files import good_workbook, with_part

    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    chunks = (head, *(b"A" * (1024 * 1024) for _ in range(300)), b"</worksheet>")
    bomb = with_part(good_workbook(), "xl/worksheets/sheet1.xml", chunks=iter(chunks))
    with pytest.raises(ImportFailed, match=r"people\.xlsx: this workbook unpacks to more than"):
        import_people(world.admin, file_name="people.xlsx", data=bomb)


def mobile_only(org, username: str, mobile: str, **membership) -> Membership:
    """A member directory sync knows by mobile number (or by its identity) only."""
    user = User.objects.create(username=username, email="", mobile=mobile, name=username)
    return Membership.objects.create(organization=org, user=user, **membership)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_members_without_an_e_mail_address_export_and_import_back_unchanged(world, fmt):
    boss = mobile_only(world.org, "feishu:1:u-boss", "+86 13900000001", title="CEO")
    mobile_only(world.org, "feishu:1:u-nomobile", "", manager=boss, title="Driver")
    team = Team.objects.create(organization=world.org, name="车队", slug="fleet")
    TeamMember.objects.create(team=team, membership=boss, is_lead=True)
    before = state(world.org)
    exported = export_people(world.admin, fmt=fmt)
    result = import_people(world.admin, file_name=f"people.{fmt}", data=exported)
    assert {row.action for row in result.rows} == {"unchanged"}, [
        (row.email, row.changes) for row in result.rows if row.changes
    ]
    assert {"+86 13900000001", "feishu:1:u-nomobile"} <= {row.shown for row in result.rows}
    assert state(world.org) == before
    # The mobile number names them in an import written by hand too, manager included.
    result = import_people(
        world.admin,
        file_name="people.csv",
        data=csv_bytes("email,title,manager", "feishu:1:u-nomobile,Chauffeur,+86 13900000001"),
    )
    assert [row.action for row in result.rows] == ["update"]
    assert Membership.objects.get(user__username="feishu:1:u-nomobile").title == "Chauffeur"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "people.csv, row 3, column “email”: “13911112222” is not an e-mail address, nor "
            "the mobile number or directory identity of a member.",
        ),
        (
            "zh-hans",
            "people.csv，第 3 行，“邮箱”列：“13911112222”不是邮箱地址，也不是任何成员的手机号或"
            "通讯录身份。",
        ),
    ],
)
def test_a_row_without_e_mail_that_names_no_member_is_refused(world, language, message):
    mobile_only(world.org, "feishu:1:u-boss", "+86 13900000001")
    before, users = state(world.org), User.objects.count()
    header = "email,name" if language == "en" else "邮箱,姓名"
    with translation.override(language):
        with pytest.raises(ImportFailed) as raised:
            import_people(
                world.admin,
                file_name="people.csv",
                data=csv_bytes(header, "+86 13900000001,Boss", "13911112222,Nobody"),
            )
        assert raised.value.text == message
    assert state(world.org) == before and User.objects.count() == users


def test_an_admin_can_neither_deactivate_nor_demote_an_owner(world):
    """Issue 13 A5: by a file (status 离职) or in Settings → People, like making an owner."""
    from mubiao.orgs.services import update_member

    owner = Membership.objects.create(organization=world.org, user=User.objects.create_user(
        email="olivia@acme.test"), role="owner")  # fmt: skip
    before = state(world.org)
    for line in ("olivia@acme.test,owner,离职", "olivia@acme.test,admin,在职"):
        with pytest.raises(ImportFailed, match="change an owner's role or deactivate an owner"):
            import_people(world.admin, file_name="p.csv", data=csv_bytes("email,role,status", line))
    assert state(world.org) == before
    for change in ({"role": "owner", "is_active": False}, {"role": "member"}):
        with pytest.raises(ValidationError, match="change an owner's role or deactivate"):
            update_member(world.admin, owner, **change)
    owner.refresh_from_db()
    assert owner.is_active and owner.role == "owner"
    # An owner may.
    update_member(owner, world.admin, role="admin", is_active=False)
    assert not Membership.objects.get(pk=world.admin.pk).is_active


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "olivia@acme.test is an owner: an import never deactivates an owner."),
        ("zh-hans", "olivia@acme.test 是所有者：导入从不停用所有者。"),
    ],
)
def test_no_import_deactivates_an_owner_whoever_runs_it(world, language, said):
    """As a directory sync: owners are deactivated by hand, by an owner (Settings › People)."""
    world.admin.role = "owner"
    world.admin.save()
    owner = Membership.objects.create(organization=world.org, user=User.objects.create_user(
        email="olivia@acme.test"), role="owner")  # fmt: skip
    before = state(world.org)
    with translation.override(language), pytest.raises(ImportFailed) as refused:
        import_people(
            world.admin, file_name="p.csv", data=csv_bytes("email,status", "olivia@acme.test,离职")
        )
    assert said in refused.value.text and state(world.org) == before
    owner.refresh_from_db()
    assert owner.is_active


@pytest.mark.parametrize("typed", ["ＬＥＡＤ＠ａｃｍｅ．ｔｅｓｔ", " Lead@Acme.TEST "])
def test_the_preview_shows_the_manager_as_stored_not_as_typed(world, typed):
    """The row is linked to lead@acme.test: the preview says so, in the stored spelling."""
    data = csv_bytes("email,manager", f"alice@acme.test,{typed}")
    world.alice.manager = None
    world.alice.save(update_fields=["manager"])
    preview = import_people(world.admin, file_name="people.csv", data=data, dry_run=True)
    assert [r.changes for r in preview.rows] == [["manager: – → lead@acme.test"]]
