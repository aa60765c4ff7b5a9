"""People: one account per email address, which may belong to several organizations."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Re-exported: the one reading of an address, for code that has the models at hand.
from mubiao.accounts.addresses import normalise_email


class PersonManager(UserManager):
    """Users sign in with their email address; the username mirrors it."""

    def create_user(self, email, password=None, **extra):
        email = normalise_email(email)
        extra.setdefault("username", email)
        return super().create_user(email=email, password=password, **extra)

    def get_by_natural_key(self, username):
        # Addresses are stored in lower case (create_user): Han.Xue@Mubiao.demo is the same
        # person, at the password sign-in as everywhere else.
        return self.get(email=normalise_email(username))

    def create_superuser(self, email=None, password=None, **extra):
        email = normalise_email(email or extra.get("username", ""))
        extra.setdefault("username", email)
        return super().create_superuser(email=email, password=password, **extra)


class OptionalEmailField(models.EmailField):
    """An e-mail address that may be missing (someone the company directory knows by their
    mobile number only): NULL in the database, so that the unique constraint holds among the
    others, and "" in Python, so that code and templates have no None to handle."""

    def from_db_value(self, value, expression, connection):
        return value or ""

    def get_prep_value(self, value):
        return super().get_prep_value(value) or None


class User(AbstractUser):
    email = OptionalEmailField(_("email address"), unique=True, null=True, blank=True)
    # From the company directory; the only contact of someone without an e-mail address.
    mobile = models.CharField(_("mobile"), max_length=32, blank=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    objects = PersonManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # The people table and every picker of people sort by name: the page's first 50 of
        # 100,000 read off the index, not a sort of every member (issue 14).
        indexes = [models.Index(fields=["name"], name="user_name_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.get_full_name() or self.email or self.mobile

    def email_language(self, fallback: str | None = None) -> str:
        """The language of an e-mail to this person: theirs, else `fallback` (e.g. their
        inviter's), else the language of the request or command that sends it."""
        return self.language or fallback or translation.get_language() or settings.LANGUAGE_CODE

    @property
    def contact(self) -> str:
        """What lists show beside the name: the e-mail address, else the mobile number."""
        return self.email or self.mobile

    @property
    def initials(self) -> str:
        return initials_of(self.display_name)


def initials_of(name: str) -> str:
    name = name.strip()
    if not name:
        return "?"
    parts = name.split()
    if len(parts) > 1 and name.isascii():
        return (parts[0][0] + parts[-1][0]).upper()
    # A Chinese name reads best as its last two characters (张伟 → 张伟, 欧阳娜娜 → 娜娜).
    return name[-2:] if not name.isascii() else name[:2].upper()


class ApiToken(models.Model):
    """A personal API token: it acts as its member in one organization.

    Only a SHA-256 digest of the secret is stored; the secret is shown once when created. The
    prefix (the first characters) identifies a token in lists without revealing it.
    """

    membership = models.ForeignKey(
        "orgs.Membership", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=16, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}…"


class RateCounter(models.Model):
    """A request counter for one key (an API token, an email address, a client address) over a
    fixed window, shared by every server process and host through the database.

    `until` is the window's end in Unix seconds; `mubiao.accounts.ratelimit.hit` counts with one
    INSERT … ON CONFLICT DO UPDATE, so concurrent requests never lose a count.
    """

    key = models.CharField(max_length=200, primary_key=True)
    until = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class SpentResetLink(models.Model):
    """A password-reset link that was used. Reopened (an old e-mail), it is refused as any
    invalid link is, but counts as no attempt to break in, as a used invitation does not
    (accounts.views.PasswordResetConfirmView): Django's token no longer matches once the
    password has changed, so only this record tells a spent link from a forged one. The
    token itself is not kept, only its SHA-256."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    spent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("used password-reset link")
        verbose_name_plural = _("used password-reset links")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest[:8]}…"


class Invitation(models.Model):
    """An invitation to join an organization: pending until the person accepts it.

    The link carries the invitation's id and `nonce`, signed with the secret key; sending it
    again or withdrawing it draws a new nonce, so earlier links stop working. A link works once
    (`accepted_at`) and until `expires_at`. The e-mailed link also carries a signed mailbox
    flag, without which no password is chosen (accounts.services.accept_invitation): the link
    admins copy may be forwarded to anyone.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        EXPIRED = "expired", _("Invitation expired")
        REVOKED = "revoked", _("Invitation withdrawn")
        ACCEPTED = "accepted", _("Accepted")

    membership = models.OneToOneField(
        "orgs.Membership", on_delete=models.CASCADE, related_name="invitation"
    )
    invited_by = models.ForeignKey(
        "orgs.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The name typed when inviting: what the organization calls the person until they accept.
    # The account's own name may come from another organization they belong to, which this
    # one must not see (orgs.models.Membership.display_name).
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150, blank=True)
    nonce = models.CharField(max_length=32)
    # When the mail server accepted the e-mail with the current link (None: not sent yet). The
    # e-mail is sent and recorded per invitation (services.mail_invitation): a mail server's
    # error leaves it unsent and due again (`mail_due_at`, backing off) until MAIL_ATTEMPTS.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    mail_due_at = models.DateTimeField(null=True, blank=True)  # None: nothing to send
    # While a worker sends the e-mail (services.mail_due_invitations): no other claims it until
    # then, even when it is made due again meanwhile ("Send the unsent").
    mail_leased_until = models.DateTimeField(null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_error = models.TextField(blank=True)  # the mail server's last answer, when it failed
    mail_site = models.CharField(max_length=200, blank=True)  # where the links point
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["mail_due_at"])]  # the worker's pass

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.state}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def mail_state(self) -> str:
        """The e-mail's state as the people page shows it: "sent", "failed" (given up),
        "retrying" (failed, due again), "unsent" (not sent yet); "" for nobody to mail."""
        if self.sent_at:
            return "sent"
        if self.mail_error:
            return "retrying" if self.mail_due_at else "failed"
        return "unsent" if self.membership.user.email else ""
