"""Hostile and damaged workbooks: zip bombs, XML bombs, external entities, broken XML.

Whatever the archive holds, an import answers ImportFailed (a 400 on the page) and does so
without unpacking more than the limits allow. The generated test mutates every XML part of a
real workbook in the ways an attacker or a broken tool would.
"""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.xml import functions as openpyxl_xml

from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs, tabular
from tests.transfer.conftest import workbook_bytes

GOOD = [["objective", "key result", "start", "target"], ["Grow", "Customers", 0, 10]]


def good_workbook() -> bytes:
    return workbook_bytes({"OKRs": GOOD})


def with_part(data: bytes, name: str, content: bytes | None = None, *, chunks=None) -> bytes:
    """`data` (a workbook) with the part `name` replaced by `content` or by streamed `chunks`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
        if chunks is None:
            target.writestr(name, content)
        else:
            with target.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def refused(world, data: bytes, name: str = "okrs.xlsx") -> str:
    before = (Objective.objects.count(), KeyResult.objects.count())
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, dry_run=True)
    assert (Objective.objects.count(), KeyResult.objects.count()) == before
    return error.value.text


def test_openpyxl_really_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True and openpyxl.LXML is False
    assert openpyxl_xml.fromstring.__module__.startswith("defusedxml")
    assert openpyxl_xml.iterparse.__module__.startswith("defusedxml")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world):
    # One cell of 300 MB of "A": about 300 KB compressed, far under the upload limit.
    megabyte = b"A" * (1024 * 1024)
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    )

    def chunks():
        yield head
        for _ in range(300):
            yield megabyte
        yield b"</t></is></c></row></sheetData></worksheet>"

    bomb = with_part(good_workbook(), "xl/worksheets/sheet1.xml", chunks=chunks())
    assert len(bomb) < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        message = refused(world, bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message.startswith("okrs.xlsx: this workbook unpacks to more than 100 MB")
    assert peak < 20 * 1024 * 1024


def test_highly_compressed_parts_under_the_total_limit_are_refused_too(world):
    # 5 MB of one byte compresses about 1,000 times: no spreadsheet part does that.
    part = b"<x>" + b"A" * (5 * 1024 * 1024) + b"</x>"
    bomb = with_part(good_workbook(), "xl/worksheets/sheet1.xml", part)
    assert refused(world, bomb) == (
        "okrs.xlsx: the part “xl/worksheets/sheet1.xml” of this workbook expands 1,023 times "
        "when unpacked; a spreadsheet expands at most about 200 times, so the file is refused as "
        "a compressed bomb."
    )


def test_a_part_that_unpacks_beyond_its_declared_size_is_damaged(world):
    # Lie in the central directory: declare 10 bytes for a part that holds more. zipfile stops
    # at the declared size, so the lie cannot get past the size check unpunished.
    data = bytearray(good_workbook())
    name = b"xl/worksheets/sheet1.xml"
    record = data.find(b"PK\x01\x02")
    while data[record + 46 : record + 46 + len(name)] != name:
        record = data.find(b"PK\x01\x02", record + 4)
    data[record + 24 : record + 28] = (10).to_bytes(4, "little")
    message = refused(world, bytes(data))
    assert message.startswith(("okrs.xlsx: this Excel workbook is damaged", "okrs.xlsx: this is"))


def test_too_many_parts(world, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_PARTS", 5)
    assert "has more than 5 parts" in refused(world, good_workbook())


def test_a_cell_longer_than_excel_allows(world, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_CELL_CHARS", 20)
    data = workbook_bytes({"OKRs": [GOOD[0], ["Grow", "x" * 21, 0, 10]]})
    assert refused(world, data) == (
        "okrs.xlsx, sheet “OKRs”, row 2, column “key result”: this cell holds more than 20 "
        "characters."
    )


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
UNCLOSED = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x'
)


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
@pytest.mark.parametrize(
    "content", [BILLION_LAUGHS, EXTERNAL_ENTITY, UNCLOSED], ids=["laughs", "xxe", "unclosed"]
)
def test_malicious_and_malformed_xml_is_not_an_excel_workbook(world, part, content):
    message = refused(world, with_part(good_workbook(), part, content))
    assert message.startswith(
        (
            "okrs.xlsx: this is not an Excel workbook (.xlsx) that can be read",
            "okrs.xlsx: this Excel workbook is damaged",
        )
    )
    assert "root:" not in message


def _mutations():
    """(part name, how to change its bytes) pairs: cut, flip, insert markup, drop the part."""
    parts = sorted(zipfile.ZipFile(io.BytesIO(good_workbook())).namelist())
    snippets = [b"<", b">", b"&", b"&#0;", b"<!DOCTYPE a>", b"]]>", b"\x00", b"\xff\xfe", b'"']
    return st.tuples(
        st.sampled_from(parts),
        st.one_of(
            st.tuples(st.just("cut"), st.floats(0, 1)),
            st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(snippets)),
            st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
            st.tuples(st.just("drop")),
        ),
    )


def _mutate(data: bytes, name: str, how: tuple) -> bytes:
    original = zipfile.ZipFile(io.BytesIO(data)).read(name)
    where = int(len(original) * how[1]) if len(how) > 1 else 0
    if how[0] == "drop":
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                if info.filename != name:
                    target.writestr(info, source.read(info.filename))
        return out.getvalue()
    if how[0] == "cut":
        changed = original[:where]
    elif how[0] == "insert":
        changed = original[:where] + how[2] + original[where:]
    else:
        changed = bytearray(original)
        if changed:
            changed[min(where, len(changed) - 1)] ^= how[2]
        changed = bytes(changed)
    return with_part(data, name, changed)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(_mutations(), min_size=1, max_size=3))
def test_a_damaged_workbook_is_imported_or_refused_never_an_error(world, mutations):
    data = good_workbook()
    for name, how in mutations:
        if name in zipfile.ZipFile(io.BytesIO(data)).namelist():
            data = _mutate(data, name, how)
    try:
        import_okrs(world.alice, file_name="m.xlsx", data=data, cycle=world.cycle, dry_run=True)
    except ImportFailed as error:
        assert error.text.startswith("m.xlsx")


@pytest.mark.parametrize(
    "document",
    [b"[" * 100_000, b'{"format": "mubiao.okrs", "version": ' + b"9" * 5000 + b"}"],
    ids=["deep", "long-number"],
)
def test_json_too_deep_or_too_long_to_read(world, document):
    assert refused(world, document, "okrs.json") == (
        "okrs.json: this JSON file nests too deeply or holds a number too long to read."
    )
