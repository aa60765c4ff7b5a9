"""One sync's writes (services.sync runs them in its transaction): the organization made to
follow a directory's Snapshot, every change recorded for the preview, the sync log and the
activity log. Set-based: a bounded number of queries whatever the directory's size."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_noop

from mubiao.accounts import services as accounts
from mubiao.accounts.models import Invitation, User
from mubiao.accounts.phones import one_person, phone_key
from mubiao.directory import vendors
from mubiao.directory.changes import Change
from mubiao.directory.models import LinkedPerson, LinkedTeam
from mubiao.directory.rules import departures_code, email_of, hold_reason, mobile_of, tree_order
from mubiao.okrs.services import log_all
from mubiao.orgs import closures, departures
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.orgs.rules import is_team_name, top_team

# What a sync says of a team made by hand (LinkedTeam.made_by_sync False).
HAND_MADE_MATCHED = gettext_noop(
    "Team %(team)s, made here by hand, is matched to the department “%(department)s” by name: "
    "its members and leads follow the department; a sync never renames, moves or archives it."
)
HAND_MADE_KEPT = gettext_noop(
    "Team %(team)s was made here by hand: not renamed or moved to follow the department "
    "“%(department)s”. Change it here if it should."
)
HAND_MADE_GONE = gettext_noop(
    "Team %(team)s was made here by hand: not archived, although its department left the "
    "directory. Archive it here if it should go."
)
# The people named in a run's one note of those kept deactivated by an admin (the rest: "…").
KEPT_NAMES = 20


class Follow:
    """One sync: teams first (parents before children, one insert per level of the tree),
    then people (members created in bulk), managers (a loop refuses the whole sync), team
    places and lead flags, the activity log, and the closures rebuilt once."""

    def __init__(self, actor, source, snapshot, result, *, confirmation="", request=None):
        self.actor, self.source, self.snapshot, self.result = actor, source, snapshot, result
        self.confirmation, self.request = confirmation, request
        self.organization = source.organization
        self.log: list[tuple] = []  # (verb, target, data) for the activity log
        self.updated: dict[Membership, set] = {}  # member → what changed
        self.values: dict[int, dict] = {}  # member id → {what: [before, after]}
        self.created_ids: set[int] = set()
        self.renamed: list[User] = []
        self.email_wanted: list[tuple[Membership, str]] = []  # members without an address
        self.addressed: list[User] = []
        self.renamed_invitations: list[Invitation] = []
        self.deactivated: list[Membership] = []
        self.returning: list[int] = []  # deactivated members the directory lists again
        self.left: dict[int, Change] = {}  # deactivated member id → their change
        self.kept: list[str] = []  # listed, but deactivated by an admin: who they are

    def run(self) -> None:
        department_teams = self._teams()
        members = self._people()
        self._hold()
        self._managers(members)
        self._places(members, department_teams)
        for membership, fields_changed in self.updated.items():
            if membership.pk not in self.created_ids:
                self.result.changes.append(
                    Change(
                        "person.update",
                        self._who(membership),
                        sorted(fields_changed),
                        self.values.get(membership.pk, {}),
                    )
                )
                self.log.append(
                    (
                        "member.updated",
                        membership,
                        {"directory": self.source.vendor, "fields": sorted(fields_changed)},
                    )
                )
        log_all(self.actor, self.log)
        # Reports the directory moved itself (_staying_manager) are said with the others.
        moved = {
            pk: manager
            for pk, manager in self.managers_before.items()
            if manager in self.left and pk not in self.left and self.everyone[pk].is_active
        }
        said = departures.hand_over(
            self.actor,
            self.organization.pk,
            {m.pk for m in self.deactivated},
            moved=moved,
            directory=self.source.vendor,
        )
        for pk, effects in said.items():
            self.left[pk].effects += effects
        closures.rebuild(self.organization.pk)

    def _hold(self) -> None:
        """Refuse (SyncHeld: the transaction rolls back) to deactivate too many people
        unconfirmed, or other people than the confirmation names (the directory changed
        since the preview the admin confirmed); a preview only says so, with the code that
        confirms its departures."""
        leaving = len(self.deactivated)
        code = departures_code(member.pk for member in self.deactivated)
        if self.confirmation:
            if self.confirmation == code:
                return
            if not leaving:  # applied already (a replayed code, a second admin), or none left
                self.result.nothing_to_confirm = vendors.Note(
                    gettext_noop(
                        "Nothing to confirm: those deactivations were already applied, or "
                        "nobody is leaving now. The sync ran as usual."
                    )
                )
                self.result.problems.append(self.result.nothing_to_confirm)
                return
            if not self.result.dry_run:
                raise vendors.SyncHeld(
                    gettext_noop(
                        "The directory changed since the preview you confirmed: the sync would "
                        "now deactivate %(count)s people, not the ones you confirmed. Held: "
                        "nothing changed. Check the new preview, then confirm again."
                    ),
                    confirmation=code,
                    count=leaving,
                )
        reason = hold_reason(
            listed=sum(person.active for person in self.snapshot.people),
            following=self.following,
            leaving=leaving,
            percent=settings.DIRECTORY_HOLD_PERCENT,
            most=settings.DIRECTORY_HOLD_COUNT,
        )
        if reason is None:
            return
        names = {
            "count": leaving,
            "total": self.following,
            "root": self.source.root_department,
            "percent": f"{settings.DIRECTORY_HOLD_PERCENT:g}",
            "most": settings.DIRECTORY_HOLD_COUNT,
        }
        if reason == "empty":
            message = gettext_noop(
                "The directory lists nobody under the top department (ID %(root)s), so the sync "
                "would deactivate all %(count)s people who follow it. Held: nothing changed. Check "
                "the top department ID and the app's access to the contacts, or confirm the "
                "deactivations."
            )
        elif reason == "everyone":
            message = gettext_noop(
                "The sync would deactivate everyone who follows the directory (%(count)s "
                "people). Held: nothing changed. Check the top department ID (%(root)s), or "
                "confirm the deactivations."
            )
        else:
            message = gettext_noop(
                "The sync would deactivate %(count)s of the %(total)s people who follow the "
                "directory, more than the safe limit (%(percent)s%% or %(most)s people). Held: "
                "nothing changed. Preview the changes, then confirm the deactivations."
            )
        if not self.result.dry_run:
            raise vendors.SyncHeld(message, confirmation=code, **names)
        self.result.held = str(vendors.Note(message, names))
        self.result.confirmation = code

    # -- departments → teams ------------------------------------------------------------

    def _teams(self) -> dict[str, int]:
        org = self.organization
        teams = {t.pk: t for t in Team.objects.filter(organization=org)}
        self.team_names_before = {pk: team.name for pk, team in teams.items()}
        top = self._top_team(teams)
        links = {link.external_id: link for link in LinkedTeam.objects.filter(source=self.source)}
        linked_ids = {link.team_id for link in links.values()}
        by_name = {
            (t.parent_id, t.name.casefold()): t
            for t in teams.values()
            if t.pk not in linked_ids and not t.is_archived
        }
        taken = {t.slug for t in teams.values()}
        department_teams: dict[str, int] = {}
        paths: dict[str, str] = {}
        self.team_paths: dict[int, str] = {}
        self.team_changes: dict[int, Change] = {}
        changed, new_links = [], []
        level: dict[str, int] = {}
        ordered = tree_order(self._named_departments())
        for department in ordered:
            level[department.id] = level[department.parent_id] + 1 if department.parent_id else 0
        for depth in sorted(set(level.values())):
            created = []
            for department in (d for d in ordered if level[d.id] == depth):
                name = department.name.strip()[:200]
                parent = department_teams[department.parent_id] if department.parent_id else top.pk
                parent_path = paths[department.parent_id] if department.parent_id else top.name
                paths[department.id] = f"{parent_path}/{name}"
                link = links.get(department.id)
                team = teams.get(link.team_id) if link else None
                if team is None:
                    team = by_name.pop((parent, name.casefold()), None)
                    if team is not None:
                        link = LinkedTeam(
                            source=self.source,
                            external_id=department.id,
                            team=team,
                            made_by_sync=False,
                        )
                        new_links.append(link)
                        self._hand_made_team(team, department, HAND_MADE_MATCHED)
                if team is None:
                    team = Team(
                        organization=org, name=name, parent_id=parent, slug=self._slug(name, taken)
                    )
                    created.append((department, team))
                    continue
                if not link.made_by_sync:
                    if (team.name.casefold(), team.parent_id) != (name.casefold(), parent):
                        self._hand_made_team(team, department, HAND_MADE_KEPT)
                elif self._follow_team(team, name, parent, paths[department.id], teams):
                    changed.append(team)
                department_teams[department.id] = team.pk
                self.team_paths[team.pk] = paths[department.id]
            Team.objects.bulk_create(team for _d, team in created)
            for department, team in created:
                department_teams[department.id] = team.pk
                teams[team.pk] = team
                new_links.append(
                    LinkedTeam(source=self.source, external_id=department.id, team=team)
                )
                self.team_paths[team.pk] = paths[department.id]
                self.team_changes[team.pk] = Change("team.create", paths[department.id])
                self.result.changes.append(self.team_changes[team.pk])
                self.log.append(("team.created", team, {"directory": self.source.vendor}))
        gone, unlinked = [], []
        for external_id, link in links.items():
            team = teams.get(link.team_id)
            if external_id not in department_teams and team and not team.is_archived:
                if not link.made_by_sync:
                    self._hand_made_team(team, None, HAND_MADE_GONE)
                    unlinked.append(link.pk)
                    continue
                team.is_archived = True
                gone.append(team)
                self.result.changes.append(Change("team.archive", team.name))
                self.log.append(("team.archived", team, {"directory": self.source.vendor}))
        Team.objects.bulk_update(changed + gone, ["name", "parent", "is_archived"])
        LinkedTeam.objects.bulk_create(new_links)
        # A hand-made team whose department left is the organization's own again: linked, its
        # members would be taken out of it by every sync (no one is in a gone department).
        LinkedTeam.objects.filter(pk__in=unlinked).delete()
        self.linked_teams = set(department_teams.values()) | {
            link.team_id for link in links.values() if link.pk not in unlinked
        }
        self.team_names = {pk: team.name for pk, team in teams.items()}
        self.teams_by_pk = teams
        return department_teams

    def _hand_made_team(self, team: Team, department, message: str) -> None:
        """Names, in the preview and the log, what a sync does not do to a team made by hand."""
        params = {"team": team.name}
        if department is not None:
            params["department"] = department.name
        self.result.problems.append(vendors.Note(message, params))

    def _top_team(self, teams: dict[int, Team]) -> Team:
        """The team the directory's top departments go under, made (and added to `teams`)
        when the organization has none."""
        top_id = top_team((t.pk, t.parent_id, t.is_archived) for t in teams.values())
        if top_id is not None:
            return teams[top_id]
        org = self.organization
        top = Team.objects.create(organization=org, name=org.name, slug=self._slug(org.name, teams))
        teams[top.pk] = top
        return top

    def _named_departments(self) -> list:
        """The departments whose names can name a team. Each other is a problem: its
        sub-departments go under the top team (tree_order) and its people get no place for it;
        the preview and the log name it."""
        named = []
        for department in self.snapshot.departments:
            if is_team_name(department.name):
                named.append(department)
                continue
            self.result.problems.append(
                vendors.Note(
                    gettext_noop(
                        "Department %(id)s is named “%(name)s”, which cannot name a team: it "
                        "was not added. Rename it in the directory."
                    ),
                    {"id": department.id, "name": department.name},
                )
            )
        return named

    def _follow_team(self, team: Team, name: str, parent: int, path: str, teams: dict) -> bool:
        """Gives a linked team its department's name and place (restoring it if archived);
        True, with the change in the preview and the log, when anything changed."""
        fields_changed, values = [], {}
        if team.name != name:
            values["name"] = [team.name, name]
            team.name = name
            fields_changed.append("name")
        if team.parent_id != parent:
            values["parent"] = [
                self._team_name(teams, team.parent_id),
                self._team_name(teams, parent),
            ]
            team.parent_id = parent
            fields_changed.append("parent")
        if team.is_archived:
            team.is_archived = False
            values["restored"] = ["archived", "active"]
            fields_changed.append("restored")
        if not fields_changed:
            return False
        self.team_changes[team.pk] = Change("team.update", path, fields_changed, values)
        self.result.changes.append(self.team_changes[team.pk])
        self.log.append(("team.updated", team, {"directory": self.source.vendor}))
        return True

    @staticmethod
    def _team_name(teams: dict, pk: int | None) -> str:
        team = teams.get(pk)
        return team.name if team is not None else ""

    @staticmethod
    def _slug(name: str, taken) -> str:
        from mubiao.orgs.services import free_team_slug

        return free_team_slug(name, taken)

    # -- people → members ---------------------------------------------------------------

    def _who(self, membership: Membership) -> str:
        # A new member's name is the directory's (their account may hold another
        # organization's name for them), an existing one's the name this organization knows.
        person = getattr(membership, "person", None)
        name = person.name if person is not None else membership.name
        return f"{name} <{membership.user.contact}>" if name else membership.user.contact

    def _people(self) -> dict[str, Membership]:
        """{directory person id: membership} for everyone the directory lists here."""
        everyone, by_email, by_phone = self._members_here()
        links, synced = {}, set()
        for external_id, membership_id, by_sync in LinkedPerson.objects.filter(
            source=self.source
        ).values_list("external_id", "membership_id", "by_sync"):
            links[external_id] = membership_id
            if by_sync:
                synced.add(membership_id)
        linked_members = set(links.values())
        self.following = sum(
            1 for pk in linked_members if pk in everyone and everyone[pk].is_active
        )
        found: dict[str, Membership] = {}
        wanted_new, new_links, adopted = [], [], []
        # The directory person each linked member stands for, to name in a note.
        by_id = {person.id: person for person in self.snapshot.people}
        holders = {pk: by_id[pid] for pid, pk in links.items() if pid in by_id}
        for person in self.snapshot.people:
            member = everyone.get(links.get(person.id))
            email, phone = email_of(person), phone_key(mobile_of(person))
            if member is None:
                member = _unlinked_match(email, phone, by_email, by_phone, linked_members)
                if member is not None:
                    linked_members.add(member.pk)
                    holders[member.pk] = person
                    new_links.append((person.id, member))
            if member is not None:
                found[person.id] = member
                if member.pk not in synced:  # linked by a sign-in, listed now: the sync's
                    adopted.append(person.id)
                self._follow(member, person)
            elif not person.active:
                continue  # someone who left before we knew them
            elif not email and not mobile_of(person):
                self._skip_person(
                    person,
                    gettext_noop(
                        "%(name)s has neither an e-mail address nor a mobile number in the "
                        "directory and was not added."
                    ),
                )
            elif email and (email in by_email or email in {p.user.email for p in wanted_new}):
                # The same address twice in the directory (in any letter case): the first one
                # is added, and the preview says why this one is not. On later runs the first
                # is a member linked to its directory person, and this one is skipped again
                # (making it a second membership of the same account would fail).
                first = next((p.person for p in wanted_new if p.user.email == email), None)
                first = first or holders.get(by_email[email].pk)
                self._skip_person(
                    person,
                    gettext_noop(
                        "%(name)s has the same e-mail address (%(email)s) as %(other)s in "
                        "the directory and was not added."
                    ),
                    email=email,
                    other=(first.name or first.id) if first else by_email[email].user.name or email,
                )
            else:
                wanted_new.append(self._new_member(person, email))
        self._kept_deactivated()
        shared_accounts = self._add_members(wanted_new, found, new_links)
        LinkedPerson.objects.bulk_create(
            LinkedPerson(source=self.source, external_id=external_id, membership=member)
            for external_id, member in new_links
        )
        LinkedPerson.objects.filter(source=self.source, external_id__in=adopted).update(
            by_sync=True
        )
        # People the directory brought in (or a sync linked) and no longer lists: deactivated.
        listed = {m.pk for m in found.values()}
        for membership_id in synced:
            member = everyone.get(membership_id)
            if member is not None and member.pk not in listed and member.is_active:
                self._deactivate(member)
        self.everyone, self.links = everyone, links
        # Invitations go by e-mail: someone known by mobile number only signs in through the
        # vendor's app.
        invited = (
            [m for m in wanted_new if m.is_active and m.user.email]
            if self.source.invite
            else shared_accounts
        )
        if invited:
            accounts.invite_in_bulk(
                self.actor, invited, {m: m.person.name for m in wanted_new}, request=self.request
            )
        return found

    def _members_here(self):
        """Every membership of the organization by pk, by e-mail address and by mobile number
        key; remembers their managers and which accounts other organizations share."""
        org = self.organization
        everyone = {
            m.pk: m
            for m in Membership.objects.filter(organization=org).select_related(
                "user", "invitation"
            )
        }
        by_email = {m.user.email: m for m in everyone.values() if m.user.email}
        # Mobile numbers by their key (accounts.phones): `+86 138-0013-8000` in the directory
        # is the member imported as 13800138000. A number two members share names neither.
        by_phone: dict[str, list[Membership]] = {}
        for m in everyone.values():
            if key := phone_key(m.user.mobile):
                by_phone.setdefault(key, []).append(m)
        self.managers_before = {pk: m.manager_id for pk, m in everyone.items()}
        # Accounts that other organizations share: their name is not this directory's to change.
        self.shared = set(
            Membership.objects.filter(user_id__in=[m.user_id for m in everyone.values()])
            .exclude(organization=org)
            .values_list("user_id", flat=True)
        )
        return everyone, by_email, by_phone

    def _skip_person(self, person, message: str, **names) -> None:
        """A directory person not added: a skip in the preview, and the problem saying why
        (`message`: a gettext_noop text with %(name)s and `names`)."""
        self.result.changes.append(Change("person.skip", person.name or person.id))
        self.result.problems.append(
            vendors.Note(message, {"name": person.name or person.id, **names})
        )

    def _new_member(self, person, email: str) -> Membership:
        """The membership (not saved) of a directory person new here, with its account."""
        member = Membership(organization=self.organization, title=person.title[:100])
        member.person = person
        member.user = User(
            email=email,
            # Someone known by mobile number only signs in through the vendor's app: their
            # username is the directory's ID of them (unique per directory).
            username=email or f"{self.source.vendor}:{self.source.pk}:{person.id}",
            name=person.name[:150],
            mobile=mobile_of(person),
            password=make_password(None),
        )
        return member

    def _add_members(self, wanted_new, found, new_links) -> list[Membership]:
        """Saves the new members (and addresses for members known by number only), adds them
        to `found` and `new_links`; returns those whose account exists already."""
        existing_users = {
            u.email: u
            for u in User.objects.filter(
                email__in=[m.user.email for m in wanted_new if m.user.email]
                + [email for _m, email in self.email_wanted]
            )
        }
        self._give_addresses(existing_users, {m.user.email for m in wanted_new} - {""})
        fresh_users = [
            m.user for m in wanted_new if not m.user.email or m.user.email not in existing_users
        ]
        User.objects.bulk_create(fresh_users)
        # An existing account may belong to another organization: the directory cannot make it
        # a member here (nor show its name, time zone or language) until it accepts an invitation.
        shared_accounts = []
        for membership in wanted_new:
            if membership.user.email in existing_users:
                membership.user = existing_users[membership.user.email]
                shared_accounts.append(membership)
        Membership.objects.bulk_create(wanted_new)
        for membership in wanted_new:
            found[membership.person.id] = membership
            new_links.append((membership.person.id, membership))
            self.created_ids.add(membership.pk)
            self.result.changes.append(Change("person.create", self._who(membership)))
            self.log.append(
                (
                    "member.invited"
                    if self.source.invite or membership in shared_accounts
                    else "member.added",
                    membership,
                    {"directory": self.source.vendor},
                )
            )
        return shared_accounts

    def _follow(self, member: Membership, person) -> None:
        if not person.active:
            if member.is_active:
                self._deactivate(member)
            return
        email = email_of(person)
        if email and email != member.user.email:
            if member.user.email:
                # Which is right, the directory or what the person and the admins keep here,
                # is theirs to say: their sign-in address never changes behind their back.
                self._member_address_problem(
                    member,
                    email,
                    gettext_noop(
                        "%(who)s: the directory gives the e-mail address %(email)s, not "
                        "this one; not changed. Correct whichever is wrong."
                    ),
                )
            else:
                self.email_wanted.append((member, email))  # _give_addresses
        if not member.is_active:
            if not member.left_directory:
                self.kept.append(self._who(member))  # said once for all (_kept_deactivated)
                return
            member.is_active, member.left_directory = True, False
            self.returning.append(member.pk)
            self._changed(member, "status", "deactivated", "active")
        if member.title != person.title[:100]:
            self._changed(member, "title", member.title, person.title[:100])
            member.title = person.title[:100]
        user, name = member.user, person.name[:150]
        invitation = member.pending_invitation
        if name and invitation is not None and invitation.name != name:
            self._changed(member, "person_name", invitation.name, name)
            invitation.name = name  # what this organization calls them until they join
            self.renamed_invitations.append(invitation)
        if (
            name
            and user.name != name
            and not user.has_usable_password()
            and user.pk not in self.shared
        ):
            self._changed(member, "person_name", user.name, name)
            user.name = name
            self.renamed.append(user)

    def _give_addresses(self, accounts: dict[str, User], new_addresses: set[str]) -> None:
        """The directory's address for members known here by mobile number only: written on
        an account only this organization has, when no other account and no one added now
        has it; otherwise named as not written (without saying which, for whether an address
        has an account elsewhere is not this organization's to learn)."""
        given = set(new_addresses)
        for member, email in self.email_wanted:
            user = member.user
            if email in accounts or email in given or user.pk in self.shared:
                self._member_address_problem(
                    member,
                    email,
                    gettext_noop(
                        "%(who)s: the directory's e-mail address %(email)s cannot be added "
                        "to their account and was not. Check the address in the directory."
                    ),
                )
                continue
            given.add(email)
            self._changed(member, "email", "", email)
            user.email = email
            self.addressed.append(user)

    def _member_address_problem(self, member: Membership, email: str, message: str) -> None:
        """A problem naming the member and the directory's e-mail address that was not
        written on their account (`message`: a gettext_noop text with %(who)s, %(email)s)."""
        self.result.problems.append(
            vendors.Note(message, {"who": self._who(member), "email": email})
        )

    def _changed(self, member, what: str, before=None, after=None) -> None:
        self.updated.setdefault(member, set()).add(what)
        if before is not None or after is not None:
            values = self.values.setdefault(member.pk, {})
            values[what] = [values.get(what, [before])[0], after]

    def _deactivate(self, member: Membership) -> None:
        if member.role == Membership.Role.OWNER:
            self.result.problems.append(
                vendors.Note(
                    gettext_noop(
                        "%(who)s left the directory but is an owner here: not deactivated."
                    ),
                    {"who": self._who(member)},
                )
            )
            return
        member.is_active, member.left_directory = False, True
        self.deactivated.append(member)
        self.left[member.pk] = Change(
            "person.deactivate",
            self._who(member),
            ["status"],
            # Someone invited who has not joined is not called active.
            {"status": ["invited" if member.pending_invitation else "active", "deactivated"]},
        )
        self.result.changes.append(self.left[member.pk])
        self.log.append(("member.deactivated", member, {"directory": self.source.vendor}))

    def _kept_deactivated(self) -> None:
        """The people the directory lists whom an admin deactivated (or whose invitation they
        withdrew): the admin's decision stands until an admin reactivates them. One note for
        the run, however many (the first KEPT_NAMES named)."""
        if not self.kept:
            return
        who = ", ".join(self.kept[:KEPT_NAMES]) + (", …" if len(self.kept) > KEPT_NAMES else "")
        self.result.problems.append(
            vendors.Note(
                gettext_noop(
                    "Deactivated here by an admin, so kept as the admin left them, not "
                    "reactivated (%(count)s): %(who)s. Reactivate them here if they should be "
                    "back."
                ),
                {"count": len(self.kept), "who": who},
            )
        )

    def _managers(self, found: dict[str, Membership]) -> None:
        self.by_pk = {m.pk: m for m in found.values()}
        parents = {pk: m.manager_id for pk, m in self.everyone.items()}
        for person in self.snapshot.people:
            member = found.get(person.id)
            if member is None or not person.active or not member.is_active:
                continue
            manager = self._staying_manager(person.manager_id, found)
            wanted = manager.pk if manager is not None and manager.pk != member.pk else None
            if member.manager_id != wanted:
                if member.pk not in self.created_ids:
                    self._changed(
                        member, "manager", self._name_of(member.manager_id), self._name_of(wanted)
                    )
                else:
                    self.updated.setdefault(member, set())
                member.manager_id = wanted
                parents[member.pk] = wanted
        loop = closures.find_loop(parents)
        if loop is not None:
            names = {pk: self._who(m) for pk, m in self.everyone.items()}
            names.update({m.pk: self._who(m) for m in found.values()})
            raise vendors.DirectoryError(
                gettext_noop(
                    "These managers would form a loop: %(loop)s. Fix the managers in the directory "
                    "or here, then sync again."
                ),
                loop=" → ".join(names.get(pk, str(pk)) for pk in loop),
            )
        rows = {m for m in self.updated} | set(self.deactivated)
        Membership.objects.bulk_update(
            list(rows), ["title", "is_active", "left_directory", "manager"]
        )
        User.objects.bulk_update(self.renamed, ["name"])
        User.objects.bulk_update(self.addressed, ["email"])
        Invitation.objects.bulk_update(self.renamed_invitations, ["name"])
        accounts.reopen_invitations(self.returning)

    def _name_of(self, pk: int | None) -> str:
        member = self.everyone.get(pk) or self.by_pk.get(pk)
        return self._who(member) if member is not None else ""

    def _staying_manager(self, external_id: str | None, found: dict) -> Membership | None:
        """The member the directory names as manager; when they left (deactivated, or no
        longer listed), the first manager above them who stays, as orgs.departures hands
        their reports over, so that the next sync keeps what this one did."""
        if not external_id:
            return None
        manager = found.get(external_id) or self.everyone.get(self.links.get(external_id))
        seen = set()
        while manager is not None and not manager.is_active and manager.pk not in seen:
            seen.add(manager.pk)
            manager = self.everyone.get(manager.manager_id)
        return manager if manager is not None and manager.is_active else None

    def _places(self, found: dict[str, Membership], department_teams: dict[str, int]) -> None:
        """Each listed person's places in the directory's teams (lead flags included); places
        in teams made by hand are theirs to keep."""
        leaders = {
            (department_teams[d.id], leader)
            for d in self.snapshot.departments
            if d.id in department_teams
            for leader in d.leader_ids
        }
        # Someone the directory lists as gone but kept here (an owner is never deactivated)
        # gains no place or lead from it, and keeps those they have: theirs to change.
        staying = {
            person.id: found[person.id]
            for person in self.snapshot.people
            if person.active and person.id in found and found[person.id].is_active
        }
        current: dict[tuple[int, int], TeamMember] = {
            (place.membership_id, place.team_id): place
            for place in TeamMember.objects.filter(
                team_id__in=self.linked_teams,
                membership_id__in=[m.pk for m in staying.values()],
            )
        }
        wanted: dict[tuple[int, int], bool] = {}
        for person in self.snapshot.people:
            member = staying.get(person.id)
            if member is None:
                continue
            for department in person.department_ids:
                team = department_teams.get(department)
                if team is not None:
                    wanted[(member.pk, team)] = (team, person.id) in leaders
        by_pk = {m.pk: m for m in found.values()}
        gone = [place.pk for key, place in current.items() if key not in wanted]
        new = [
            TeamMember(membership_id=key[0], team_id=key[1], is_lead=lead)
            for key, lead in wanted.items()
            if key not in current
        ]
        # Read before the flags are flipped below: read after, a lead taken away never showed.
        before = [(key, place.is_lead) for key, place in current.items()]
        flipped = []
        for key, lead in wanted.items():
            place = current.get(key)
            if place is not None and place.is_lead != lead:
                place.is_lead = lead
                flipped.append(place)

        def teams_of(places, member_id, leads):
            return {
                team for (who, team), lead in places if who == member_id and (lead or not leads)
            }

        def names(teams, naming):
            return ", ".join(sorted(naming.get(team, "") for team in teams))

        after = list(wanted.items())
        for member_id in {key[0] for key, _lead in before + after}:
            for what, leads in (("teams", False), ("lead", True)):
                was, now = teams_of(before, member_id, leads), teams_of(after, member_id, leads)
                if was != now:
                    self._note(
                        by_pk[member_id],
                        what,
                        names(was, self.team_names_before),
                        names(now, self.team_names),
                    )
        self._team_leads(before, after, by_pk)
        TeamMember.objects.filter(pk__in=gone).delete()
        TeamMember.objects.bulk_create(new)
        TeamMember.objects.bulk_update(flipped, ["is_lead"])

    def _team_leads(self, before, after, by_pk: dict[int, Membership]) -> None:
        """Each directory team whose leads change, as a team change (counted in the summary,
        shown in the preview and the log): `leads: 王五 → 王五, 李雷`. All its leads are
        named, those set here by hand included: the directory's leaders are added beside a
        lead set by hand on someone it does not list (docs/directory-sync.md), and the
        preview shows the team then has two."""
        kept = TeamMember.objects.filter(team_id__in=self.linked_teams, is_lead=True).exclude(
            membership_id__in=by_pk
        )
        others = {(place.membership_id, place.team_id) for place in kept}
        was = others | {key for key, lead in before if lead}
        now = others | {key for key, lead in after if lead}
        if was == now:
            return
        names = {pk: self._who(m) for pk, m in self.everyone.items()}
        names.update({pk: self._who(m) for pk, m in by_pk.items()})

        def leads_of(team, keys):
            return ", ".join(sorted(names.get(who, "") for who, where in keys if where == team))

        for team in sorted({key[1] for key in was ^ now}):
            if team not in self.team_paths:
                continue  # an archived team: its change is its archiving
            change = self.team_changes.get(team)
            if change is None:
                change = self.team_changes[team] = Change("team.update", self.team_paths[team])
                self.result.changes.append(change)
                self.log.append(
                    ("team.updated", self.teams_by_pk[team], {"directory": self.source.vendor})
                )
            change.fields.append("leads")
            change.values["leads"] = [leads_of(team, was), leads_of(team, now)]

    def _note(self, member: Membership, what: str, before: str, after: str) -> None:
        if member.pk not in self.created_ids and member.is_active:
            self._changed(member, what, before, after)


def _unlinked_match(
    email: str,
    phone: str,
    by_email: dict[str, Membership],
    by_phone: dict[str, list[Membership]],
    linked: set[int],
) -> Membership | None:
    """The member a directory person not linked yet already is: the one with their e-mail
    address, else the one with their mobile number (accounts.phones.one_person); never a member
    linked to another of the directory's people."""
    if email in by_email:
        member = by_email[email]
    else:
        member = one_person(by_phone.get(phone, ()), email) if phone else None
    return member if member is not None and member.pk not in linked else None
