"""Keep the subtree name keys (orgs.models.TeamSubtreeMember) equal to their recomputation: one
row (ancestor team, membership, the person's name) for each team and each active member of a
team of its subtree (the team itself included), so that a team's people in name order are one
range of the (ancestor, name_key, membership) index: a page of a department's people table reads
the page, however many small teams the department is made of (issue 14, h14x;
okrs.selectors.team_members_by_name).

Database triggers, so that every write keeps them, whatever makes it (the services, people
import, directory sync, the API, bulk_create, a queryset's update(), raw SQL):

- a team membership inserted, deleted or moved (its team or membership changed) adds its
  member under the team's ancestors, or takes them off the ancestors no other team membership
  of theirs is under;
- a row of the team closure inserted or deleted (a team created, moved or deleted, the
  closure rebuilt) adds the team's members under the ancestor, or takes off those no other
  team membership keeps there;
- a membership deactivated loses its rows, one inserted or reactivated or moved to another
  user gets them (again), with its user's name;
- a person renamed or inserted passes the name to their rows.

PostgreSQL fires a statement's row triggers once the statement is done (each sees all its
rows written), SQLite row by row: both end with the rows the tables imply, since a row is
taken off only when no other team membership keeps it.

A load that bypasses triggers (benchmarks.scale's COPY, with session_replication_role =
replica) calls `install_triggers` afterwards: installing deletes every row that differs from
the recomputation and inserts those missing.
"""

TABLE = "orgs_teamsubtreemember"
TRIGGERS = {
    "orgs_teammember": [
        "orgs_teammember_subtree_insert",
        "orgs_teammember_subtree_delete",
        "orgs_teammember_subtree_update",
    ],
    "orgs_teamancestry": [
        "orgs_teamancestry_subtree_insert",
        "orgs_teamancestry_subtree_delete",
        "orgs_teamancestry_subtree_update",
    ],
    "orgs_membership": ["orgs_membership_subtree_insert", "orgs_membership_subtree_update"],
    "accounts_user": ["orgs_user_subtree_insert", "orgs_user_subtree_update"],
}
FUNCTIONS = [
    "orgs_teammember_subtree_add",
    "orgs_teammember_subtree_drop",
    "orgs_teammember_subtree_move",
    "orgs_teamancestry_subtree_add",
    "orgs_teamancestry_subtree_drop",
    "orgs_teamancestry_subtree_move",
    "orgs_membership_subtree",
    "orgs_user_subtree",
]

