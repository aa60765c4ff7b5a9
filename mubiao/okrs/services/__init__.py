"""Every write to cycles and OKRs, each in one transaction that also writes the activity log.

Views and API endpoints call these functions and nothing else to change data. Each takes the
acting Membership first, checks permissions (orgs.permissions), validates its input (raising
ValidationError with per-field messages in the person's language), writes, and keeps the cached
progress and pace status of the touched key results, objectives and every aligned ancestor
correct.

Lock order: see `progress` (the docstring of okrs/services/progress.py).

Every write function runs in `write_transaction`: should two writes still deadlock (an
alignment chain changed between reading and locking it), the outermost transaction is re-run.
"""

from mubiao.okrs.services._common import (
    ANY_VERSION,
    Conflict,
    archived_refusal,
    closed_refusal,
    log,
    log_all,
    read_share,
    stored_values,
)
from mubiao.okrs.services.check_ins import check_in
from mubiao.okrs.services.comments import (
    MENTION_RE,
    Mentions,
    add_comment,
    find_mentions,
)
from mubiao.okrs.services.cycles import (
    CYCLE_TRANSITIONS,
    YEAR_PARTS,
    YearCycles,
    create_cycle,
    create_year,
    delete_cycle,
    prepare_next_cycle,
    set_cycle_state,
    unfinished_objectives,
    update_cycle,
)
from mubiao.okrs.services.grading import grade_key_result, grade_objective, suggested_scores
from mubiao.okrs.services.key_results import (
    KEY_RESULT_FIELDS,
    archive_key_result,
    create_key_result,
    reorder_key_results,
    restore_key_result,
    scale_slips_of,
    stored_as,
    update_key_result,
)
from mubiao.okrs.services.objectives import (
    OBJECTIVE_FIELDS,
    align_objective,
    archive_objective,
    copy_objective,
    create_objective,
    filing_team,
    move_objective,
    reorder_objectives,
    restore_objective,
    update_objective,
)
from mubiao.okrs.services.progress import (
    COUNTED_CHILD_STATES,
    MAX_STORED_PROGRESS,
    recompute_objective,
    recompute_organization,
    refresh_cycle,
)

__all__ = [
    "ANY_VERSION",
    "COUNTED_CHILD_STATES",
    "CYCLE_TRANSITIONS",
    "KEY_RESULT_FIELDS",
    "MAX_STORED_PROGRESS",
    "MENTION_RE",
    "OBJECTIVE_FIELDS",
    "YEAR_PARTS",
    "Conflict",
    "Mentions",
    "YearCycles",
    "add_comment",
    "align_objective",
    "archive_key_result",
    "archive_objective",
    "archived_refusal",
    "check_in",
    "closed_refusal",
    "copy_objective",
    "create_cycle",
    "create_key_result",
    "create_objective",
    "create_year",
    "delete_cycle",
    "filing_team",
    "find_mentions",
    "grade_key_result",
    "grade_objective",
    "log",
    "log_all",
    "move_objective",
    "prepare_next_cycle",
    "read_share",
    "recompute_objective",
    "recompute_organization",
    "refresh_cycle",
    "reorder_key_results",
    "reorder_objectives",
    "restore_key_result",
    "restore_objective",
    "scale_slips_of",
    "set_cycle_state",
    "stored_as",
    "stored_values",
    "suggested_scores",
    "unfinished_objectives",
    "update_cycle",
    "update_key_result",
    "update_objective",
]
