import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from mubiao.okrs import quality, rules, selectors, services
from tests.conftest import make_objective


def rules_of(findings, objective=None):
    return {f.finding.rule for f in findings if objective is None or f.objective == objective}


def test_stored_okrs_are_linted_with_their_metadata(world):
    visit = services.create_objective(
        world.alice, cycle=world.cycle, title="提升客户续费率",
        key_results=[{"title": "拜访 50 个客户", "start_value": 0, "target_value": 50}],
    )  # fmt: skip
    findings = quality.lint_stored(selectors.objective_list(world.alice), lang="zh-hans")
    assert {"OKR-A01", "OKR-S02"} <= rules_of(findings, visit)
    activity = next(f for f in findings if f.finding.rule == "OKR-A01")
    assert activity.key_result == visit.key_results.get()
    assert "拜访" in activity.finding.message or "活动" in activity.finding.message
    english = quality.lint_stored(selectors.objective_list(world.alice), lang="en")
    assert "activity" in next(f for f in english if f.finding.rule == "OKR-A01").finding.message


def test_organization_settings_switch_rules_and_severities(world):
    objective = make_objective(world.alice, world.cycle, title="Delight our customers", krs=1)
    assert "OKR-S02" in rules_of(quality.lint_stored(selectors.objective_list(world.alice)))
    world.org.settings = {"lint": {"rules": {"S02": "off", "M01": "info"}}}
    world.org.save()
    findings = quality.lint_stored(selectors.objective_list(world.alice))
    assert "OKR-S02" not in rules_of(findings, objective)
    assert all(f.finding.severity == "info" for f in findings if f.finding.rule == "OKR-M01")


def test_broken_settings_fall_back_to_defaults(world):
    world.org.settings = {"lint": {"rules": {"NOPE": "loud"}}}
    assert quality.lint_config(world.org).disabled == set()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_lint_command_on_stored_okrs(world, lang):
    services.create_objective(world.alice, cycle=world.cycle, title="Ship the new billing")
    out = io.StringIO()
    with pytest.raises(SystemExit) as caught:  # an objective without KRs is an error (S01)
        call_command(
            "lintokrs", org=world.org.slug, cycle=world.cycle.name, json=True, lang=lang,
            stdout=out,
        )  # fmt: skip
    assert caught.value.code == 1
    rows = json.loads(out.getvalue())
    assert {"objective_id", "rule", "severity", "message", "suggestion"} <= set(rows[0])
    assert "OKR-S01" in {row["rule"] for row in rows}


def test_lint_command_sees_only_what_the_person_sees(world):
    make_objective(world.alice, world.cycle, title="Secret plan", visibility="private")
    out = io.StringIO()
    call_command(
        "lintokrs", org=world.org.slug, cycle=world.cycle.name, as_email=world.bob.user.email,
        json=True, stdout=out,
    )  # fmt: skip
    assert "Secret plan" not in out.getvalue()


def test_a_graded_objective_passes_its_own_score_check(world):
    """Issue 9 item 3: 0.5/0.6/1.0/0.6 average 0.675; the stored score is the one decimal that
    is shown (0.7, green), so "Check OKRs" finds nothing wrong with it (OKR-C06)."""
    objective = make_objective(world.alice, world.cycle, krs=4)
    services.set_cycle_state(world.admin, world.cycle, "grading")
    krs = list(objective.key_results.order_by("position"))
    scores = {kr.pk: (score, "") for kr, score in zip(krs, ["0.5", "0.6", "1.0", "0.6"])}
    graded = services.grade_objective(world.alice, objective, scores=scores, retrospective="ok")
    assert graded.score == Decimal("0.7") and rules.score_band(graded.score) == "green"
    graded.refresh_from_db()
    assert graded.score == Decimal("0.7")
    findings = quality.lint_stored([graded])
    assert "OKR-C06" not in rules_of(findings)
