"""What each role may do: the table of docs/roles.md as data (tests/orgs/test_roles.py checks
the two are the same, and each cell against orgs.permissions and the pages' answers).

Roles are Membership.Role (owner, admin, member) plus team lead, which is not a role of its own
but a member marked lead of a team (TeamMember.is_lead): a lead is a member everywhere else.
A cell is YES, NO, or LED (for the teams the person leads and all their sub-teams). Whatever
the table says, visibility still applies (DESIGN.md §4): nobody acts on what they cannot see,
and collaborators and the owners of key results get the rights on those that the table does
not list.
"""

from dataclasses import dataclass

YES, NO, LED = "yes", "no", "led"
COLUMNS = ("owner", "admin", "team lead", "member")
# How docs/roles.md writes each cell.
WRITTEN = {YES: "yes", NO: "–", LED: "teams they lead"}


@dataclass(frozen=True)
class Right:
    key: str
    what: str  # as docs/roles.md says it
    owner: str
    admin: str
    lead: str
    member: str

    @property
    def cells(self) -> tuple[str, str, str, str]:
        return (self.owner, self.admin, self.lead, self.member)


RIGHTS = (
    Right("see_public", "See public OKRs", YES, YES, YES, YES),
    Right("see_team", "See team-visible OKRs of a team they are not in", YES, YES, LED, NO),
    Right("see_private", "See private OKRs of people who do not report to them", YES, YES, NO, NO),
    Right("edit_own", "Write, edit and check in on their own OKRs", YES, YES, YES, YES),
    Right("edit_team", "Write and edit a team's OKRs", YES, YES, LED, NO),
    Right("govern_team", "Change who owns and who sees a team's OKRs", YES, YES, LED, NO),
    Right(
        "edit_others", "Edit other people's OKRs (without being a collaborator)", YES, YES, NO, NO
    ),
    Right("manage_cycles", "Create cycles and years, change their state", YES, YES, NO, NO),
    Right("manage_teams", "Create and move teams, name their leads", YES, YES, NO, NO),
    Right("manage_people", "Invite, import, export, change or deactivate people", YES, YES, NO, NO),
    Right("manage_settings", "Change the organization's settings", YES, YES, NO, NO),
    Right("make_owner", "Make someone an owner, or change an owner's role", YES, NO, NO, NO),
)
