"""Reads of an organization's structure shared by every app."""

from mubiao.orgs.models import Team
from mubiao.orgs.rules import team_path_labels


def team_paths(organization_id: int) -> dict[int, str]:
    """Every team's whole path (`Company / Sales / 组0`), archived teams included, in one
    query however many teams there are: what a team picker or a preview shows of a team."""
    return team_path_labels(
        Team.objects.filter(organization_id=organization_id).values_list("id", "name", "parent_id")
    )
