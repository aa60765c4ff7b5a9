"""Importing people: every row planned against the organization (create, update, deactivate
or unchanged), then everything written in one transaction, or nothing.

The writes are set-based so that a file of hundreds of people takes a bounded number of
queries: the organization's people, teams and team places are read once, new teams are created
one level of the tree at a time, people, memberships, team places, invitations and the activity
log in bulk statements, and the team and manager closures (orgs.closures) rebuilt once at the
end (bulk statements skip the save signals that keep them otherwise). A manager loop is found
in the tree the file would leave and refused before anything is written.

People who have already joined own their account: their name, language and time zone are left
as they are (the preview says so); their role, title, manager, teams and status are the
organization's and follow the file.
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from mubiao.accounts import services as accounts
from mubiao.accounts.models import Invitation, User
from mubiao.okrs.services import log_all
from mubiao.okrs.transfer.errors import Failures, ImportFailed, Location
from mubiao.orgs import closures, departures, permissions
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.people import columns
from mubiao.people.plan import (
    MEMBER_FIELDS,
    USER_FIELDS,
    PeopleHere,
    PeopleImport,
    plan_changed,
    plan_rows,
)
from mubiao.people.reading import read_people
from mubiao.transactions import speaks_actors_language, write_transaction


@speaks_actors_language
def import_people(
    actor: Membership,
    *,
    file_name: str,
    data: bytes,
    dry_run: bool = False,
    request=None,
    expected_plan: list | None = None,
) -> PeopleImport:
    """Import the people of a CSV or .xlsx file, all or nothing; new people are invited.
    ImportFailed (located in the file) when any row is wrong; PermissionDenied for a member
    who is not an admin. A dry run writes everything, then rolls it back (and sends nothing),
    so that its preview has met every check the import meets. With `expected_plan` (a
    preview's PeopleImport.plan), ImportFailed naming what differs when the organization has
    changed since that preview, so that what is applied is what the person saw."""
    permissions.require(permissions.can_manage_organization(actor))
    file_name = file_name or "people.csv"
    read_failures = Failures()
    rows, notes = read_people(file_name, data, read_failures)
    result = PeopleImport(file_name, dry_run, [row for row in rows if not row.failed])
    # Everyone the file names, its wrong rows included: a manager cell naming someone whose
    # row has an error is not an error of its own.
    result.named = {row.email for row in rows if row.email}
    wrong_rows = [row for row in rows if row.failed]
    write_transaction(_apply)(
        actor, result, notes, request, expected_plan, read_failures, wrong_rows
    )
    # Links that nobody can open are said in the preview, before any invitation is sent.
    if note := accounts.site_url_unset_note(result.counts["create"], request):
        result.problems.insert(0, note)
    return result


def _apply(
    actor: Membership, result: PeopleImport, notes, request, expected, read_failures, wrong_rows
) -> None:
    result.problems = list(notes)  # a transaction run again starts afresh
    # Before the file's managers are checked for loops against the organization's.
    closures.lock(actor.organization_id)
    failures = read_failures.copy()
    directory = PeopleHere(actor, [*result.rows, *wrong_rows])
    new_paths = plan_rows(actor, result, directory, failures, wrong_rows)
    failures.raise_any()  # every row's error at once, in file order
    if expected is not None and result.plan != expected:
        raise ImportFailed(plan_changed(result, expected), Location(result.file_name))
    _write(actor, result, directory, new_paths, request)
    if result.dry_run:
        transaction.set_rollback(True)


def _write(actor, result: PeopleImport, directory: PeopleHere, new_paths, request) -> None:
    organization = directory.organization
    teams = _create_teams(organization, new_paths, directory)
    rows = result.rows
    users, created_users, updated_users, renamed_invitations = {}, [], [], []
    for row in rows:
        member = directory.members.get(row.email)
        user = member.user if member else directory.users.get(row.email)
        if user is None:
            user = User(email=row.email, username=row.email, password=make_password(None))
            created_users.append(user)
        # An account that exists without being a member here belongs to other organizations:
        # the file's name for it goes on the invitation, its account stays as it is.
        invitation = member.pending_invitation if member is not None else None
        if (
            invitation is not None
            and "name" in row.values
            and invitation.name != row.values["name"]
        ):
            invitation.name = row.values["name"]
            renamed_invitations.append(invitation)
        if not user.has_usable_password() and (member is not None or user.pk is None):
            for key, attribute in USER_FIELDS.items():
                if invitation is not None:
                    continue  # the name is the invitation's, the rest theirs (_changes)
                if user.pk in directory.shared:
                    continue  # another organization's account (PeopleHere.shared)
                if key in row.values and getattr(user, attribute) != row.values[key]:
                    setattr(user, attribute, row.values[key])
                    if user.pk and user not in updated_users:
                        updated_users.append(user)
        users[row.email] = user
    User.objects.bulk_create(created_users)
    User.objects.bulk_update(updated_users, list(USER_FIELDS.values()))
    Invitation.objects.bulk_update(renamed_invitations, ["name"])

    new_members = []
    for row in rows:
        if row.action == "create":
            member = Membership(organization=organization, user=users[row.email])
            new_members.append(member)
            directory.members[row.email] = member
    for row in rows:
        member, values = directory.members[row.email], row.values
        if row.action == "create":
            member.role = values.get("role", Membership.Role.MEMBER)
            member.title = values.get("title", "")
            member.is_active = values.get("status", columns.Status.ACTIVE) == "active"
    Membership.objects.bulk_create(new_members)

    changed_members, returning = [], []
    for row in rows:
        member, values = directory.members[row.email], row.values
        if row.action in ("update", "deactivate") or (
            row.action == "create" and values.get("manager")
        ):
            for key in MEMBER_FIELDS:
                if key in values:
                    setattr(member, key, values[key])
            if "status" in values:
                active = values["status"] == columns.Status.ACTIVE
                if active and not member.is_active and member.pk:
                    returning.append(member.pk)
                if member.is_active and not active:
                    member.left_directory = False  # an admin's file: a sync leaves it so
                member.is_active = active
            if "manager" in values:
                manager = values["manager"]
                member.manager_id = directory.members[manager].pk if manager else None
            changed_members.append(member)
    Membership.objects.bulk_update(
        changed_members, ["role", "title", "is_active", "left_directory", "manager"]
    )
    accounts.reopen_invitations(returning)

    gone, places, flipped = [], [], []
    for row in rows:
        if "team" not in row.values and "lead" not in row.values:
            continue
        member = directory.members[row.email]
        current = directory.places.get(member.pk, {})
        had_leads = directory.leads.get(member.pk, set())
        if "team" in row.values:
            wanted = {directory.team_id(path) or teams[path].pk for path in row.values["team"]}
        else:
            wanted = set(current)
        if "lead" in row.values:
            leads = {directory.team_id(path) or teams[path].pk for path in row.values["lead"]}
        else:
            leads = had_leads & wanted
        wanted |= leads
        gone += [place for team, place in current.items() if team not in wanted]
        places += [
            TeamMember(team_id=team, membership=member, is_lead=team in leads)
            for team in wanted - current.keys()
        ]
        flipped += [
            TeamMember(pk=place, team_id=team, membership=member, is_lead=team in leads)
            for team, place in current.items()
            if team in wanted and (team in leads) != (team in had_leads)
        ]
    TeamMember.objects.filter(pk__in=gone).delete()
    TeamMember.objects.bulk_create(places)
    TeamMember.objects.bulk_update(flipped, ["is_lead"])

    verbs = {
        "create": "member.invited",
        "update": "member.updated",
        "deactivate": "member.deactivated",
    }
    log_all(
        actor,
        [
            # Teams made from the file's paths, as the directory sync's are logged.
            *(
                ("team.created", team, {"name": team.name, "import": result.file_name})
                for team in teams.values()
            ),
            *(
                (
                    verbs[row.action],
                    directory.members[row.email],
                    {"email": row.email, "import": result.file_name},
                )
                for row in rows
                if row.action in verbs
            ),
        ],
    )
    said = departures.hand_over(
        actor,
        organization.pk,
        {directory.members[row.email].pk for row in rows if row.action == "deactivate"},
        **{"import": result.file_name},
    )
    # What leaving does (reports moved to whom, leads removed, objectives kept), per row of
    # the preview: the dry run gets here too before rolling back.
    for row in rows:
        for key, params in said.get(directory.members[row.email].pk, ()):
            row.changes.append(departures.effect_text(key, params))
    invited = [m for m in new_members if m.is_active]
    names = {directory.members[row.email]: row.values.get("name", "") for row in rows}
    accounts.invite_in_bulk(actor, invited, names, request=request)
    closures.rebuild(organization.pk)


def _create_teams(organization, paths: set[tuple], directory: PeopleHere) -> dict:
    """Create the teams of `paths` (parents first: one statement per level) → {path: team}."""
    created: dict[tuple[str, ...], Team] = {}
    taken = {t["slug"] for t in directory.teams.values()}
    by_depth: dict[int, list[tuple[str, ...]]] = {}
    for path in sorted(paths):
        by_depth.setdefault(len(path), []).append(path)
    for depth in sorted(by_depth):
        level = []
        for path in by_depth[depth]:
            parent = None
            if depth > 1:
                made = created.get(path[:-1])
                parent = directory.team_id(path[:-1]) or (made.pk if made else None)
            level.append(
                (
                    path,
                    Team(
                        organization=organization,
                        name=path[-1],
                        parent_id=parent,
                        slug=_free_slug(path[-1], taken),
                    ),
                )
            )
        Team.objects.bulk_create(team for _path, team in level)
        created.update(level)
    return created


def _free_slug(name: str, taken: set[str]) -> str:
    from mubiao.orgs.services import free_team_slug

    return free_team_slug(name, taken)
