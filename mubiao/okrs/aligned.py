"""Kept counts of the objectives aligned to each objective (the alignment tree's "has children").

`Objective.aligned_count` counts the objectives that are not archived and are aligned to the
objective or to one of its key results; `Objective.aligned_public_count` those among them that
anyone may see (public and published: orgs.permissions.open_to_all_q; a draft is seen by its
editors only). The database keeps them (triggers installed by okrs 0022, again by 0028, on SQLite
and PostgreSQL): every insert, delete, or change of a row's parent, state or visibility adds or
takes one from its parent's counts, whatever wrote it (the services, bulk_create, COPY, a direct
UPDATE, a shell); a key result inserted, deleted or moved carries the counts of its children the
same way. So readers may start from them where a row written behind the services' back must still
be found (the alignment tree's objectives under a hidden parent). A key result moved to another
objective takes its children's counts with it. Closing or reopening a cycle changes no count.

Why triggers rather than the services: the services once recounted the old and the new parent,
but a security test aligns a child with a direct UPDATE, and the list of objectives under hidden
parents (okrs.selectors) would have lost it. Why not Django signals: a post_init receiver costs
every Objective read, and neither signals nor the services see a queryset's update().

SQLite drops a table's triggers when a migration remakes the table (its way of altering a
column): tests/okrs/test_aligned_counts.py checks that they exist after every migration, and a
migration that remakes okrs_objective or okrs_keyresult must call `install_triggers` again.

Readers (okrs.selectors.with_children_flag) answer "does this reader see an aligned objective?"
from the counts for everyone who sees every objective (admins) and whenever a public child
exists or no child exists; only an objective whose children are all team or private asks the
database about the reader's visibility, for that row alone.
"""

# The parent objective of a row (OLD or NEW): its parent objective, or its key result's.
_PARENT = (
    "COALESCE({row}.parent_objective_id, (SELECT kr.objective_id FROM okrs_keyresult kr"
    " WHERE kr.id = {row}.parent_key_result_id))"
)
# Add `sign` to the counts of the parent of `row` when `row` is live.
_ADD = (
    "UPDATE okrs_objective SET aligned_count = aligned_count {sign} 1,"  # noqa: S608 (constants)
    " aligned_public_count = aligned_public_count {sign} {public}"
    " WHERE {row}.state <> 'archived' AND id = " + _PARENT
)
# Whether a row (OLD or NEW) is open to all: public and not a draft.
_OPEN = "{row}.visibility = 'public' AND {row}.state <> 'draft'"
# What a row's change of parent, state or visibility means for the counts.
_CHANGED = (
    "OLD.parent_objective_id IS DISTINCT FROM NEW.parent_objective_id"
    " OR OLD.parent_key_result_id IS DISTINCT FROM NEW.parent_key_result_id"
    " OR OLD.state IS DISTINCT FROM NEW.state OR OLD.visibility IS DISTINCT FROM NEW.visibility"
)
_TRACKED = "parent_objective_id, parent_key_result_id, state, visibility"
# The live children of a key result (OLD or NEW) count for its objective: a key result inserted
# after its children (a bulk load with deferred foreign keys), deleted before they let go of it,
# or moved to another objective takes their counts with it.
_KR_CHILDREN = (
    "UPDATE okrs_objective SET"
    " aligned_count = aligned_count {sign} (SELECT COUNT(*) FROM okrs_objective c"
    " WHERE c.parent_key_result_id = {row}.id AND c.state <> 'archived'),"
    " aligned_public_count = aligned_public_count {sign} (SELECT COUNT(*) FROM okrs_objective c"
    " WHERE c.parent_key_result_id = {row}.id AND c.state <> 'archived'"
    " AND c.visibility = 'public' AND c.state <> 'draft')"
    " WHERE id = {row}.objective_id"
)


def _sqlite(public: str) -> list[str]:
    def add(sign, row):
        return _ADD.format(sign=sign, row=row, public=public.format(row=row))

    changed = _CHANGED.replace("IS DISTINCT FROM", "IS NOT")
    return [
        "CREATE TRIGGER okrs_objective_aligned_insert AFTER INSERT ON okrs_objective"
        f" BEGIN {add('+', 'NEW')}; END",
        "CREATE TRIGGER okrs_objective_aligned_delete AFTER DELETE ON okrs_objective"
        f" BEGIN {add('-', 'OLD')}; END",
        f"CREATE TRIGGER okrs_objective_aligned_update AFTER UPDATE OF {_TRACKED}"
        f" ON okrs_objective WHEN {changed}"
        f" BEGIN {add('-', 'OLD')}; {add('+', 'NEW')}; END",
        "CREATE TRIGGER okrs_keyresult_aligned_insert AFTER INSERT ON okrs_keyresult"
        f" BEGIN {_KR_CHILDREN.format(sign='+', row='NEW')}; END",
        "CREATE TRIGGER okrs_keyresult_aligned_delete AFTER DELETE ON okrs_keyresult"
        f" BEGIN {_KR_CHILDREN.format(sign='-', row='OLD')}; END",
        "CREATE TRIGGER okrs_keyresult_aligned_update AFTER UPDATE OF objective_id"
        " ON okrs_keyresult WHEN OLD.objective_id IS NOT NEW.objective_id"
        f" BEGIN {_KR_CHILDREN.format(sign='-', row='OLD')};"
        f" {_KR_CHILDREN.format(sign='+', row='NEW')}; END",
    ]


