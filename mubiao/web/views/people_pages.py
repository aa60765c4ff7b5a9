"""The team and company pages' people table, a page at a time without an OFFSET: each page's
"previous" and "next" links carry the place of its first or last row in the table's order
(insights.selectors.people's `seek`: the sort's value, the name, the id), signed, so that the
next page starts there off the order itself: page 100 costs what page 2 does (issue 14). A page
number (`ppage`) still opens its page as before; its links carry places too."""

import datetime as dt

from django.core import signing
from django.utils.translation import gettext as _

from mubiao.insights import selectors as insights
from mubiao.web import params
from mubiao.web.views.base import BoundedPaginator, page_window, paginate

PARAM = "pcursor"
_SALT = "mubiao.people-table"


class PeoplePage(list):
    """A page of people with what the pagination shows: its number (carried in the links), the
    count of pages (bounded: BoundedPaginator), and the previous and next links' places."""

    def __init__(self, rows, number, num_pages_label, previous, following):
        super().__init__(rows)
        self.number = number
        self.num_pages_label = num_pages_label
        self.previous_cursor = previous
        self.next_cursor = following

    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    def has_next(self) -> bool:
        return self.next_cursor is not None

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()


def _value(raw):
    # JSON keeps numbers (a float's repr is exact), text and NULL; a date is tagged.
    return {"t": raw.isoformat()} if isinstance(raw, dt.datetime) else raw


def _read(raw):
    if isinstance(raw, dict):
        return dt.datetime.fromisoformat(raw["t"])
    if raw is None or isinstance(raw, int | float | str):
        return raw
    raise ValueError(raw)


def _table(cycle, within) -> list:
    """Which table a cursor was made for: the cycle and the team (None: the company's). A place
    in one team's table opened another's page 2 of 4 people (probe 27)."""
    return [cycle.pk, within.pk if within is not None else None]


def _cursor(sort: str, table: list, row, number: int, backward: bool) -> str:
    """The link's place: the row's place in `sort`'s order in `table`, the direction, and the
    page the link opens (its number, shown)."""
    place = [_value(getattr(row, f"seek{i}")) for i in range(insights.people_seek_keys(sort))]
    data = {"s": sort, "t": table, "p": place, "n": number, "b": backward}
    return signing.dumps(data, salt=_SALT)


def _place(request, sort: str, table: list):
    """(place, backward, page number) of the request's cursor, None without one. A cursor
    changed, made for another order or another table (team, company, cycle), of another shape,
    or sent with a page number, is refused (422), never read."""
    raw = request.GET.get(PARAM)
    if not raw:
        return None
    if request.GET.get("ppage"):
        # Both say which page: whichever was read, the other would be dropped unsaid.
        raise params.Refused(
            _("%(field)s: a page number and a link's place (%(place)s) cannot be sent together.")
            % {"field": "ppage", "place": PARAM},
            "ppage",
        )
    refused = params.Refused(
        _(
            "%(field)s: this link to a page of people is not valid (changed, or made for"
            " another order or another table); open the table's first page."
        )
        % {"field": PARAM},
        PARAM,
    )
    try:
        data = signing.loads(raw, salt=_SALT)
        place = [_read(value) for value in data["p"]]
        number, backward = int(data["n"]), bool(data["b"])
        made_for = (data["s"], data["t"])  # a link made before tables were named: refused
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise refused from error
    if made_for != (sort, table) or len(place) != insights.people_seek_keys(sort) or number < 1:
        raise refused
    return place, backward, number


def people_page(request, actor, cycle, members, sort: str, within, per_page: int) -> PeoplePage:
    """The table's page the request asks for: at a cursor's place (`pcursor`), else by number
    (`ppage`, page 1 without one). Constant queries: the page's rows and the bounded count."""
    table = _table(cycle, within)
    seek = _place(request, sort, table)
    if seek is None:
        window = page_window(request, per_page, "ppage")
        found = paginate(
            request,
            insights.people(actor, cycle, members, sort, of_team=within, page=window),
            per_page,
            param="ppage",
            counted=members,
        )
        rows, number = list(found), found.number
        more_before, more_after = found.has_previous(), found.has_next()
        label = found.paginator.num_pages_label
    else:
        place, backward, number = seek
        # One row more than the page: whether there is another page that way.
        read = list(
            insights.people(
                actor, cycle, members, sort, of_team=within, page=(0, per_page + 1),
                seek=place, backward=backward,
            )[: per_page + 1]
        )  # fmt: skip
        more = len(read) > per_page
        rows = read[:per_page]
        if backward:
            rows.reverse()
            # Reading back to the start (rows gone meanwhile): this is page 1.
            more_before, more_after = more, True
            number = number if more else 1
        else:
            more_before, more_after = number > 1, more
        label = BoundedPaginator([], per_page, number, counted=members).num_pages_label
    previous = (
        _cursor(sort, table, rows[0], max(number - 1, 1), True) if rows and more_before else None
    )
    following = _cursor(sort, table, rows[-1], number + 1, False) if rows and more_after else None
    return PeoplePage(rows, number, label, previous, following)
