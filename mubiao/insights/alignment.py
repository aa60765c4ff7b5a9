"""The alignment map: permission-scoped reads of one level of the alignment tree at a time, and
the path from the top of the tree to objectives found by a search.

The top level holds the organization's objectives of the cycle and of the cycles containing it
and every other parentless objective that others align to; below each node, the objectives
aligned to it or to one of its key results, the organization's first, then teams', then
people's (from the company through teams to people). A level lists at most FANOUT nodes and
says how many more there are (the next ones are read with `offset`).

Only objectives the reader may see are listed (orgs.permissions, through
okrs.selectors.visible_objectives). A visible objective aligned to one the reader may not see
stays reachable: it is listed under one placeholder node, "a private objective" (HIDDEN), which
never tells how many hidden parents there are, nor their titles (DESIGN.md §4 Visibility
details). One aligned to an archived objective the reader may see (the tree lists no archived
objective) is listed under "an archived objective" (ARCHIVED); an archived parent the reader
may not see is private to them like any other, its state untold.

Every function makes a fixed number of queries, whatever the size of the organization: a page
of a level is one query (with each node's `has_children` as two indexed EXISTS), its size one
COUNT; a search is one query per owner type for the matches, one recursive query for all
their chains and one for the visible nodes of those chains.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.okrs import display
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import Cycle, KeyResult, Objective, Status
from mubiao.orgs.models import Membership

FANOUT = 50
SEARCH_SHOWN = 10
# The placeholder nodes' ids: visible objectives aligned to something the reader may not see,
# and to an archived objective the reader may see.
HIDDEN = "hidden"
ARCHIVED = "archived"
PLACEHOLDERS = (HIDDEN, ARCHIVED)
# The company first, then teams, then people (owner_type's alphabetical order is not that).
_OWNER_TYPES = (
    Objective.OwnerType.ORGANIZATION,
    Objective.OwnerType.TEAM,
    Objective.OwnerType.PERSON,
)
_OWNER_ORDER = Case(
    When(owner_type=Objective.OwnerType.ORGANIZATION, then=Value(0)),
    When(owner_type=Objective.OwnerType.TEAM, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@dataclass
class Level:
    """One page of a level: its nodes (objectives annotated with has_children), how many nodes
    the whole level holds, and which placeholder nodes belong at its end (top level)."""

    nodes: list[Objective]
    total: int
    offset: int
    placeholders: tuple[str, ...] = ()

    @property
    def more(self) -> int:
        return max(self.total - self.offset - len(self.nodes), 0)


def _with_children_flag(actor: Membership, objectives: QuerySet[Objective]):
    """Annotate `has_children` (okrs.selectors.with_children_flag) and join what a node shows."""
    return okr_selectors.with_children_flag(actor, objectives).select_related(
        "owner_member__user", "owner_team"
    )


def _page(
    actor: Membership, objectives: QuerySet[Objective], offset: int, *, flagged: bool = False
) -> tuple[list, int]:
    """A page of the level and its size; `flagged`: the rows already carry has_children."""
    shown = objectives if flagged else okr_selectors.with_children_flag(actor, objectives)
    rows = list(
        shown.select_related("owner_member__user", "owner_team").order_by(
            _OWNER_ORDER, "position", "id"
        )[offset : offset + FANOUT]
    )
    return rows, objectives.order_by().count()


def _top_candidates(actor: Membership, cycle: Cycle) -> QuerySet[Objective]:
    return okr_selectors.visible_objectives(actor).filter(
        cycle_id__in=okr_selectors.enclosing_cycle_ids(cycle),
        parent_objective__isnull=True,
        parent_key_result__isnull=True,
    )


def roots(actor: Membership, cycle: Cycle, offset: int = 0) -> Level:
    """The top level: the organization's parentless objectives of the cycle (and of the cycles
    containing it) and every parentless objective others align to; and which placeholder
    nodes (objectives under hidden parents, under archived ones) belong at its end."""
    # Filtered and sorted in one query, not read back by id: the planner then sorted every
    # objective of the database by the owner order to join it with a handful of roots.
    top = okr_selectors.tree_roots(actor, _top_candidates(actor, cycle))
    rows, total = _page(actor, top, offset, flagged=True)
    return Level(
        rows,
        total,
        offset,
        placeholders=tuple(k for k in PLACEHOLDERS if _under(actor, cycle, k).exists()),
    )


def children(actor: Membership, parent: Objective, offset: int = 0) -> Level:
    """The visible objectives aligned to `parent` (visible: the caller read it through
    okrs.selectors) or to one of its key results."""
    key_results = list(KeyResult.objects.filter(objective=parent).values_list("pk", flat=True))
    below = okr_selectors.visible_objectives(actor).filter(
        Q(parent_objective=parent) | Q(parent_key_result__in=key_results)
    )
    rows, total = _page(actor, below, offset)
    return Level(rows, total, offset)


def _under(actor: Membership, cycle: Cycle, placeholder: str) -> QuerySet[Objective]:
    if placeholder == ARCHIVED:
        return okr_selectors.objectives_under_archived_parents(actor, cycle)
    return okr_selectors.objectives_under_hidden_parents(actor, cycle)


def placeholder_children(
    actor: Membership, cycle: Cycle, placeholder: str, offset: int = 0
) -> Level:
    """What a placeholder node holds: the visible objectives of the cycle aligned to an
    objective or key result the reader may not see (HIDDEN), or to an archived objective
    the reader may see (ARCHIVED)."""
    ids = _under(actor, cycle, placeholder).values("pk")
    rows, total = _page(actor, Objective.objects.filter(pk__in=ids), offset)
    return Level(rows, total, offset)


def get_parent(actor: Membership, pk: int) -> Objective:
    """An objective the reader may see (Objective.DoesNotExist otherwise: a 404)."""
    return okr_selectors.visible_objectives(actor).get(pk=pk)


# Every objective above the given ones, one query whatever the depth: each row is an objective
# and the one it is aligned to (directly or through a key result). UNION ends it on cyclic data.
_CHAIN_SQL = """
WITH RECURSIVE chain(id, parent_id) AS (
    SELECT o.id, COALESCE(o.parent_objective_id, k.objective_id)
    FROM {objective} o LEFT JOIN {key_result} k ON k.id = o.parent_key_result_id
    WHERE o.organization_id = %s AND o.id IN ({ids})
  UNION
    SELECT o.id, COALESCE(o.parent_objective_id, k.objective_id)
    FROM chain c
    JOIN {objective} o ON o.id = c.parent_id
    LEFT JOIN {key_result} k ON k.id = o.parent_key_result_id
    WHERE o.organization_id = %s
)
SELECT id, parent_id FROM chain
"""


def _parents(organization_id: int, ids: list[int]) -> dict[int, int | None]:
    if not ids:
        return {}
    sql = _CHAIN_SQL.format(
        objective=connection.ops.quote_name(Objective._meta.db_table),
        key_result=connection.ops.quote_name(KeyResult._meta.db_table),
        ids=", ".join(["%s"] * len(ids)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization_id, *ids, organization_id])
        return dict(cursor.fetchall())


def search(actor: Membership, cycle: Cycle, query: str) -> list[list[Objective | str]]:
    """The first SEARCH_SHOWN visible objectives of the cycle whose title holds `query`, each as
    its path from the top of the tree: visible objectives, starting with HIDDEN when an
    objective above it is one the reader may not see, with ARCHIVED when it is an archived
    one they may see (the path then starts at the placeholder node, as the tree shows it)."""
    query = query.strip()
    if not query:
        return []
    # One query per owner type, each in the order of objective_org_list_idx (organization,
    # cycle, owner type, position, id): a word in nearly every title reads SEARCH_SHOWN rows
    # of each instead of sorting every match by the owner order (0.5 s at 100,000 people); a
    # rare word goes to the trigram index. (Not one UNION: SQLite cannot limit its parts.)
    found = okr_selectors.visible_objectives(actor).filter(cycle=cycle, title__icontains=query)
    matches = [
        pk
        for owner_type in _OWNER_TYPES
        for pk in found.filter(owner_type=owner_type)
        .order_by("position", "id")
        .values_list("pk", flat=True)[:SEARCH_SHOWN]
    ][:SEARCH_SHOWN]
    parent_of = _parents(actor.organization_id, matches)
    visible = {
        o.pk: o
        for o in _with_children_flag(
            actor, okr_selectors.visible_objectives(actor).filter(pk__in=list(parent_of))
        )
    }
    archived = set(
        okr_selectors.visible_objectives(actor, include_archived=True)
        .filter(pk__in=list(parent_of), state=Objective.State.ARCHIVED)
        .values_list("pk", flat=True)
    )
    paths = []
    for pk in matches:
        path: list[Objective | str] = [visible[pk]]
        seen = {pk}
        node = parent_of.get(pk)
        while node is not None and node not in seen:
            if node not in visible:
                path.insert(0, ARCHIVED if node in archived else HIDDEN)
                break
            seen.add(node)
            path.insert(0, visible[node])
            node = parent_of.get(node)
        paths.append(path)
    return paths


# --------------------------------------------------------------------------------------------
# What the map (web/static/web/alignment.js) and the API read: plain data, in the reader's
# language.


def owner_name(objective: Objective, organization_name: str) -> str:
    if objective.owner_type == Objective.OwnerType.PERSON and objective.owner_member_id:
        return objective.owner_member.user.display_name
    if objective.owner_type == Objective.OwnerType.TEAM and objective.owner_team_id:
        return objective.owner_team.name
    return organization_name


def node(objective: Objective, organization_name: str) -> dict:
    """One node: its objective's title, owner, status (and its label), progress in percent,
    whether it has visible children to load, and its page."""
    return {
        "id": objective.pk,
        "title": objective.title,
        "owner": owner_name(objective, organization_name),
        "owner_type": objective.owner_type,
        "status": objective.status,
        "status_label": str(Status(objective.status).label),
        "progress": float(display.percent(objective.progress)),
        "has_children": bool(getattr(objective, "has_children", False)),
        "url": reverse("objective", args=[objective.pk]),
    }


def placeholder_node(placeholder: str) -> dict:
    """A placeholder: no title, owner, status, progress or link of the parents it stands for."""
    return {
        "id": placeholder,
        "title": _("an archived objective")
        if placeholder == ARCHIVED
        else _("a private objective"),
        "owner": "",
        "owner_type": None,
        "status": None,
        "status_label": "",
        "progress": None,
        "has_children": True,
        "url": None,
    }


def more_label(count: int) -> str:
    return ngettext("and %(count)s more", "and %(count)s more", count) % {"count": f"{count:,}"}


def level_data(level: Level, organization_name: str) -> dict:
    nodes = [node(o, organization_name) for o in level.nodes]
    if not level.more:
        nodes += [placeholder_node(p) for p in level.placeholders]
    return {
        "nodes": nodes,
        "total": level.total,
        "offset": level.offset,
        "more": level.more,
        "more_label": more_label(level.more) if level.more else "",
        "next_offset": level.offset + len(level.nodes) if level.more else None,
    }


def search_data(paths: list, organization_name: str) -> list[dict]:
    return [
        {
            "path": [
                placeholder_node(step) if step in PLACEHOLDERS else node(step, organization_name)
                for step in path
            ]
        }
        for path in paths
    ]
