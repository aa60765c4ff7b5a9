"""Reads of an organization's structure shared by every app."""

from mubiao.id_sets import is_id
from mubiao.orgs.models import Team
from mubiao.orgs.rules import team_path_labels


def team_paths(organization_id: int) -> dict[int, str]:
    """Every team's whole path (`Company / Sales / 组0`), archived teams included, in one
    query however many teams there are: what a team picker or a preview shows of a team."""
    return team_path_labels(
        Team.objects.filter(organization_id=organization_id).values_list("id", "name", "parent_id")
    )


# A picker lists every team up to this many (a 500-person company has a few hundred); past it
# the rest are left out of the list rather than the page slowed down. What a form holds now is
# always listed (`keep`), and a team past the cap is still taken when sent (the forms check a
# sent team against the actor's teams, never against this list: h14z).
MAX_TEAM_OPTIONS = 2000


def team_choices(organization_id: int, teams, value: str = "id", keep=()) -> list[tuple]:
    """`[(team's value, "Company / Sales / 组0"), …]` for a picker of `teams` (a queryset of
    the organization's teams), sorted by whole path so that a department's teams sit together
    and two teams of one name are told apart. The teams of `keep` (ids: what the form holds
    now) are listed whatever the cap. Three queries at most, whatever the number of teams."""
    picked = list(teams.order_by().values_list("id", value)[:MAX_TEAM_OPTIONS])
    kept = {int(pk) for pk in keep if is_id(pk)} - {pk for pk, _v in picked}
    if kept:
        picked += list(teams.order_by().filter(pk__in=kept).values_list("id", value))
    if not picked:
        return []
    paths = team_paths(organization_id)
    return sorted(((v, paths[pk]) for pk, v in picked), key=lambda c: (c[1].casefold(), c[0]))