# {row}: NEW or OLD. Each statement adds or drops the rows one written row implies.
_NAME = "coalesce((SELECT u.name FROM accounts_user u WHERE u.id = m.user_id), '')"
# A team membership's member under each ancestor of its team, if active.
_MEMBER_ADD = (
    f"INSERT INTO {TABLE} (ancestor_id, membership_id, name_key)"  # noqa: S608 (constant names)
    f" SELECT a.ancestor_id, m.id, {_NAME} FROM orgs_teamancestry a, orgs_membership m"
    " WHERE a.team_id = {row}.team_id AND m.id = {row}.membership_id AND m.is_active"
    " ON CONFLICT DO NOTHING"
)
# ...taken off its team's ancestors that no other team membership of theirs is under.
_MEMBER_DROP = (
    f"DELETE FROM {TABLE} WHERE membership_id = {{row}}.membership_id AND ancestor_id IN"  # noqa: S608 (constant names)
    " (SELECT ancestor_id FROM orgs_teamancestry WHERE team_id = {row}.team_id)"
    " AND NOT EXISTS (SELECT 1 FROM orgs_teammember tm JOIN orgs_teamancestry x"
    " ON x.team_id = tm.team_id WHERE tm.membership_id = {row}.membership_id"
    f" AND x.ancestor_id = {TABLE}.ancestor_id)"
)
# A closure row: the team's active members under the ancestor.
_ANCESTRY_ADD = (
    f"INSERT INTO {TABLE} (ancestor_id, membership_id, name_key)"  # noqa: S608 (constant names)
    f" SELECT {{row}}.ancestor_id, m.id, {_NAME} FROM orgs_teammember tm"
    " JOIN orgs_membership m ON m.id = tm.membership_id"
    " WHERE tm.team_id = {row}.team_id AND m.is_active ON CONFLICT DO NOTHING"
)
# ...taken off: the team's members no other team membership keeps under the ancestor.
_ANCESTRY_DROP = (
    f"DELETE FROM {TABLE} WHERE ancestor_id = {{row}}.ancestor_id AND membership_id IN"  # noqa: S608 (constant names)
    " (SELECT membership_id FROM orgs_teammember WHERE team_id = {row}.team_id)"
    " AND NOT EXISTS (SELECT 1 FROM orgs_teammember tm JOIN orgs_teamancestry x"
    f" ON x.team_id = tm.team_id WHERE tm.membership_id = {TABLE}.membership_id"
    " AND x.ancestor_id = {row}.ancestor_id)"
)
# A membership inserted, (de/re)activated or moved to another user: its rows afresh.
_MEMBERSHIP_DROP = f"DELETE FROM {TABLE} WHERE membership_id = NEW.id"  # noqa: S608 (constant names)
_MEMBERSHIP_ADD = (
    f"INSERT INTO {TABLE} (ancestor_id, membership_id, name_key)"  # noqa: S608 (constant names)
    f" SELECT DISTINCT a.ancestor_id, m.id, {_NAME} FROM orgs_membership m"
    " JOIN orgs_teammember tm ON tm.membership_id = m.id"
    " JOIN orgs_teamancestry a ON a.team_id = tm.team_id"
    " WHERE m.id = NEW.id AND m.is_active ON CONFLICT DO NOTHING"
)
# A person renamed or inserted: their rows' key.
_FROM_USER = (
    f"UPDATE {TABLE} SET name_key = NEW.name WHERE name_key <> NEW.name"  # noqa: S608 (constant names)
    " AND membership_id IN (SELECT id FROM orgs_membership WHERE user_id = NEW.id)"
)

# The rows as the tables imply them (joined: set-based for a whole organization's load).
_IMPLIED = (
    " FROM orgs_teammember tm JOIN orgs_teamancestry a ON a.team_id = tm.team_id"
    " JOIN orgs_membership m ON m.id = tm.membership_id"
    " LEFT JOIN accounts_user u ON u.id = m.user_id WHERE m.is_active"
)
_EXPECTED = f"SELECT DISTINCT a.ancestor_id, m.id, coalesce(u.name, ''){_IMPLIED}"
# Every row that differs deleted, those missing inserted (after a load that bypassed them).
_REPAIR = [
    f"DELETE FROM {TABLE} WHERE NOT EXISTS (SELECT 1{_IMPLIED}"  # noqa: S608 (constant pieces)
    f" AND a.ancestor_id = {TABLE}.ancestor_id AND tm.membership_id = {TABLE}.membership_id"
    f" AND coalesce(u.name, '') = {TABLE}.name_key)",
    f"INSERT INTO {TABLE} (ancestor_id, membership_id, name_key) {_EXPECTED}"
    " ON CONFLICT DO NOTHING",
]


