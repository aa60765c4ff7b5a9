"""Adoption and grading-review pages and their CSV and xlsx exports (admins, and leads for
their subtree)."""

import csv
import tempfile
from datetime import date

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mubiao.insights import adoption, calibration, review, rules
from mubiao.insights import selectors as insights
from mubiao.okrs import rules as okr_rules
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.transfer.columns import guard_cell, guard_formula
from mubiao.orgs.rules import today_for
from mubiao.transactions import one_snapshot
from mubiao.web import downloads, params
from mubiao.web.views.base import chosen_cycle, found, member_required, page, paginate

TEAMS_SHOWN = 50
PEOPLE_SHOWN = 30
# The adoption page's coaching lists and the parameter of each one's page number.
LIST_PAGES = {"no_okrs": "npage", "silent": "spage", "ungraded": "gpage"}


def _scope(request):
    actor = request.membership
    if not adoption.may_see_adoption(actor):
        raise Http404
    cycle = chosen_cycle(request)
    days = params.bounded(
        request, "days", label=_("No check-in for (days)"), default=adoption.DEFAULT_DAYS,
        maximum=adoption.MAX_DAYS,
    )  # fmt: skip
    return actor, cycle, days


@member_required
def adoption_page(request):
    actor, cycle, days = _scope(request)
    context = {"days": days}
    if cycle is not None:
        # The headline, the team rows and the lists from one moment of the database: "people
        # with OKRs" and "without" add up to the headcount, and each list is as long as said.
        with one_snapshot():
            reading = adoption.read(actor, cycle, days)
            everyone, since, as_of = reading.everyone, reading.since, reading.as_of
            totals = adoption.totals(reading)
            team_list = adoption.scope_teams(actor)
            if team_list is None:
                team_list = adoption.okr_selectors.teams(actor)
            team_page = paginate(request, team_list.order_by("name"), TEAMS_SHOWN, param="tpage")
            rows = adoption.team_rows(actor, reading, list(team_page))
            for row in rows:
                row["with_okrs_share"] = rules.share(row["with_okrs"], row["people"])
                row["checked_in_share"] = rules.share(row["checked_in"], row["with_okrs"])
            # Each list's length is the totals' (no COUNT of its own), and the rows of the three
            # pages are read in one query (adoption.list_rows): the same queries for any sizes.
            lists = adoption.lists(everyone, cycle, since)
            counts = adoption.list_counts(totals)
            pages = {
                name: paginate(request, lists[name], PEOPLE_SHOWN, param=param, count=counts[name])
                for name, param in LIST_PAGES.items()
            }
            windows = {
                name: ((page.number - 1) * PEOPLE_SHOWN, page.number * PEOPLE_SHOWN)
                for name, page in pages.items()
            }
            for name, listed in adoption.list_rows(everyone, cycle, since, windows).items():
                pages[name].object_list = listed
            context.update(
                {
                    "totals": totals,
                    # Every figure of the page is the snapshot's, or worked out now without one.
                    "as_of": reading.taken_at,
                    "live": as_of is None,
                    "with_okrs_share": rules.share(totals["with_okrs"], totals["people"]),
                    "checked_in_share": rules.share(totals["checked_in"], totals["with_okrs"]),
                    "ungraded_share": rules.share(totals["ungraded"], totals["with_okrs"]),
                    "grading_open": cycle.state == cycle.State.GRADING,
                    # Past its end a cycle asks for grades: no list of who has not checked in.
                    "asks_for_grades": not okr_rules.asks_for_check_ins(
                        cycle.state, cycle.end_date, today_for(actor.organization)
                    ),
                    "team_rows": rows,
                    "over_visible": insights.reader_basis(actor)["over_visible"],
                    "team_page": team_page,
                    **pages,
                }
            )
    return page(request, "insights/adoption.html", context, cycle=cycle)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# CSV lines sent per chunk of the streamed response: few writes to the socket, little memory.
CSV_LINES_PER_CHUNK = 1000


def _table(fmt: str, name: str, headers: list[str], rows) -> HttpResponseBase:
    """One sheet as a download: CSV (UTF-8 with the BOM Excel needs for Chinese names) or xlsx
    (numbers and dates as cells of their type). Text a spreadsheet would run as a formula is
    guarded as each format needs; a CR becomes the LF that is a cell's only line break.

    Memory does not grow with the rows (100,000 people: one each): the CSV is streamed as the
    rows are read, and the xlsx is written row by row to a temporary file (openpyxl's write-only
    mode) and then sent from it. The CSV's `rows` are read after the view has returned, while
    the response is sent: in the request's language and time zone all the same."""
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_chunks(headers, _as_requested(rows)), content_type="text/csv; charset=utf-8"
        )
    else:
        response = FileResponse(_xlsx_file(name, headers, rows), content_type=XLSX)
    response["Content-Disposition"] = downloads.attachment(f"{name}.{fmt}")
    return response


def _as_requested(rows):
    """`rows` read in the language and time zone that are active now (the request's), taken
    here and not when the rows are first read: by then the view has returned."""
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def read():
        with translation.override(language), timezone.override(zone):
            yield from rows

    return read()


class _Line:
    """A file for csv.writer whose write() gives the line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def _csv_chunks(headers: list[str], rows):
    writer = csv.writer(_Line())
    chunk = ["\ufeff" + writer.writerow(headers)]
    for row in rows:
        chunk.append(writer.writerow([guard_formula(value) for value in row]))
        if len(chunk) >= CSV_LINES_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _xlsx_file(name: str, headers: list[str], rows):
    """The sheet written to a temporary file (removed when closed: FileResponse closes it)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:31])
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                value = value.replace("\r\n", "\n").replace("\r", "\n")
            cell = guard_cell(WriteOnlyCell(sheet, value=value))
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(file)
    file.seek(0)
    return file


