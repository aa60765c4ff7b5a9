"""Sign-in, password and preference forms (Django's auth forms where they fit)."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mubiao.accounts import tokens
from mubiao.accounts.models import ApiToken, User
from mubiao.okrs import limits
from mubiao.okrs.limits import max_length
from mubiao.orgs.zones import zone_choices
from mubiao.web.params import OneValueEachForm


class PreferencesForm(OneValueEachForm):
    name = limits.TextField(
        label=pgettext_lazy("person", "Name"), max_length=max_length(User, "name"), required=False
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    timezone = forms.ChoiceField(label=_("Time zone"), required=False)

    def __init__(self, *args, default_zone: str = "", organization_zone: str = "", **kwargs):
        """`default_zone`: the zone times are shown in when the person chooses none (their
        language's, else their organization's: accounts.middleware.reader_zone), named on
        the empty choice; `organization_zone` tells which of the two it is."""
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Browser's language")), *settings.LANGUAGES]
        if not default_zone:
            empty = _("Server's time zone")
        elif default_zone == organization_zone:
            empty = _("Organization's time zone (%(zone)s)") % {"zone": default_zone}
        else:
            empty = _("Your language's time zone (%(zone)s)") % {"zone": default_zone}
        self.fields["timezone"].choices = [("", empty), *zone_choices()]


class ApiTokenForm(OneValueEachForm):
    """A new API token (accounts.tokens.create_token checks the same bounds again)."""

    # Beside PreferencesForm on one page: its fields' names and ids must not be the same.
    prefix = "token"

    name = limits.TextField(
        label=_("Token name"),
        max_length=max_length(ApiToken, "name"),
        required=False,
        help_text=_("What will use it, so that you recognise it later."),
    )
    # Empty: the server's default validity (MUBIAO_API_TOKEN_DAYS), shown as the initial value.
    days = forms.IntegerField(
        label=_("Days valid"),
        min_value=0,
        max_value=tokens.MAX_DAYS,
        required=False,
        help_text=_("0: the token never expires."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.API_TOKEN_DEFAULT_DAYS
        # -1, 99999, "abc" or "三十" all get the service's words, which name the range.
        problem = tokens.days_problem()
        self.fields["days"].error_messages.update(
            dict.fromkeys(("invalid", "min_value", "max_value"), problem)
        )


class SignInForm(AuthenticationForm):
    """Django's sign-in form; a member of an organization that requires single sign-on is
    sent to it instead (after the password proved who they are, so the refusal reveals
    nothing to someone guessing)."""

    # Django's fields, bounded (its username takes the column's length in __init__).
    username = limits.TextField(
        max_length=limits.EMAIL,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = limits.TextField(
        label=_("Password"),
        strip=False,
        max_length=limits.PASSWORD,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    required_provider = None
    required_app = None  # the directory's app (飞书 / 钉钉 / 企业微信) they must sign in with
    # Django's wording says both fields "may be case-sensitive"; the address is not
    # (accounts.models.normalise_email), and saying so stops people retyping it.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail address or the password is wrong. Capital letters in the address do "
            "not matter; in the password they do."
        ),
    }

    def confirm_login_allowed(self, user):
        from mubiao.directory.vendors import VENDOR_NAMES
        from mubiao.sso.selectors import app_refuses_password, password_refused_by

        super().confirm_login_allowed(user)
        self.required_provider = password_refused_by(user)
        self.required_app = None if self.required_provider else app_refuses_password(user)
        required = self.required_provider or self.required_app
        if required:
            raise ValidationError(
                _(
                    "%(organization)s signs in through %(provider)s only: use “Sign in with "
                    "%(provider)s”."
                ),
                code="sso_required",
                params={
                    "organization": required.organization.name,
                    "provider": self.required_provider.name
                    if self.required_provider
                    else VENDOR_NAMES[self.required_app.vendor],
                },
            )


class InvitationForm(OneValueEachForm):
    """The invited person picks a name and a password."""

    name = limits.TextField(
        label=_("Your name"), max_length=max_length(User, "name"), required=False
    )
    password1 = limits.TextField(
        label=_("Password"),
        strip=False,
        max_length=limits.PASSWORD,
        widget=forms.PasswordInput(attrs={"autofocus": True}),
    )
    password2 = limits.TextField(
        label=_("Password again"),
        strip=False,
        max_length=limits.PASSWORD,
        widget=forms.PasswordInput,
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class PersonalPasswordResetForm(PasswordResetForm):
    """Django's reset request; the e-mail is in the account's language (the page's is the
    browser's, which may be anyone's)."""

    email = limits.EmailField(label=_("Email"), max_length=limits.EMAIL)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(context["user"].email_language()):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
