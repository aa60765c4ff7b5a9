from django import forms
from django.utils.translation import gettext_lazy as _

from mubiao.directory.models import DirectorySource
from mubiao.okrs import limits
from mubiao.okrs.limits import max_length
from mubiao.outbound.addresses import validate_address
from mubiao.web.params import OneValueEachForm


class SourceForm(OneValueEachForm):
    vendor = forms.ChoiceField(label=_("Directory"), choices=DirectorySource.Vendor.choices)
    app_id = limits.TextField(
        label=_("App ID"),
        max_length=max_length(DirectorySource, "app_id"),
        help_text=_("飞书: the app's App ID; 企业微信: the CorpID; 钉钉: the app's AppKey."),
    )
    app_secret = limits.TextField(
        label=_("App secret"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    api_url = limits.TextField(
        label=_("API address"),
        required=False,
        max_length=max_length(DirectorySource, "api_url"),
        validators=[validate_address],
        help_text=_("Leave empty for the vendor's own; Lark: https://open.larksuite.com."),
    )
    root_department = limits.TextField(
        label=_("Top department ID"),
        required=False,
        max_length=max_length(DirectorySource, "root_department"),
        help_text=_("Leave empty to sync the whole company (飞书 0, 企业微信 and 钉钉 1)."),
    )
    scheduled = forms.BooleanField(label=_("Sync every night"), required=False)
    invite = forms.BooleanField(
        label=_("Invite new people by e-mail (leave off when they sign in with single sign-on)"),
        required=False,
    )
    sign_in = forms.BooleanField(
        label=_("Members sign in with the app (使用飞书 / 钉钉 / 企业微信登录)"),
        required=False,
        help_text=_("Register the sign-in address below as the app's redirect URL."),
    )
    agent_id = limits.TextField(
        label=_("AgentID (企业微信 sign-in)"),
        required=False,
        max_length=max_length(DirectorySource, "agent_id"),
        help_text=_("企业微信 only: the self-built app whose secret is above."),
    )
    create_members = forms.BooleanField(
        label=_("Add people the app signs in who are not members yet (as members)"),
        required=False,
        help_text=_("Only people for whom the app gives an e-mail address."),
    )
    require_sign_in = forms.BooleanField(
        label=_("Require sign-in with the app: no password sign-in for members"),
        required=False,
    )
    break_glass = forms.TypedChoiceField(
        label=_("Break-glass owner"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("May still sign in with a password when sign-in with the app is required."),
    )

    def __init__(self, *args, has_secret=False, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["break_glass"].choices = [("", "—")] + [
            (m.pk, f"{m.user.display_name} <{m.user.email}>") for m in owners
        ]
        self.fields["app_secret"].help_text = (
            _("Stored encrypted and never shown again. Leave empty to keep the stored secret.")
            if has_secret
            else _("Stored encrypted and never shown again.")
        )
