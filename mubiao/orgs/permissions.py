"""Who may see and change what (DESIGN.md §4 Permissions), in one place.

Pages, the API, exports and notifications all ask these functions. Reads are expressed as
querysets filters so that a list of 10,000 objectives is filtered by the database in one query;
the team and manager trees are walked with recursive SQL (no per-node queries).

- Organization owner/admin: everything in the organization.
- Team lead: the team's and its sub-teams' OKRs.
- Person: own OKRs, key results they own, check-ins on those.
- Visibility: public = all members; team = members of the team that owns the objective (for a
  personal objective: the team it is filed under) and the leads of that team and its
  ancestors, plus owner, collaborators and the owner's manager chain; private = owner,
  collaborators, manager chain, admins. The owner of a key result sees the key result and its
  objective as a collaborator would (DESIGN.md §4 Visibility details).

Anything that renders another row (a parent, a child, a comment's target, a template's source)
asks the same question of that row: `objective_visibility_q` / `can_see_objective`.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from mubiao.orgs.models import Membership, Organization, Team, TeamMember

# Teams led by a member, with all their descendants.
LED_TEAMS_SQL = """
WITH RECURSIVE led(id) AS (
    SELECT tm.team_id FROM orgs_teammember tm WHERE tm.membership_id = %s AND tm.is_lead
    UNION
    SELECT t.id FROM orgs_team t JOIN led ON t.parent_id = led.id
) SELECT id FROM led
"""

# Everyone who reports to a member, directly or through other managers.
REPORTS_SQL = """
WITH RECURSIVE reports(id) AS (
    SELECT m.id FROM orgs_membership m WHERE m.manager_id = %s
    UNION
    SELECT m.id FROM orgs_membership m JOIN reports r ON m.manager_id = r.id
) SELECT id FROM reports
"""

# A team and all its descendants. The seed is cast to the id column's type: PostgreSQL
# refuses a recursive union of an integer literal with bigint ids.
SUBTREE_SQL = """
WITH RECURSIVE sub(id) AS (
    SELECT CAST(%s AS BIGINT)
    UNION
    SELECT t.id FROM orgs_team t JOIN sub ON t.parent_id = sub.id
) SELECT id FROM sub
"""


def led_teams_subquery(membership: Membership) -> RawSQL:
    return RawSQL(LED_TEAMS_SQL, (membership.pk,))  # noqa: S611 (constant SQL, bound parameters)


def reports_subquery(membership: Membership) -> RawSQL:
    return RawSQL(REPORTS_SQL, (membership.pk,))  # noqa: S611 (constant SQL, bound parameters)


def team_subtree_subquery(team_id: int) -> RawSQL:
    return RawSQL(SUBTREE_SQL, (team_id,))  # noqa: S611 (constant SQL, bound parameters)


def led_team_ids(membership: Membership) -> set[int]:
    """Ids of the teams the member leads and their sub-teams (cached on the membership)."""
    cached = getattr(membership, "_led_team_ids", None)
    if cached is None:
        cached = set(
            Team.objects.filter(id__in=led_teams_subquery(membership)).values_list("id", flat=True)
        )
        membership._led_team_ids = cached
    return cached


def is_admin(membership: Membership | None) -> bool:
    return bool(membership) and membership.role in (Membership.Role.OWNER, Membership.Role.ADMIN)


def objective_visibility_q(membership: Membership, prefix: str = "") -> Q:
    """The condition an objective (reached through `prefix`) must meet to be seen by `membership`.

    Admins see everything in their organization; the organization filter itself is the caller's
    (selectors always add it). Team visibility follows the team that owns the objective: a
    team-owned objective is always filed under its owner (the objective_team_is_owner
    constraint), so `team_id` names the owning team of every objective, and of a personal one
    the team it is filed under.
    """
    if is_admin(membership):
        return Q()
    p = prefix
    my_teams = TeamMember.objects.filter(membership_id=membership.pk).values("team_id")
    involved = (
        Q(**{f"{p}owner_member_id": membership.pk})
        | Q(**{f"{p}owner_member_id__in": reports_subquery(membership)})
        | Q(**{f"{p}owner_team_id__in": led_teams_subquery(membership)})
    )
    team_visible = Q(**{f"{p}visibility": "team"}) & (
        Q(**{f"{p}team_id__in": my_teams})
        | Q(**{f"{p}team_id__in": led_teams_subquery(membership)})
    )
    return (
        Q(**{f"{p}visibility": "public"})
        | involved
        | team_visible
        | _collaborator_q(membership, p)
        | _key_result_owner_q(membership, p)
    )


def _collaborator_q(membership: Membership, prefix: str) -> Exists:
    from mubiao.okrs.models import Objective

    return Exists(
        Objective.collaborators.through.objects.filter(
            objective_id=OuterRef(f"{prefix}pk" if prefix else "pk"), membership_id=membership.pk
        )
    )


def _key_result_owner_q(membership: Membership, prefix: str) -> Exists:
    """The owner of one of the objective's key results sees it as a collaborator would (and
    so can check in on the key result they own)."""
    from mubiao.okrs.models import KeyResult

    return Exists(
        KeyResult.objects.filter(
            objective_id=OuterRef(f"{prefix}pk" if prefix else "pk"), owner_id=membership.pk
        )
    )


def can_see_objective(membership: Membership, objective) -> bool:
    """objective_visibility_q for one objective (answered without a query when it can be)."""
    if objective is None or objective.organization_id != membership.organization_id:
        return False
    if (
        is_admin(membership)
        or objective.visibility == "public"
        or objective.owner_member_id == membership.pk
    ):
        return True
    return (
        type(objective)
        .objects.filter(pk=objective.pk)
        .filter(objective_visibility_q(membership))
        .exists()
    )


def can_see_key_result(membership: Membership, key_result) -> bool:
    """A key result is seen with its objective."""
    if key_result is None or key_result.organization_id != membership.organization_id:
        return False
    return key_result.owner_id == membership.pk or can_see_objective(
        membership, key_result.objective
    )


def objective_edit_q(membership: Membership, prefix: str = "") -> Q:
    """Who may edit an objective, as a queryset condition (the organization filter is the
    caller's): admins; the person who owns it; collaborators; leads of the owning team or of
    one of its ancestors. A list page tells in one query which of its objectives are editable.
    """
    if is_admin(membership):
        return Q()
    p = prefix
    return (
        Q(**{f"{p}owner_member_id": membership.pk})
        | Q(**{f"{p}owner_team_id__in": led_teams_subquery(membership)})
        | _collaborator_q(membership, p)
    )


def can_edit_objective(membership: Membership, objective) -> bool:
    """objective_edit_q for one objective (answered without a query when it can be)."""
    if objective.organization_id != membership.organization_id:
        return False
    if is_admin(membership) or objective.owner_member_id == membership.pk:
        return True
    return (
        type(objective)
        .objects.filter(pk=objective.pk)
        .filter(objective_edit_q(membership))
        .exists()
    )


def can_check_in(membership: Membership, key_result) -> bool:
    """Whoever may edit the objective, and the key result's own owner."""
    if key_result.organization_id != membership.organization_id:
        return False
    return key_result.owner_id == membership.pk or can_edit_objective(
        membership, key_result.objective
    )


def can_manage_organization(membership: Membership | None) -> bool:
    """Cycles, teams, people and organization settings."""
    return is_admin(membership)


def can_set_up() -> bool:
    """The first run: while no organization exists, anyone may create the first one (/setup)."""
    return not Organization.objects.exists()


def can_create_organization(user) -> bool:
    """A signed-in person may create an organization from the web on the first run, or at any
    time where the server allows it (MUBIAO_ALLOW_NEW_ORGANIZATIONS). The command line
    (`mubiao createorg`) is the operator's and always may."""
    return user.is_authenticated and (settings.MUBIAO_ALLOW_NEW_ORGANIZATIONS or can_set_up())


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless the check passed (services call it before writing)."""
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))


def visible_or_absent(actor: Membership, *rows) -> None:
    """A row the actor may not see is treated as absent, like another organization's: raise its
    DoesNotExist (a 404), so that writes naming a hidden objective or key result (an alignment,
    a copy, a template) neither succeed nor tell that it exists."""
    for row in rows:
        if row is None:
            continue
        model_name = row._meta.model_name
        visible = (
            can_see_key_result(actor, row)
            if model_name == "keyresult"
            else can_see_objective(actor, row)
        )
        if not visible:
            raise row.__class__.DoesNotExist


def same_organization(actor: Membership, *rows) -> None:
    """Another organization's row is treated as absent, never as forbidden: raise its
    DoesNotExist, which pages and the API answer with 404, so existence does not leak."""
    for row in rows:
        if row is not None and row.organization_id != actor.organization_id:
            raise row.__class__.DoesNotExist
