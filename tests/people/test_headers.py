"""Issue 13, tester's finding 2: a file whose header names the e-mail column, however it is
written (one column alone, a byte order mark, Chinese, case, spaces, full-width colons, a
required-field star or note, title rows above it in a workbook), is read."""

import io

import pytest
from django.utils import translation

from mubiao.okrs.transfer import ImportFailed
from mubiao.people.reading import read_people

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EMAIL_HEADERS = [
    "email",
    "Email",
    "EMAIL",
    " email ",
    "E-mail",
    "E-Mail",
    "e_mail",
    "Email Address",
    "email  address",
    "Work email",
    "邮箱",
    "邮箱：",
    "邮箱:",
    "邮箱*",
    "*邮箱",
    "邮箱（必填）",
    "Email (required)",
    "电子邮件",
    "电子邮箱",
    "邮箱地址",
    "工作邮箱",
    "企业邮箱",
    "ｅｍａｉｌ",
    "\u200b邮箱",
    "邮\u3000箱".replace("\u3000", ""),
]


@pytest.mark.parametrize("header", EMAIL_HEADERS)
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_a_single_email_column_is_read_in_csv(header, bom):
    data = f"{bom}{header}\nwang@acme.test\nZhao@Acme.test\n".encode()
    rows, notes = read_people("people.csv", data)
    assert [row.email for row in rows] == ["wang@acme.test", "zhao@acme.test"]
    assert notes == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
def test_encodings_excel_saves_are_read(encoding):
    data = "姓名,邮箱\n王芳,wang@acme.test\n".encode(encoding)
    rows, _ = read_people("people.csv", data)
    assert [(row.email, row.values["name"]) for row in rows] == [("wang@acme.test", "王芳")]


@pytest.mark.parametrize("header", ["邮箱：", "E-mail", "Email Address"])
def test_xlsx_with_title_rows_above_a_one_column_header(header):
    data = xlsx(
        [
            ["2026 年员工名单"],
            ["导出时间：2026-11-30"],
            [],
            [header],
            ["wang@acme.test"],
            ["zhao@acme.test"],
        ]
    )
    rows, _ = read_people("people.xlsx", data)
    assert [(row.email, row.location.row) for row in rows] == [
        ("wang@acme.test", 5),
        ("zhao@acme.test", 6),
    ]


def test_xlsx_with_a_merged_title_and_the_chinese_header_of_several_columns():
    data = xlsx(
        [
            ["员工信息表", None, None],
            ["姓名", "邮箱：", "部门"],
            ["王芳", "wang@acme.test", "产品部"],
        ]
    )
    rows, _ = read_people("people.xlsx", data)
    assert rows[0].values == {"name": "王芳", "team": [("产品部",)]}


@pytest.mark.parametrize(
    "data, said",
    [
        # no e-mail column: not a people header, and said so
        ("name,team\n王芳,产品部\n".encode(), "the e-mail column is missing"),
        (b"wang@acme.test\nzhao@acme.test\n", "no header row was found"),  # no header at all
    ],
)
def test_a_file_without_an_email_header_is_still_refused_with_the_reason(data, said):
    with pytest.raises(ImportFailed) as failed:
        read_people("people.csv", data)
    assert said in failed.value.text


@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "the e-mail column is missing: the header row names “姓名”, “团队”"),
        ("zh-hans", "缺少邮箱列：表头有 “姓名”, “团队”"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_header_without_the_e_mail_column_says_so_naming_what_it_found(fmt, language, said):
    rows = [["姓名", "团队"], ["王芳", "产品部"]]
    data = xlsx(rows) if fmt == "xlsx" else "\n".join(",".join(r) for r in rows).encode()
    with translation.override(language), pytest.raises(ImportFailed) as failed:
        read_people(f"p.{fmt}", data)
    assert said in str(failed.value)
