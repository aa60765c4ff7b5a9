from django import forms
from django.utils.translation import gettext_lazy as _

from mubiao.okrs import limits
from mubiao.okrs.limits import max_length
from mubiao.outbound.addresses import validate_address
from mubiao.sso.models import IdentityProvider
from mubiao.web.params import OneValueEachForm

# The domains typed at once (one per line or comma): a few dozen of the column's length.
DOMAINS_TEXT = 2000


class ProviderForm(OneValueEachForm):
    name = limits.TextField(
        label=_("Provider name"),
        max_length=max_length(IdentityProvider, "name"),
        help_text=_("Shown on the sign-in page as “Sign in with …”, e.g. Okta, Entra ID, Authing."),
    )
    issuer = limits.TextField(
        label=_("Issuer URL"),
        max_length=max_length(IdentityProvider, "issuer"),
        validators=[validate_address],
        help_text=_("Its discovery document is read from /.well-known/openid-configuration."),
    )
    client_id = limits.TextField(
        label=_("Client ID"), max_length=max_length(IdentityProvider, "client_id")
    )
    client_secret = limits.TextField(
        label=_("Client secret"),
        required=False,
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    domains = limits.TextField(
        label=_("E-mail domains"),
        required=False,
        max_length=DOMAINS_TEXT,
        help_text=_("Once verified (a DNS record, below), people who type an address at these "
                    "domains on the sign-in page are sent to the provider, e.g. example.com, "
                    "example.cn."),
    )  # fmt: skip
    enabled = forms.BooleanField(label=_("Single sign-on switched on"), required=False)
    create_members = forms.BooleanField(
        label=_("Add people the provider signs in who are not members yet (as members)"),
        required=False,
    )
    require_sso = forms.BooleanField(
        label=_("Require single sign-on: no password sign-in for members"),
        required=False,
    )
    break_glass = forms.TypedChoiceField(
        label=_("Break-glass owner"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("May still sign in with a password when single sign-on is required."),
    )

    def __init__(self, *args, owners=(), has_secret=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["break_glass"].choices = [("", "—")] + [
            (m.pk, f"{m.user.display_name} <{m.user.email}>") for m in owners
        ]
        self.fields["client_secret"].help_text = (
            _("Stored encrypted and never shown again. Leave empty to keep the stored secret.")
            if has_secret
            else _("Stored encrypted and never shown again.")
        )
