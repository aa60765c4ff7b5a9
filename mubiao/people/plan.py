"""Planning a people import: what the organization holds for the file's people (read once),
each row's checks and its action (create, update, deactivate or unchanged) with the changes
the preview shows, the manager loops the file would make, and the result with its plan and
summary. Reads only: services.import_people writes what is planned."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.accounts.models import User
from mubiao.accounts.phones import phone_key
from mubiao.okrs.transfer.columns import CellError
from mubiao.okrs.transfer.errors import Failures, ImportFailed
from mubiao.orgs import closures, departures
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.orgs.rules import top_team
from mubiao.orgs.services import (
    joined_owners,
    last_owner_refused,
    owner_change_refused,
    self_change_refused,
)
from mubiao.people import columns
from mubiao.people.reading import PersonRow

ACTIONS = ("create", "update", "deactivate", "unchanged")
# The account's own fields, and the membership's, as columns of the file.
USER_FIELDS = {"name": "name", "language": "language", "time_zone": "timezone"}
MEMBER_FIELDS = ("role", "title")
# Roles a preview highlights when a row grants them.
POWERS = (Membership.Role.ADMIN, Membership.Role.OWNER)


def action_labels() -> dict[str, str]:
    """What each action is called in the preview, in the active language."""
    return {
        "create": _("Add and invite"),
        "update": _("Update"),
        "deactivate": _("Deactivate"),
        "unchanged": _("Unchanged"),
    }


@dataclass
class PeopleImport:
    file_name: str
    dry_run: bool
    rows: list[PersonRow]
    problems: list[str] = field(default_factory=list)
    new_teams: list[str] = field(default_factory=list)  # paths of the teams created
    named: set[str] = field(default_factory=set)  # everyone the file names a row for

    @property
    def plan(self) -> list:
        """What applying the file does, in no language (JSON-ready): each row's person, action
        and changed columns, and the teams to create. The web preview keeps it, and the
        confirmation applies the file only if the plan is still the same (`expected_plan`)."""
        return [
            [[row.email, row.action, sorted(row.changed_keys)] for row in self.rows],
            list(self.new_teams),
        ]

    @property
    def counts(self) -> dict[str, int]:
        return {action: sum(row.action == action for row in self.rows) for action in ACTIONS}

    @property
    def summary(self) -> str:
        """`2 people added, 1 deactivated, 296 unchanged; 3 new teams.`: only what happens, or
        `Nothing changed: …` when the file matches the organization already."""
        n, teams = self.counts, len(self.new_teams)
        wording = (
            ("create", ngettext("%(count)s person added", "%(count)s people added", n["create"])),
            ("update", ngettext("%(count)s updated", "%(count)s updated", n["update"])),
            (
                "deactivate",
                ngettext("%(count)s deactivated", "%(count)s deactivated", n["deactivate"]),
            ),
        )
        changes = [text % {"count": n[action]} for action, text in wording if n[action]]
        if not changes and not teams:
            return ngettext(
                "Nothing changed: the %(count)s person in the file is already as it says.",
                "Nothing changed: the %(count)s people in the file are already as it says.",
                n["unchanged"],
            ) % {"count": n["unchanged"]}
        if n["unchanged"]:
            changes.append(
                ngettext("%(count)s unchanged", "%(count)s unchanged", n["unchanged"])
                % {"count": n["unchanged"]}
            )
        text = _(", ").join(changes)
        if teams:
            text = _("%(people)s; %(teams)s") % {
                "people": text,
                "teams": ngettext("%(count)s new team", "%(count)s new teams", teams)
                % {"count": teams},
            }
        return _("%(summary)s.") % {"summary": text}


class PeopleHere:
    """What the organization holds for the file's people, read once."""

    def __init__(self, actor: Membership, rows: list[PersonRow]):
        self.organization = actor.organization
        emails = {row.email for row in rows} | {
            row.values["manager"] for row in rows if row.values.get("manager")
        }
        # A member without an e-mail address is named by their mobile number or directory
        # identity (the username directory sync gave them), keyed here as the file names them.
        others = {key for key in emails if "@" not in key}
        # Mobile numbers are matched by their key (accounts.phones), whatever the spacing or
        # +86 with which either side was typed.
        mobiles = Membership.objects.filter(organization_id=actor.organization_id).exclude(
            user__mobile=""
        )
        by_phone = {
            pk
            for pk, mobile in (mobiles.values_list("pk", "user__mobile") if others else ())
            if phone_key(mobile) in others
        }
        self.members = {}
        for m in Membership.objects.filter(
            Q(user__email__in=emails - others) | Q(pk__in=by_phone) | Q(user__username__in=others),
            organization_id=actor.organization_id,
        ).select_related("user", "invitation"):
            for key in (m.user.email, phone_key(m.user.mobile), m.user.username):
                if key in emails:
                    self.members[key] = m
        self.users = {
            u.email: u for u in User.objects.filter(email__in=emails - others - self.members.keys())
        }
        # Password-less accounts another organization also has (made by its directory or
        # provider): their name, time zone and language are not this file's to write.
        self.shared = set(
            Membership.objects.filter(user__in=[m.user_id for m in self.members.values()])
            .exclude(organization_id=actor.organization_id)
            .values_list("user_id", flat=True)
        )
        # Every member's manager: a loop may run through people the file does not name.
        self.managers, self.contacts = {}, {}
        for pk, manager_id, email, mobile, username in Membership.objects.filter(
            organization_id=actor.organization_id
        ).values_list("id", "manager_id", "user__email", "user__mobile", "user__username"):
            self.managers[pk] = manager_id
            # How the file names each member (the exporter's email column), for the preview.
            self.contacts[pk] = email or mobile or username
        self.teams = {
            t["id"]: t
            for t in Team.objects.filter(organization_id=actor.organization_id).values(
                "id", "name", "parent_id", "slug", "is_archived"
            )
        }
        self.roots = {pk for pk, t in self.teams.items() if t["parent_id"] is None}
        self.top = top_team((pk, t["parent_id"], t["is_archived"]) for pk, t in self.teams.items())
        self.by_name = {
            (t["parent_id"], t["name"].casefold()): t["id"] for t in self.teams.values()
        }
        self.places: dict[int, dict[int, int]] = {}  # membership → {team: TeamMember id}
        self.leads: dict[int, set[int]] = {}  # membership → the teams they lead
        for place in TeamMember.objects.filter(
            membership_id__in=[m.pk for m in self.members.values()]
        ).values("id", "membership_id", "team_id", "is_lead"):
            self.places.setdefault(place["membership_id"], {})[place["team_id"]] = place["id"]
            if place["is_lead"]:
                self.leads.setdefault(place["membership_id"], set()).add(place["team_id"])
        self.active_owners = set(joined_owners(actor.organization_id).values_list("id", flat=True))

    def rooted(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """A path from the top of the tree: one that does not start at a top-level team is
        read below the organization's top team (orgs.rules.top_team), so `产品部/文档组` finds
        the 产品部 made inside it even once another top-level team exists. CellError when the
        short path's first team is not below the top team but below other top-level teams: which
        was meant is a guess."""
        if self.top is None or (None, path[0].casefold()) in self.by_name:
            return path
        top = self.teams[self.top]["name"]
        if (self.top, path[0].casefold()) not in self.by_name:
            elsewhere = sorted(
                columns.path_text((self.teams[parent]["name"], path[0]))
                for parent, name in self.by_name
                if name == path[0].casefold() and parent in self.roots
            )
            if elsewhere:
                raise CellError(
                    _(
                        "“%(path)s” is not below the top team “%(top)s” but below another "
                        "top-level team: write the whole path (%(candidates)s, or %(new)s for "
                        "a new team)."
                    )
                    % {
                        "path": columns.path_text(path),
                        "top": top,
                        "candidates": ", ".join(elsewhere),
                        "new": columns.path_text((top, path[0])),
                    }
                )
        return (top, *path)

    def team_id(self, path: tuple[str, ...]) -> int | None:
        parent = None
        for name in path:
            parent = self.by_name.get((parent, name.casefold()))
            if parent is None:
                return None
        return parent

    def path_of(self, team_id: int) -> tuple[str, ...]:
        names = []
        while team_id is not None:
            team = self.teams[team_id]
            names.append(team["name"])
            team_id = team["parent_id"]
        return tuple(reversed(names))


def _row_errors(row: PersonRow, directory: PeopleHere, in_file: set[str]) -> list:
    """(column key, message) of every error of the row against the organization (its team
    paths read from the top team on the way), all of them: fixing one must not reveal the
    next."""
    errors = []
    values = row.values
    manager = values.get("manager")
    if manager and manager not in in_file and manager not in directory.members:
        errors.append(
            (
                "manager",
                _("“%(email)s” is neither in this file nor in the organization.")
                % {"email": manager},
            )
        )
    if row.email and row.email not in directory.members and "@" not in row.email:
        errors.append(
            (
                "email",
                _(
                    "“%(value)s” is not an e-mail address, nor the mobile number or directory "
                    "identity of a member."
                )
                % {"value": row.typed.get("email", row.email)},
            )
        )
    for key in ("team", "lead"):
        try:
            if key in values:
                values[key] = [directory.rooted(path) for path in values[key]]
        except CellError as error:
            errors.append((key, str(error)))
    return errors


def plan_rows(
    actor: Membership,
    result: PeopleImport,
    directory: PeopleHere,
    failures: Failures,
    wrong_rows: list[PersonRow],
) -> set[tuple]:
    """Each row's action and changes, and the team paths to create; the errors of each row the
    organization cannot take go to `failures`, those of `wrong_rows` (rows with a wrong cell,
    not planned) too."""
    in_file = result.named
    new_paths: set[tuple[str, ...]] = set()
    owners = set(directory.active_owners)
    owner_row = None

    def fail(row: PersonRow, key: str, message: str) -> None:
        failures.add(row.index, ImportFailed(row.quoted(key, message), row.where(key)))

    for row in wrong_rows:  # a wrong cell does not hide the row's other errors
        for key, message in _row_errors(row, directory, in_file):
            fail(row, key, message)
    first_row: dict[int, PersonRow] = {}  # member → the row naming them first
    for row in result.rows:
        values, member = row.values, directory.members.get(row.email)
        errors = _row_errors(row, directory, in_file)
        if member is not None and (earlier := first_row.setdefault(member.pk, row)) is not row:
            # One member named two ways (e-mail address, mobile number, directory identity):
            # the second row would silently overwrite the first.
            errors.append(
                (
                    "email",
                    _("“%(email)s” is in the file twice: here and at %(earlier)s.")
                    % {
                        "email": row.typed.get("email", row.email),
                        "earlier": earlier.where("email").describe(),
                    },
                )
            )
        for key, message in errors:
            fail(row, key, message)
        if errors:
            continue
        for path in (*values.get("team", ()), *values.get("lead", ())):
            new_paths.update(
                path[:depth]
                for depth in range(1, len(path) + 1)
                if directory.team_id(path[:depth]) is None
            )
        role = values.get("role", member.role if member else Membership.Role.MEMBER)
        active = values.get("status", columns.Status.ACTIVE) == columns.Status.ACTIVE
        row.elevated = role in POWERS and (member is None or member.role != role)
        row.name = values.get("name") or (member.display_name if member is not None else "")
        if member is None:
            row.action = "create"
            row.changes = _grants(row)
        else:
            active = values.get("status", "active" if member.is_active else "") == "active"
            row.changes = _changes(row, member, directory, active, result)
            if member.is_active and not active:
                row.action = "deactivate"
            else:
                row.action = "update" if row.changes else "unchanged"
        if refused := _role_refused(actor, row, member, role, active):
            fail(row, *refused)
            continue
        invited = member is None or member.pending_invitation is not None
        if role == Membership.Role.OWNER and active and invited:
            # Allowed, and said: an owner once they accept, not one who can act meanwhile.
            result.problems.append(
                _(
                    "%(where)s: %(email)s is invited as an owner and becomes one on accepting "
                    "the invitation; until then they are shown as invited."
                )
                % {"where": row.location.describe(), "email": row.shown}
            )
        elif member is not None:
            if role == Membership.Role.OWNER and active:
                owners.add(member.pk)
            elif member.pk in owners:
                owners.discard(member.pk)
                owner_row = owner_row or row
    if owner_row is not None and not owners:
        key = "status" if "status" in owner_row.values else "role"
        fail(owner_row, key, last_owner_refused())
    _refuse_departed(result.rows, directory, fail)
    if not failures:  # a loop through a wrong row would be a guess
        _check_manager_loops(result.rows, directory, fail)
    result.new_teams = sorted(columns.path_text(path) for path in new_paths)
    return new_paths


def _role_refused(
    actor: Membership, row: PersonRow, member: Membership | None, role: str, active: bool
) -> tuple[str, str] | None:
    """The column and the message refusing the role or status a row gives a member: a
    change of the importer's own that would lock them out, an owner's role changed or given
    by someone who is not an owner, an owner deactivated; None when the row may."""
    if member is not None and (refused := self_change_refused(actor, member, role, active)):
        return ("status" if member.is_active and not active else "role", refused)
    was_owner = member is not None and member.role == Membership.Role.OWNER
    if actor.role != Membership.Role.OWNER:
        if was_owner and (role != Membership.Role.OWNER or (member.is_active and not active)):
            return ("role" if role != Membership.Role.OWNER else "status", owner_change_refused())
        if role == Membership.Role.OWNER and not was_owner:
            return ("role", _("Only an owner can make someone an owner."))
    if was_owner and member.is_active and not active:
        # Like a directory sync (directory.apply), a file never deactivates an owner: a list
        # from another system must not lock the owners out; an owner does it by hand.
        return (
            "status",
            _(
                "%(email)s is an owner: an import never deactivates an owner. An owner "
                "can do it in Settings › People."
            )
            % {"email": row.email},
        )
    return None


def plan_changed(result: PeopleImport, expected: list) -> str:
    """What differs between a preview's plan and the plan now, row by row."""
    labels = action_labels()
    then_rows = {email: (action, keys) for email, action, keys in expected[0]}
    differences = []
    for row in result.rows:
        action, keys = then_rows.get(row.email, ("", []))
        if (action, keys) == (row.action, sorted(row.changed_keys)):
            continue
        differences.append(
            _("row %(row)s (%(email)s): the preview said “%(then)s”, now “%(now)s”")
            % {
                "row": row.location.row,
                "email": row.email,
                "then": _with_columns(labels.get(action, "–"), keys, row),
                "now": _with_columns(labels[row.action], sorted(row.changed_keys), row),
            }
        )
    if result.new_teams != expected[1]:
        differences.append(
            _("new teams: the preview said “%(then)s”, now “%(now)s”")
            % {
                "then": _(", ").join(expected[1]) or "–",
                "now": _(", ").join(result.new_teams) or "–",
            }
        )
    return _(
        "nothing was imported: the organization's people or teams changed since your preview "
        "(someone edited them, or another import or directory sync ran), so the preview no "
        "longer says what the import would do. %(differences)s. Preview the file again."
    ) % {"differences": _("; ").join(differences)}


def _with_columns(label: str, keys: list[str], row: PersonRow) -> str:
    if not keys:
        return label
    return _("%(action)s: %(columns)s") % {
        "action": label,
        "columns": _(", ").join(row.headers.get(key, key) for key in keys),
    }


def _changes(row, member, directory, active, result) -> list[str]:
    """What the row changes of an existing member, each as `column: before → after`."""
    values, changed = row.values, []
    row.changed_keys = set()
    invited = member.pending_invitation is not None

    def change(key, before, after):
        row.changed_keys.add(key)
        changed.append(_change_text(row, key, before, after))

    def paths(team_ids) -> str:
        return "; ".join(sorted(columns.path_text(directory.path_of(pk)) for pk in team_ids))

    def typed(team_paths) -> str:
        return "; ".join(sorted(columns.path_text(path) for path in team_paths))

    roles = dict(Membership.Role.choices)
    if "role" in values and values["role"] != member.role:
        change("role", roles[member.role], roles[values["role"]])
    if "title" in values and values["title"] != member.title:
        change("title", member.title, values["title"])
    if "manager" in values:
        current = member.manager_id
        wanted = values["manager"]
        wanted_id = directory.members[wanted].pk if wanted in directory.members else wanted
        if (wanted_id or None) != current:
            # An address as stored (ＨＲ＠ａｃｍｅ．ｃｎ is hr@acme.cn, the manager the row is
            # linked to); a mobile number as typed (its key is bare digits).
            after = wanted if "@" in wanted else row.typed.get("manager") or wanted
            change("manager", directory.contacts.get(current), after)
    if "status" in values and active != member.is_active:
        # Someone invited who has not joined yet is not called active (before or after).
        now = columns.Status.INVITED if invited else columns.Status.ACTIVE
        labels = (columns.Status.DEACTIVATED.label, now.label)
        change("status", labels[member.is_active], labels[active])
    if "team" in values:
        wanted = {directory.team_id(path) for path in values["team"]}
        wanted |= {directory.team_id(path) for path in values.get("lead", ())}
        if None in wanted or wanted != set(directory.places.get(member.pk, {})):
            change(
                "team",
                paths(directory.places.get(member.pk, {})),
                typed({*values["team"], *values.get("lead", ())}),
            )
    if "lead" in values:
        wanted = {directory.team_id(path) for path in values["lead"]}
        if None in wanted or wanted != directory.leads.get(member.pk, set()):
            change("lead", paths(directory.leads.get(member.pk, ())), typed(values["lead"]))
    user, theirs = member.user, False
    for key, attribute in USER_FIELDS.items():
        if key not in values:
            continue
        if key == "name" and invited:
            # An invitee's name here is the invitation's (Membership.name), not the account's.
            if values[key] != member.name:
                change(key, member.name, values[key])
        elif invited:
            # Whether the address has an account elsewhere must not show: an invitee's language
            # and time zone wait for them, compared with what the export shows of them.
            own = not user.has_usable_password() and user.pk not in directory.shared
            shown = getattr(user, attribute) if own else ""
            theirs = theirs or values[key] != shown
        elif values[key] != getattr(user, attribute):
            if not user.has_usable_password() and user.pk not in directory.shared:
                change(key, getattr(user, attribute), values[key])
            else:
                theirs = True
    if theirs:
        result.problems.append(
            (
                _(
                    "%(where)s: %(email)s has not accepted the invitation yet; their language "
                    "and time zone are theirs to set when they join and were left as they are."
                )
                if invited
                else _(
                    "%(where)s: %(email)s has joined; their name, language and time zone are "
                    "theirs to change and were left as they are."
                )
            )
            % {"where": row.location.describe(), "email": row.email}
        )
    return changed


def _change_text(row: PersonRow, key: str, before, after) -> str:
    # What changes is named in the reader's language, not by the file's header ("title：" in a
    # Chinese preview); errors keep the file's header, which finds the cell.
    return _("%(column)s: %(before)s → %(after)s") % {
        "column": columns.header_name(key),
        "before": before or "–",
        "after": after or "–",
    }


def _grants(row: PersonRow) -> list[str]:
    """What a new row gives the person, for the preview: their role always (an invitation as
    an admin must not pass unseen), title, manager, teams and leads when the file sets them."""
    values = row.values
    granted = [("role", Membership.Role(values.get("role", Membership.Role.MEMBER)).label)]
    if values.get("title"):
        granted.append(("title", values["title"]))
    if values.get("manager"):
        granted.append(("manager", row.typed.get("manager") or values["manager"]))
    for key in ("team", "lead"):
        if values.get(key):
            granted.append((key, "; ".join(sorted(map(columns.path_text, values[key])))))
    return [_change_text(row, key, "", after) for key, after in granted]


def _refuse_departed(rows: list[PersonRow], directory: PeopleHere, fail) -> None:
    """Refuse a row that names someone who is deactivated once the file is applied as a
    manager or a team lead (orgs.departures.departed_refused), checked against the file's
    final state: a link they already had is refused too, so that applying a file and
    re-importing it give the same answer (issue 13). A file that leaves those cells out, or
    names someone else, hands their reports and teams over as every path does."""

    def stays(member, values) -> bool:
        now = "active" if member is None or member.is_active else ""
        return values.get("status", now) == columns.Status.ACTIVE

    staying = {row.email: stays(directory.members.get(row.email), row.values) for row in rows}
    for row in rows:
        manager = row.values.get("manager")
        if manager and staying[row.email]:
            boss = directory.members.get(manager)
            if not staying.get(manager, boss is None or boss.is_active):
                fail(
                    row,
                    "manager",
                    departures.departed_refused(row.typed.get("manager") or manager),
                )
        if row.values.get("lead") and not staying[row.email]:
            fail(row, "lead", departures.departed_refused(row.shown))


def _check_manager_loops(rows: list[PersonRow], directory: PeopleHere, fail) -> None:
    """Refuse a file whose manager links would close a loop, with the tree as it would be."""

    def key(email: str):
        member = directory.members.get(email)
        return member.pk if member else email

    parents = dict(directory.managers)
    for row in rows:
        if "manager" in row.values:
            manager = row.values["manager"]
            parents[key(row.email)] = key(manager) if manager else None
        else:
            parents.setdefault(key(row.email), None)
    loop = closures.find_loop(parents)
    if loop is None:
        return
    emails = {key(row.email): row.email for row in rows}
    emails.update({m.pk: email for email, m in directory.members.items()})
    missing = [node for node in loop if node not in emails]
    emails.update(Membership.objects.filter(pk__in=missing).values_list("pk", "user__email"))
    row = next(row for row in rows if key(row.email) in loop and "manager" in row.values)
    fail(
        row,
        "manager",
        _("these managers would form a loop: %(loop)s.")
        % {"loop": " → ".join(str(emails[node]) for node in loop)},
    )
