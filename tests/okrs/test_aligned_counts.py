"""The kept counts of aligned children (okrs.aligned: database triggers) stay equal to a
recomputation from the alignment links after any sequence of writes through every path that
writes objectives: creating (aligned, archived), aligning and unaligning, changing visibility,
archiving and restoring, copying to another cycle, importing a file, closing and reopening the
cycle, rows bulk-created, direct UPDATEs of parents, visibility and state (as the security
tests align), key results moved to another objective, and bulk deletes of objectives and key
results."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_init, post_save
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mubiao.okrs import aligned, services
from mubiao.okrs.demo import create_demo
from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.conftest import make_objective, trigger_names

OPERATIONS = (
    "create",
    "create_archived",
    "align_to_objective",
    "align_to_key_result",
    "unalign",
    "visibility",
    "archive",
    "restore",
    "copy",
    "import",
    "close_or_reopen",
    "bulk_create",
    "direct_update",
    "move_key_result",
    "delete_key_results",
    "delete_objectives",
)
VISIBILITIES = [v for v, _ in Objective.Visibility.choices]


class Rollback(Exception):
    """Undo one example's writes (hypothesis runs many examples in one test's database)."""


def stored(org) -> dict[int, tuple[int, int]]:
    return {
        pk: (n, public)
        for pk, n, public in Objective.objects.filter(organization=org).values_list(
            "pk", "aligned_count", "aligned_public_count"
        )
    }


def expected(org) -> dict[int, tuple[int, int]]:
    """The counts worked out again from every objective's parent, in Python."""
    objective_of_kr = dict(
        KeyResult.objects.filter(organization=org).values_list("pk", "objective_id")
    )
    ids = Objective.objects.filter(organization=org).values_list("pk", flat=True)
    counts = {pk: [0, 0] for pk in ids}
    rows = Objective.objects.filter(organization=org).values_list(
        "parent_objective_id", "parent_key_result_id", "state", "visibility"
    )
    for parent, parent_kr, state, visibility in rows:
        target = parent or objective_of_kr.get(parent_kr)
        if target is None or state == Objective.State.ARCHIVED:
            continue
        counts[target][0] += 1
        # Open to all: public and published (a draft is seen by its editors only).
        counts[target][1] += visibility == Objective.Visibility.PUBLIC and state != "draft"
    return {pk: tuple(n) for pk, n in counts.items()}


def _import(world, a: int, b: int, serial: int) -> None:
    """A JSON file of three objectives aligned within it (to an objective, to a key result)."""

    def objective(ref, aligned_to, visibility, state="active"):
        return {"ref": ref, "title": f"I{serial} {ref}", "aligned_to": aligned_to,
                "visibility": visibility, "state": state,
                "key_results": [{"ref": f"{ref}.KR1", "title": "KR", "metric_type": "number",
                                 "start": "0", "target": "10"}]}  # fmt: skip

    objectives = [
        objective("A", None, VISIBILITIES[a % 3]),
        objective("B", "A", VISIBILITIES[b % 3]),
        objective("C", "A.KR1", VISIBILITIES[(a + b) % 3], ("active", "archived")[b % 2]),
    ]
    data = json.dumps({"format": "mubiao.okrs", "version": 1, "objectives": objectives})
    try:
        import_okrs(world.admin, file_name="i.json", data=data.encode(), cycle=world.cycle)
    except ImportFailed as refused:
        raise ValidationError(str(refused)) from None  # a closed cycle: nothing written


def _close_or_reopen(world) -> None:
    steps = ("grading", "closed") if world.cycle.state == "active" else ("grading", "active")
    for state in steps:
        services.set_cycle_state(world.admin, world.cycle, state)


