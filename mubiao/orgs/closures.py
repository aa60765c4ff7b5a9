"""Keep the closure tables (orgs.models.TeamAncestry, ManagerChain) equal to the trees.

Both trees are stored as parent links (Team.parent, Membership.manager); permissions read the
flattened form. Every save of a team or a member re-places it in its closure when its parent
link changed (signals registered in orgs.apps, so services, the demo, imports and tests that
save rows directly all keep it right); placing moves the node's whole subtree in a fixed number
of set-based statements, whatever the size of the tree:

- the subtree S of a node is the rows whose ancestor is the node (itself included, depth 0);
- rows linking a member of S to an ancestor outside S are deleted;
- each member of S gets one row per ancestor of the new parent (the cross product).

`rebuild` recomputes an organization's rows from the parent links (after bulk inserts, and in
the migration that introduced the tables); `expected_rows` is the same thing computed in Python,
for tests.
"""

from dataclasses import dataclass

from django.db import connection, transaction

from mubiao.orgs.models import ManagerChain, Membership, Team, TeamAncestry


@dataclass(frozen=True)
class Tree:
    closure: str  # closure table
    down: str  # its column naming the node
    up: str  # its column naming an ancestor
    nodes: str  # the table of nodes
    parent: str  # their parent column


TEAMS = Tree(
    TeamAncestry._meta.db_table, "team_id", "ancestor_id", Team._meta.db_table, "parent_id"
)
MANAGERS = Tree(
    ManagerChain._meta.db_table, "member_id", "manager_id", Membership._meta.db_table, "manager_id"
)


def place_team(team_id: int, parent_id: int | None, *, force: bool = False) -> None:
    """Put a saved team (and its sub-teams) under `parent_id` in the team closure."""
    _place(TEAMS, team_id, parent_id, force=force)


def place_member(member_id: int, manager_id: int | None, *, force: bool = False) -> None:
    """Put a saved member (and everyone reporting to them) under `manager_id`."""
    _place(MANAGERS, member_id, manager_id, force=force)


def _place(tree: Tree, node: int, parent: int | None, *, force: bool) -> None:
    t, down, up = tree.closure, tree.down, tree.up
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT depth, {up} FROM {t} WHERE {down} = %s AND depth <= 1", [node])  # noqa: S608 (constant names)
        rows = dict(cursor.fetchall())
        if 0 in rows and rows.get(1) == parent and not force:
            return  # already where it belongs: one query for the usual save
        if 0 not in rows:
            cursor.execute(
                f"INSERT INTO {t} ({down}, {up}, depth) VALUES (%s, %s, 0)",  # noqa: S608
                [node, node],
            )
        cursor.execute(
            f"DELETE FROM {t} WHERE {down} IN (SELECT {down} FROM {t} WHERE {up} = %s) "  # noqa: S608
            f"AND {up} NOT IN (SELECT {down} FROM {t} WHERE {up} = %s)",
            [node, node],
        )
        if parent is not None:
            cursor.execute(
                f"INSERT INTO {t} ({down}, {up}, depth) "  # noqa: S608
                f"SELECT below.{down}, above.{up}, below.depth + above.depth + 1 "
                f"FROM {t} below, {t} above WHERE below.{up} = %s AND above.{down} = %s",
                [node, parent],
            )


def rebuild(organization_id: int, *, using=None) -> None:
    """Recompute both closures of an organization from the parent links (set-based)."""
    conn = connection if using is None else using
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        for tree in (TEAMS, MANAGERS):
            t, down, up, nodes, parent = tree.closure, tree.down, tree.up, tree.nodes, tree.parent
            cursor.execute(
                f"DELETE FROM {t} WHERE {down} IN "  # noqa: S608 (constant names)
                f"(SELECT id FROM {nodes} WHERE organization_id = %s)",
                [organization_id],
            )
            # UNION (not ALL) ends a loop in corrupt data instead of recursing forever.
            cursor.execute(
                f"WITH RECURSIVE chain(node, above, depth) AS ("  # noqa: S608
                f" SELECT id, id, 0 FROM {nodes} WHERE organization_id = %s"
                f" UNION SELECT chain.node, n.{parent}, chain.depth + 1"
                f" FROM chain JOIN {nodes} n ON n.id = chain.above"
                f" WHERE n.{parent} IS NOT NULL AND chain.depth < 1000)"
                f" INSERT INTO {t} ({down}, {up}, depth) SELECT node, above, depth FROM chain",
                [organization_id],
            )


def find_loop(parents: dict) -> list | None:
    """A loop in a tree given as {node: parent or None} (in the order it runs: a → b → a), or
    None. For a tree about to be written in bulk (people imported with their managers), which
    the closure could not place."""
    done: set = set()
    for start in parents:
        path, seen, node = [], set(), start
        while node is not None and node not in done:
            if node in seen:
                loop = path[path.index(node) :]
                return [*loop, node]
            seen.add(node)
            path.append(node)
            node = parents.get(node)
        done.update(path)
    return None


def expected_rows(organization_id: int) -> tuple[set, set]:
    """(team rows, manager rows) as the closures must hold them, walked in Python from the
    parent links: {(node, ancestor, depth)}."""

    def walk(parents: dict) -> set:
        rows = set()
        for node in parents:
            above, depth = node, 0
            while above is not None:
                rows.add((node, above, depth))
                above, depth = parents[above], depth + 1
        return rows

    teams = dict(Team.objects.filter(organization_id=organization_id).values_list("id", "parent"))
    members = dict(
        Membership.objects.filter(organization_id=organization_id).values_list("id", "manager")
    )
    return walk(teams), walk(members)


def stored_rows(organization_id: int) -> tuple[set, set]:
    """(team rows, manager rows) as the closures hold them now."""
    teams = set(
        TeamAncestry.objects.filter(team__organization_id=organization_id).values_list(
            "team_id", "ancestor_id", "depth"
        )
    )
    members = set(
        ManagerChain.objects.filter(member__organization_id=organization_id).values_list(
            "member_id", "manager_id", "depth"
        )
    )
    return teams, members


# Signal receivers (connected in orgs.apps): every save re-places the row when its parent link
# changed; deleting a member re-places those who reported to them (the database set their
# manager to NULL).


def team_saved(sender, instance: Team, **kwargs) -> None:
    place_team(instance.pk, instance.parent_id)


def member_saved(sender, instance: Membership, **kwargs) -> None:
    place_member(instance.pk, instance.manager_id)


def member_deleting(sender, instance: Membership, **kwargs) -> None:
    instance._former_reports = list(
        Membership.objects.filter(manager_id=instance.pk).values_list("pk", flat=True)
    )


def member_deleted(sender, instance: Membership, **kwargs) -> None:
    # Those deleted along with them (a whole organization) are left alone.
    former = getattr(instance, "_former_reports", ())
    for report in Membership.objects.filter(pk__in=former).values_list("pk", flat=True):
        place_member(report, None, force=True)