def _statements(postgresql: bool) -> list[str]:
    member, ancestry, membership, user = TRIGGERS.values()
    moved = {
        "orgs_teammember": "OLD.team_id <> NEW.team_id OR OLD.membership_id <> NEW.membership_id",
        "orgs_teamancestry": "OLD.team_id <> NEW.team_id OR OLD.ancestor_id <> NEW.ancestor_id",
    }
    # (trigger, when, table, body, condition)
    triggers = [
        (member[0], "AFTER INSERT", "orgs_teammember", [_MEMBER_ADD.format(row="NEW")], ""),
        (member[1], "AFTER DELETE", "orgs_teammember", [_MEMBER_DROP.format(row="OLD")], ""),
        (
            member[2],
            "AFTER UPDATE OF team_id, membership_id",
            "orgs_teammember",
            [_MEMBER_DROP.format(row="OLD"), _MEMBER_ADD.format(row="NEW")],
            moved["orgs_teammember"],
        ),
        (ancestry[0], "AFTER INSERT", "orgs_teamancestry", [_ANCESTRY_ADD.format(row="NEW")], ""),
        (ancestry[1], "AFTER DELETE", "orgs_teamancestry", [_ANCESTRY_DROP.format(row="OLD")], ""),
        (
            ancestry[2],
            "AFTER UPDATE OF team_id, ancestor_id",
            "orgs_teamancestry",
            [_ANCESTRY_DROP.format(row="OLD"), _ANCESTRY_ADD.format(row="NEW")],
            moved["orgs_teamancestry"],
        ),
        # The same body for both (one function on PostgreSQL): nothing to drop on an insert.
        (
            membership[0],
            "AFTER INSERT",
            "orgs_membership",
            [_MEMBERSHIP_DROP, _MEMBERSHIP_ADD],
            "",
        ),
        (
            membership[1],
            "AFTER UPDATE OF is_active, user_id",
            "orgs_membership",
            [_MEMBERSHIP_DROP, _MEMBERSHIP_ADD],
            "OLD.is_active <> NEW.is_active OR OLD.user_id <> NEW.user_id",
        ),
        (user[0], "AFTER INSERT", "accounts_user", [_FROM_USER], ""),
        (user[1], "AFTER UPDATE OF name", "accounts_user", [_FROM_USER], "OLD.name <> NEW.name"),
    ]
    statements = []
    if postgresql:
        # One function per body (the membership's and the user's two triggers share theirs).
        functions = dict(zip(
            [t[0] for t in triggers if t[0] not in (membership[0], user[0])], FUNCTIONS,
            strict=True,
        ))  # fmt: skip
        functions[membership[0]], functions[user[0]] = functions[membership[1]], functions[user[1]]
        written = set()
        for name, when, table, body, condition in triggers:
            function = functions[name]
            if function not in written:
                written.add(function)
                statements.append(
                    f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$"
                    f" BEGIN {'; '.join(body)}; RETURN NULL; END $$ LANGUAGE plpgsql"
                )
            statements.append(
                f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW"
                f"{f' WHEN ({condition})' if condition else ''} EXECUTE FUNCTION {function}()"
            )
    else:
        for name, when, table, body, condition in triggers:
            statements.append(
                f"CREATE TRIGGER {name} {when} ON {table}"
                f"{f' WHEN {condition}' if condition else ''} BEGIN {'; '.join(body)}; END"
            )
    return statements


def install_triggers(connection) -> None:
    """The triggers that keep the subtree keys, installed (again); the rows are put right
    first (also the repair after a load that bypassed them)."""
    drop_triggers(connection)
    with connection.cursor() as cursor:
        for statement in _REPAIR:
            cursor.execute(statement)
        for statement in _statements(connection.vendor == "postgresql"):
            cursor.execute(statement)


def drop_triggers(connection, triggers=TRIGGERS, functions=FUNCTIONS) -> None:
    """Drop `triggers` ({table: [trigger names]}) and, on PostgreSQL, their `functions`: the
    subtree keys' by default (or the team memberships' own name keys', orgs 0005 and 0007)."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for table, names in triggers.items():
            for name in names:
                cursor.execute(
                    f"DROP TRIGGER IF EXISTS {name}{f' ON {table}' if postgresql else ''}"
                )
        if postgresql:
            for function in functions:
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")


def stored_rows(organization_id: int) -> set[tuple[int, int, str]]:
    """{(ancestor team, membership, name key)} of the organization's teams."""
    from mubiao.orgs.models import TeamSubtreeMember

    rows = TeamSubtreeMember.objects.filter(ancestor__organization_id=organization_id)
    return set(rows.values_list("ancestor_id", "membership_id", "name_key"))


def expected_rows(organization_id: int) -> set[tuple[int, int, str]]:
    """stored_rows as they should be, recomputed in Python from the team tree's parent links
    (not the closure), the team memberships, the memberships and the names."""
    from mubiao.orgs.models import Membership, Team, TeamMember

    parents = dict(Team.objects.filter(organization_id=organization_id).values_list("id", "parent"))
    names = dict(
        Membership.objects.filter(organization_id=organization_id, is_active=True).values_list(
            "id", "user__name"
        )
    )
    rows = set()
    memberships = TeamMember.objects.filter(team__organization_id=organization_id)
    for team, member in memberships.values_list("team_id", "membership_id"):
        above = team
        while above is not None and member in names:
            rows.add((above, member, names[member] or ""))
            above = parents[above]
    return rows
