"""Probe 20 (brief h9q): in a cycle from 2026-11-01 to 2027-01-31, `圣诞节前`, `年前`, `第 50
周前`, `两周内`, "by Thanksgiving", "by the 15th", "by 31.12", "by W52" were imported due at the
cycle's end with no word on any route. A deadline is either dated (a holiday on a fixed day,
Thanksgiving, a European day.month, an ISO week's Sunday, a US date with a two-digit year) or
said on every format's preview, `mubiao import --dry-run` and /okrtext/parse, as `本季度末前`
is. "Before November" in a November cycle is before the cycle begins, and the note says so."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import translation

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api
from tests.conftest import custom_cycle_over
from tests.transfer.test_unit_written_once_h9t import ROUTES

pytestmark = pytest.mark.postgres

# (title, due date read, or None: a deadline with no calendar date, which is said)
TITLES = [
    ("圣诞节前上线会员体系", dt.date(2026, 12, 25)),
    ("圣诞前上线会员体系", dt.date(2026, 12, 25)),
    ("跨年前上线会员体系", dt.date(2026, 12, 31)),
    ("第 50 周前上线会员体系", dt.date(2026, 12, 6)),
    ("感恩节前上线会员体系", dt.date(2026, 11, 26)),
    ("Ship the partner portal before Christmas", dt.date(2026, 12, 25)),
    ("Ship the partner portal by Thanksgiving", dt.date(2026, 11, 26)),
    ("Ship the partner portal by 31.12", dt.date(2026, 12, 31)),
    ("Ship the partner portal by W52", dt.date(2026, 12, 27)),
    ("Ship the partner portal by 12/31/26", dt.date(2026, 12, 31)),
    ("Ship the partner portal by New Year's Day", dt.date(2027, 1, 1)),
    ("年前上线会员体系", None),
    ("节前上线会员体系", None),
    ("腊月二十三前上线会员体系", None),
    ("两周内上线会员体系", None),
    ("劳动节前上线会员体系", None),
    ("Ship the partner portal by the 15th", None),
    ("Ship the partner portal by Easter", None),
]


@pytest.fixture
def winter(world):
    return custom_cycle_over(world, "Winter", dt.date(2026, 11, 1), dt.date(2027, 1, 31))


def _said(problems: list[str], title: str) -> bool:
    return any(f"“{title}”" in p and "gives no calendar date" in p for p in problems)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
@pytest.mark.parametrize(("title", "due"), TITLES, ids=[t for t, _d in TITLES])
def test_a_deadline_is_dated_or_said_on_every_format(world, winter, route, title, due):
    data, name = route(world, title)
    with translation.override("en"):
        preview = import_okrs(world.admin, file_name=name, data=data, cycle=winter, dry_run=True)
    fields = preview.objectives[0].key_results[0].fields
    assert fields.get("due_date") == due, preview.problems
    assert _said(preview.problems, title) == (due is None), preview.problems
    import_okrs(world.admin, file_name=name, data=data, cycle=winter)
    assert KeyResult.objects.get(objective__cycle=winter).due_date == due


@pytest.mark.parametrize(("title", "due"), TITLES, ids=[t for t, _d in TITLES])
def test_parse_and_the_dry_run_say_what_the_import_stores(world, winter, title, due, tmp_path):
    body = {"text": f"O1: Grow\nKR1: {title}\n", "cycle_id": winter.pk, "lang": "en"}
    document = Api(world.admin).post("/okrtext/parse", body).json()
    said = document["sections"][0]["objectives"][0]["key_results"][0]["key_result"]
    assert said["due_date"] == (due and due.isoformat())
    messages = [p["message"] for p in document["problems"]]
    assert _said(messages, title) == (due is None), messages
    path = tmp_path / "okrs.txt"
    path.write_text(f"O1: Grow\nKR1: {title}\n")
    out = io.StringIO()
    world.admin.user.language = "en"
    world.admin.user.save(update_fields=["language"])
    call_command("import", str(path), "--org", world.org.slug, "--cycle", winter.name,
                 "--as", world.admin.user.email, "--dry-run", stdout=out)  # fmt: skip
    assert ("gives no calendar date" in out.getvalue()) == (due is None), out.getvalue()
    assert not KeyResult.objects.filter(objective__cycle=winter).exists()


@pytest.mark.parametrize("title", ["11月前上线会员体系", "Ship the partner portal before November"])
def test_before_the_month_the_cycle_begins_in_is_before_the_cycle(world, winter, title):
    data = f"O1: Grow\nKR1: {title}\n".encode()
    with translation.override("en"):
        preview = import_okrs(world.admin, file_name="okrs.txt", data=data, cycle=winter,
                              dry_run=True)  # fmt: skip
    assert any("(2026-10-31) lies outside the cycle" in p for p in preview.problems), (
        preview.problems
    )
    assert preview.objectives[0].key_results[0].fields.get("due_date") is None
