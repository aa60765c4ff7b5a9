"""Notification preferences, organization channels, the delivery log and the "next due" rows
of reminders and digests (issue 11), and the in-app notifications of the bell (`Notification`,
moved here from okrs): every event reaches them through notify.services.notify."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mubiao.notify import rules
from mubiao.okrs.models import Comment, Cycle, KeyResult, Objective
from mubiao.orgs.models import Membership, Organization, Team


class Notification(models.Model):
    """One event in one member's bell (in-app), of any kind of notify.messages.EVENT_KINDS.

    `objective` is what the event is about (a comment's, a key result's objective): the bell
    shows the row only while the recipient may see it. The text is written when the page is
    read, in the reader's language, from these rows (`data` holds what they cannot: the pace
    status at the time, a number of days, a channel's name)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    actor = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key_result = models.ForeignKey(
        KeyResult, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    cycle = models.ForeignKey(
        Cycle, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The unread count, and the page (newest first).
            models.Index(fields=["recipient", "read_at", "created_at"]),
            models.Index(fields=["recipient", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Preference(models.Model):
    """One member's choices. Absent fields mean the defaults of notify.rules (a member without
    a row gets the default reminder, Monday 10:00 in their own or their organization's zone)."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="notify_preference"
    )
    # {event kind: ["inapp", "email"]}; a kind not listed uses rules.DEFAULT_CHANNELS.
    channels = models.JSONField(_("channels"), default=dict, blank=True)
    reminders = models.BooleanField(_("weekly check-in reminder"), default=True)
    digests = models.BooleanField(_("weekly digest"), default=True)
    reminder_weekday = models.PositiveSmallIntegerField(_("weekday"), default=rules.DEFAULT_WEEKDAY)
    reminder_hour = models.PositiveSmallIntegerField(_("hour"), default=rules.DEFAULT_HOUR)
    # "" = the person's own time zone (accounts.User.timezone), else the organization's.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reminder_weekday__lte=6), name="preference_weekday_range"
            ),
            models.CheckConstraint(
                condition=Q(reminder_hour__lte=23), name="preference_hour_range"
            ),
        ]

    def __str__(self) -> str:
        return f"preferences of {self.membership_id}"


class Channel(models.Model):
    """Where an organization's (or one team's) notifications also go: a mailing address, a chat
    group's bot, an integrator's webhook endpoint."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail")
        FEISHU = "feishu", _("Feishu / Lark")
        WECOM = "wecom", _("WeCom (企业微信)")
        DINGTALK = "dingtalk", _("DingTalk")
        SLACK = "slack", _("Slack")
        WEBHOOK = "webhook", _("Webhook")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="notify_channels"
    )
    # None: organization-wide; else the team's own group (its digest goes there).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="notify_channels"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    name = models.CharField(_("name"), max_length=100)
    # What is not secret: {"url": ..., "address": ...} with the secret parts removed.
    config = models.JSONField(default=dict, blank=True)
    # The secret parts of the config (webhook URL keys, signing secrets) as one Fernet token,
    # encrypted with a key derived from SECRET_KEY (mubiao.vault); shown again only as a hint.
    secret = models.TextField(blank=True)
    secret_hint = models.CharField(max_length=20, blank=True)
    # Event kinds sent here; empty: the scheduled digests only.
    events = models.JSONField(default=list, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["team_id", "name", "id"]
        indexes = [models.Index(fields=["organization", "team"])]

    def __str__(self) -> str:
        return self.name


# The vault purpose (HKDF info) of channel secrets.
SECRET_PURPOSE = "notify.channel-secret"

# What the delivery log shows for each Delivery.error code (vendors.rules and notify.rules).
ERROR_LABELS = {
    "timeout": _("No answer in time"),
    "connection": _("Could not connect"),
    "rate_limited": _("The vendor's rate limit was reached"),
    "server_error": _("The vendor's server failed"),
    "rejected": _("Refused by the vendor"),
    "bad_response": _("The vendor's answer could not be understood"),
    "invalid_config": _("The channel's settings are not valid"),
    "refused_address": _("Not sent: Mubiao refuses addresses inside the server's own network"),
    "unresolved": _("The address's host name could not be found"),
    "secret_unreadable": _("The channel's secret can no longer be read: enter it again"),
    "throttled": _("Held back by the channel's rate limit"),
    "paused": _("The channel is paused."),
}

# The `detail` of an invalid_config failure is a code of Mubiao's (vendors.transport and each
# vendor's `send`), not a vendor's words: the setting at fault, worded for the reader.
DETAIL_LABELS = {
    "url": _("the webhook address is missing"),
    "secret": _("the signing secret is missing"),
    "chat_id": _("the Feishu / Lark group's chat_id is missing"),
    "scheme": _("the address does not start with https:// or http://"),
    "host": _("the address has no valid host name"),
    # Rows written before refused_address had its own code.
    "address": _("the address is inside the server's own network"),
}


# What the delivery log calls each message kind (notify.messages.KINDS).
KIND_LABELS = {
    "mention": _("Mention"),
    "comment": _("Comment"),
    "aligned_checkin": _("Check-in on an aligned OKR"),
    "pace_worse": _("Pace got worse"),
    "not_updated": _("Not checked in for a while"),
    "cycle_started": _("Cycle started"),
    "grading_open": _("Grading opened"),
    "cycle_closing": _("Cycle closes soon"),
    "invitation": _("Invitation"),
    "sync_failed": _("Data sync failed"),
    "reminder": _("Check-in reminder"),
    "team_digest": _("Team digest"),
    "company_digest": _("Company digest"),
    "test": _("Test message"),
    "channel_paused": _("Channel paused"),
    "weekly_report": _("Weekly report"),
}


class Delivery(models.Model):
    """One message to deliver over one channel: the outbox row written in the transaction of
    the event that caused it, then sent (and retried) by the worker only, never by a web
    request; its attempts are the log admins read."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        RETRYING = "retrying", _("Will retry")
        # Not sent: by the time it was to leave, the recipient could no longer see what it names.
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    # "email", "inapp" for a person's own channels; the Channel's kind otherwise.
    channel_kind = models.CharField(max_length=10)
    recipient = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    # A code of ERROR_LABELS ("" when sent); the vendor's own words go into `detail`.
    error = models.TextField(blank=True)
    # The vendor's own error code (企业微信/钉钉 errcode, 飞书 code, Slack's error word): shown
    # whatever host answered, since a code cannot carry an intranet's secrets as free text can.
    vendor_code = models.CharField(max_length=64, blank=True)
    detail = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    # Set while the message waits to be sent (QUEUED, RETRYING). A worker claims it by moving
    # it to the end of its lease (claimed_at + rules.LEASE): a worker killed mid-send leaves
    # it due again when the lease runs out, and the next pass sends it.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The message itself (notify.messages.Message as a dict), kept only until it is sent.
    payload = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "created_at"]),
            models.Index(fields=["channel", "created_at"]),
            models.Index(fields=["next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} via {self.channel_kind}: {self.status}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def channel_label(self) -> str:
        """The kind of channel a person's own delivery went by ("E-mail")."""
        kinds = dict(Channel.Kind.choices)
        return kinds.get(self.channel_kind, self.channel_kind)

    @property
    def error_label(self) -> str:
        """The error in the reader's language (e-mail failures of a person's own channel
        keep the mail server's words)."""
        return ERROR_LABELS.get(self.error, self.error)

    @property
    def error_text(self) -> str:
        """One sentence in the reader's language: the error and the vendor's code, then after
        a separator what it was about (a setting, a host name, the vendor's own words,
        clipped)."""
        if not self.error:
            return ""
        error = str(self.error_label)
        if self.vendor_code:
            error = _("%(error)s (code %(code)s)") % {"error": error, "code": self.vendor_code}
        detail = self.detail
        if self.error == "invalid_config":
            detail = DETAIL_LABELS.get(detail, detail)
        if not detail or detail == self.vendor_code:  # Slack's error word is its code
            return error
        detail = detail if len(detail) <= 200 else detail[:199] + "…"
        return _("%(error)s: %(detail)s") % {"error": error, "detail": detail}


class NextDue(models.Model):
    """When one reminder or digest is next due. Workers claim a due row with one conditional
    UPDATE (like okrs.models.Schedule), so however many run, each is sent once."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Check-in reminder")
        TEAM_DIGEST = "team_digest", _("Team digest")
        COMPANY_DIGEST = "company_digest", _("Company digest")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "membership"], name="nextdue_unique"),
        ]
        indexes = [models.Index(fields=["due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.membership_id} at {self.due_at}"


class Announced(models.Model):
    """An event the worker finds by looking (a cycle closing soon, someone silent for N days)
    that was already announced: `key` names the occasion ("cycle 7 ending 2026-12-31",
    "member 12 silent since …"). The worker claims an occasion by inserting its row (the unique
    constraint lets one worker win), so it is announced once however many workers run."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="announced_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class ChatAccount(models.Model):
    """A member's account in a chat app, so that a button pressed on a Slack or 飞书 card acts
    as that member: the Slack user of a workspace (team id), or the 飞书 user (open_id of the
    organization's app) of a tenant. Made by the member themselves through a signed link
    (notify.links.chat_link_url); 飞书 people synced from the directory are also found through
    directory.LinkedPerson."""

    class Vendor(models.TextChoices):
        SLACK = "slack", "Slack"
        FEISHU = "feishu", _("Feishu / Lark")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="chat_accounts"
    )
    vendor = models.CharField(max_length=10, choices=Vendor)
    # Slack's team id, 飞书's tenant_key: a user id is only unique inside it.
    workspace = models.CharField(max_length=100)
    external_id = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "vendor", "workspace", "external_id"],
                name="chataccount_unique",
            ),
        ]
        indexes = [models.Index(fields=["membership"])]

    def __str__(self) -> str:
        return f"{self.vendor} {self.external_id} → {self.membership_id}"


class ChatPress(models.Model):
    """A button press on a chat card that was acted on, named by the vendor's own id for it
    (Slack: workspace, user and action_ts; 飞书: the callback's event_id), or a one-tap
    page's form that was sent (vendor "link", the page's one-time form key). Inserting the row
    claims the press, so a vendor's retry, a replayed request or a reloaded form changes
    nothing twice."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    vendor = models.CharField(max_length=10)
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vendor", "key"], name="chatpress_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} {self.key}"


class ChannelLimit(models.Model):
    """The state of a chat or webhook channel's rate limiter (notify.vendors.rules.RateLimiter,
    the vendor's documented limit for one bot), shared by every worker process and host: each
    send takes its token under this row's lock."""

    channel = models.OneToOneField(
        Channel, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # RateLimiter.state(): [[tokens, updated (Unix seconds)], ...], one per bucket.
    buckets = models.JSONField(default=list, blank=True)
    # Written first in each use, so that the row (on SQLite the database) is locked before it
    # is read.
    uses = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"limit of channel {self.channel_id}"
