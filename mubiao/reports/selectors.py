"""Permission-scoped reads of weekly reports, and the week's check-ins a report is written from.

Privacy (issue 12 §6): a report is generated only from what everyone who may read it, once
shared, may see, so its frozen text can be shown, exported and sent as it is:

- a team report reads public objectives filed under the team and its sub-teams; its readers
  are the team's (and sub-teams') members, the leads above it and the admins;
- a personal report reads the person's own objectives, whatever their visibility (their
  readers, the person, their managers and the admins, see every one of them), and public
  objectives where the person owns a key result.

A draft is read by its author only. Every function makes a fixed number of queries.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from mubiao.okrs.models import CheckIn, KeyResult, Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import ManagerChain, Membership, Team, TeamAncestry, TeamMember
from mubiao.reports.models import WeeklyReport


def source_q(*, person: Membership | None = None, team: Team | None = None) -> Q:
    """The check-ins (through `key_result__`) a person's or a team's report is written from."""
    # A report is read by the team, the person's managers and whoever it is shared with: it
    # holds what all of them may read, so never a draft (seen by its editors only) and, for a
    # team, only public objectives.
    open_to_all = permissions.open_to_all_q("key_result__objective__")
    if team is not None:
        return open_to_all & Q(
            key_result__objective__team_id__in=permissions.team_subtree_subquery(team.pk)
        )
    published = ~Q(key_result__objective__state=Objective.State.DRAFT)
    return (Q(key_result__objective__owner_member_id=person.pk) & published) | (
        Q(key_result__owner_id=person.pk) & open_to_all
    )


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
