"""Keep the manager ranges (orgs.models.ManagerRange) true to the manager tree: the members
numbered in preorder (each one's `lo`, `hi` the last `lo` of their subtree), so that everyone
who reports to a member, directly or not, is exactly the members whose `lo` lies in the
member's (lo, hi]. Each objective carries its owner's `lo` (okrs.owner_chain, kept by
triggers), so that a reader's objectives owned by their reports are one range of an index
instead of a test of every row against the manager chain (issue 14: the hidden objectives of
the team and company pages, insights.selectors.hidden_objectives).

Written with the manager closure, in its transaction and under its lock (orgs.closures): a
member placed at the top of the tree with no reports (someone invited) takes the next number;
any other change of the tree renumbers the organization, writing only the ranges that changed
(one read of the organization's manager links). Gaps left by deleted members are harmless:
what matters is which members a range holds, and `check` compares exactly that with the tree.
"""

from bisect import bisect_right
from collections import defaultdict

from django.db import connection

RANGES = "orgs_managerrange"
MEMBERS = "orgs_membership"


def _cursor(using):
    return (connection if using is None else using).cursor()


def _parents(cursor, organization_id: int) -> dict[int, int | None]:
    cursor.execute(
        f"SELECT id, manager_id FROM {MEMBERS} WHERE organization_id = %s",  # noqa: S608 (constant names)
        [organization_id],
    )
    return dict(cursor.fetchall())


def expected_ranges(parents: dict[int, int | None]) -> dict[int, tuple[int, int]]:
    """{member: (lo, hi)} of the tree given as {member: manager}: preorder from 1, roots and
    reports in id order. Members in a loop of corrupt links (no root above them) get none:
    no range holds them, so nothing of theirs is ever taken as seen."""
    children, roots = defaultdict(list), []
    for member, manager in sorted(parents.items()):
        (children[manager] if manager in parents else roots).append(member)
    ranges, number = {}, 0
    for root in roots:
        stack = [(root, False)]
        while stack:
            member, done = stack.pop()
            if done:
                ranges[member] = (ranges[member][0], number)
                continue
            number += 1
            ranges[member] = (number, number)
            stack.append((member, True))
            stack.extend((report, False) for report in reversed(children[member]))
    return ranges


def _stored(cursor, organization_id: int) -> dict[int, tuple[int, int]]:
    cursor.execute(
        f"SELECT r.member_id, r.lo, r.hi FROM {RANGES} r JOIN {MEMBERS} m ON m.id = r.member_id"  # noqa: S608
        " WHERE m.organization_id = %s",
        [organization_id],
    )
    return {member: (lo, hi) for member, lo, hi in cursor.fetchall()}


def renumber(organization_id: int, *, using=None) -> int:
    """Write the organization's ranges as expected_ranges says, only those that differ (the
    objectives' copies follow by trigger); returns how many rows were written."""
    with _cursor(using) as cursor:
        expected = expected_ranges(_parents(cursor, organization_id))
        stored = _stored(cursor, organization_id)
        gone = [member for member in stored if member not in expected]
        changed = [(m, lo, hi) for m, (lo, hi) in expected.items() if stored.get(m) != (lo, hi)]
        if gone:
            cursor.execute(
                f"DELETE FROM {RANGES} WHERE member_id IN ({', '.join(['%s'] * len(gone))})",  # noqa: S608
                gone,
            )
        new = [row for row in changed if row[0] not in stored]
        if new:
            cursor.executemany(f"INSERT INTO {RANGES} (member_id, lo, hi) VALUES (%s, %s, %s)", new)  # noqa: S608
        moved = [(lo, hi, m) for m, lo, hi in changed if m in stored]
        if moved:
            cursor.executemany(f"UPDATE {RANGES} SET lo = %s, hi = %s WHERE member_id = %s", moved)  # noqa: S608
    return len(gone) + len(changed)


def place(organization_id: int, member: int, manager: int | None, *, new: bool) -> None:
    """After the closure placed `member` under `manager`: a new member at the top takes the
    next number (nobody's range holds it, and it holds nobody); anything else renumbers."""
    if not (new and manager is None):
        renumber(organization_id)
        return
    with _cursor(None) as cursor:
        cursor.execute(
            f"SELECT COALESCE(MAX(r.hi), 0) + 1 FROM {RANGES} r JOIN {MEMBERS} m"  # noqa: S608
            " ON m.id = r.member_id WHERE m.organization_id = %s",
            [organization_id],
        )
        (number,) = cursor.fetchone()
        cursor.execute(
            f"INSERT INTO {RANGES} (member_id, lo, hi) VALUES (%s, %s, %s)",  # noqa: S608
            [member, number, number],
        )


def differences(organization_id: int) -> tuple[int, int]:
    """(missing, extra): pairs (member, someone they report to) of the tree that the stored
    ranges do not imply, and pairs they imply that the tree does not hold (a member without a
    range counts missing for each manager above them, and once for itself)."""
    with _cursor(None) as cursor:
        parents = _parents(cursor, organization_id)
        stored = _stored(cursor, organization_id)
    expected = expected_ranges(parents)
    implied = defaultdict(int)
    missing = sum(1 for member in expected if member not in stored)
    for member in expected:
        above = parents[member]
        while above is not None:
            lo, hi = stored.get(above, (0, -1))
            if member in stored and lo < stored[member][0] <= hi:
                implied[above] += 1
            else:
                missing += 1
            above = parents[above]
    los = sorted(lo for lo, _ in stored.values())
    extra = sum(
        bisect_right(los, hi) - bisect_right(los, lo) - implied[member]
        for member, (lo, hi) in stored.items()
    )
    return missing, extra + sum(1 for member in stored if member not in expected)
