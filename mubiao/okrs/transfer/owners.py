"""Who an owner named in a file is: a person, a team, or the organization itself.

All members, teams and team memberships of the organization are read once (three queries),
whatever the size of the file; every lookup after that is a dictionary access. A label is
tried, in order, as:

1. a kind stated in front: `Team: X` / `团队：X` / `部门：X` → the team named or slugged X;
   `Organization: X` / `组织：X` / `公司：X` with the organization's name → the organization.
   The kind comes first because a name may look like anything else: a team called
   `Ops <alice@acme.test>` is the team, not Alice (exports write every team and the
   organization with its kind, owner_label);
2. an email address (the one in `<…>` at the end, else the first one: `Alice <alice@acme.test>`)
   → that member;
3. the organization's name, or `organization` / `company` / `组织` / `公司` → the organization;
4. a team's name or slug;
5. a member's name;
6. a member's job title when exactly one member has it (a heading `产品经理的OKR` finds the
   product manager).

A label that matches nothing, or several people equally, is "unmatched".
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mubiao.accounts.models import normalise_email
from mubiao.okrs.models import Objective
from mubiao.okrtext.text import normalise
from mubiao.orgs.models import Membership, Team, TeamMember

# Spaces around the @ as well (`alice @ acme.test` pasted from a chat): normalise_email drops them.
_EMAIL = re.compile(r"[\w.+-]+\s*@\s*[\w-]+(?:\.[\w-]+)+")
_LAST_EMAIL = re.compile(r"<\s*([\w.+-]+\s*@\s*[\w-]+(?:\.[\w-]+)+)\s*>\s*$")
_TEAM_PREFIX = re.compile(r"^\s*(?:team|团队|部门)\s*[:：]\s*", re.IGNORECASE)
_ORGANIZATION_PREFIX = re.compile(
    r"^\s*(?:organi[sz]ation|company|组织|公司)\s*[:：]\s*", re.IGNORECASE
)
_ORGANIZATION_WORDS = {"organization", "organisation", "company", "组织", "公司", "公司级"}


@dataclass(frozen=True)
class Owner:
    owner_type: str
    member: Membership | None = None
    team: Team | None = None

    @property
    def key(self) -> tuple:
        return (
            self.owner_type,
            self.member.pk if self.member else None,
            self.team.pk if self.team else None,
        )


def _fold(text: str) -> str:
    # As okrtext reads text: "產品部" is the team 产品部, a full-width "ＡＢ" is AB.
    return " ".join(normalise(text or "").split()).casefold()


class OwnerDirectory:
    def __init__(self, actor: Membership):
        self.actor = actor
        self.organization = actor.organization
        members = list(
            Membership.objects.filter(
                organization_id=actor.organization_id, is_active=True
            ).select_related("user", "invitation")
        )
        teams = list(Team.objects.filter(organization_id=actor.organization_id, is_archived=False))
        self.by_email = {m.user.email: m for m in members if m.user.email}
        self.by_name: dict[str, list[Membership]] = {}
        self.by_title: dict[str, list[Membership]] = {}
        for member in members:
            if member.name:  # this organization's name for them (an invitee's, the invitation's)
                self.by_name.setdefault(_fold(member.name), []).append(member)
            if member.title:
                self.by_title.setdefault(_fold(member.title), []).append(member)
        self.teams = {}
        for team in teams:
            self.teams.setdefault(_fold(team.slug), team)
        for team in teams:  # names win over slugs
            self.teams[_fold(team.name)] = team
        self.teams_by_slug = {team.slug: team for team in teams}
        # The team a person's objective is filed under by default (as okrs.services chooses
        # it: a team they lead first), read for everyone at once instead of per objective.
        by_id = {team.pk: team for team in teams}
        self.default_teams: dict[int, Team] = {}
        for member_id, team_id in (
            TeamMember.objects.filter(membership__organization_id=actor.organization_id)
            .order_by("-is_lead", "id")
            .values_list("membership_id", "team_id")
        ):
            if team_id in by_id:
                self.default_teams.setdefault(member_id, by_id[team_id])
        self._cache: dict[str, Owner | None] = {}

    def member_by_email(self, email: str | None) -> Membership | None:
        return self.by_email.get(normalise_email(email))

    def resolve(self, label: str | None) -> Owner | None:
        """The owner a label names; None when it names nobody (or several people)."""
        label = (label or "").strip()
        if label not in self._cache:
            self._cache[label] = self._resolve(label)
        return self._cache[label]

    def _resolve(self, label: str) -> Owner | None:
        if not label:
            return None
        prefix = _TEAM_PREFIX.match(label)
        if prefix and (team := self.teams.get(_fold(label[prefix.end() :]))):
            return Owner(Objective.OwnerType.TEAM, team=team)
        prefix = _ORGANIZATION_PREFIX.match(label)
        if prefix and _fold(label[prefix.end() :]) == _fold(self.organization.name):
            return Owner(Objective.OwnerType.ORGANIZATION)
        if email := _email_in(label):
            member = self.member_by_email(email.group(email.lastindex or 0))
            return Owner(Objective.OwnerType.PERSON, member=member) if member else None
        if stated_kind(label):
            return None  # a kind stated, with a name that is not one of its kind
        folded = _fold(label)
        if folded in _ORGANIZATION_WORDS or folded == _fold(self.organization.name):
            return Owner(Objective.OwnerType.ORGANIZATION)
        if team := self.teams.get(folded):
            return Owner(Objective.OwnerType.TEAM, team=team)
        for index in (self.by_name, self.by_title):
            found = index.get(folded, [])
            if len(found) == 1:
                return Owner(Objective.OwnerType.PERSON, member=found[0])
        return self._titled_name(folded)

    def _titled_name(self, folded: str) -> Owner | None:
        """ "产品经理林晓", "林晓 产品经理": a person's name with their own title around it."""
        for name, members in self.by_name.items():
            if len(name) < 2 or len(members) != 1 or name not in folded:
                continue
            rest = folded.replace(name, "", 1).strip(" ,，()（）")
            if rest == _fold(members[0].title or ""):
                return Owner(Objective.OwnerType.PERSON, member=members[0])
        return None


def owner_label(objective: Objective, organization_name: str) -> str:
    """How exports name an objective's owner, so that OwnerDirectory.resolve finds it again:
    a team and the organization with their kind in front, a person by e-mail (with their name
    in front only when the name cannot be read as a kind or another address)."""
    if objective.owner_type == Objective.OwnerType.PERSON:
        user = objective.owner_member.user
        name = " ".join(user.name.split())
        if not name or stated_kind(name) or "@" in name or "<" in name:
            return user.email
        return f"{name} <{user.email}>"
    if objective.owner_type == Objective.OwnerType.TEAM:
        return _("Team: %(name)s") % {"name": objective.owner_team.name}
    return _("Organization: %(name)s") % {"name": organization_name}


def stated_kind(label: str) -> bool:
    """Whether a label names its owner's kind in front (`Team: …`, `组织：…`)."""
    return bool(_TEAM_PREFIX.match(label) or _ORGANIZATION_PREFIX.match(label))


def names_exactly(label: str) -> bool:
    """Whether a label says who it is without reading names: a kind in front or an e-mail
    (what exports write)."""
    return stated_kind(label) or bool(_email_in(label))


def _email_in(label: str) -> re.Match | None:
    """The address a label holds (the one in <…> at its end first), full-width letters and ＠
    read as ASCII (a Chinese input method left on) as accounts.addresses.normalise_email
    reads them."""
    readable = unicodedata.normalize("NFKC", label)
    return _LAST_EMAIL.search(readable) or _EMAIL.search(readable)
