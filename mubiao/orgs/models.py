"""The tenant (Organization), its team tree and its members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mubiao.accounts.models import initials_of


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    # Per-organization switches: {"weights": bool, "lint": {rule id: {"severity"|"enabled"}}, ...}
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def weights_enabled(self) -> bool:
        return bool(self.settings.get("weights", False))

    @property
    def time_zone(self) -> str:
        """The IANA time zone that defines the organization's "today" (orgs.rules.today_for);
        the server's TIME_ZONE until an admin sets one."""
        return self.settings.get("time_zone") or settings.TIME_ZONE

    @property
    def language(self) -> str:
        """The language the organization's chat groups and webhooks are written in (a
        person's own messages are in their own): the founder's, until an admin sets one."""
        chosen = self.settings.get("language")
        return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Deactivated by a directory sync because the directory stopped listing them (a
    # departure): only such a member is reactivated by a sync that lists them again. Someone
    # an admin deactivated (or whose invitation they withdrew) stays as the admin left them.
    left_directory = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique_user"),
            models.CheckConstraint(
                condition=~Q(manager=models.F("id")), name="membership_not_own_manager"
            ),
        ]
        indexes = [models.Index(fields=["organization", "is_active"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def pending_invitation(self):
        """The invitation this person has not accepted yet, else None. Lists select_related
        "invitation" (selectors.members does) so that this costs no query per row."""
        invitation = getattr(self, "invitation", None)
        return invitation if invitation is not None and invitation.accepted_at is None else None

    @property
    def display_name(self) -> str:
        """The name this organization knows the person by. Until they accept its invitation,
        the name typed on it (else the address invited): the account may already belong to
        another organization, whose name for them is not this one's to see."""
        invitation = self.pending_invitation
        if invitation is not None:
            return invitation.name or self.user.contact
        return self.user.display_name

    @property
    def name(self) -> str:
        """The `name` column of lists and exports: display_name's rule, blank when unnamed."""
        invitation = self.pending_invitation
        return invitation.name if invitation is not None else self.user.name

    @property
    def initials(self) -> str:
        return initials_of(self.display_name)

    @property
    def is_pending(self) -> bool:
        """Invited and not joined yet (an active membership whose invitation is open)."""
        return self.is_active and self.pending_invitation is not None

    @property
    def is_admin(self) -> bool:
        return self.role in (self.Role.OWNER, self.Role.ADMIN)


class Team(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    members = models.ManyToManyField(
        Membership, through="TeamMember", related_name="teams", blank=True
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="team_unique_slug"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="team_not_own_parent"),
        ]
        indexes = [
            models.Index(fields=["organization", "parent"]),
            # Settings → Teams and the pickers' searches: teams by name, a page at a time.
            models.Index(fields=["organization", "name", "id"], name="team_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="team_members")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="team_memberships"
    )
    is_lead = models.BooleanField(_("lead"), default=False)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["team", "membership"], name="teammember_unique"),
        ]
        indexes = [
            models.Index(fields=["membership", "is_lead"]),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.membership_id}"


class TeamSubtreeMember(models.Model):
    """One row per team and each active member of its subtree (the team itself included), with
    the person's name (accounts.User.name, the people table's name order): a team's people in
    name order are one range of subtreemember_name_idx, so a page of a department's people
    table reads the page, however many teams it is made of (issue 14, h14x). Kept by the
    database's triggers (orgs.subtree_keys) on the team memberships, the team closure (team
    moves), memberships (deactivations) and names; a deactivated member has no rows."""

    pk = models.CompositePrimaryKey("ancestor_id", "membership_id")
    # The primary key and the name index lead with the ancestor: no index of its own.
    ancestor = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    # Indexed (a foreign key's own index): a person's rows, renamed or deactivated.
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    name_key = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(
                fields=["ancestor", "name_key", "membership"], name="subtreemember_name_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id}/{self.membership_id}"


# --------------------------------------------------------------------------------------------
# Closure tables: the team tree and the manager chain flattened, so that "is this team under
# that one" and "does this person report to that one" are indexed joins instead of recursive
# queries evaluated per row. orgs.closures keeps them equal to the trees on every write.


class TeamAncestry(models.Model):
    """One row per team and each team above it, itself included at depth 0."""

    pk = models.CompositePrimaryKey("team_id", "ancestor_id")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    ancestor = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["ancestor", "team"], name="teamancestry_down_idx")]

    def __str__(self) -> str:
        return f"{self.team_id} ⊂ {self.ancestor_id} ({self.depth})"


class ManagerChain(models.Model):
    """One row per member and each manager above them, the member included at depth 0.
    Departed members stay in the chain, as the manager links themselves do."""

    pk = models.CompositePrimaryKey("member_id", "manager_id")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    manager = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()

    class Meta:
        # On PostgreSQL with depth in it (INCLUDE, migration 0004): a manager's reports
        # (depth > 0, the visibility condition's set) read off the index alone.
        indexes = [models.Index(fields=["manager", "member"], name="managerchain_down_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.manager_id} ({self.depth})"
