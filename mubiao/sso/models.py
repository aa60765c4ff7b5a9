"""Single sign-on: an organization's OpenID Connect identity provider."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The vault purpose (HKDF info) of client secrets; the same string as before mubiao.vault, so
# secrets stored then still decrypt.
SECRET_PURPOSE = "sso.secrets"


class IdentityProvider(models.Model):
    """The OpenID Connect provider an organization's people sign in with (Okta, Entra ID,
    Keycloak, Authing, …), found from its issuer's discovery document.

    The client secret is stored encrypted (mubiao.vault) and never shown again. With
    `require_sso`, members may no longer sign in with a password, except `break_glass` (an
    owner kept able to get in when the provider is down or misconfigured).
    """

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="identity_provider"
    )
    name = models.CharField(_("provider name"), max_length=60)
    issuer = models.URLField(_("issuer URL"), max_length=300)
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret = models.TextField(_("client secret (encrypted)"))
    enabled = models.BooleanField(_("enabled"), default=True)
    create_members = models.BooleanField(_("add unknown people as members"), default=False)
    require_sso = models.BooleanField(_("require single sign-on"), default=False)
    break_glass = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("break-glass owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.name


def new_token() -> str:
    """The random part of a domain's verification record (`mubiao-verification=<token>`): it is
    published in public DNS, so it is no secret and is stored as it is; it only has to be one
    nobody else can publish before the domain's owner does."""
    return secrets.token_urlsafe(24)


class EmailDomain(models.Model):
    """An organization's claim of an e-mail domain. A claim is pending until the organization
    proves it controls the domain's DNS (a TXT record with its token, sso.verification); only a
    verified claim routes the domain's people to the provider on the sign-in page and bounds the
    addresses the provider may vouch for. Several organizations may claim one domain, only one
    may have it verified. A claim made before verification existed keeps working until
    `grace_until` unless verified (migration 0003)."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("e-mail domain"), max_length=253)
    token = models.CharField(max_length=64, default=new_token)
    added_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    # The last look-up (Verify or the worker's daily re-check), and since when a verified
    # domain's record is missing: it lapses after sso.services.LAPSE_AFTER of that.
    checked_at = models.DateTimeField(null=True, blank=True)
    missing_since = models.DateTimeField(null=True, blank=True)
    grace_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "domain"], name="sso_domain_once_per_org"),
            models.UniqueConstraint(
                fields=["domain"],
                condition=models.Q(verified_at__isnull=False),
                name="sso_domain_verified_once",
            ),
        ]
        indexes = [
            models.Index(fields=["domain"], name="sso_domain_domain"),
            models.Index(fields=["verified_at", "checked_at"], name="sso_domain_recheck"),
        ]

    def __str__(self) -> str:
        return self.domain

    @property
    def record(self) -> str:
        """The TXT record's text the admin publishes."""
        return f"mubiao-verification={self.token}"

    def in_effect(self, now) -> bool:
        return self.verified_at is not None or bool(self.grace_until and self.grace_until > now)
