"""Keep each objective's `owner_chain` equal to its owner's place in the manager tree: the
owner's `lo` (orgs.models.ManagerRange) for a published objective owned by a person, 0 for a
draft, a team's objective or an owner with no range. The visibility condition lets a member's
managers see a published objective of theirs (orgs.permissions), so the objectives whose
`owner_chain` lies in a reader's (lo, hi] are seen by the reader: one index range that
insights.selectors.hidden_objectives need not test row by row. 0 is in no range, so a row
the triggers could not number is tested as before, never taken as seen.

Database triggers, so that every write keeps it whatever makes it (the services, imports,
bulk_create, a queryset's update(), raw SQL): an objective inserted, or its owner, state or
number written, takes the number its owner has; a range written or deleted passes to its
member's objectives. `install_triggers` also puts every row right (after a load that bypassed
triggers), and `wrong_rows` counts the rows that differ (`mubiao closures --check`)."""

OBJECTIVES = "okrs_objective"
RANGES = "orgs_managerrange"
OBJECTIVE_TRIGGERS = ["okrs_objective_owner_chain_insert", "okrs_objective_owner_chain_update"]
RANGE_TRIGGERS = [
    "orgs_managerrange_chain_insert",
    "orgs_managerrange_chain_update",
    "orgs_managerrange_chain_delete",
]
TRIGGERS = {OBJECTIVES: OBJECTIVE_TRIGGERS, RANGES: RANGE_TRIGGERS}
FUNCTIONS = ["okrs_objective_owner_chain", "orgs_managerrange_chain"]


def _number(row: str, lock: str = "") -> str:
    """The number the objective `row` (NEW, or the table's own name) must carry. `lock`: the
    range row read FOR SHARE (PostgreSQL's trigger), so that an objective written while its
    owner is renumbered waits for the new number, or holds the renumbering until it is
    committed, when the range's trigger then finds it: never a number left from before."""
    return (
        f"(CASE WHEN {row}.state = 'draft' THEN 0 ELSE COALESCE((SELECT r.lo FROM {RANGES} r"  # noqa: S608 (constant names)
        f" WHERE r.member_id = {row}.owner_member_id{lock}), 0) END)"
    )


# The objectives of the range's member whose number differs, set afresh ({row}: NEW or OLD).
_FOLLOW = (
    f"UPDATE {OBJECTIVES} SET owner_chain = {_number(OBJECTIVES)}"  # noqa: S608 (constant names)
    " WHERE owner_member_id = {row}.member_id"
    f" AND owner_chain <> {_number(OBJECTIVES)}"
)


def _statements(postgresql: bool) -> list[str]:
    follow_new, follow_old = _FOLLOW.format(row="NEW"), _FOLLOW.format(row="OLD")
    inserted, updated, deleted = RANGE_TRIGGERS
    if postgresql:
        return [
            f"CREATE OR REPLACE FUNCTION {FUNCTIONS[0]}() RETURNS trigger AS $$"
            f" BEGIN NEW.owner_chain := {_number('NEW', ' FOR SHARE')}; RETURN NEW; END $$"
            " LANGUAGE plpgsql",
            f"CREATE TRIGGER {OBJECTIVE_TRIGGERS[0]} BEFORE INSERT ON {OBJECTIVES}"
            f" FOR EACH ROW EXECUTE FUNCTION {FUNCTIONS[0]}()",
            f"CREATE TRIGGER {OBJECTIVE_TRIGGERS[1]} BEFORE UPDATE OF owner_member_id, state,"
            f" owner_chain ON {OBJECTIVES} FOR EACH ROW EXECUTE FUNCTION {FUNCTIONS[0]}()",
            f"CREATE OR REPLACE FUNCTION {FUNCTIONS[1]}() RETURNS trigger AS $$ BEGIN"
            f" IF TG_OP = 'DELETE' THEN {follow_old}; ELSE {follow_new}; END IF;"
            " RETURN NULL; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {inserted} AFTER INSERT ON {RANGES}"
            f" FOR EACH ROW EXECUTE FUNCTION {FUNCTIONS[1]}()",
            f"CREATE TRIGGER {updated} AFTER UPDATE OF lo ON {RANGES} FOR EACH ROW"
            f" WHEN (OLD.lo <> NEW.lo) EXECUTE FUNCTION {FUNCTIONS[1]}()",
            f"CREATE TRIGGER {deleted} AFTER DELETE ON {RANGES}"
            f" FOR EACH ROW EXECUTE FUNCTION {FUNCTIONS[1]}()",
        ]
    # SQLite: AFTER triggers setting the row's own number (a trigger's own writes do not fire
    # it again: recursive triggers are off).
    own = f"UPDATE {OBJECTIVES} SET owner_chain = {_number('NEW')} WHERE id = NEW.id"  # noqa: S608
    return [
        f"CREATE TRIGGER {OBJECTIVE_TRIGGERS[0]} AFTER INSERT ON {OBJECTIVES} BEGIN {own}; END",
        f"CREATE TRIGGER {OBJECTIVE_TRIGGERS[1]} AFTER UPDATE OF owner_member_id, state,"
        f" owner_chain ON {OBJECTIVES} WHEN NEW.owner_chain IS NOT {_number('NEW')}"
        f" BEGIN {own}; END",
        f"CREATE TRIGGER {inserted} AFTER INSERT ON {RANGES} BEGIN {follow_new}; END",
        f"CREATE TRIGGER {updated} AFTER UPDATE OF lo ON {RANGES} WHEN OLD.lo <> NEW.lo"
        f" BEGIN {follow_new}; END",
        f"CREATE TRIGGER {deleted} AFTER DELETE ON {RANGES} BEGIN {follow_old}; END",
    ]


def repair(connection, organization_id: int | None = None) -> int:
    """Set every objective's number (of one organization, or all) that differs; how many."""
    where = "" if organization_id is None else " AND organization_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {OBJECTIVES} SET owner_chain = {_number(OBJECTIVES)}"  # noqa: S608
            f" WHERE owner_chain <> {_number(OBJECTIVES)}{where}",
            [] if organization_id is None else [organization_id],
        )
        return cursor.rowcount


def wrong_rows(connection, organization_id: int) -> int:
    """How many of the organization's objectives carry another number than their owner's."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {OBJECTIVES} WHERE organization_id = %s"  # noqa: S608
            f" AND owner_chain <> {_number(OBJECTIVES)}",
            [organization_id],
        )
        return cursor.fetchone()[0]


def install_triggers(connection) -> None:
    """The triggers, installed (again), and every row put right."""
    from mubiao.orgs.subtree_keys import drop_triggers

    drop_triggers(connection, TRIGGERS, FUNCTIONS)
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor == "postgresql"):
            cursor.execute(statement)
    repair(connection)


def uninstall_triggers(connection) -> None:
    from mubiao.orgs.subtree_keys import drop_triggers

    drop_triggers(connection, TRIGGERS, FUNCTIONS)