def _postgresql() -> list[str]:
    def add(sign, row):
        public = f"({_OPEN.format(row=row)})::int"
        return _ADD.format(sign=sign, row=row, public=public)

    return [
        "CREATE OR REPLACE FUNCTION okrs_objective_aligned() RETURNS trigger"
        " LANGUAGE plpgsql AS $$ BEGIN"
        f" IF TG_OP <> 'INSERT' THEN {add('-', 'OLD')}; END IF;"
        f" IF TG_OP <> 'DELETE' THEN {add('+', 'NEW')}; END IF;"
        " RETURN NULL; END $$",
        "CREATE OR REPLACE FUNCTION okrs_keyresult_aligned() RETURNS trigger"
        " LANGUAGE plpgsql AS $$ BEGIN"
        f" IF TG_OP <> 'INSERT' THEN {_KR_CHILDREN.format(sign='-', row='OLD')}; END IF;"
        f" IF TG_OP <> 'DELETE' THEN {_KR_CHILDREN.format(sign='+', row='NEW')}; END IF;"
        " RETURN NULL; END $$",
        "CREATE TRIGGER okrs_objective_aligned_insert AFTER INSERT ON okrs_objective"
        " FOR EACH ROW EXECUTE FUNCTION okrs_objective_aligned()",
        "CREATE TRIGGER okrs_objective_aligned_delete AFTER DELETE ON okrs_objective"
        " FOR EACH ROW EXECUTE FUNCTION okrs_objective_aligned()",
        f"CREATE TRIGGER okrs_objective_aligned_update AFTER UPDATE OF {_TRACKED}"
        f" ON okrs_objective FOR EACH ROW WHEN ({_CHANGED})"
        " EXECUTE FUNCTION okrs_objective_aligned()",
        "CREATE TRIGGER okrs_keyresult_aligned_insert AFTER INSERT ON okrs_keyresult"
        " FOR EACH ROW EXECUTE FUNCTION okrs_keyresult_aligned()",
        "CREATE TRIGGER okrs_keyresult_aligned_delete AFTER DELETE ON okrs_keyresult"
        " FOR EACH ROW EXECUTE FUNCTION okrs_keyresult_aligned()",
        "CREATE TRIGGER okrs_keyresult_aligned_update AFTER UPDATE OF objective_id"
        " ON okrs_keyresult FOR EACH ROW WHEN (OLD.objective_id IS DISTINCT FROM NEW.objective_id)"
        " EXECUTE FUNCTION okrs_keyresult_aligned()",
    ]


TRIGGERS = (
    "okrs_objective_aligned_insert",
    "okrs_objective_aligned_delete",
    "okrs_objective_aligned_update",
    "okrs_keyresult_aligned_insert",
    "okrs_keyresult_aligned_delete",
    "okrs_keyresult_aligned_update",
)


def drop_triggers(connection, names=TRIGGERS) -> None:
    """Drop these triggers on the objective and key result tables (a name holding "keyresult"
    is on the key results'): these counts' by default, or insights.figures' (its TRIGGERS)."""
    with connection.cursor() as cursor:
        for name in names:
            table = "okrs_keyresult" if "keyresult" in name else "okrs_objective"
            on = f" ON {table}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")


def install_triggers(connection) -> None:
    """Create the triggers that keep the counts (replacing them where they exist), then set
    every objective's counts from its children, so that the triggers start from true figures.
    Also the repair after a load that bypassed them (triggers disabled for speed)."""
    drop_triggers(connection)
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            statements = _postgresql()
        elif vendor == "sqlite":
            statements = _sqlite(f"(CASE WHEN {_OPEN} THEN 1 ELSE 0 END)")
        else:
            raise NotImplementedError(f"kept aligned counts on {vendor}")
        for statement in statements:
            cursor.execute(statement)
        cursor.execute(_RECOUNT_ALL)


# Every objective's counts from its children, in SQL (a migration runs it: no model code): two
# correlated counts each, read off the parent indexes (children by parent objective; key
# results by objective, then children by parent key result).
_CHILDREN = """(SELECT COUNT(*) FROM okrs_objective c
  WHERE c.parent_objective_id = okrs_objective.id AND c.state <> 'archived'{public})
  + (SELECT COUNT(*) FROM okrs_keyresult kr JOIN okrs_objective c ON c.parent_key_result_id = kr.id
  WHERE kr.objective_id = okrs_objective.id AND c.state <> 'archived'{public})"""
_RECOUNT_ALL = "UPDATE okrs_objective SET aligned_count = {}, aligned_public_count = {}".format(  # noqa: S608 (constant pieces)
    _CHILDREN.format(public=""),
    _CHILDREN.format(public=" AND c.visibility = 'public' AND c.state <> 'draft'"),
)
