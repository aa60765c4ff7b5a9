"""What happens to the places someone held when they leave (deactivated by an admin, a people
import, a directory sync or a withdrawn invitation), the same on every path: they stop leading
teams (they stay listed in them, with their OKRs) and the people who reported to them report to
their manager instead, or to the first manager above who stays. Both are in the activity log,
so that the org chart's change can be traced to the departure.

Set-based: a fixed number of queries however many leave at once (an import, a sync).
"""

from mubiao.okrs.services import log_all
from mubiao.orgs import closures
from mubiao.orgs.models import Membership, TeamMember


def hand_over(actor: Membership | None, organization_id: int, departed: set[int], **why) -> None:
    """Hand over the team leads and reports of the members `departed` (ids, deactivated in
    this transaction); `why` is logged with each change (e.g. import="people.csv")."""
    if not departed:
        return
    closures.lock(organization_id)  # taken already by the callers; the rebuild needs it
    managers = dict(
        Membership.objects.filter(organization_id=organization_id).values_list("id", "manager_id")
    )

    def staying_manager(member_id: int) -> int | None:
        above, seen = managers.get(member_id), set()
        while above in departed and above not in seen:  # several levels leaving at once
            seen.add(above)
            above = managers.get(above)
        return None if above in departed else above

    entries = []
    reports = list(
        Membership.objects.filter(
            organization_id=organization_id, manager_id__in=departed, is_active=True
        ).exclude(pk__in=departed)
    )
    for report in reports:
        moved_from, report.manager_id = report.manager_id, staying_manager(report.manager_id)
        entries.append(
            ("member.manager_moved", report, {"from": moved_from, "to": report.manager_id, **why})
        )
    Membership.objects.bulk_update(reports, ["manager"])
    leads = TeamMember.objects.filter(membership_id__in=departed, is_lead=True).select_related(
        "membership"
    )
    for place in leads:
        entries.append(("member.lead_removed", place.membership, {"team": place.team_id, **why}))
    TeamMember.objects.filter(pk__in=[place.pk for place in leads]).update(is_lead=False)
    log_all(actor, entries)
    if reports:
        closures.rebuild(organization_id)  # bulk_update skips the save signals that keep it
