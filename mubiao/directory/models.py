"""Directory sync: an organization's company directory (飞书 / Lark, 企业微信, 钉钉), the links
between its departments and people and our teams and members, and the log of its runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The vault purpose (HKDF info) of the apps' secrets.
SECRET_PURPOSE = "directory.secrets"


class DirectorySource(models.Model):
    """The directory an organization's teams and people follow. The app secret is stored
    encrypted (mubiao.vault) and never shown again."""

    class Vendor(models.TextChoices):
        FEISHU = "feishu", _("Feishu / Lark")
        WECOM = "wecom", _("WeCom (企业微信)")
        DINGTALK = "dingtalk", _("DingTalk (钉钉)")

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="directory_source"
    )
    vendor = models.CharField(_("directory"), max_length=10, choices=Vendor)
    app_id = models.CharField(_("app ID"), max_length=200)
    app_secret = models.TextField(_("app secret (encrypted)"))
    api_url = models.URLField(_("API address"), max_length=300)
    root_department = models.CharField(_("top department ID"), max_length=100)
    scheduled = models.BooleanField(_("sync every night"), default=True)
    invite = models.BooleanField(_("invite new people by e-mail"), default=False)
    # Members may sign in through the vendor's app (飞书 / 钉钉 / 企业微信 login), matched by
    # the IDs the sync links; 企业微信's web login also names the app (its AgentID).
    sign_in = models.BooleanField(_("members sign in with the app"), default=False)
    agent_id = models.CharField(_("AgentID (企业微信)"), max_length=30, blank=True)
    # As IdentityProvider.create_members: someone the app signs in whom the organization does
    # not know yet becomes a member (just in time), by the e-mail address the vendor gives.
    create_members = models.BooleanField(_("add unknown people as members"), default=False)
    # As IdentityProvider.require_sso: no password sign-in for members, but the break-glass
    # owner's (for when the vendor is down or the app misconfigured).
    require_sign_in = models.BooleanField(_("require sign-in with the app"), default=False)
    break_glass = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("break-glass owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    next_sync_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directory")
        verbose_name_plural = _("directories")

    def __str__(self) -> str:
        return str(self.get_vendor_display())


class LinkedTeam(models.Model):
    """A team that follows a department of the directory."""

    source = models.ForeignKey(DirectorySource, on_delete=models.CASCADE, related_name="teams")
    external_id = models.CharField(max_length=100)
    team = models.OneToOneField("orgs.Team", on_delete=models.CASCADE, related_name="+")
    # The sync made the team: only such a team is renamed, moved or archived as its department
    # is. A team made by hand that a sync matched by name only has its members and leads follow
    # the department; its name, place and archiving stay the admins'.
    made_by_sync = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="linkedteam_unique")
        ]

    def __str__(self) -> str:
        return f"{self.external_id} → {self.team_id}"


class LinkedPerson(models.Model):
    """A member who follows a person of the directory."""

    source = models.ForeignKey(DirectorySource, on_delete=models.CASCADE, related_name="people")
    external_id = models.CharField(max_length=100)
    membership = models.OneToOneField("orgs.Membership", on_delete=models.CASCADE, related_name="+")
    # A sync brought the member in or linked them: only such members leave when the directory
    # stops listing them. A link a sign-in through the app made (a member added by hand) does
    # not make the directory manage them, until a sync lists them under it.
    by_sync = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="linkedperson_unique")
        ]

    def __str__(self) -> str:
        return f"{self.external_id} → {self.membership_id}"


class SyncRun(models.Model):
    """One sync that was applied (or failed): the sync log on the settings page."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="directory_runs"
    )
    started_at = models.DateTimeField()
    scheduled = models.BooleanField(default=False)  # the worker's nightly run
    # A sync an admin started that the vendor's rate limit stopped, run again by the worker
    # (services.sync_again): their run, not a nightly one.
    retried = models.BooleanField(default=False)
    ok = models.BooleanField(default=False)
    # Held: the run would have deactivated too many people (rules.hold_reason) and changed
    # nothing; an admin confirms it from the preview or the command line.
    held = models.BooleanField(default=False)
    # Runs before message ids were kept: the counts or what went wrong, in their runner's words.
    summary = models.TextField(blank=True)
    # What went wrong (failed or held): {"id": message id, "params": {…}} (vendors.Note), put
    # in words in each reader's language; an applied run's counts come from its changes.
    message = models.JSONField(default=dict, blank=True)
    # [[kind, subject, [field keys]], …, ["problem", message id, {params}], …]
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-started_at"]),
            # The worker's pruning finds old runs of every organization by their start.
            models.Index(fields=["started_at"], name="directory_syncrun_started"),
        ]

    def __str__(self) -> str:
        outcome = "ok" if self.ok else "held" if self.held else "failed"
        return f"{self.started_at:%Y-%m-%d %H:%M} {outcome}"
