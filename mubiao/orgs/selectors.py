"""Reads of an organization's structure shared by every app."""

from mubiao.orgs.models import Team
from mubiao.orgs.rules import team_path_labels


def team_paths(organization_id: int) -> dict[int, str]:
    """Every team's whole path (`Company / Sales / 组0`), archived teams included, in one
    query however many teams there are: what a team picker or a preview shows of a team."""
    return team_path_labels(
        Team.objects.filter(organization_id=organization_id).values_list("id", "name", "parent_id")
    )


# A picker lists every team up to this many (a 500-person company has a few hundred); past it
# the rest are left out rather than the page slowed down.
MAX_TEAM_OPTIONS = 2000


def team_choices(organization_id: int, teams, value: str = "id") -> list[tuple]:
    """`[(team's value, "Company / Sales / 组0"), …]` for a picker of `teams` (a queryset of
    the organization's teams), sorted by whole path so that a department's teams sit together
    and two teams of one name are told apart. Two queries, whatever the number of teams."""
    picked = list(teams.order_by().values_list("id", value)[:MAX_TEAM_OPTIONS])
    if not picked:
        return []
    paths = team_paths(organization_id)
    return sorted(((v, paths[pk]) for pk, v in picked), key=lambda c: (c[1].casefold(), c[0]))