def _apply(world, operation: str, a: int, b: int, serial: int) -> bool:
    """Write through the path `operation` names; False when it does not apply to this row."""
    admin = world.admin
    objectives = list(Objective.objects.filter(organization=world.org).order_by("pk"))
    krs = list(KeyResult.objects.filter(organization=world.org).order_by("pk"))
    if not objectives:
        return False
    objective = objectives[a % len(objectives)]
    other = objectives[b % len(objectives)]
    kr = krs[b % len(krs)] if krs else None
    parent = {0: {}, 1: {"parent_objective": other}}.get(b % 3, {"parent_key_result": kr})
    if operation == "create":
        make_objective(
            admin,
            world.cycle,
            f"O{serial}",
            owner_member=[world.alice, world.bob, world.lead][a % 3],
            visibility=VISIBILITIES[a % len(VISIBILITIES)],
            **parent,
        )
    elif operation == "create_archived":
        make_objective(admin, world.cycle, f"O{serial}", state="archived", **parent)
    elif operation == "align_to_objective":
        services.align_objective(admin, objective, parent_objective=other)
    elif operation == "align_to_key_result" and kr is not None:
        services.align_objective(admin, objective, parent_key_result=kr)
    elif operation == "unalign":
        services.align_objective(admin, objective)
    elif operation == "visibility":
        services.update_objective(admin, objective, visibility=VISIBILITIES[b % 3])
    elif operation == "archive" and objective.state != Objective.State.ARCHIVED:
        services.archive_objective(admin, objective)
    elif operation == "restore" and objective.state == Objective.State.ARCHIVED:
        services.restore_objective(admin, objective)
    elif operation == "copy" and objective.state != Objective.State.ARCHIVED:
        next_cycle = world.extra.get("next")
        if next_cycle is None:
            next_cycle = world.extra["next"] = services.create_cycle(
                admin,
                name=f"next {serial}",
                kind="quarter",
                start_date=world.cycle.end_date + dt.timedelta(days=1),
                end_date=world.cycle.end_date + dt.timedelta(days=90),
            )
        services.prepare_next_cycle(admin, [objective], next_cycle)
    elif operation == "import":
        _import(world, a, b, serial)
    elif operation == "close_or_reopen":
        _close_or_reopen(world)
    elif operation == "bulk_create":
        Objective.objects.bulk_create(
            Objective(organization=world.org, cycle=world.cycle, owner_type="person",
                      owner_member=world.alice, team=world.product, title=f"B{serial}.{i}",
                      visibility=VISIBILITIES[(a + i) % 3], position=100 + i,
                      state=("active", "archived")[i == 2],
                      parent_objective=other if i % 2 else None,
                      parent_key_result=None if i % 2 else kr)
            for i in range(3)
        )  # fmt: skip
    elif operation == "direct_update":
        # Behind the services' back, as a shell or a test would: no Python code recounts.
        change = [{"parent_objective": None, "parent_key_result": None, **parent},
                  {"visibility": VISIBILITIES[b % 3]},
                  {"state": ("active", "archived", "draft")[b % 3]}][a % 3]  # fmt: skip
        target = change.get("parent_objective") or (
            kr.objective if change.get("parent_key_result") else None
        )
        if target is not None and (
            target == objective
            or Objective.objects.filter(
                Q(parent_objective=objective) | Q(parent_key_result__objective=objective)
            ).exists()
        ):
            return False  # no loop check here: align only objectives nothing supports
        Objective.objects.filter(pk__in=[objective.pk]).update(**change)
    elif operation == "move_key_result" and kr is not None and kr.objective_id != objective.pk:
        KeyResult.objects.filter(pk=kr.pk).update(objective=objective)
    elif operation == "delete_key_results" and kr is not None:
        # Children lose their parent (SET_NULL).
        KeyResult.objects.filter(pk__in=[kr.pk, krs[a % len(krs)].pk]).delete()
    elif operation == "delete_objectives":
        Objective.objects.filter(pk__in=[objective.pk, other.pk]).delete()
    else:
        return False
    return True


def _seed(world) -> None:
    top = make_objective(world.admin, world.cycle, "Top", owner_type="organization", krs=2)
    make_objective(world.admin, world.cycle, "Mid", owner_member=world.lead, parent_objective=top)
    make_objective(
        world.admin,
        world.cycle,
        "Low",
        owner_member=world.alice,
        visibility="private",
        parent_key_result=top.key_results.first(),
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 50), st.integers(0, 50)),
        max_size=12,
    )
)
def test_kept_counts_equal_a_recomputation_after_any_writes(world, steps):
    try:
        with transaction.atomic():
            _run(world, steps)
            raise Rollback
    except Rollback:
        world.extra.pop("next", None)
        world.cycle.refresh_from_db()  # the state a rolled-back close left in memory


def _run(world, steps) -> set[str]:
    """Seed, apply `steps`, check the counts after each; returns the operations that wrote."""
    _seed(world)
    assert stored(world.org) == expected(world.org)
    wrote = set()
    for serial, (operation, a, b) in enumerate(steps):
        try:
            with transaction.atomic():
                if _apply(world, operation, a, b, serial):
                    wrote.add(operation)
        except ValidationError:
            pass  # refused (a loop, a closed cycle): nothing may have changed
        world.cycle.refresh_from_db()
        assert stored(world.org) == expected(world.org), (serial, operation)
    return wrote


