"""The OKR linter (mubiao.okrtext) run on stored objectives, with each organization's settings.

Stored objectives carry what text does not: the cycle's dates, the kind, scores, retrospective
notes and alignment, so rules such as OKR-T03, OKR-C02 and OKR-P02 can be checked here.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import get_language

from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrtext import Finding, KRInput, LintConfig, ObjectiveInput, lint_objectives
from mubiao.orgs.models import Organization


def lint_config(organization: Organization) -> LintConfig:
    """The organization's linter settings (Organization.settings["lint"]): severities per
    rule, rules switched off, thresholds. Bad stored settings fall back to the defaults."""
    try:
        return LintConfig.from_value(organization.settings.get("lint"))
    except (TypeError, ValueError):
        return LintConfig()


def current_language() -> str:
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


@dataclass
class StoredFinding:
    objective: Objective
    finding: Finding
    related: Objective | None = None  # the other objective it names (a duplicate's), to link

    @property
    def key_result(self) -> KeyResult | None:
        index = self.finding.key_result
        krs = list(self.objective.key_results.all())
        return krs[index - 1] if index and index <= len(krs) else None


def _owner_name(objective: Objective, organization: Organization) -> str:
    """The owner as findings name it (OKR-S03 "张伟 has 6 objectives")."""
    if objective.owner_member_id:
        return objective.owner_member.user.display_name
    if objective.owner_team_id:
        return objective.owner_team.name
    return organization.name


# Key results of these types always hold a numeric start and target (the services refuse one
# without): they are measurable by them, whatever their title says (OKR-M01).
MEASURED_TYPES = (
    KeyResult.MetricType.NUMBER,
    KeyResult.MetricType.PERCENT,
    KeyResult.MetricType.CURRENCY,
)


def _as_input(objective: Objective, organization: Organization) -> ObjectiveInput:
    cycle = objective.cycle
    return ObjectiveInput(
        title=objective.title,
        key_results=[
            KRInput(
                kr.title,
                weight=float(kr.weight) if kr.weight != 1 else None,
                score=float(kr.score) if kr.score is not None else None,
                confidence=kr.confidence,
                measured=kr.metric_type in MEASURED_TYPES,
                note=kr.score_note,
                metric_type=kr.metric_type,
            )
            for kr in objective.key_results.all()
        ],
        owner=_owner_name(objective, organization),
        cycle_start=cycle.start_date,
        cycle_end=cycle.end_date,
        kind=objective.kind,
        score=float(objective.score) if objective.score is not None else None,
        note=objective.retrospective or None,
        has_parent=bool(objective.parent_objective_id or objective.parent_key_result_id),
        top_level=objective.owner_type == Objective.OwnerType.ORGANIZATION,
        owner_kind=objective.owner_type,
    )


def lint_stored(objectives: Sequence[Objective], *, lang: str | None = None) -> list[StoredFinding]:
    """Lint objectives as one set, so that per-owner rules (counts, duplicates) see each
    owner's whole cycle. The caller passes them permission-scoped and with their details
    (selectors.objective_list / with_details), so this makes one query of its own."""
    objectives = list(objectives)
    if not objectives:
        return []
    organization = Organization.objects.get(pk=objectives[0].organization_id)
    findings = lint_objectives(
        [_as_input(o, organization) for o in objectives],
        lang=lang or current_language(),
        config=lint_config(organization),
    )
    return [
        StoredFinding(
            objectives[f.objective - 1],
            f,
            objectives[f.related_objective - 1] if f.related_objective else None,
        )
        for f in findings
        if f.objective is not None
    ]
