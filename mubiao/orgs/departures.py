"""What happens to the places someone held when they leave (deactivated by an admin, a people
import, a directory sync or a withdrawn invitation), the same on every path: their pending
invitation is withdrawn (every link to it dies for good: coming back opens a new one,
accounts.services.reopen_invitations), they stop leading
teams (they stay listed in them, with their OKRs) and the people who reported to them report to
their manager instead, or to the first manager above who stays. Both are in the activity log,
so that the org chart's change can be traced to the departure.

Their objectives stay theirs (kept, with their history). hand_over returns what it did to
each person, in no language (`effects`), for the previews of a people import and a directory
sync, which run it in a transaction rolled back; `effect_text` says one effect.

Set-based: a fixed number of queries however many leave at once (an import, a sync).
"""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.accounts.models import Invitation
from mubiao.okrs.models import Objective
from mubiao.okrs.services import log_all
from mubiao.orgs import closures
from mubiao.orgs.models import Membership, TeamMember
from mubiao.orgs.selectors import team_paths


def hand_over(
    actor: Membership | None,
    organization_id: int,
    departed: set[int],
    *,
    moved: dict[int, int] | None = None,
    **why,
) -> dict[int, list]:
    """Hand over the team leads and reports of the members `departed` (ids, deactivated in
    this transaction); `why` is logged with each change (e.g. import="people.csv"). Returns
    `{departed id: [[effect key, params], …]}` (see `effects`); `moved` are reports the caller
    moved already ({report id: the departed manager}), said with the others."""
    if not departed:
        return {}
    closures.lock(organization_id)  # taken already by the callers; the rebuild needs it
    # Read with the managers, in the same query: a departure without a pending invitation
    # costs no query for it.
    rows = Membership.objects.filter(organization_id=organization_id).values_list(
        "id", "manager_id", "invitation__id", "invitation__accepted_at", "invitation__revoked_at"
    )
    managers, withdrawn = {}, set()
    for pk, manager, invitation, accepted, revoked in rows:
        managers[pk] = manager
        if pk in departed and invitation and accepted is None and revoked is None:
            withdrawn.add(pk)
    if withdrawn:
        Invitation.objects.filter(membership_id__in=withdrawn).update(revoked_at=timezone.now())

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
    moved = dict(moved or {})
    for report in reports:
        moved[report.pk] = report.manager_id
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
    said = effects(organization_id, departed, moved, [(p.membership_id, p.team_id) for p in leads])
    for pk in withdrawn:
        said[pk].insert(0, ["invitation", {}])
    return said


def effects(organization_id: int, departed: set[int], moved: dict[int, int], leads) -> dict:
    """What leaving does to each of `departed`: `reports` (who now reports to whom, read as
    the tree is now), `leads` (the teams they no longer lead, by whole path) and `okrs` (how
    many objectives they own, which are kept; not said when they own none). At most four
    queries."""
    said: dict[int, list] = {pk: [] for pk in departed}
    now_under, people = {}, {}
    if moved:  # nobody's reports moved: nobody to name
        now_under = dict(
            Membership.objects.filter(pk__in=list(moved)).values_list("id", "manager_id")
        )
        named = {*moved, *now_under.values()} - {None}
        people = {
            m.pk: m.display_name
            for m in Membership.objects.filter(pk__in=named).select_related("user", "invitation")
        }
    groups: dict[tuple[int, int | None], list[str]] = {}
    for report, manager in moved.items():
        if manager in said and report in now_under:
            groups.setdefault((manager, now_under[report]), []).append(people.get(report, ""))
    for (manager, to), names in sorted(groups.items(), key=lambda item: str(item[0])):
        params = {"count": len(names), "names": ", ".join(sorted(names))}
        said[manager].append(["reports", {**params, "to": people.get(to, "") if to else ""}])
    paths = team_paths(organization_id) if leads else {}
    led: dict[int, list[str]] = {}
    for member, team in leads:
        led.setdefault(member, []).append(paths.get(team, ""))
    for member, teams in led.items():
        said[member].append(["leads", {"teams": "; ".join(sorted(teams))}])
    owned = dict(
        Objective.objects.filter(owner_member_id__in=departed)
        .values("owner_member")
        .annotate(n=Count("id"))
        .values_list("owner_member", "n")
    )
    for member in departed:
        if owned.get(member):  # "their 0 objectives are kept" says nothing
            said[member].append(["okrs", {"count": owned[member]}])
    return said


def effect_text(key: str, params: dict) -> str:
    """One effect of `effects` in the active language (a sync log's older entries hold fewer
    params: a count of reports, the teams' names)."""
    if key == "okrs":
        if "count" not in params:
            return _("their OKRs are kept")
        return ngettext(
            "their %(count)s objective is kept, still theirs",
            "their %(count)s objectives are kept, still theirs",
            params["count"],
        ) % {"count": params["count"]}
    if key == "invitation":
        return _("their pending invitation is withdrawn")
    if key == "reports" and "names" not in params:
        return ngettext(
            "%(count)s report now reports to their manager",
            "%(count)s reports now report to their manager",
            params["count"],
        ) % {"count": params["count"]}
    if key == "reports" and params["to"]:
        return (
            ngettext(
                "%(names)s now reports to %(to)s",
                "%(names)s now report to %(to)s",
                params["count"],
            )
            % params
        )
    if key == "reports":
        return (
            ngettext(
                "%(names)s now has no manager (nobody above stays)",
                "%(names)s now have no manager (nobody above stays)",
                params["count"],
            )
            % params
        )
    return _("no longer leads %(teams)s") % params


def departed_refused(who: str) -> str:
    """Why someone who left (deactivated) cannot be made a manager or a team lead, on every
    path (member form, invitation, team form, API, people import): their reports and teams
    would answer to nobody, the very thing leaving hands over (orgs.departures)."""
    return _(
        "%(who)s has left (deactivated): someone who left cannot be a manager or a team lead. "
        "Choose someone else, or reactivate them first."
    ) % {"who": who}
