"""The coaching exports (adoption, grading review; CSV and xlsx) are streamed: one row per
person at 100,000 people is not held in memory as one response (issue 14). Their rows are read
while the response is sent, after the view has returned, and are still in the reader's language
and time zone."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from mubiao.insights import views
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

EXPORTS = ["adoption_csv", "adoption_xlsx", "grading_review_csv", "grading_review_xlsx"]


def _rows(name: str, content: bytes) -> list[list[str]]:
    if name.endswith("csv"):
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def reader(world, client_for):
    # An objective of the admin's, not graded: translated words in both exports' rows
    # ("yes" under "Has OKRs"; the review's "not graded").
    make_objective(world.admin, world.cycle, "Grow")
    return client_for(world.admin)


@pytest.mark.parametrize("name", EXPORTS)
def test_the_export_is_streamed(reader, name):
    response = reader.get(reverse(name))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].endswith(f'.{name.rsplit("_", 1)[1]}"')


# The CSV alone is read after the view has returned (the xlsx is written within it).
@pytest.mark.parametrize("name", ["adoption_csv", "grading_review_csv"])
@pytest.mark.parametrize(("language", "other"), [("zh-hans", "en"), ("en", "zh-hans")])
def test_rows_read_after_the_view_are_in_the_readers_language(reader, name, language, other):
    reader.cookies["django_language"] = language
    sent = reader.get(reverse(name))
    # The server's thread answers someone else in between: the rows are read after that.
    translation.activate(other)
    late = _rows(name, sent.getvalue())
    translation.activate(language)
    at_once = _rows(name, reader.get(reverse(name)).getvalue())
    reader.cookies["django_language"] = other
    in_other = _rows(name, reader.get(reverse(name)).getvalue())
    translation.activate(language)
    assert late == at_once
    assert late != in_other  # the rows hold translated words: the test can tell


def test_the_csv_is_sent_in_chunks_holding_every_row(reader, monkeypatch):
    whole = reader.get(reverse("adoption_csv")).getvalue()
    lines = len(_rows("adoption_csv", whole))
    assert lines > 3  # the header and people enough for several chunks
    monkeypatch.setattr(views, "CSV_LINES_PER_CHUNK", 2)
    chunks = list(reader.get(reverse("adoption_csv")).streaming_content)
    assert b"".join(chunks) == whole
    assert len(chunks) == -(-lines // 2)  # two lines a chunk, the last one with what is left
