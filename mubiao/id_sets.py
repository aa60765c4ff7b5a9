"""A set of ids to filter by (`x__in=`), listed when few, else left to the database.

PostgreSQL estimates a subquery over a closure table or a visibility condition at a few rows
whatever it holds, and planned on that estimate it walked whole indexes in the wrong order (a
department head's My OKRs: 85 ms; with the ids listed: 4 ms). A short literal list it
estimates exactly. A long list is worse than the subquery: each statement carries and plans
thousands of parameters, and SQLite limits them. So: the ids as a list when there are at most
`limit` of them, else the subquery, run by each statement that uses it.
"""

from collections.abc import Collection

from django.db.models import Lookup, QuerySet

# Stands in for an empty list: no row has it. Django answers `__in=[]` without asking the
# database, so a statement would be sent or not depending on what the set holds (query counts,
# plans); with it, the same statement is always sent and finds nothing.
NO_ID = 0
# The largest id a column holds: primary keys are 64-bit integers on both databases.
MAX_ID = 2**63 - 1


def is_id(value) -> bool:
    """Whether `value` (a posted or stored choice) is written as an id: ASCII digits only.
    str.isdigit() takes full-width `２`, `²` and other scripts' digits, which int() and the
    database read as another id (issue 9: `parent=２` picked team 2): such a value is no id,
    refused as an unknown choice, never mapped onto one. Nor is a number past the largest id
    a column holds: the database cannot compare it with one (SQLite raised OverflowError)."""
    text = str(value)
    # (The length first: int() refuses a text of over 4,300 digits.)
    return text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= MAX_ID


def listed_when_few(
    ids: QuerySet, limit: int, *, known: Collection[int] | None = None
) -> list[int] | QuerySet:
    """`ids` (a one-column `values_list(..., flat=True)` queryset of ids) for a filter's
    `__in=`: a sorted list of at most `limit` ids (never empty: [NO_ID] for none) when the set
    has no more, else `ids` itself, as a subquery. One query reading at most `limit` + 1 ids;
    none when `known` gives the set's ids already read (a cached set)."""
    listed = list(ids[: limit + 1]) if known is None else list(known)
    if len(listed) > limit:
        return ids
    return sorted(listed) or [NO_ID]


class ReadFirst(Lookup):
    """`ReadFirst(F("pk"), ids)`: `pk__in=ids`, the rows found from the ids. On PostgreSQL
    `= ANY(ARRAY(subquery))`: the subquery is run once (an init plan) and each id read by the
    column's index. As `IN (subquery)` the planner may as well read every row of the
    organization and look each up in the subquery, and does on some statistics (the team
    page's people: each of 3,000 outsiders probed against a 3-person team). Elsewhere IN."""

    lookup_name = "read_first"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        template = "%s = ANY(ARRAY%s)" if connection.vendor == "postgresql" else "%s IN %s"
        return template % (lhs, rhs), (*lhs_params, *rhs_params)
