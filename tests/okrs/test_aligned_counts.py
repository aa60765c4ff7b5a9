"""The kept counts of aligned children (okrs.aligned) stay equal to a recomputation from the
alignment links after any sequence of writes: creating aligned objectives, aligning and
unaligning, changing visibility, archiving and restoring, copying to another cycle, and rows
deleted directly."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mubiao.okrs import aligned, services
from mubiao.okrs.demo import create_demo
from mubiao.okrs.models import KeyResult, Objective
from tests.conftest import make_objective

OPERATIONS = (
    "create",
    "align_to_objective",
    "align_to_key_result",
    "unalign",
    "visibility",
    "archive",
    "restore",
    "copy",
    "delete_key_result",
    "delete_objective",
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
        counts[target][1] += visibility == Objective.Visibility.PUBLIC
    return {pk: tuple(n) for pk, n in counts.items()}


def _apply(world, operation: str, a: int, b: int, serial: int) -> None:
    admin = world.admin
    objectives = list(Objective.objects.filter(organization=world.org).order_by("pk"))
    krs = list(KeyResult.objects.filter(organization=world.org).order_by("pk"))
    if not objectives:
        return
    objective = objectives[a % len(objectives)]
    other = objectives[b % len(objectives)]
    kr = krs[b % len(krs)] if krs else None
    if operation == "create":
        parent = {0: {}, 1: {"parent_objective": other}}.get(b % 3, {"parent_key_result": kr})
        make_objective(
            admin,
            world.cycle,
            f"O{serial}",
            owner_member=[world.alice, world.bob, world.lead][a % 3],
            visibility=VISIBILITIES[a % len(VISIBILITIES)],
            **parent,
        )
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
    elif operation == "delete_key_result" and kr is not None:
        kr.delete()  # code deleting a row directly: children lose their parent (SET_NULL)
    elif operation == "delete_objective":
        objective.delete()


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
            _seed(world)
            assert stored(world.org) == expected(world.org)
            for serial, (operation, a, b) in enumerate(steps):
                try:
                    with transaction.atomic():
                        _apply(world, operation, a, b, serial)
                except ValidationError:
                    pass  # refused (a loop, a closed cycle): nothing may have changed
                assert stored(world.org) == expected(world.org), (serial, operation)
            raise Rollback
    except Rollback:
        world.extra.pop("next", None)


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


def test_the_demo_and_a_recount(db):
    org = create_demo()
    assert stored(org) == expected(org)
    assert any(n for n, _ in stored(org).values())
    Objective.objects.filter(organization=org).update(aligned_count=7, aligned_public_count=7)
    aligned.recount(Objective.objects.filter(organization=org))
    assert stored(org) == expected(org)
