import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from tests.conftest import SEED_ARTICLE, custom_cycle_over, make_member

# The article states one change without a baseline (line 41, "Q1实现日活跃用户增长15%"), which an
# import refuses naming the line (issue 9); SEED is the article as its author corrects it then.
SEED_UNCORRECTED_LINE = "KR4:Q1实现日活跃用户增长15%"
SEED = Path(tempfile.mkdtemp(prefix="mubiao-seed-")) / "seed_article.txt"
SEED.write_text(
    SEED_ARTICLE.read_text().replace(SEED_UNCORRECTED_LINE, "KR4:Q1实现日活跃用户从 2 万增长15%")
)


@pytest.fixture
def year(world):
    """A 2026 year cycle, and a product lead (产品主管) for the seed article's headings."""
    make_member(world.org, "pat@acme.test", "Pat", title="产品主管", manager=world.lead)
    return services.create_cycle(
        world.admin,
        name="2026",
        kind=Cycle.Kind.YEAR,
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )


@pytest.fixture
def autumn(world):
    """A custom cycle over 2026's autumn (October to December), for documents dated in it."""
    return custom_cycle_over(world, "Autumn", dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def cycle_of_2026(world, name: str, kind: str) -> Cycle:
    """A cycle of `kind` over 2026. A test that exports one cycle and imports into another
    gives them the same days, so that every date and pace status means the same in both, and
    different kinds: cycles of one kind never overlap (DESIGN §3). The kinds are a year and
    custom, the two that 365 days fit (okrs.rules.cycle_kind_fits)."""
    return services.create_cycle(
        world.admin,
        name=name,
        kind=kind,
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )


def workbook_bytes(sheets: dict[str, list[list]], merge: dict[str, list[str]] | None = None):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in (merge or {}).get(title, []):
            sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# h9r: an import says where it takes 0 for a start nobody gave. Tests of other readings compare
# the rest of what an import says.
START_NOT_GIVEN = "no start value is given"


def besides_the_start_not_given(problems: list) -> list:
    """`problems` (an import's notes, or /okrtext/parse's problem objects) without h9r's
    "no start value is given" note."""
    return [
        p for p in problems if START_NOT_GIVEN not in (p if isinstance(p, str) else p["message"])
    ]


def cli_dry_run(text: str, tmp_path, cycle: Cycle, actor, lang: str, name: str = "okrs.txt") -> str:
    """What `mubiao import --dry-run` prints of `text` (a file `name`), imported by `actor`
    into `cycle`, in `lang`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import", str(path), "--org", actor.organization.slug, "--cycle", cycle.name,
                 "--as", actor.user.email, "--dry-run", "--language", lang, stdout=out,
                 stderr=io.StringIO())  # fmt: skip
    return out.getvalue()


def web_preview(client, text: str, cycle: Cycle, actor, lang: str) -> str:
    """The import preview page of pasted `text` into `cycle`, for `actor` speaking `lang`."""
    actor.user.language = lang
    actor.user.save(update_fields=["language"])
    client.force_login(actor.user)
    return client.post(reverse("import_preview"), {"cycle": cycle.pk, "text": text},
                       headers={"accept-language": lang}).content.decode()  # fmt: skip
