"""The choice fields of the API as plain string enums.

Model choices (Cycle.Kind, Objective.Kind, three different `State`s…) share class names, which
would give the OpenAPI document clashing or module-path component names; Literal types keep each
field's allowed values inline and readable.
"""

from typing import Literal

from django.db.models import TextChoices

from mubiao.okrs.models import Cycle, KeyResult, Objective, Status
from mubiao.orgs.models import Membership
from mubiao.playbook.models import Template


def choice(choices: type[TextChoices]):
    return Literal[tuple(choices.values)]


CycleKind = choice(Cycle.Kind)
CycleState = choice(Cycle.State)
ObjectiveOwnerType = choice(Objective.OwnerType)
ObjectiveKind = choice(Objective.Kind)
ObjectiveVisibility = choice(Objective.Visibility)
ObjectiveState = choice(Objective.State)
ObjectiveProgressSource = choice(Objective.ProgressSource)
MetricType = choice(KeyResult.MetricType)
Direction = choice(KeyResult.Direction)
ProgressSource = choice(KeyResult.ProgressSource)
KeyResultState = choice(KeyResult.State)
PaceStatus = choice(Status)
Role = choice(Membership.Role)
TemplateLanguage = choice(Template.Language)
