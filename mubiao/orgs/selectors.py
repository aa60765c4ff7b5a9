"""Reads of an organization's structure shared by every app."""

import unicodedata
from collections import defaultdict
from functools import cache

import opencc
from django.db.models import Q
from django.utils.translation import gettext as _

from mubiao.id_sets import is_id
from mubiao.orgs.models import Team, TeamAncestry
from mubiao.orgs.rules import team_path_labels


def team_paths(organization_id: int) -> dict[int, str]:
    """Every team's whole path (`Company / Sales / 组0`), archived teams included, in one
    query however many teams there are: what a team picker or a preview shows of a team."""
    return team_path_labels(
        Team.objects.filter(organization_id=organization_id).values_list("id", "name", "parent_id")
    )


# A picker lists every team up to this many (a 500-person company has a hundred or so); past
# it the rest are found by the picker's search box (h14t) rather than the page slowed down: at
# 2,000 a settings page of a 20,000-person company carried 2,000 options per picker, 3-5x its
# size (probe 25). What a form holds now is always listed (`keep`), and a team past the cap is
# still taken when sent (the forms check a sent team against the actor's teams, never against
# this list: h14z).
MAX_TEAM_OPTIONS = 500


def pickable(organization_id: int, teams, current=()):
    """`teams` (a queryset of what the actor may pick) and the archived teams among `current`
    (ids: what a form holds now). A team the directory sync archived (its department gone) stays
    listed and kept until un-chosen, never dropped by an untouched save (h14u); one the form
    does not hold cannot be chosen."""
    ids = {int(pk) for pk in current if is_id(pk)}
    return Team.objects.filter(organization_id=organization_id).filter(
        Q(pk__in=teams.order_by().values("pk")) | Q(is_archived=True, pk__in=ids)
    )


def team_choices(organization_id: int, teams, value: str = "id", keep=()) -> list[tuple]:
    """`[(team's value, "Company / Sales / 组0"), …]` for a picker of `teams` (a queryset of
    the organization's teams), sorted by whole path so that a department's teams sit together
    and two teams of one name are told apart. The teams of `keep` (ids: what the form holds
    now) are listed whatever the cap, archived ones too, marked so (`pickable`). Three queries
    at most, whatever the number of teams."""
    picked = [
        (pk, v, False) for pk, v in teams.order_by().values_list("id", value)[:MAX_TEAM_OPTIONS]
    ]
    kept = {int(pk) for pk in keep if is_id(pk)} - {pk for pk, _v, _a in picked}
    if kept:
        picked += list(
            pickable(organization_id, teams, kept)
            .order_by()
            .filter(pk__in=kept)
            .values_list("id", value, "is_archived")
        )
    if not picked:
        return []
    paths = team_paths(organization_id)
    choices = [
        (v, _("%(path)s (archived)") % {"path": paths[pk]} if archived else paths[pk])
        for pk, v, archived in picked
    ]
    return sorted(choices, key=lambda c: (c[1].casefold(), c[0]))


# A picker's search box answers at most this many teams: a name is typed, not scrolled to.
TEAM_SEARCH_LIMIT = 30


def team_paths_of(team_ids) -> dict[int, str]:
    """team_paths for these teams only, from the closure table (one indexed query reading a
    few rows per team), not from every team of the organization."""
    names = defaultdict(list)
    rows = TeamAncestry.objects.filter(team_id__in=team_ids).order_by("team_id", "-depth")
    for pk, name in rows.values_list("team_id", "ancestor__name"):
        names[pk].append(name)
    return {pk: " / ".join(path) for pk, path in names.items()}


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def team_q(query: str, prefix: str = "") -> Q:
    """Teams (reached through `prefix`, e.g. "owner_team__") whose name holds `query` as
    written, in simplified or in traditional characters (產品 finds 产品部, 研发 finds
    研發中心: OpenCC's t2s and s2t), or whose slug starts with it (`product`, `prod`; a slug is
    an identifier typed from its start, and one letter inside it, `o`, is no search): the one
    condition of every team search (probe 28: 產品 and a team's slug found nothing)."""
    # As typed: spaces around it and full-width letters and digits (ｐｒｏｄ) read as the plain
    # ones (probe 31: the API found nothing for " 产品 ", no route for ｐｒｏｄ).
    query = unicodedata.normalize("NFKC", query).strip()
    if not query:  # spaces only: a search for nothing finds nothing, as before they were read
        return Q(pk__in=[])
    variants = {query, _converter("t2s").convert(query), _converter("s2t").convert(query)}
    found = Q(**{f"{prefix}slug__istartswith": query})
    for variant in sorted(variants):
        found |= Q(**{f"{prefix}name__icontains": variant})
    return found


def team_search(teams, query: str, value: str = "id", keep=()) -> list[tuple]:
    """A picker's search (h14t): `[(team's value, whole path), …]` of the first
    TEAM_SEARCH_LIMIT of `teams` (a queryset of what the actor may pick) whose name holds
    `query` (team_q: in either script, or whose slug starts with it), by name (a substring read off
    team_name_trgm_idx on PostgreSQL), then the teams of `keep` (values:
    what the picker holds now, so that a search never drops a choice). Three queries, whatever
    the number of teams."""
    found = []
    if query:
        found = list(
            teams.filter(team_q(query))
            .order_by("name", "id")
            .values_list("id", value)[:TEAM_SEARCH_LIMIT]
        )
    keep = {str(v) for v in keep} - {str(v) for _pk, v in found}
    if value == "id":
        keep = {int(v) for v in keep if is_id(v)}
    if keep:
        found += list(
            teams.order_by()
            .filter(**{f"{value}__in": keep})
            .values_list("id", value)[:MAX_TEAM_OPTIONS]
        )
    paths = team_paths_of([pk for pk, _v in found]) if found else {}
    return [(v, paths.get(pk, "")) for pk, v in found]
