"""h9f 5 (issue 9): a download is saved under its own name. A cycle named in Chinese was sent
as `filename="=?utf-8?b?…?="` (RFC 2047, Django's encoding of a header beyond Latin-1), which
browsers save as it is; every download now says its name as RFC 6266 does: an ASCII
`filename` for every client and RFC 5987's `filename*` with the name itself. A table of names,
then every download page, on SQLite and PostgreSQL (`-m postgres`)."""

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from mubiao.web import downloads

pytestmark = pytest.mark.postgres

# (name, the Content-Disposition that saves it)
NAMES = [
    ("people.csv", 'attachment; filename="people.csv"'),
    ("okrs-2026-年度.xlsx",
     "attachment; filename=\"okrs-2026.xlsx\"; filename*=UTF-8''okrs-2026-%E5%B9%B4%E5%BA%A6.xlsx"),
    ("目标.csv", "attachment; filename=\"download.csv\"; filename*=UTF-8''%E7%9B%AE%E6%A0%87.csv"),
    ('Équipe "A".md',
     "attachment; filename=\"Equipe-A.md\"; filename*=UTF-8''%C3%89quipe%20%22A%22.md"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "header"), NAMES)
def test_a_name_is_said_as_rfc_6266_says(name, header):
    assert downloads.attachment(name) == header


_HEADER = re.compile(r"attachment; filename=\"([A-Za-z0-9._-]+)\"(?:; filename\*=UTF-8''(\S+))?")

# Every download page: (URL name, its arguments, its query)
DOWNLOADS = [
    *[("export", {}, {"format": fmt}) for fmt in ("csv", "xlsx", "md", "json")],
    *[("import_blank_sheet", {"fmt": fmt}, {}) for fmt in ("csv", "xlsx")],
    ("people_export", {}, {"format": "csv"}),
    ("adoption_csv", {}, {}),
    ("adoption_xlsx", {}, {}),
    ("grading_review_csv", {}, {}),
    ("grading_review_xlsx", {}, {}),
]


@pytest.mark.parametrize(("url", "kwargs", "query"), DOWNLOADS, ids=lambda v: str(v))
def test_every_download_names_its_file_as_rfc_6266_says(client_for, world, url, kwargs, query):
    world.cycle.name = "2026 年度目标"
    world.cycle.save()
    response = client_for(world.admin).get(
        reverse(url, kwargs=kwargs), {"cycle": world.cycle.pk, **query}
    )
    assert response.status_code == 200
    header = response["Content-Disposition"]
    said = _HEADER.fullmatch(header)
    assert said and "=?" not in header, header
    name = unquote(said[2]) if said[2] else said[1]
    if url == "export":  # the one name beyond ASCII: the cycle's, saved as it is named
        assert "年度目标" in name and said[1].isascii(), header
