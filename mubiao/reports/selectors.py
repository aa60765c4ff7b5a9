"""Permission-scoped reads of weekly reports, and the week's check-ins a report is written from.

Privacy (issue 12 §6): what a report includes is decided by who may read it once shared (its
audience, `readers`): an objective of its scope is included iff every reader may see it, so
its frozen text can be shown, exported and sent as it is on every route (page, API, Markdown,
xlsx, e-mail). A team's own team-only objectives reach its team's report when all its readers
are among their audience; a private objective reaches a person's report when the person's
managers may see it.

A draft is read by its author only. Every function makes a fixed number of queries.
"""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from mubiao.okrs.models import CheckIn, KeyResult, Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import ManagerChain, Membership, Team, TeamAncestry, TeamMember
from mubiao.reports.models import WeeklyReport


def scope_q(*, person: Membership | None = None, team: Team | None = None) -> Q:
    """The check-ins (through `key_result__`) a report is about, before its audience is asked:
    a team's, those of objectives filed under the team and its sub-teams; a person's, those of
    their own objectives and of the key results they own."""
    if team is not None:
        return Q(key_result__objective__team_id__in=permissions.team_subtree_subquery(team.pk))
    return Q(key_result__objective__owner_member_id=person.pk) | Q(key_result__owner_id=person.pk)


def readers(organization_id: int, *, author: Membership, person=None, team=None):
    """Who may read the report once shared (_readable_q, turned around): the admins, its
    author, and for a person's report the person and their managers, for a team's the members
    of the team and its sub-teams and the leads of the team and the teams above it."""
    whose = Q(pk=author.pk) | Q(role__in=(Membership.Role.OWNER, Membership.Role.ADMIN))
    if team is not None:
        whose |= Q(
            pk__in=TeamMember.objects.filter(
                team_id__in=permissions.team_subtree_subquery(team.pk)
            ).values("membership_id")
        )
        whose |= Q(pk__in=permissions.leads_above_subquery(team.pk))
    else:
        whose |= Q(pk=person.pk) | Q(pk__in=permissions.managers_subquery(person.pk))
    return Membership.objects.filter(whose, organization_id=organization_id, is_active=True)


def source_q(
    organization_id: int,
    start: datetime,
    end: datetime,
    *,
    author: Membership,
    person: Membership | None = None,
    team: Team | None = None,
) -> tuple[Q, bool]:
    """The check-ins (through `key_result__`) a report is written from: of its scope
    (scope_q), the objectives EVERY reader of the report (readers) may see, so that its frozen
    text can be shown, exported and sent as it is, on every route. Two queries at most: the
    week's objectives, then (when one of them is not open to all) one count per such objective
    of the readers who may not see it, in one statement. With it, whether any objective kept
    is not open to all (a chat group, whose readers are not known, is then sent the report's
    title and link only)."""
    scope = scope_q(person=person, team=team)
    candidates = list(
        Objective.objects.filter(
            pk__in=CheckIn.objects.filter(scope, organization_id=organization_id,
                                          created_at__gte=start, created_at__lt=end)
            .values("key_result__objective_id")
        )
        # A draft is not published: no report holds it, whoever reads the report (its owner's
        # manager may see it to help with it, tests/security/test_drafts_seen_by_editors.py).
        .exclude(state=Objective.State.DRAFT)
        .only("id", "visibility", "state", "owner_member_id", "owner_team_id", "team_id")
    )  # fmt: skip
    shown, asked = [], {}
    for objective in candidates:
        seen = permissions.members_seeing_q(objective)
        if seen is None:
            shown.append(objective.pk)
        else:
            asked[f"hidden_{objective.pk}"] = (objective.pk, seen)
    if asked:
        who = readers(organization_id, author=author, person=person, team=team)
        counts = who.aggregate(**{
            name: Count("pk", filter=~seen) for name, (_pk, seen) in asked.items()
        })  # fmt: skip
        shown += [pk for name, (pk, _seen) in asked.items() if not counts[name]]
    restricted = len(shown) > len(candidates) - len(asked)
    return scope & Q(key_result__objective_id__in=shown), restricted


