"""Every refusal of a damaged or hostile file names what is wrong and where, in the person's
language, and no Python internals (issue 8: "(ValueError)", a ratio refused as "over 100 MB",
a NUL reported as an unknown encoding).

A table of damaged files, each sent through the import page as an upload (and the text cases
also pasted) in English and in Chinese: a 400 with the expected message, no class name, no
traceback, nothing saved.
"""

import html
import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import tabular
from tests.transfer.test_hostile_files import UNCLOSED, good_workbook, with_part

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def truncated_zip() -> bytes:
    data = good_workbook()
    return data[: len(data) // 2]


def wrong_parts() -> bytes:
    """A zip archive, but of a text file: no workbook in it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "objective, key result\nGrow, Customers\n")
    return out.getvalue()


def nul_in_xml() -> bytes:
    part = zipfile.ZipFile(io.BytesIO(good_workbook())).read(SHEET)
    return with_part(good_workbook(), SHEET, part.replace(b"<sheetData>", b"<sheetData>\x00"))


def ratio_bomb() -> bytes:
    return with_part(good_workbook(), SHEET, b"<x>" + b"A" * (5 * 1024 * 1024) + b"</x>")


def too_many_strings() -> bytes:
    """A legal size (a few MB, compressing like any text) with one string too many."""
    strings = b"".join(b"<si><t>s%d</t></si>" % n for n in range(tabular.MAX_STRINGS + 1))
    return with_part(good_workbook(), STRINGS, f"<sst {MAIN}>".encode() + strings + b"</sst>")


def too_many_cells() -> bytes:
    rows = b"".join(
        b'<row r="%d">' % row
        + b"".join(
            b'<c r="%s%d"><v>%d</v></c>' % (col, row, row * 7919 % 100_003) for col in (b"A", b"B")
        )
        + b"</row>"
        for row in range(1, tabular.MAX_CELLS // 2 + 2)
    )
    sheet = f"<worksheet {MAIN}><sheetData>".encode() + rows + b"</sheetData></worksheet>"
    return with_part(good_workbook(), SHEET, sheet)


NOT_A_WORKBOOK = (
    "this is not an Excel workbook (.xlsx) that can be read: it is damaged",
    "这不是可以读取的 Excel 工作簿",
)
DAMAGED = ("this Excel workbook is damaged: part of it cannot be read", "这个 Excel 工作簿已损坏")
UNREADABLE = (NOT_A_WORKBOOK, DAMAGED)
RATIO = (
    "okrs.xlsx: the part “xl/worksheets/sheet1.xml” of this workbook expands 1,023 times",
    "部件“xl/worksheets/sheet1.xml”解压后膨胀了 1,023 倍",
)
STRINGS_CAP = (
    "okrs.xlsx: this workbook holds more than 40,000 different texts; an import takes at "
    "most 2,000 rows",
    "这个工作簿包含超过 40,000 段不同的文本；一次导入最多 2,000 行",
)
CELLS_CAP = (
    "okrs.xlsx: this workbook holds more than 200,000 cells",
    "这个工作簿包含超过 200,000 个单元格",
)
ENCODING = (
    "okrs.csv: this file is not text in a known encoding (tried UTF-8, UTF-16 and GB18030)",
    "okrs.csv：这个文件不是可识别编码的文本",
)


def control(where: str, character: int, code: str) -> tuple[str, str]:
    """The message naming a control character, in English and Chinese (`where` is English)."""
    return (
        f"{where}: character {character} is a control character (U+{code})",
        f"第 {character} 个字符是控制字符（U+{code}）",
    )


# (id, file name, content, the (English, Chinese) messages any of which is right)
CASES = [
    ("truncated zip", "okrs.xlsx", truncated_zip, UNREADABLE),
    ("zip of other parts", "okrs.xlsx", wrong_parts, (NOT_A_WORKBOOK,)),
    ("unclosed XML", "okrs.xlsx", lambda: with_part(good_workbook(), SHEET, UNCLOSED), UNREADABLE),
    ("NUL in XML", "okrs.xlsx", nul_in_xml, UNREADABLE),
    ("ratio bomb", "okrs.xlsx", ratio_bomb, (RATIO,)),
    ("too many strings", "okrs.xlsx", too_many_strings, (STRINGS_CAP,)),
    ("too many cells", "okrs.xlsx", too_many_cells, (CELLS_CAP,)),
    ("NUL in CSV", "okrs.csv", lambda: b"objective,key result\nGrow,Cust\x00omers\n",
     (control("okrs.csv, line 2", 10, "0000"),)),
    ("mostly NULs", "okrs.csv", lambda: b"objective\x00\x00\x00\x00\x00\x00",
     (control("okrs.csv, line 1", 10, "0000"),)),
    ("escape in text", "okrs.txt", lambda: "O1: 续费率\nKR1: 从 60%\n提升\x1b至 70%".encode(),
     (control("okrs.txt, line 3", 3, "001B"),)),
    ("control character in JSON", "okrs.json", lambda: b'{"objectives": [{"title": "a\x01"}]}',
     (control("okrs.json, line 1", 29, "0001"),)),
    ("broken JSON", "okrs.json", lambda: b'{"objectives": [\n  {"title": "a"\n  {"title": "b"}]}',
     (("okrs.json, line 3: this is not valid JSON from character 3 of this line on",
       "okrs.json，第 3 行：这一行从第 3 个字符起不是有效的 JSON"),)),
    ("bad encoding", "okrs.csv", lambda: bytes(range(0x80, 0x100)) * 8, (ENCODING,)),
]  # fmt: skip

CLASS_NAME = re.compile(r"\b\w*(?:Error|Exception)\b|BadZipFile|Traceback|\(\w+\)")


@pytest.fixture
def client(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.alice.user)
    return client


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("name", "content", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_a_damaged_file_is_refused_by_name_in_the_persons_language(
    client, world, language, name, content, expected
):
    world.alice.user.language = language
    world.alice.user.save()
    upload = io.BytesIO(content())
    upload.name = name
    response = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "file": upload})
    assert response.status_code == 400
    text = html.unescape(response.text)
    error = re.search(r'role="alert"[^>]*>(.*?)</', text, re.S)
    message = error.group(1) if error else text
    index = 0 if language == "en" else 1
    assert any(words[index] in message for words in expected), message
    assert not CLASS_NAME.search(message), message
    assert not Objective.objects.exists()


def test_a_control_character_in_pasted_text_is_named_with_its_line(client, world):
    text = "O1: 提升续费率\nKR1: 续费率从 60% 提升至 70%\nKR2: 新增\x07客户 50 个"
    response = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": text})
    assert response.status_code == 400
    assert (
        "the pasted text, line 3: character 8 is a control character (U+0007), which an "
        "imported file cannot hold; remove it and try again."
    ) in html.unescape(response.text)
