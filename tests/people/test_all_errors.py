"""Issue 13, tester's findings 3 and 4: every row error of a file is reported at once, in file
order, each with its row, column and the value typed; two columns that both hold e-mail
addresses, or one address on two rows, are refused naming both places. Nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from mubiao.okrs.transfer import ImportFailed
from mubiao.people.services import import_people

from .test_import import state, xlsx_bytes

pytestmark = pytest.mark.django_db

# Errors found while reading cells (role, time zone, e-mail) and while planning against the
# organization (manager unknown), deliberately in an order where planning errors come first
# in the file.
BAD = (
    "邮箱,角色,时区,上级邮箱\n"
    "a@acme.test,member,Asia/Shanghai,nobody@acme.test\n"  # row 2: unknown manager (plan)
    "b@acme.test,老板,Asia/Shanghai,\n"  # row 3: role (cell)
    "not-an-address,member,,\n"  # row 4: not an e-mail (plan: not a member's mobile either)
    "c@acme.test,member,Mars/Base,\n"  # row 5: time zone (cell)
    "d@acme.test,member,,\n"  # row 6: fine
    "e@acme,member,,\n"  # row 7: e-mail (cell)
    ",admin,,\n"  # row 8: missing e-mail
)


def test_all_row_errors_at_once_in_file_order_with_row_column_and_value(world):
    before = state(world.org)
    with pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="people.csv", data=BAD.encode())
    texts = failed.value.texts
    assert [text.split(":", 1)[0] for text in texts] == [
        "people.csv, row 2, column “上级邮箱”",
        "people.csv, row 3, column “角色”",
        "people.csv, row 4, column “邮箱”",
        "people.csv, row 5, column “时区”",
        "people.csv, row 7, column “邮箱”",
        "people.csv, row 8, column “邮箱”",
    ]
    for text, value in zip(
        texts,
        ["nobody@acme.test", "老板", "not-an-address", "Mars/Base", "e@acme"],
        strict=False,
    ):
        assert f"“{value}”" in text
    assert state(world.org) == before


def test_a_manager_whose_row_is_wrong_is_not_a_second_error(world):
    data = "邮箱,角色,上级邮箱\nboss@acme.test,老板,\nworker@acme.test,member,boss@acme.test\n"
    with pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="people.csv", data=data.encode())
    assert len(failed.value.texts) == 1 and "老板" in failed.value.text


def test_all_errors_in_chinese_on_the_page(world, client_for):
    world.admin.user.language = "zh-hans"
    world.admin.user.save()
    page = client_for(world.admin).post(
        "/settings/people/import",
        {"file": SimpleUploadedFile("people.csv", BAD.encode())},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "6 个问题；未导入任何内容" in html
    positions = [html.index(f"第 {row} 行") for row in (2, 3, 4, 5, 7, 8)]
    assert positions == sorted(positions)
    assert "“nobody@acme.test”既不在此文件中" in html


def test_the_cli_prints_every_error(world):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        path.write_bytes(BAD.encode())
        with pytest.raises(CommandError) as failed:
            call_command("people", "import", str(path), "--org", "acme")
    assert str(failed.value).count("people.csv, row") == 6


@pytest.mark.parametrize(
    "header",
    [
        "邮箱,E-mail,姓名",
        "email,电子邮件,name",
        "Email,email address,name",
        "姓名,邮箱,邮箱：",
    ],
)
def test_two_email_columns_are_refused_naming_both(world, header):
    first, second = [h for h in header.split(",") if h not in ("姓名", "name")]
    data = f"{header}\n" + (
        "a@acme.test,b@acme.test,A\n" if header[0] != "姓" else "A,a@acme.test,b@acme.test\n"
    )
    before = state(world.org)
    with pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="people.csv", data=data.encode())
    assert f"the columns “{first}” and “{second}” name the same thing" in failed.value.text
    assert "row 1" in failed.value.text
    assert state(world.org) == before


def test_two_email_columns_in_a_workbook_below_a_title(world):
    data = xlsx_bytes(
        [["员工名单"], ["邮箱", "姓名", "电子邮件"], ["a@acme.test", "A", "a@acme.test"]]
    )
    with translation.override("zh-hans"), pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="people.xlsx", data=data)
    assert "第 2 行" in str(failed.value) and "“邮箱”列和“电子邮件”列表示同一项内容" in str(
        failed.value
    )


@pytest.mark.parametrize(
    "first, second",
    [
        ("wang@acme.test", "wang@acme.test"),
        ("wang@acme.test", "Wang@ACME.test"),
        ("wang@acme.test", " wang@acme.test "),
        ("wang@acme.test", "ｗａｎｇ＠ａｃｍｅ．ｔｅｓｔ"),
    ],
)
def test_one_address_on_two_rows_is_refused_naming_both_rows(world, first, second):
    data = f"邮箱,姓名\n{first},王芳\nzhao@acme.test,赵强\n{second},王芳二\n"
    before = state(world.org)
    with pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="people.csv", data=data.encode())
    text = failed.value.text
    assert text.startswith("people.csv, row 4, column “邮箱”")
    assert "is in the file twice: here and at people.csv, row 2, column “邮箱”" in text
    assert state(world.org) == before


def test_one_address_on_two_sheets_names_the_sheets(world):
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "产品部"
    book.active.append(["邮箱", "姓名"])
    book.active.append(["wang@acme.test", "王芳"])
    other = book.create_sheet("市场部")
    other.append(["邮箱", "姓名"])
    other.append(["wang@acme.test", "王芳"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="people.xlsx", data=buffer.getvalue())
    assert "sheet “市场部”, row 2" in failed.value.text
    assert "here and at people.xlsx, sheet “产品部”, row 2" in failed.value.text


@pytest.mark.parametrize(
    "lines, expected",
    [
        # The tester's row: an identity that is no address and names no member, and an unknown
        # manager, on one row.
        (
            ["A,bad,产品部,nobody@example.com,member"],
            [("2", "email", "bad"), ("2", "manager", "nobody@example.com")],
        ),
        # A wrong cell (the role) does not hide the row's errors against the organization.
        (
            ["A,bad,产品部,nobody@example.com,boss", "B,b@acme.test,产品部,ghost@x.test,admin"],
            [
                ("2", "role", "boss"),
                ("2", "email", "bad"),
                ("2", "manager", "nobody@example.com"),
                ("3", "manager", "ghost@x.test"),
            ],
        ),
        # An e-mail cell that cannot be read: the unknown manager is said as well.
        (
            ["A,a@@x,产品部,nobody@example.com,member"],
            [("2", "email", "a@@x"), ("2", "manager", "nobody@example.com")],
        ),
    ],
)
def test_every_error_of_every_row_at_once_and_counted(world, lines, expected):
    data = "\n".join(["name,email,team,manager,role", *lines]).encode()
    before = state(world.org)
    with pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="p.csv", data=data)
    texts = failed.value.texts
    assert len(texts) == len(expected), texts
    for (row, column, value), text in zip(sorted(expected), sorted(texts), strict=True):
        assert f"row {row}, column “{column}”" in text and f"“{value}”" in text, text
    assert state(world.org) == before