# Every path at least once, whatever hypothesis draws (each step applies to the rows there).
EVERY_PATH = [
    ("create", 1, 1), ("create", 2, 2), ("create_archived", 0, 1), ("import", 1, 1),
    ("align_to_objective", 1, 0), ("align_to_key_result", 4, 0), ("unalign", 2, 0),
    ("visibility", 4, 2), ("archive", 3, 0), ("restore", 3, 0), ("copy", 0, 0),
    ("bulk_create", 0, 4), ("direct_update", 0, 1), ("direct_update", 1, 2),
    ("direct_update", 2, 1), ("direct_update", 2, 2), ("move_key_result", 1, 0),
    ("delete_key_results", 0, 1), ("delete_objectives", 1, 5),
    ("close_or_reopen", 0, 0), ("visibility", 4, 0), ("close_or_reopen", 0, 0),
    ("archive", 4, 0),
]  # fmt: skip


def test_every_write_path_keeps_the_counts(world):
    assert _run(world, EVERY_PATH) == set(OPERATIONS)


def count_writes(write) -> int:
    """How many statements `write` sends that set the kept counts (the triggers' own do not
    pass through Django)."""
    with CaptureQueriesContext(connection) as captured:
        write()
    sets = [q["sql"].split(" WHERE ")[0] for q in captured.captured_queries]
    return sum(sql.startswith("UPDATE") and '"aligned_count" =' in sql for sql in sets)


def test_no_python_keeps_the_counts_and_the_triggers_exist(world):
    """No signal receiver works on every Objective read, saved or deleted, and no service
    statement sets the counts: the database's triggers do, and they are there after every
    migration (SQLite drops a table's triggers when a migration remakes the table)."""
    assert not any(
        signal.has_listeners(model)
        for signal in (post_init, post_save, post_delete)
        for model in (Objective, KeyResult)
    )
    assert set(aligned.TRIGGERS) <= trigger_names()
    _seed(world)
    top, mid, low = Objective.objects.filter(organization=world.org).order_by("pk")
    kr = top.key_results.last()
    for write in (
        lambda: services.align_objective(world.admin, low, parent_key_result=kr),
        lambda: services.update_objective(world.admin, low, visibility="team"),
        lambda: services.archive_objective(world.admin, mid),
        lambda: top.key_results.all().delete(),
    ):
        assert count_writes(write) == 0
        assert stored(world.org) == expected(world.org)


def test_a_child_written_before_its_key_result_counts_once_both_exist(world):
    """A bulk load with deferred foreign keys (benchmarks.scale's COPY) may write a child
    aligned to a key result before the key result itself: the child counts for the key
    result's objective as soon as both rows are there."""
    parent = make_objective(world.admin, world.cycle, "Parent", owner_member=world.lead, krs=0)
    with transaction.atomic():
        child = make_objective(world.admin, world.cycle, "Child", krs=0)
        next_kr = (KeyResult.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 7
        Objective.objects.filter(pk=child.pk).update(parent_key_result_id=next_kr)
        assert stored(world.org)[parent.pk] == (0, 0)
        KeyResult.objects.create(
            pk=next_kr, organization=world.org, objective=parent, title="KR", owner=world.lead
        )
        assert stored(world.org)[parent.pk] == (1, 1) and stored(world.org) == expected(world.org)


def test_a_stale_row_saved_whole_does_not_undo_the_count(world):
    """An objective read before a child was aligned to it, then saved with every field, keeps
    the count its child gave it."""
    parent = make_objective(world.admin, world.cycle, "Parent", owner_member=world.lead)
    stale = Objective.objects.get(pk=parent.pk)
    make_objective(world.admin, world.cycle, "Child", parent_objective=parent)
    stale.title = "Parent, renamed"
    stale.save()
    parent.refresh_from_db()
    assert (parent.title, parent.aligned_count, parent.aligned_public_count) == (
        "Parent, renamed",
        1,
        1,
    )


@pytest.mark.slow
def test_the_demo_and_a_repair(db):
    org = create_demo()
    assert stored(org) == expected(org)
    assert any(n for n, _ in stored(org).values())
    # Counts set by hand (or left by a load with the triggers disabled): installing the
    # triggers again recounts every objective.
    Objective.objects.filter(organization=org).update(aligned_count=7, aligned_public_count=7)
    aligned.install_triggers(connection)
    assert stored(org) == expected(org)
