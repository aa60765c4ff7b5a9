"""Keep the closure tables (orgs.models.TeamAncestry, ManagerChain) equal to the trees.

Both trees are stored as parent links (Team.parent, Membership.manager); permissions read the
flattened form. Every save of a team or a member re-places it in its closure when its parent
link changed (signals registered in orgs.apps, so services, the demo, imports and tests that
save rows directly all keep it right); placing moves the node's whole subtree in a fixed number
of set-based statements, whatever the size of the tree:

- the subtree S of a node is the rows whose ancestor is the node (itself included, depth 0);
- rows linking a member of S to an ancestor outside S are deleted;
- each member of S gets one row per ancestor of the new parent (the cross product).

Concurrent writers: two moves placed at once each read the closure as it was before the other
(team 3 under 5 ∥ team 5 under 6 leaves team 3 under 5's old ancestors), and two cycle checks
made at once each pass (6 under 7 ∥ 7 under 6 closes a loop). So every write that changes a tree
calls `lock` first in its transaction, before it reads the tree: writers of one organization's
trees run one after the other, each seeing the tree the previous one committed (READ COMMITTED
reads afresh after the wait). Placing takes it too, for the saves made outside the services.

`rebuild` recomputes an organization's rows from the parent links (after bulk inserts, and in
the migration that introduced the tables); `check` compares them with that recomputation and
`repair` rebuilds what differs (the `closures` command and the worker's periodic pass);
`expected_rows` is the same thing computed in Python, for tests.
"""

import logging
from dataclasses import dataclass

from django.db import connection, transaction

from mubiao.orgs.models import ManagerChain, Membership, Organization, Team, TeamAncestry

logger = logging.getLogger(__name__)


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
TREES = {"teams": TEAMS, "managers": MANAGERS}

# Marks the lock's statement, so that tests find it among a service's queries on any database.
LOCK_MARK = "/* closures.lock */"


def lock(organization_id: int, *, using=None) -> None:
    """Serialise the writes to the organization's trees until this transaction ends.

    FOR NO KEY UPDATE on the organization's row: it excludes the other writers of the trees
    (and the organization's own updates) but not the key-share locks every insert of a row
    referring to the organization takes, so objectives, check-ins and the activity log are
    written alongside as before. SQLite has no row locks and needs none: it lets one writer in
    at a time (transaction_mode IMMEDIATE)."""
    conn = connection if using is None else using
    clause = " FOR NO KEY UPDATE" if conn.features.has_select_for_update else ""
    with conn.cursor() as cursor:
        cursor.execute(
            f"{LOCK_MARK} SELECT id FROM {Organization._meta.db_table} WHERE id = %s{clause}",  # noqa: S608
            [organization_id],
        )


def place_team(team: Team, *, force: bool = False) -> None:
    """Put a saved team (and its sub-teams) under its parent in the team closure."""
    _place(TEAMS, team.organization_id, team.pk, team.parent_id, force=force)


def place_member(member: Membership, *, force: bool = False) -> None:
    """Put a saved member (and everyone reporting to them) under their manager."""
    _place(MANAGERS, member.organization_id, member.pk, member.manager_id, force=force)


def _place(tree: Tree, organization: int, node: int, parent: int | None, *, force: bool) -> None:
    t, down, up = tree.closure, tree.down, tree.up
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT depth, {up} FROM {t} WHERE {down} = %s AND depth <= 1", [node])  # noqa: S608 (constant names)
        rows = dict(cursor.fetchall())
        if 0 in rows and rows.get(1) == parent and not force:
            return  # already where it belongs: one query for the usual save
        if rows or parent is not None:
            # A move, or a new node placed under others: what follows reads other nodes' rows.
            # (A new node at the top reads nothing; people invited one by one stay lock-free.)
            lock(organization)
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


def _recomputed(tree: Tree) -> str:
    """A CTE `chain(node, above, depth, path)`: the closure of the organization's (%s) nodes
    recomputed from the parent links. The path (/1/5/9/) ends a walk that meets a loop in
    corrupt links before it repeats a row."""
    nodes, parent = tree.nodes, tree.parent
    return (
        f"WITH RECURSIVE chain(node, above, depth, path) AS ("  # noqa: S608 (constant names)
        f" SELECT id, id, 0, '/' || CAST(id AS TEXT) || '/' FROM {nodes} WHERE organization_id = %s"
        f" UNION ALL SELECT chain.node, n.{parent}, chain.depth + 1,"
        f" chain.path || CAST(n.{parent} AS TEXT) || '/'"
        f" FROM chain JOIN {nodes} n ON n.id = chain.above WHERE n.{parent} IS NOT NULL"
        f" AND chain.path NOT LIKE '%%/' || CAST(n.{parent} AS TEXT) || '/%%')"
    )