def week_check_ins(organization_id: int, source: Q, start: datetime, end: datetime):
    """The check-ins of [start, end) from `source`, oldest first, with their key results
    annotated with where each stood before `start`. Two queries.

    A key result created with a current value other than its start begins its history with
    that value (okrs first_check_in, marked CheckIn.VIA_CREATED): that is where it stood when
    it was made, not progress of the week, so it counts as "before" (issue 12, probe 12:
    created at 90 and checked in at 95 read "0 → 95 (+95)"). Any other check-in counts in its
    week, however soon after the key result was made."""
    created = Q(via=CheckIn.VIA_CREATED)
    rows = (
        CheckIn.objects.filter(organization_id=organization_id, created_at__gte=start,
                               created_at__lt=end, key_result__state=KeyResult.State.ACTIVE)
        .exclude(key_result__objective__state=Objective.State.ARCHIVED)
        .exclude(created)
        .filter(source)
    )  # fmt: skip
    earlier = CheckIn.objects.filter(
        Q(created_at__lt=start) | created, key_result=OuterRef("pk")
    ).order_by("-created_at", "-id")
    key_results = {
        kr.pk: kr
        for kr in KeyResult.objects.filter(pk__in=rows.values("key_result_id"))
        .annotate(
            before_value=Subquery(earlier.values("value")[:1]),
            before_progress=Subquery(earlier.values("progress")[:1]),
            before_confidence=Subquery(
                earlier.filter(confidence__isnull=False).values("confidence")[:1]
            ),
        )
        .select_related("objective__cycle", "owner__user", "objective__owner_member__user")
    }
    entries = list(
        rows.only(
            "key_result_id", "created_at", "value", "progress", "confidence", "note",
            "next_step", "is_blocker", "status_override",
        ).order_by("created_at", "id")
    )  # fmt: skip
    return key_results, entries


def may_report_on_team(actor: Membership, team: Team) -> bool:
    """Owners and admins for any team; a lead for the teams they lead and their sub-teams."""
    if team.organization_id != actor.organization_id:
        return False
    return permissions.is_admin(actor) or team.pk in permissions.led_team_ids(actor)


def report_teams(actor: Membership) -> QuerySet[Team]:
    """The teams the actor may write a team report for."""
    teams = Team.objects.filter(organization_id=actor.organization_id, is_archived=False)
    if not permissions.is_admin(actor):
        teams = teams.filter(pk__in=permissions.led_teams_subquery(actor))
    return teams.order_by("name", "id")


def _readable_q(actor: Membership) -> Q:
    """The shared reports the actor may read (see the module's note)."""
    if permissions.is_admin(actor):
        return Q(state=WeeklyReport.State.SHARED)
    my_teams = TeamMember.objects.filter(membership_id=actor.pk).values("team_id")
    above_mine = TeamAncestry.objects.filter(team_id__in=my_teams).values("ancestor_id")
    return Q(state=WeeklyReport.State.SHARED) & (
        Q(person_id=actor.pk)
        | Q(person_id__in=permissions.reports_subquery(actor))
        | Q(team_id__in=above_mine)
        | Q(team_id__in=permissions.led_teams_subquery(actor))
    )


def reports(actor: Membership) -> QuerySet[WeeklyReport]:
    """The reports the actor may read, newest week first: their own (drafts included) and the
    shared ones of the people and teams they may read about. One query per page."""
    return (
        WeeklyReport.objects.filter(organization_id=actor.organization_id)
        .filter(Q(author_id=actor.pk) | _readable_q(actor))
        .select_related("author__user", "person__user", "team")
        .order_by("-week_start", "-id")
    )


def get_report(actor: Membership, pk) -> WeeklyReport:
    """One report the actor may read (DoesNotExist otherwise: a 404, never a hint)."""
    return reports(actor).get(pk=pk)


def audience(report: WeeklyReport) -> QuerySet[Membership]:
    """Who is told when a report is shared: a person's manager, or a team's members (its
    sub-teams' included); never its author."""
    active = Membership.objects.filter(
        organization_id=report.organization_id, is_active=True, user__is_active=True
    ).exclude(pk=report.author_id)
    if report.team_id is not None:
        in_team = TeamMember.objects.filter(
            membership_id=OuterRef("pk"),
            team_id__in=permissions.team_subtree_subquery(report.team_id),
        )
        return active.filter(Exists(in_team)).select_related("user")
    managers = ManagerChain.objects.filter(member_id=report.person_id, depth=1)
    return active.filter(pk__in=managers.values("manager_id")).select_related("user")
