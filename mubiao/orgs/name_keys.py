"""Keep each team membership's name key (orgs.models.TeamMember.name_key) equal to its person's
name (accounts.User.name, what the people table sorts by), so that a team's people in name
order are a range of the (team, name_key, membership) index: a page of a department's people
table reads the page, not every member (issue 14, h14w; insights.selectors.people).

Database triggers, so that every write keeps it, whatever makes it (the services, people
import, directory sync, the API, bulk_create, a queryset's update(), raw SQL):

- a team membership written (inserted, or updated in any column: a row saved whole with a
  stale key is put right) takes its person's name;
- a person renamed (accounts_user.name updated) or inserted (after their membership, as a bulk
  load with deferred foreign keys may) passes the name to their team memberships;
- a membership inserted (after its team memberships) or moved to another user likewise.

A load that bypasses triggers (benchmarks.scale's COPY, with session_replication_role =
replica) calls `install_triggers` afterwards: installing rewrites every key that differs.
"""

TRIGGERS = {
    "orgs_teammember": ["orgs_teammember_name_key_insert", "orgs_teammember_name_key_update"],
    "accounts_user": ["orgs_user_name_key_insert", "orgs_user_name_key_update"],
    "orgs_membership": ["orgs_membership_name_key_insert", "orgs_membership_name_key_update"],
}
FUNCTIONS = ["orgs_teammember_name_key", "orgs_user_name_key", "orgs_membership_name_key"]

# The person's name of the team membership `row` (NEW, or the table's own row).
_NAME_OF = (
    "coalesce((SELECT u.name FROM orgs_membership m JOIN accounts_user u ON u.id = m.user_id"
    " WHERE m.id = {row}.membership_id), '')"
)
# The name passed to the team memberships of a renamed or inserted person (NEW: the user).
_FROM_USER = (
    "UPDATE orgs_teammember SET name_key = NEW.name WHERE name_key <> NEW.name"
    " AND membership_id IN (SELECT id FROM orgs_membership WHERE user_id = NEW.id)"
)
# The user's name passed to the team memberships of a membership (NEW: the membership).
_FROM_MEMBERSHIP = (
    "UPDATE orgs_teammember SET name_key = coalesce((SELECT u.name FROM accounts_user u"
    " WHERE u.id = NEW.user_id), '') WHERE membership_id = NEW.id"
)
# Every key that differs, rewritten (after a load that bypassed the triggers).
_REFILL = "UPDATE orgs_teammember SET name_key = {name} WHERE name_key <> {name}".format(  # noqa: S608 (constant pieces)
    name=_NAME_OF.format(row="orgs_teammember")
)


def _postgresql() -> list[str]:
    def function(name: str, body: str, returns: str) -> str:
        return (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$"
            f" BEGIN {body}; RETURN {returns}; END $$ LANGUAGE plpgsql"
        )

    def trigger(name: str, when: str, table: str, function: str, condition: str = "") -> str:
        return (
            f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW{condition}"
            f" EXECUTE FUNCTION {function}()"
        )

    member, user, membership = TRIGGERS.values()
    return [
        function(FUNCTIONS[0], f"NEW.name_key := {_NAME_OF.format(row='NEW')}", "NEW"),
        function(FUNCTIONS[1], _FROM_USER, "NULL"),
        function(FUNCTIONS[2], _FROM_MEMBERSHIP, "NULL"),
        # Before the row is written: its key is part of the row, no second write.
        trigger(member[0], "BEFORE INSERT", "orgs_teammember", FUNCTIONS[0]),
        trigger(member[1], "BEFORE UPDATE", "orgs_teammember", FUNCTIONS[0]),
        trigger(user[0], "AFTER INSERT", "accounts_user", FUNCTIONS[1]),
        trigger(
            user[1],
            "AFTER UPDATE OF name",
            "accounts_user",
            FUNCTIONS[1],
            " WHEN (OLD.name IS DISTINCT FROM NEW.name)",
        ),
        trigger(membership[0], "AFTER INSERT", "orgs_membership", FUNCTIONS[2]),
        trigger(
            membership[1],
            "AFTER UPDATE OF user_id",
            "orgs_membership",
            FUNCTIONS[2],
            " WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)",
        ),
    ]


def _sqlite() -> list[str]:
    # SQLite's triggers cannot change NEW: the row is written, then its key. The WHEN of the
    # update trigger stops its own write from firing it again (were recursive triggers on).
    member, user, membership = TRIGGERS.values()
    own = "UPDATE orgs_teammember SET name_key = {name} WHERE id = NEW.id".format(  # noqa: S608
        name=_NAME_OF.format(row="NEW")
    )
    return [
        f"CREATE TRIGGER {member[0]} AFTER INSERT ON orgs_teammember BEGIN {own}; END",
        f"CREATE TRIGGER {member[1]} AFTER UPDATE ON orgs_teammember"
        f" WHEN NEW.name_key IS NOT {_NAME_OF.format(row='NEW')} BEGIN {own}; END",
        f"CREATE TRIGGER {user[0]} AFTER INSERT ON accounts_user BEGIN {_FROM_USER}; END",
        f"CREATE TRIGGER {user[1]} AFTER UPDATE OF name ON accounts_user"
        f" WHEN OLD.name IS NOT NEW.name BEGIN {_FROM_USER}; END",
        f"CREATE TRIGGER {membership[0]} AFTER INSERT ON orgs_membership"
        f" BEGIN {_FROM_MEMBERSHIP}; END",
        f"CREATE TRIGGER {membership[1]} AFTER UPDATE OF user_id ON orgs_membership"
        f" WHEN OLD.user_id IS NOT NEW.user_id BEGIN {_FROM_MEMBERSHIP}; END",
    ]


def install_triggers(connection) -> None:
    """The triggers that keep the name keys, installed (again); every key that differs from its
    person's name is rewritten first (also the repair after a load that bypassed them)."""
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(_REFILL)
        for statement in _postgresql() if connection.vendor == "postgresql" else _sqlite():
            cursor.execute(statement)


def drop_triggers(connection, triggers=TRIGGERS, functions=FUNCTIONS) -> None:
    """Drop `triggers` ({table: [trigger names]}) and, on PostgreSQL, their `functions`: the
    name keys' by default, or the subtree keys' (subtree_keys)."""
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


def stored_keys(organization_id: int) -> dict[int, str]:
    """{team membership id: its name key} of the organization's team memberships."""
    from mubiao.orgs.models import TeamMember

    rows = TeamMember.objects.filter(team__organization_id=organization_id)
    return dict(rows.values_list("pk", "name_key"))


def expected_keys(organization_id: int) -> dict[int, str]:
    """stored_keys as they should be: each person's name, read afresh."""
    from mubiao.orgs.models import TeamMember

    rows = TeamMember.objects.filter(team__organization_id=organization_id)
    return dict(rows.values_list("pk", "membership__user__name"))