def _stored(tree: Tree) -> str:
    return (
        f"SELECT {tree.down}, {tree.up}, depth FROM {tree.closure} WHERE {tree.down} IN "  # noqa: S608
        f"(SELECT id FROM {tree.nodes} WHERE organization_id = %s)"
    )


def rebuild(organization_id: int, *, using=None, trees=(TEAMS, MANAGERS)) -> None:
    """Recompute closures of an organization from the parent links (set-based)."""
    conn = connection if using is None else using
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        for tree in trees:
            t, down, up, nodes = tree.closure, tree.down, tree.up, tree.nodes
            cursor.execute(
                f"DELETE FROM {t} WHERE {down} IN "  # noqa: S608 (constant names)
                f"(SELECT id FROM {nodes} WHERE organization_id = %s)",
                [organization_id],
            )
            cursor.execute(
                f"{_recomputed(tree)} INSERT INTO {t} ({down}, {up}, depth) "  # noqa: S608
                f"SELECT node, above, depth FROM chain",
                [organization_id],
            )


@dataclass(frozen=True)
class Difference:
    """How one closure of an organization differs from its recomputation."""

    missing: int  # rows the closure lacks
    extra: int  # rows it holds that the tree does not imply (a former ancestor, a loop's)
    loops: list  # loops in the parent links themselves, each as its node ids

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.loops)


def check(organization_id: int) -> dict[str, Difference]:
    """{"teams": Difference, "managers": Difference}: three queries per tree, set-based."""
    found = {}
    with connection.cursor() as cursor:
        for name, tree in TREES.items():
            recomputed, stored = _recomputed(tree), _stored(tree)
            counts = []
            for first, second in (("chain", "stored"), ("stored", "chain")):
                cursor.execute(
                    f"{recomputed}, stored(node, above, depth) AS ({stored}) "  # noqa: S608
                    f"SELECT COUNT(*) FROM (SELECT node, above, depth FROM {first} "
                    f"EXCEPT SELECT node, above, depth FROM {second}) differing",
                    [organization_id, organization_id],
                )
                counts.append(cursor.fetchone()[0])
            # A node is in a loop when its walk comes back to its own id.
            cursor.execute(
                f"{recomputed} SELECT DISTINCT m.id, m.{tree.parent} FROM chain "  # noqa: S608
                f"JOIN {tree.nodes} n ON n.id = chain.above "
                f"JOIN {tree.nodes} m ON m.id = chain.node WHERE n.{tree.parent} = chain.node",
                [organization_id],
            )
            found[name] = Difference(*counts, _loops(dict(cursor.fetchall())))
    return found


def _loops(parents: dict) -> list:
    """The loops among `parents` ({node: parent}, every node in a loop), each in its order."""
    loops, left = [], dict(parents)
    while loop := find_loop(left):
        loops.append(loop[:-1])
        for node in loop:
            left.pop(node, None)
    return loops


def repair(organization_id: int) -> dict[str, Difference]:
    """Rebuild the closures of the organization that differ from their recomputation (under
    the lock, so that no write moves the trees meanwhile) and return what differed. A loop in
    the parent links, which no write may make, is cut where its smallest id points back: that
    node goes to the top of its tree (detached from the organization's tree, the loop's nodes
    had no ancestors outside it)."""
    with transaction.atomic():
        lock(organization_id)
        found = check(organization_id)
        for name, difference in found.items():
            if not difference:
                continue
            tree = TREES[name]
            logger.warning(
                "Repairing the %s closure of organization %s: %s rows missing, %s extra, "
                "loops %s",
                name, organization_id, difference.missing, difference.extra, difference.loops,
            )  # fmt: skip
            cut = [min(loop) for loop in difference.loops]
            model = Team if tree is TEAMS else Membership
            # update() sends no save signal: the rebuild below places everyone at once.
            model.objects.filter(pk__in=cut).update(**{tree.parent.removesuffix("_id"): None})
            rebuild(organization_id, trees=[tree])
    return found


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
    place_team(instance)


def member_saved(sender, instance: Membership, **kwargs) -> None:
    place_member(instance)


def member_deleting(sender, instance: Membership, **kwargs) -> None:
    instance._former_reports = list(
        Membership.objects.filter(manager_id=instance.pk).values_list("pk", flat=True)
    )


def member_deleted(sender, instance: Membership, **kwargs) -> None:
    # Those deleted along with them (a whole organization) are left alone.
    former = getattr(instance, "_former_reports", ())
    for report in Membership.objects.filter(pk__in=former):
        place_member(report, force=True)


def examine(*, fix: bool, organizations=None) -> dict[Organization, dict[str, Difference]]:
    """Check (fix=False) or repair every organization's closures, or those of `organizations`;
    returns the organizations whose closures differed, with how. Each organization in its own
    transaction: the lock is held for one organization at a time."""
    found = {}
    for organization in organizations or Organization.objects.order_by("pk"):
        differences = repair(organization.pk) if fix else check(organization.pk)
        if any(differences.values()):
            found[organization] = differences
    return found
