"""The import's limits and the server's agree, and a refusal is a page in the person's language.

The docs allow 10 MB and 2,000 lines of pasted text; Django used to refuse a pasted text
over 2.5 MB with a bare "Bad Request (400)". Uploads over the limit are refused from their
Content-Length, before the body is read (checked over a real socket).
"""

import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import reverse

from mubiao.okrs.transfer import ImportFailed, import_okrs, importer, tabular
from tests.conftest import make_world


def test_the_server_takes_every_import_the_docs_allow():
    # Pasted text is a multipart field: its bytes, plus the form's other fields.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= importer.MAX_BYTES + 64 * 1024
    assert settings.MUBIAO_MAX_REQUEST_BYTES >= settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_pasted_text_over_djangos_default_reaches_the_import(client, world):
    client.force_login(world.alice.user)
    # 3 MB of text: over Django's default 2.5 MB, inside the import's 10 MB. The import reads
    # it and explains what is wrong with it (one line too long) on the page.
    text = "O1: 让新用户顺利上手\n" + "说明" * (1024 * 1024 // 2) + "\n"
    assert len(text.encode()) > 2.5 * 1024 * 1024
    response = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": text})
    assert response.status_code == 400
    assert (
        "the pasted text, line 2: this line is longer than 5,000 characters; "
        "no OKR line is that long."
    ) in response.text


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The pasted text has more than 2,000 lines; paste it in smaller parts."),
        ("zh-hans", "粘贴的文本超过了 2,000 行，请分几次粘贴导入。"),
    ],
)
def test_too_many_pasted_lines_are_not_called_a_file(client, world, language, message):
    # A prober pasted 2,100 lines and was told "pasted.txt: the file has more than …".
    world.alice.user.language = language
    world.alice.user.save()
    client.force_login(world.alice.user)
    text = "O1: 让新用户顺利上手\n" + "KR: 完成 1 次访谈\n" * (importer.MAX_TEXT_LINES + 1)
    response = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": text})
    assert response.status_code == 400
    assert message in response.text and "pasted.txt" not in response.text


def test_too_much_text_is_explained_in_the_persons_language(client, world):
    world.alice.user.language = "zh-hans"
    world.alice.user.save()
    client.force_login(world.alice.user)
    text = "O1: x\n" + "a" * (settings.MUBIAO_MAX_REQUEST_BYTES + 10)
    response = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": text})
    assert response.status_code == 413
    assert "超过" in response.text and "Bad Request" not in response.text


def test_a_body_without_content_length_over_the_limit_gets_the_page(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(world.alice.user)
    response = client.post(
        reverse("import_preview"),
        f"cycle={world.cycle.pk}&text=" + "a" * 2000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "larger than" in response.text


@pytest.fixture
def live_world(transactional_db):
    return make_world("size")


def test_an_oversized_upload_is_refused_before_it_is_sent(live_server, live_world):
    url = urlparse(live_server.url)
    declared = settings.MUBIAO_MAX_REQUEST_BYTES + 1
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(
            b"POST /transfer/preview HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {declared}\r\n\r\n".encode()
            + b"--x\r\n"
        )
        # Only the first bytes are sent; the answer comes without waiting for the rest.
        answer = sock.recv(200)
    assert answer.startswith(b"HTTP/1.1 413")


def test_the_documented_maximum_is_the_one_enforced(world):
    """2,000 rows or lines (an import's one transaction stays seconds long): the docs, the
    page refusing a large request and the importer agree, and one line more is refused by
    its count before any of it is read."""
    assert importer.MAX_TEXT_LINES == tabular.MAX_ROWS == 2_000
    docs = (Path(__file__).parents[2] / "docs" / "import-export.md").read_text()
    assert "10 MB and 2,000 rows (2,000 lines of text)" in docs
    text = "O1: 让新用户顺利上手\n" + "KR: 完成 1 次访谈\n" * importer.MAX_TEXT_LINES
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="big.txt", data=text.encode(), cycle=world.cycle)
    assert refused.value.text == (
        "big.txt: the file has more than 2,000 lines; split it into smaller files."
    )
