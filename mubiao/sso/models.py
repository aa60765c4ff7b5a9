"""Single sign-on: an organization's OpenID Connect identity provider."""

from django.db import models
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


class EmailDomain(models.Model):
    """An e-mail domain whose people the sign-in page sends to this provider; a domain belongs
    to one organization at most."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("e-mail domain"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain
