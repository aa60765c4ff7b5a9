"""Forms of the web pages. They parse and present input; the services validate and write.

Fields carry the service's field names where possible so that a service ValidationError lands
beside the right input (views.base.add_service_errors).
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mubiao.accounts.forms import InvitationForm
from mubiao.accounts.models import User
from mubiao.okrs import selectors
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.okrs.quality import current_language
from mubiao.okrtext import RULES, LintConfig
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization, Team
from mubiao.orgs.services import FIRST_CYCLE_KINDS

ORGANIZATION_OWNER = "organization"


class MemberEmailField(forms.CharField):
    """A member of the organization, typed as an email address (a select of 100,000 people
    would not do); the form gives the field its organization."""

    def __init__(self, *args, multiple: bool = False, **kwargs):
        self.multiple = multiple
        self.actor = None
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        emails = [e.strip().lower() for e in value.replace(";", ",").split(",") if e.strip()]
        if not emails:
            return [] if self.multiple else None
        if not self.multiple and len(emails) > 1:
            raise ValidationError(_("Enter one email address."))
        found = {
            m.user.email: m for m in selectors.members(self.actor).filter(user__email__in=emails)
        }
        missing = [e for e in emails if e not in found]
        if missing:
            raise ValidationError(
                _("No member with the email %(emails)s.") % {"emails": ", ".join(missing)}
            )
        members = [found[e] for e in emails]
        return members if self.multiple else members[0]


def _bind_actor(form, actor: Membership) -> None:
    for field in form.fields.values():
        if isinstance(field, MemberEmailField):
            field.actor = actor


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("Objective"), max_length=max_length(Objective, "title"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    owner = forms.ChoiceField(label=pgettext_lazy("objective", "Owner"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Objective.Kind.choices)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Objective.Visibility.choices)
    parent = forms.CharField(label=_("Aligned to"), required=False)
    collaborators = MemberEmailField(
        label=_("Collaborators"),
        required=False,
        multiple=True,
        help_text=_("Email addresses, separated by commas."),
    )

    def __init__(self, *args, actor: Membership, objective: Objective | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        _bind_actor(self, actor)
        self.fields["owner"].choices = owner_choices(actor, objective)
        self.fields["description"].widget.attrs["rows"] = 2

    def clean_owner(self):
        """'person:<id>', 'team:<id>' or 'organization' → the create_objective keywords."""
        value = self.cleaned_data["owner"]
        kind, _sep, pk = value.partition(":")
        if kind == "person":
            member = selectors.members(self.actor).filter(pk=pk).first()
            return {"owner_type": "person", "owner_member": member, "owner_team": None}
        if kind == "team":
            team = selectors.teams(self.actor).filter(pk=pk).first()
            return {"owner_type": "team", "owner_team": team, "owner_member": None}
        return {"owner_type": "organization", "owner_member": None, "owner_team": None}

    def clean_parent(self):
        """'o:<id>' (an objective) or 'k:<id>' (a key result) the actor can see, or nothing."""
        value = (self.cleaned_data.get("parent") or "").strip()
        if not value:
            return {"parent_objective": None, "parent_key_result": None}
        kind, _sep, pk = value.partition(":")
        try:
            if kind == "o":
                return {
                    "parent_objective": selectors.visible_objectives(self.actor).get(pk=int(pk)),
                    "parent_key_result": None,
                }
            if kind == "k":
                return {
                    "parent_objective": None,
                    "parent_key_result": selectors.visible_key_results(self.actor).get(pk=int(pk)),
                }
        except (ValueError, Objective.DoesNotExist, KeyResult.DoesNotExist):
            pass
        raise ValidationError(_("Choose an objective or key result from the list."))


def owner_choices(actor: Membership, objective: Objective | None) -> list[tuple[str, str]]:
    """Who the actor may file an objective under: themselves, the teams they lead (every team
    for an admin) and, for admins, the organization; plus the current owner when editing."""
    choices = [(f"person:{actor.pk}", _("Me (%(name)s)") % {"name": actor.user.display_name})]
    teams = selectors.teams(actor).order_by("name")
    if not permissions.is_admin(actor):
        teams = teams.filter(pk__in=permissions.led_team_ids(actor))
    choices += [(f"team:{t.pk}", _("Team: %(name)s") % {"name": t.name}) for t in teams[:200]]
    if permissions.is_admin(actor):
        choices.append(
            (
                ORGANIZATION_OWNER,
                _("Organization: %(name)s") % {"name": actor.organization.name},
            )
        )
    if objective is not None:
        current = owner_value(objective)
        if current not in dict(choices):
            choices.insert(0, (current, owner_label(objective)))
    return choices


def owner_value(objective: Objective) -> str:
    if objective.owner_type == Objective.OwnerType.PERSON:
        return f"person:{objective.owner_member_id}"
    if objective.owner_type == Objective.OwnerType.TEAM:
        return f"team:{objective.owner_team_id}"
    return ORGANIZATION_OWNER


def owner_label(objective: Objective) -> str:
    if objective.owner_type == Objective.OwnerType.PERSON:
        return objective.owner_member.user.display_name
    if objective.owner_type == Objective.OwnerType.TEAM:
        return objective.owner_team.name
    return objective.organization.name


def parent_value(objective: Objective) -> str:
    if objective.parent_key_result_id:
        return f"k:{objective.parent_key_result_id}"
    if objective.parent_objective_id:
        return f"o:{objective.parent_objective_id}"
    return ""


class KeyResultForm(forms.Form):
    """One key result row: the metric type first, then only the fields it needs (CSS hides the
    others by the selected type)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Key result"), max_length=max_length(KeyResult, "title"))
    metric_type = forms.ChoiceField(
        label=_("Measured as"), choices=KeyResult.MetricType.choices, initial="number"
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=KeyResult.Direction.choices, initial="increase"
    )
    start_value = forms.DecimalField(label=_("Start"), required=False, initial=0)
    target_value = forms.DecimalField(label=_("Target"), required=False, initial=100)
    unit = forms.CharField(
        label=_("Unit"), max_length=max_length(KeyResult, "unit"), required=False
    )
    due_date = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    weight = forms.DecimalField(label=_("Weight"), required=False, initial=1, min_value=0)
    owner = MemberEmailField(label=_("Owner (email)"), required=False)
    progress_source = forms.ChoiceField(
        label=_("Progress from"), choices=KeyResult.ProgressSource.choices, initial="manual"
    )

    def __init__(self, *args, actor: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        _bind_actor(self, actor)
        for name in ("start_value", "target_value", "weight"):
            self.fields[name].widget.attrs["step"] = "any"

    def has_changed(self):
        # A row without a title is a blank row whatever else it holds (the order number the
        # page's script writes, a template's values): the formset leaves it out unvalidated.
        title = self.data.get(self.add_prefix("title")) or ""
        return bool(title.strip()) and super().has_changed()

    def service_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("id", "DELETE", "ORDER")}
        for name in ("start_value", "target_value", "weight"):
            if data.get(name) is None:
                data.pop(name)
        if data.get("owner") is None:
            data.pop("owner")
        return data


class BaseKeyResultFormSet(forms.BaseFormSet):
    """`drafts` prefill the first blank rows (a template's key results): unlike `initial` rows
    they stay blank rows, so one the person empties is simply left out."""

    def __init__(self, *args, actor: Membership, drafts: list[dict] = (), **kwargs):
        self.actor = actor
        self.drafts = list(drafts)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        if index is not None and index < len(self.drafts):
            return {"actor": self.actor, "initial": self.drafts[index]}
        return {"actor": self.actor}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            actor=self.actor,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form


def key_result_formset(extra: int):
    """The key result rows of the writing form (blank rows left empty are ignored)."""
    return forms.formset_factory(
        KeyResultForm,
        formset=BaseKeyResultFormSet,
        extra=extra,
        can_delete=True,
        can_order=True,
        max_num=20,
        validate_max=True,
    )


DRAFT_FIELDS = ("title", "metric_type", "start_value", "target_value", "unit", "direction",
                "due_date")  # fmt: skip


def key_result_draft(fields: dict) -> dict:
    """A row's initial values from create_key_result fields (a template's draft)."""
    row = {name: fields[name] for name in DRAFT_FIELDS if fields.get(name) is not None}
    for name in ("start_value", "target_value"):
        if name in row:
            row[name] = plain_decimal(row[name])
    return row


def plain_decimal(value: Decimal) -> Decimal:
    """Without trailing zeros and without an exponent: 100.0000 → 100 (not 1E+2), 2.50 → 2.5."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def key_result_initial(kr: KeyResult) -> dict:
    return {
        "id": kr.pk,
        "title": kr.title,
        "metric_type": kr.metric_type,
        "direction": kr.direction,
        "start_value": plain_decimal(kr.start_value),
        "target_value": plain_decimal(kr.target_value),
        "unit": kr.unit,
        "due_date": kr.due_date,
        "weight": plain_decimal(kr.weight),
        "owner": kr.owner.user.email if kr.owner else "",
        "progress_source": kr.progress_source,
    }


class CheckInForm(forms.Form):
    value = forms.CharField(label=_("New value"), max_length=40)
    confidence = forms.IntegerField(
        label=_("Confidence (0–10)"), min_value=0, max_value=10, required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    source_url = forms.URLField(label=_("Source link"), required=False, max_length=500)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=10_000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.update(
            {"rows": 2, "placeholder": _("Write a comment; @name mentions a person or a team")}
        )


class RetrospectiveForm(forms.Form):
    retrospective = forms.CharField(label=_("Retrospective"), required=False, widget=forms.Textarea)


class CycleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=max_length(Cycle, "name"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Cycle.Kind.choices, initial="quarter")
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput({"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput({"type": "date"}))


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=max_length(Team, "name"))
    parent = forms.ChoiceField(label=_("Parent team"), required=False)
    leads = MemberEmailField(label=_("Leads (emails)"), required=False, multiple=True)

    def __init__(self, *args, actor: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        _bind_actor(self, actor)
        self.actor = actor
        self.fields["parent"].choices = [("", _("(top level)"))] + [
            (t.pk, t.name) for t in selectors.teams(actor).order_by("name")[:500]
        ]

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        return selectors.teams(self.actor).filter(pk=pk).first() if pk else None


class OrganizationForm(forms.Form):
    name = forms.CharField(
        label=_("Organization name"), max_length=max_length(Organization, "name")
    )
    weights = forms.BooleanField(
        label=_("Weigh key results when scoring objectives"), required=False
    )


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    title = forms.CharField(
        label=_("Job title"), max_length=max_length(Membership, "title"), required=False
    )
    manager = MemberEmailField(label=_("Manager (email)"), required=False)
    teams = forms.MultipleChoiceField(label=_("Teams"), required=False)

    def __init__(self, *args, actor: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        _bind_actor(self, actor)
        self.actor = actor
        self.fields["teams"].choices = [
            (t.pk, t.name) for t in selectors.teams(actor).order_by("name")[:500]
        ]
        self.fields["teams"].widget.attrs["size"] = 6

    def clean_teams(self):
        ids = self.cleaned_data.get("teams") or []
        return list(selectors.teams(self.actor).filter(pk__in=ids))


class InviteForm(MemberForm):
    email = forms.EmailField(label=_("Email"))
    name = forms.CharField(label=_("Name"), max_length=max_length(User, "name"), required=False)

    field_order = ["email", "name", "role", "title", "manager", "teams"]


SEVERITY_LABELS = {"error": _("Error"), "warning": _("Warning"), "info": _("Info")}


class LintSettingsForm(forms.Form):
    """OKR quality settings: one choice per rule of the linter's catalogue, and thresholds."""

    kr_min = forms.IntegerField(
        label=_("Fewest key results per objective"), min_value=1, max_value=20
    )
    kr_max = forms.IntegerField(
        label=_("Most key results per objective"), min_value=1, max_value=20
    )
    objectives_max = forms.IntegerField(
        label=_("Most objectives per owner and cycle"), min_value=1, max_value=20
    )

    THRESHOLDS = ("kr_min", "kr_max", "objectives_max")

    def __init__(self, *args, config: LintConfig, **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        for name in self.THRESHOLDS:
            self.fields[name].initial = getattr(config, name)
        for rule in RULES.values():
            default = _("Default (%(severity)s)") % {"severity": SEVERITY_LABELS[rule.severity]}
            field = forms.ChoiceField(
                label=rule.title[language],
                choices=[("default", default), *SEVERITY_LABELS.items(), ("off", _("Off"))],
            )
            if rule.id in config.disabled:
                field.initial = "off"
            else:
                field.initial = config.severities.get(rule.id, "default")
            field.rule = rule
            field.default_label = SEVERITY_LABELS[rule.severity]
            self.fields[rule.id] = field

    def rule_fields(self):
        return [self[rule_id] for rule_id in RULES]

    def threshold_fields(self):
        return [self[name] for name in self.THRESHOLDS]

    def settings(self) -> dict:
        """The keyword arguments of orgs.services.update_lint_settings."""
        data = self.cleaned_data
        return {
            "rules": {rule_id: data[rule_id] for rule_id in RULES},
            "thresholds": {name: data[name] for name in self.THRESHOLDS},
        }


class NewOrganizationForm(forms.Form):
    """A new organization (orgs.services.create_organization): its name and first cycle."""

    organization_name = forms.CharField(
        label=_("Organization name"), max_length=max_length(Organization, "name")
    )
    cycle_kind = forms.ChoiceField(
        label=_("First cycle"),
        choices=[(kind, Cycle.Kind(kind).label) for kind in FIRST_CYCLE_KINDS],
        initial=Cycle.Kind.QUARTER,
        help_text=_("The current quarter or year starts at once; add more cycles in Settings."),
    )


class SetupForm(InvitationForm, NewOrganizationForm):
    """The first run (/setup): the first person's account and their organization."""

    name = forms.CharField(label=_("Your name"), max_length=max_length(User, "name"))
    email = forms.EmailField(label=_("Email"), max_length=max_length(User, "email"))

    field_order = ["name", "email", "password1", "password2", "organization_name", "cycle_kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].widget.attrs.pop("autofocus", None)
        self.fields["name"].widget.attrs.update(autofocus=True, autocomplete="name")
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"

    def clean(self):
        # The password must not resemble the person's own name or email.
        self.user = User(
            email=self.cleaned_data.get("email", ""), name=self.cleaned_data.get("name", "")
        )
        return super().clean()