@member_required
def adoption_export(request, fmt):
    """One row per person in scope, in the reader's language; text guarded against formulas."""
    actor, cycle, days = _scope(request)
    if cycle is None:
        raise Http404
    # The page's (and the API's) list: ?list=silent exports the silent, as the page lists them.
    chosen = params.choice(request, "list", adoption.LISTS)
    headers = [
        pgettext("person", "Name"), _("Email"), _("Objectives"), _("Last check-in"),
        ngettext("No check-in for %(days)s day", "No check-in for %(days)s days", days)
        % {"days": days}, _("Not graded"), _("Has OKRs"),
    ]  # fmt: skip

    def rows():
        reading = adoption.read(actor, cycle, days, counts=False)  # the people alone
        people = adoption.listed(reading.everyone, cycle, reading.since, chosen)
        for person in people.iterator(chunk_size=2000):
            flags = adoption.flags(person, cycle, reading.since)
            yield [
                person.display_name,
                person.user.email,
                person.objective_count,
                timezone.localtime(person.last_check_in).date() if person.last_check_in else "",
                _("yes") if flags["silent"] else "",
                _("yes") if flags["ungraded"] else "",
                _("yes") if flags["has_okrs"] else "",
            ]

    name = "adoption" if chosen in (None, "everyone") else f"adoption-{chosen.replace('_', '-')}"
    return _table(fmt, name, headers, rows())


def _review_scope(request):
    actor = request.membership
    if not review.may_review(actor):
        raise Http404
    return actor, chosen_cycle(request)


@member_required
def grading_review(request):
    actor, cycle = _review_scope(request)
    context = {}
    if cycle is not None:
        rows = review.objectives(actor, cycle)
        teams = review.by_team(actor, rows)
        context.update(
            {
                "graded": review.graded_kinds(rows),
                "teams": paginate(request, teams, TEAMS_SHOWN, param="tpage"),
                "misses": paginate(
                    request, review.committed_misses(rows), PEOPLE_SHOWN, param="mpage"
                ),
                "outliers": paginate(
                    request, review.aspirational_outliers(rows), PEOPLE_SHOWN, param="apage"
                ),
                "retrospectives": paginate(
                    request, review.retrospectives(rows), PEOPLE_SHOWN, param="rpage"
                ),
            }
        )
    return page(request, "insights/grading_review.html", context, cycle=cycle)


@member_required
def grading_review_export(request, fmt):
    """One row per objective reviewed, with its team, kind, score, what the review flags, its
    retrospective and its key results' grading notes (as the page shows them), in the reader's
    language; text guarded against formulas."""
    actor, cycle = _review_scope(request)
    if cycle is None:
        raise Http404
    headers = [_("Team"), _("Objective"), pgettext("objective", "Owner"), _("Kind"), _("Score"),
               _("Flag"), _("Retrospective"), _("Key result notes")]  # fmt: skip
    # One of the page's lists (the API's `flag`), in its order; without one, every objective.
    flag = params.choice(request, "flag", review.FLAGS)
    rows_of = review.objectives(actor, cycle)
    if flag:
        objectives = review.FLAGS[flag](rows_of)
    else:
        objectives = review.with_notes(rows_of).order_by("team__name", "id")

    def rows():
        for objective in objectives.iterator(chunk_size=2000):
            yield [
                objective.team.name if objective.team else actor.organization.name,
                objective.title,
                _owner(objective, actor),
                objective.get_kind_display(),
                "" if objective.score is None else objective.score.quantize(okr_rules.Q1),
                _flag(objective),
                objective.retrospective,
                "\n".join(_kr_note(kr) for kr in objective.active_key_results if kr.score_note),
            ]

    name = f"grading-review-{flag.replace('_', '-')}" if flag else "grading-review"
    return _table(fmt, name, headers, rows())


def _kr_note(kr) -> str:
    """A key result's grading note as the review page lists it: its title, score and note."""
    score = "" if kr.score is None else f" · {kr.score.quantize(okr_rules.Q1)}"
    return f"{kr.title}{score}: {kr.score_note}"


def _owner(objective, actor) -> str:
    if objective.owner_member_id:
        return objective.owner_member.user.display_name
    if objective.owner_team_id:
        return objective.owner_team.name
    return actor.organization.name


def _flag(objective) -> str:
    """What the review lists the objective under, as the page says it."""
    if objective.score is None:
        return _("not graded")
    if objective.kind == objective.Kind.COMMITTED and objective.score < review.TOP:
        return _("Committed below 1.0")
    if objective.kind == objective.Kind.ASPIRATIONAL and (
        objective.score < review.FAR_BELOW or objective.score >= review.TOP
    ):
        return _("Aspirational far from 0.7")
    return ""


@member_required
def calibration_page(request, pk):
    """A person's confidence against their final scores: theirs and their managers' only
    (anyone else gets the 404 of a person who is not there)."""
    actor = request.membership
    person = found(okr_selectors.members(actor).select_related("user").get, pk=pk)
    if not calibration.may_see(actor, person):
        raise Http404
    return page(
        request,
        "insights/calibration.html",
        {"person": person, "cycles": calibration.table(person)},
    )
