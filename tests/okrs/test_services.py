"""okrs.services: every write validates, checks permissions, logs, and keeps progress right."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.notify.models import Notification
from mubiao.okrs import selectors, services
from mubiao.okrs.models import Activity, Cycle, KeyResult, Objective
from mubiao.orgs.models import Membership
from tests.conftest import make_objective


def kr(obj: Objective, index: int = 0) -> KeyResult:
    return obj.key_results.order_by("position")[index]


def test_create_objective_with_key_results_logs_and_computes(world):
    obj = services.create_objective(
        world.alice,
        cycle=world.cycle,
        title="  Make renewals effortless  ",
        key_results=[
            {"title": "Renewal rate 95% → 98%", "metric_type": "percent", "start_value": 95,
             "target_value": 98, "unit": "%"},
            {"title": "Ship self-serve billing", "metric_type": "boolean"},
        ],
    )  # fmt: skip
    assert obj.title == "Make renewals effortless"
    assert obj.owner_member == world.alice
    assert obj.team == world.product  # the person's team
    assert [k.title for k in obj.key_results.order_by("position")] == [
        "Renewal rate 95% → 98%",
        "Ship self-serve billing",
    ]
    boolean = kr(obj, 1)
    assert (boolean.start_value, boolean.target_value, boolean.current_value) == (0, 1, 0)
    assert Activity.objects.filter(verb="objective.created", target_id=obj.pk).exists()
    assert Activity.objects.filter(verb="key_result.created").count() == 2


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"title": "   "}, "title"),
        ({"kind": "bogus"}, "kind"),
        ({"visibility": "everyone"}, "visibility"),
        ({"weight": "heavy"}, "weight"),
        ({"owner_type": "team"}, "owner_team"),
    ],
)
def test_create_objective_rejects_bad_input_and_writes_nothing(world, fields, error_field):
    args = {"cycle": world.cycle, "title": "Valid", **fields}
    with pytest.raises(ValidationError) as caught:
        services.create_objective(world.admin, **args)
    assert error_field in caught.value.message_dict
    assert not Objective.objects.exists()


def test_key_result_errors_name_the_row_and_roll_back(world):
    with pytest.raises(ValidationError) as caught:
        services.create_objective(
            world.alice,
            cycle=world.cycle,
            title="Faster support",
            key_results=[
                {"title": "First response 4h → 1h", "start_value": 4, "target_value": 1,
                 "direction": "decrease"},
                {"title": "Backlog", "start_value": 10, "target_value": 5,
                 "direction": "increase"},
            ],
        )  # fmt: skip
    assert "key_results.1.target_value" in caught.value.message_dict
    assert not Objective.objects.exists() and not KeyResult.objects.exists()


def test_due_date_must_fall_in_cycle(world):
    obj = make_objective(world.alice, world.cycle)
    with pytest.raises(ValidationError) as caught:
        services.update_key_result(
            world.alice, kr(obj), due_date=world.cycle.end_date + dt.timedelta(days=1)
        )
    assert "due_date" in caught.value.message_dict


def test_person_cannot_create_for_someone_else_or_edit_theirs(world):
    with pytest.raises(PermissionDenied):
        services.create_objective(
            world.bob, cycle=world.cycle, title="Not mine", owner_member=world.alice
        )
    obj = make_objective(world.alice, world.cycle)
    with pytest.raises(PermissionDenied):
        services.update_objective(world.bob, obj, title="Hijacked")
    with pytest.raises(PermissionDenied):
        services.check_in(world.bob, kr(obj), value=10)


def test_team_lead_writes_team_objectives_of_sub_teams(world):
    obj = services.create_objective(
        world.lead, cycle=world.cycle, title="Docs people love", owner_type="team",
        owner_team=world.docs,
    )  # fmt: skip
    services.update_objective(world.lead, obj, title="Docs people love to read")
    with pytest.raises(PermissionDenied):
        services.create_objective(
            world.lead, cycle=world.cycle, title="Not my team", owner_type="team",
            owner_team=world.extra["support"],
        )  # fmt: skip


def test_collaborator_can_check_in(world):
    obj = make_objective(world.alice, world.cycle, collaborators=[world.bob])
    services.check_in(world.bob, kr(obj), value=40)
    assert kr(obj).current_value == 40


def test_key_result_owner_can_check_in_but_not_edit_objective(world):
    obj = make_objective(world.alice, world.cycle)
    services.update_key_result(world.alice, kr(obj), owner=world.bob)
    services.check_in(world.bob, kr(obj), value=20)
    with pytest.raises(PermissionDenied):
        services.update_objective(world.bob, obj, title="x")


def test_version_conflict(world):
    obj = make_objective(world.alice, world.cycle)
    services.update_objective(world.alice, obj, title="First edit", version=obj.version)
    with pytest.raises(services.Conflict) as caught:
        services.update_objective(world.alice, obj, title="Stale edit", version=obj.version)
    assert caught.value.current_version == obj.version + 1
    obj.refresh_from_db()
    assert obj.title == "First edit"


def test_archive_and_restore(world):
    obj = make_objective(world.alice, world.cycle)
    services.archive_objective(world.alice, obj)
    assert not selectors.visible_objectives(world.alice).filter(pk=obj.pk).exists()
    assert selectors.get_objective(world.alice, obj.pk).state == "archived"
    services.restore_objective(world.alice, obj)
    assert selectors.visible_objectives(world.alice).filter(pk=obj.pk).exists()
    verbs = set(Activity.objects.filter(target_id=obj.pk).values_list("verb", flat=True))
    assert {"objective.archived", "objective.restored"} <= verbs


def test_archived_key_result_leaves_progress(world):
    obj = make_objective(world.alice, world.cycle, krs=2)
    services.check_in(world.alice, kr(obj, 0), value=100)
    obj.refresh_from_db()
    assert obj.progress == Decimal("0.5")
    services.archive_key_result(world.alice, kr(obj, 1))
    obj.refresh_from_db()
    assert obj.progress == Decimal("1")
    assert obj.status == "done"


def test_check_in_values_and_history(world):
    obj = services.create_objective(
        world.alice, cycle=world.cycle, title="Quality",
        key_results=[
            {"title": "Bugs 40 → 10", "start_value": 40, "target_value": 10,
             "direction": "decrease"},
            {"title": "Launch", "metric_type": "boolean"},
            {"title": "Docs", "metric_type": "milestone"},
        ],
    )  # fmt: skip
    bugs, launch, docs = obj.key_results.order_by("position")
    services.check_in(world.alice, bugs, value=25, confidence=6, note="half way")
    services.check_in(world.alice, launch, value=1)
    services.check_in(world.alice, docs, value=30)
    for bad, key_result, field in [
        ("abc", bugs, "value"),
        ("NaN", bugs, "value"),
        ("1e30", bugs, "value"),
        (2, launch, "value"),
        (101, docs, "value"),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.check_in(world.alice, key_result, value=bad)
        assert field in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.check_in(world.alice, bugs, value=20, confidence=11)
    assert "confidence" in caught.value.message_dict
    obj.refresh_from_db()
    # (0.5 + 1 + 0.3) / 3
    assert obj.progress == Decimal("0.6")
    history = list(selectors.check_ins(world.alice, bugs))
    assert [(c.value, c.confidence, c.note) for c in history] == [(25, 6, "half way")]


def test_over_achievement_is_kept_on_the_key_result_but_clamped_in_rollup(world):
    obj = make_objective(world.alice, world.cycle, krs=2)
    services.check_in(world.alice, kr(obj), value=120)
    obj.refresh_from_db()
    assert kr(obj).progress == Decimal("1.2")
    assert obj.progress == Decimal("0.5")


def chain(world, depth=4):
    """An alignment chain company → department → team → person, each level's first KR taking
    its progress from the objectives aligned to it."""
    owners = [
        {"owner_type": "organization"},
        {"owner_type": "team", "owner_team": world.product},
        {"owner_type": "team", "owner_team": world.docs},
        {"owner_type": "person", "owner_member": world.bob},
    ]
    objectives, parent_kr = [], None
    for level in range(depth):
        source = "children" if level < depth - 1 else "manual"
        obj = services.create_objective(
            world.admin, cycle=world.cycle, title=f"Level {level}",
            parent_key_result=parent_kr,
            key_results=[
                {"title": "Rolled up", "progress_source": source},
                {"title": "Own", "start_value": 0, "target_value": 10},
            ],
            **owners[level],
        )  # fmt: skip
        objectives.append(obj)
        parent_kr = kr(obj, 0)
    return objectives


def test_check_in_deep_in_four_level_chain_updates_every_ancestor(world):
    company, _department, _team, person = chain(world)
    services.check_in(world.bob, kr(person, 0), value=100)  # person KR 1: done
    progress = {o.title: Objective.objects.get(pk=o.pk).progress for o in chain_rows(world)}
    # person: (1 + 0) / 2; team: (0.5 + 0)/2; department: 0.125; company: 0.0625
    assert progress == {
        "Level 3": Decimal("0.5"),
        "Level 2": Decimal("0.25"),
        "Level 1": Decimal("0.125"),
        "Level 0": Decimal("0.0625"),
    }
    assert kr(company, 0).progress == Decimal("0.125")


def chain_rows(world):
    return Objective.objects.filter(organization=world.org).order_by("id")


def test_alignment_loops_are_refused(world):
    company, _department, team, person = chain(world)
    with pytest.raises(ValidationError) as caught:
        services.align_objective(world.admin, company, parent_key_result=kr(person, 1))
    assert "parent_key_result" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.align_objective(world.admin, team, parent_objective=team)
    company.refresh_from_db()
    assert company.parent is None


def test_realigning_recomputes_old_and_new_parent(world):
    company, _department, team, person = chain(world)
    services.check_in(world.bob, kr(person, 1), value=10)
    assert Objective.objects.get(pk=team.pk).progress == Decimal("0.25")
    services.align_objective(world.admin, person, parent_objective=company)
    assert Objective.objects.get(pk=team.pk).progress == Decimal("0")
    assert Objective.objects.get(pk=person.pk).parent_objective == company


def test_cannot_align_across_organizations(world, other_world):
    mine = make_objective(world.alice, world.cycle)
    theirs = make_objective(other_world.alice, other_world.cycle)
    with pytest.raises(Objective.DoesNotExist):
        services.align_objective(world.alice, mine, parent_objective=theirs)


def test_cycle_rules(world):
    with pytest.raises(ValidationError) as caught:
        services.create_cycle(
            world.admin, name="Overlap", kind="quarter",
            start_date=world.cycle.start_date + dt.timedelta(days=10),
            end_date=world.cycle.end_date + dt.timedelta(days=10),
        )  # fmt: skip
    assert "start_date" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.create_cycle(
            world.admin, name="Backwards", kind="custom",
            start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 4, 1),
        )  # fmt: skip
    assert "end_date" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.create_cycle(
            world.alice, name="Mine", start_date=dt.date(2030, 1, 1),
            end_date=dt.date(2030, 3, 31),
        )  # fmt: skip
    make_objective(world.alice, world.cycle)
    with pytest.raises(ValidationError):
        services.delete_cycle(world.admin, world.cycle)
    with pytest.raises(ValidationError):
        services.set_cycle_state(world.admin, world.cycle, Cycle.State.CLOSED)  # skips grading


def test_closed_cycle_is_read_only(world):
    obj = make_objective(world.alice, world.cycle)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.CLOSED)
    obj.refresh_from_db()
    assert obj.state == "closed"
    for write in (
        lambda: services.check_in(world.alice, kr(obj), value=5),
        lambda: services.update_objective(world.alice, obj, title="Late"),
        lambda: services.create_objective(world.alice, cycle=world.cycle, title="Late"),
    ):
        with pytest.raises(ValidationError) as caught:
            write()
        assert "cycle" in caught.value.message_dict


def test_grading(world):
    obj = make_objective(world.alice, world.cycle, krs=2)
    services.check_in(world.alice, kr(obj, 0), value=66)
    with pytest.raises(ValidationError):
        services.grade_key_result(world.alice, kr(obj, 0), score="0.7")  # cycle still active
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    assert services.suggested_scores(obj) == {kr(obj, 0).pk: Decimal("0.7"),
                                              kr(obj, 1).pk: Decimal("0")}  # fmt: skip
    for bad in ("1.5", "-0.1", "0.75", "x"):
        with pytest.raises(ValidationError):
            services.grade_objective(world.alice, obj, scores={kr(obj, 0).pk: (bad, "")})
    scores = {kr(obj, 0).pk: ("0.7", "good"), kr(obj, 1).pk: ("0.2", "")}
    with pytest.raises(ValidationError) as caught:  # committed below 1.0 needs a note
        services.grade_objective(world.alice, obj, scores=scores)
    assert "retrospective" in caught.value.message_dict
    graded = services.grade_objective(
        world.alice, obj, scores=scores, retrospective="Hiring took longer."
    )
    assert graded.score == Decimal("0.5")  # one decimal like every score: 0.45 rounds half up
    assert kr(obj, 0).score == Decimal("0.7") and kr(obj, 0).score_note == "good"


def test_copy_and_move_between_cycles(world):
    following = services.create_cycle(
        world.admin, name="Next quarter", kind="quarter",
        start_date=world.cycle.end_date + dt.timedelta(days=1),
        end_date=world.cycle.end_date + dt.timedelta(days=91),
    )  # fmt: skip
    obj = make_objective(world.alice, world.cycle, krs=2, visibility="team")
    services.check_in(world.alice, kr(obj), value=50)
    copy = services.copy_objective(world.alice, obj)
    assert copy.cycle == following and copy.pk != obj.pk
    assert copy.visibility == "team"
    assert [k.current_value for k in copy.key_results.all()] == [0, 0]
    services.move_objective(world.alice, obj, following)
    obj.refresh_from_db()
    assert obj.cycle == following


def test_comment_mentions_notify_only_people_who_can_see(world):
    private = make_objective(world.alice, world.cycle, visibility="private")
    comment = services.add_comment(
        world.alice, objective=private, body="@Bob and @Li Lead and @产品部 please look"
    )
    assert set(comment.mentioned_members.all()) == {world.bob, world.lead}
    assert set(comment.mentioned_teams.all()) == {world.product}
    notified = set(Notification.objects.values_list("recipient_id", flat=True))
    # Bob cannot see Alice's private objective; her manager can.
    assert notified == {world.lead.pk}
    with pytest.raises(ValidationError):
        services.add_comment(world.alice, objective=private, body="   ")


def test_every_write_is_logged(world):
    obj = make_objective(world.alice, world.cycle)
    services.update_objective(world.alice, obj, title="Renamed")
    services.check_in(world.alice, kr(obj), value=3)
    services.add_comment(world.alice, objective=obj, body="note")
    verbs = list(Activity.objects.order_by("id").values_list("verb", flat=True))
    assert verbs[-4:] == [
        "key_result.created",
        "objective.updated",
        "key_result.checked_in",
        "comment.created",
    ] or verbs[-5:-1] == ["key_result.created", "objective.updated", "key_result.checked_in",
                          "comment.created"]  # fmt: skip


def test_refresh_cycle_moves_status_with_time(world):
    obj = make_objective(world.alice, world.cycle)
    services.check_in(world.alice, kr(obj), value=30)
    obj.refresh_from_db()
    assert obj.status == "on_track"  # 30% at a third of the quarter
    services.refresh_cycle(world.cycle, today=world.cycle.end_date - dt.timedelta(days=5))
    obj.refresh_from_db()
    assert obj.status == "off_track"


def test_back_dated_check_in_is_logged_when_it_happened(world):
    obj = make_objective(world.alice, world.cycle)
    at = timezone.now() - dt.timedelta(days=9)
    services.check_in(world.alice, kr(obj), value=10, at=at)
    assert Activity.objects.get(verb="key_result.checked_in").created_at == at


def test_the_filing_team_is_checked_when_one_is_given_only(world):
    """hr1 (review): the check ran on the owner's default team too, which is theirs by
    construction: two queries more for every objective created without a team (imports)."""
    counts = {}
    for given in (None, world.product):
        alice = Membership.objects.get(pk=world.alice.pk)  # nothing cached on it
        with CaptureQueriesContext(connection) as queries:
            services.create_objective(alice, cycle=world.cycle, title=f"Grow {given}", team=given)
        counts[given] = [q["sql"] for q in queries if "orgs_teammember" in q["sql"]]
    # Without a team: the default one is read, nothing checked.
    assert len(counts[None]) == 1, counts[None]
    # With one: checked (the teams she leads, then hers), no default read.
    assert len(counts[world.product]) == 2, counts[world.product]
    with pytest.raises(ValidationError):
        services.create_objective(world.alice, cycle=world.cycle, title="Elsewhere",
                                  team=world.extra["support"])  # fmt: skip
