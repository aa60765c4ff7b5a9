"""Forms of the notification pages; notify.services validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mubiao.id_sets import is_id
from mubiao.notify import messages as kinds
from mubiao.notify import rules
from mubiao.notify.models import Channel
from mubiao.okrs import limits
from mubiao.orgs.zones import zone_choices
from mubiao.web.params import OneValueEachForm
from mubiao.web.widgets import TeamSelect

KIND_LABELS = {
    kinds.MENTION: _("Someone mentions me or my team"),
    kinds.COMMENT: _("A comment on my objective or key result"),
    kinds.ALIGNED_CHECKIN: _("A check-in on an OKR aligned to mine"),
    kinds.PACE_WORSE: _("My key result's pace got worse"),
    kinds.NOT_UPDATED: _("I have not checked in for a while"),
    kinds.CYCLE_STARTED: _("A cycle started"),
    kinds.GRADING_OPEN: _("Grading opened"),
    kinds.CYCLE_CLOSING: _("A cycle closes soon"),
    kinds.INVITATION: _("Invitations"),
    kinds.SYNC_FAILED: _("The directory sync or a key result's data sync failed"),
    kinds.REMINDER: _("Weekly check-in reminder"),
    kinds.TEAM_DIGEST: _("Weekly team digest (team leads)"),
    kinds.COMPANY_DIGEST: _("Weekly company digest (owners and admins)"),
    kinds.WEEKLY_REPORT: _("A weekly report is shared with me"),
    kinds.CHANNEL_PAUSED: _("A channel failed for a day and was paused (admins)"),
}
# The same kinds as a chat group or webhook hears of them: about public objectives, anyone's.
GROUP_KIND_LABELS = KIND_LABELS | {
    kinds.COMMENT: _("A comment on a public objective or key result"),
    kinds.ALIGNED_CHECKIN: _("A check-in on a public OKR aligned to another"),
    kinds.PACE_WORSE: _("A key result's pace got worse"),
}
PERSONAL_CHOICES = [
    (rules.INAPP, pgettext_lazy("channel", "In Mubiao")),
    (rules.EMAIL, _("E-mail")),
]
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
ZONES = [("", _("My own time zone")), *zone_choices()]


class _ReminderField(forms.TypedChoiceField):
    """A reminder's weekday or hour, offered as a list and read as the API reads it
    (notify.services.read_reminder): a value posted outside the list (`六`, `9`) is refused
    with the field and its range, as every route says it (h9f)."""

    def __init__(self, reminder: str, **kwargs):
        self.reminder = reminder
        super().__init__(coerce=int, **kwargs)

    def clean(self, value):
        from mubiao.notify.services.channels import read_reminder

        if value in self.empty_values:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        try:
            return read_reminder(value, self.reminder)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict[self.reminder]) from None


class PreferenceForm(OneValueEachForm):
    reminders = forms.BooleanField(label=_("Send me a weekly check-in reminder"), required=False)
    digests = forms.BooleanField(label=_("Send me the weekly digest"), required=False)
    reminder_weekday = _ReminderField("reminder_weekday", label=_("Weekday"), choices=WEEKDAYS)
    reminder_hour = _ReminderField(
        "reminder_hour", label=_("Hour"), choices=[(h, f"{h:02d}:00") for h in range(24)]
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=ZONES, required=False)

    def __init__(self, *args, admin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds.PERSONAL_KINDS:
            if kind == kinds.CHANNEL_PAUSED and not admin:
                continue  # only an organization's admins are told
            offered = rules.offered_channels(kind)
            choices = [choice for choice in PERSONAL_CHOICES if choice[0] in offered]
            self.fields[f"channels_{kind}"] = forms.MultipleChoiceField(
                label=KIND_LABELS[kind],
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def channel_fields(self):
        return [self[name] for name in self.fields if name.startswith("channels_")]

    def channels(self) -> dict:
        return {
            name.removeprefix("channels_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("channels_")
        }


class _OpenTeamField(forms.TypedChoiceField):
    """A team past the picker's cap (orgs.selectors.MAX_TEAM_OPTIONS) is taken: the view checks
    it against the actor's teams, never against the capped list (h14z)."""

    def valid_value(self, value):
        return is_id(value)


class ChannelForm(OneValueEachForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Channel.Kind.choices)
    name = limits.TextField(label=_("Name"), max_length=100)
    team = _OpenTeamField(
        label=_("Team (empty: the whole organization)"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=TeamSelect,
    )
    address = limits.TextField(label=_("E-mail address"), required=False, max_length=254)
    url = limits.TextField(label=_("Webhook address"), required=False, max_length=1000)
    secret = limits.TextField(
        label=_("Signing secret"), required=False, max_length=200, widget=forms.PasswordInput
    )
    encrypt_key = limits.TextField(
        label=_("Feishu / Lark app's Encrypt Key (for card buttons)"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput,
    )
    verification_token = limits.TextField(
        label=_("Feishu / Lark app's Verification Token (for card buttons)"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput,
    )
    app_id = limits.TextField(
        label=_("Feishu / Lark app's App ID (cards with buttons sent by the app's bot)"),
        required=False,
        max_length=200,
    )
    app_secret = limits.TextField(
        label=_("Feishu / Lark app's App Secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput,
    )
    chat_id = limits.TextField(label=_("Feishu / Lark group's chat_id"), required=False,
                              max_length=200)  # fmt: skip
    events = forms.MultipleChoiceField(
        label=_("Events sent here"),
        choices=[(k, GROUP_KIND_LABELS[k]) for k in kinds.GROUP_EVENT_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, teams=(), **kwargs):
        """`teams`: the picker's (id, whole path) choices (orgs.selectors.team_choices)."""
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "—"), *teams]


class ThresholdForm(OneValueEachForm):
    # 0 ("never") or 91 is refused in the same words as notify.services.set_not_updated_days,
    # naming the range, not Django's bare bound.
    not_updated_days = forms.IntegerField(
        label=_("“Not updated” after this many days"),
        min_value=1,
        max_value=90,
        error_messages={
            key: _("Enter a number of days from 1 to 90.")
            for key in ("min_value", "max_value", "invalid", "required")
        },
    )
