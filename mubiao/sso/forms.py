from django import forms
from django.utils.translation import gettext_lazy as _

from mubiao.outbound.addresses import validate_address


class ProviderForm(forms.Form):
    name = forms.CharField(
        label=_("Provider name"),
        max_length=60,
        help_text=_("Shown on the sign-in page as “Sign in with …”, e.g. Okta, Entra ID, Authing."),
    )
    issuer = forms.CharField(
        label=_("Issuer URL"),
        max_length=300,
        validators=[validate_address],
        help_text=_("Its discovery document is read from /.well-known/openid-configuration."),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    domains = forms.CharField(
        label=_("E-mail domains"),
        required=False,
        max_length=2000,
        help_text=_("People who type an address at these domains on the sign-in page are sent "
                    "to the provider, e.g. example.com, example.cn."),
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
