"""Forms of the web pages. They parse and present input; the services validate and write.

Fields carry the service's field names where possible so that a service ValidationError lands
beside the right input (views.base.add_service_errors).
"""

import contextlib
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mubiao.accounts.addresses import split_emails
from mubiao.accounts.forms import InvitationForm
from mubiao.accounts.models import User
from mubiao.id_sets import is_id
from mubiao.okrs import display, limits, number_input, numbers, rules, selectors, services
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import CheckIn, Cycle, KeyResult, Objective
from mubiao.okrs.quality import current_language
from mubiao.okrs.services import YEAR_PARTS
from mubiao.okrs.services._common import weight_offered
from mubiao.okrs.services.key_results import level_offers
from mubiao.okrs.services.scale import says_percent
from mubiao.okrs.transfer.readings import (
    TITLE_NUMBERS,
    describe_numbers,
    levels_in_unit,
    levels_unread,
    needs_start,
    read_title,
    title_disagreement_messages,
    title_disagreements,
    title_due_disagreement,
    title_refusals,
    unreadable_messages,
)
from mubiao.okrtext import RULES, LintConfig
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization, Team
from mubiao.orgs.selectors import pickable, team_choices
from mubiao.orgs.services import FIRST_CYCLE_KINDS
from mubiao.orgs.zones import zone_choices
from mubiao.web import stale
from mubiao.web.fields import TypedDateField
from mubiao.web.params import OneValueEachForm
from mubiao.web.widgets import TeamSelect, TeamSelectMultiple

ORGANIZATION_OWNER = "organization"


# Addresses typed at once (collaborators, a team's leads): a few dozen people.
MEMBER_EMAILS = 5000


class MemberEmailField(limits.TextField):
    """A member of the organization, typed as an email address (a select of 100,000 people
    would not do); the form gives the field its organization."""

    def __init__(self, *args, multiple: bool = False, **kwargs):
        self.multiple = multiple
        self.actor = None
        kwargs.setdefault("max_length", MEMBER_EMAILS if multiple else limits.EMAIL)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        # Addresses separated as people list them: commas, semicolons, spaces, new lines, 、
        emails = split_emails(value)
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


class OpenChoiceField(forms.ChoiceField):
    """A choice among a capped list (orgs.selectors.MAX_TEAM_OPTIONS): a value past the cap
    (typed, searched, or the current one) is taken here and checked by the form's clean_<field>
    against what the actor may pick, never refused for missing from the list (h14z)."""

    def valid_value(self, value):
        return True


class OpenMultipleChoiceField(forms.MultipleChoiceField):
    """OpenChoiceField's many-valued form."""

    def valid_value(self, value):
        return True


def _bind_actor(form, actor: Membership) -> None:
    for field in form.fields.values():
        if isinstance(field, MemberEmailField):
            field.actor = actor


class ObjectiveForm(OneValueEachForm):
    title = limits.TextField(label=_("Objective"), max_length=max_length(Objective, "title"))
    description = limits.TextField(
        label=_("Description"), required=False, widget=forms.Textarea, max_length=limits.LONG_TEXT
    )
    owner = OpenChoiceField(
        label=pgettext_lazy("objective", "Owner"), widget=TeamSelect(kind="owner")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Objective.Kind.choices)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Objective.Visibility.choices)
    parent = limits.TextField(label=_("Aligned to"), required=False, max_length=40)
    progress_source = forms.ChoiceField(
        label=_("Progress from"),
        choices=Objective.ProgressSource.choices,
        initial=Objective.ProgressSource.KEY_RESULTS,
        required=False,
        help_text=_(
            "The objectives aligned to it count whether aligned to it or to one of its key "
            "results, each by its weight."
        ),
    )
    # Text read by Mubiao's number reader (number_input), as every number field: Django's
    # IntegerField answered in its own words ("Enter a whole number.") and refused `50%`.
    aligned_share = limits.TextField(
        label=_("Share of aligned objectives (%)"),
        initial=50,
        required=False,
        max_length=40,
        help_text=_("In a mix: the rest comes from its key results."),
    )
    collaborators = MemberEmailField(
        label=_("Collaborators"),
        required=False,
        multiple=True,
        help_text=_("Email addresses, separated by commas."),
    )

    def __init__(self, *args, actor: Membership, objective: Objective | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.objective = objective
        _bind_actor(self, actor)
        sent = self.data.get("owner", "") if self.is_bound else ""
        self.fields["owner"].choices = owner_choices(actor, objective, sent=sent)
        self.fields["description"].widget.attrs["rows"] = 2

    def clean_progress_source(self):
        """Left out (a form from before the field, a script): as it was."""
        return self.cleaned_data.get("progress_source") or (
            self.objective.progress_source
            if self.objective
            else self.fields["progress_source"].initial
        )

    def clean_aligned_share(self):
        """Left out: as it was (50 for a new objective). Blank where a share is held (a stored
        objective, or one taking a mix) is refused: the share cannot be empty, and keeping the
        old one would ignore what was typed without a word (issue 9, h9x 8); except in the save
        that moves a stored objective off a mix, where it is kept unused."""
        typed = (self.cleaned_data.get("aligned_share") or "").strip()
        try:
            share = services.read_share(typed) if typed else None
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["aligned_share"]) from None
        mix = self.cleaned_data.get("progress_source") == Objective.ProgressSource.MIX
        if share is None and mix and "aligned_share" in self.data:
            raise forms.ValidationError(
                _("Give the aligned objectives' share of a mix, a whole percentage from 0 to 100.")
            )
        # Moving off a mix in this save, the share is left with it: blank is then no typing
        # ignored (the share is no longer used; the page shows it again with a mix).
        leaving_mix = (
            self.objective is not None
            and self.objective.progress_source == Objective.ProgressSource.MIX
            and not mix
        )
        if share is None and self.objective and "aligned_share" in self.data and not leaving_mix:
            raise forms.ValidationError(
                _(
                    "Give the aligned objectives' share, a whole percentage from 0 to 100: it "
                    "cannot be left empty."
                )
            )
        if share is None:
            return (
                self.objective.aligned_share
                if self.objective
                else self.fields["aligned_share"].initial
            )
        return share

    def clean_owner(self):
        """'person:<id>', 'team:<id>' or 'organization' → the create_objective keywords."""
        value = self.cleaned_data["owner"]
        kind, _sep, pk = value.partition(":")
        # Any owner the actor may see, listed or past the picker's cap (the service checks
        # who may file under whom); an unknown one is refused, never taken as nobody (h14z).
        if kind == "person" and is_id(pk):
            member = selectors.members(self.actor).filter(pk=pk).first()
            if member is not None:
                return {"owner_type": "person", "owner_member": member, "owner_team": None}
        if kind == "team" and is_id(pk):
            current = [self.objective.owner_team_id] if self.objective is not None else ()
            team = (
                pickable(self.actor.organization_id, selectors.teams(self.actor), current)
                .filter(pk=pk)
                .first()
            )
            if team is not None:
                return {"owner_type": "team", "owner_team": team, "owner_member": None}
        if value == ORGANIZATION_OWNER:
            return {"owner_type": "organization", "owner_member": None, "owner_team": None}
        raise forms.ValidationError(_("Choose an owner from the list."))

    def clean_parent(self):
        """'o:<id>' (an objective) or 'k:<id>' (a key result) the actor can see, nothing, or
        KEEP_HIDDEN_PARENT: the objective stays aligned to the parent the actor may not see."""
        value = (self.cleaned_data.get("parent") or "").strip()
        if not value:
            return {"parent_objective": None, "parent_key_result": None}
        if value == KEEP_HIDDEN_PARENT and self.objective is not None:
            return {
                "parent_objective": self.objective.parent_objective,
                "parent_key_result": self.objective.parent_key_result,
            }
        kind, _sep, pk = value.partition(":")
        try:
            if kind == "o":
                return {
                    # Archived too: refused by the service saying so (published_parents).
                    "parent_objective": selectors.visible_objectives(
                        self.actor, include_archived=True
                    ).get(pk=int(pk)),
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


def owner_teams(actor: Membership):
    """The teams the actor may file an objective under: those they lead, every one for an
    admin (the owner picker's list and its search)."""
    teams = selectors.teams(actor)
    if not permissions.is_admin(actor):
        teams = teams.filter(pk__in=permissions.led_team_ids(actor))
    return teams


def owner_team_choice(pk: int, path: str) -> tuple[str, str]:
    return f"team:{pk}", _("Team: %(name)s") % {"name": path}


def owner_choices(
    actor: Membership, objective: Objective | None, sent: str = ""
) -> list[tuple[str, str]]:
    """Who the actor may file an objective under: themselves, the teams they lead (every team
    for an admin) and, for admins, the organization; plus the current owner when editing."""
    choices = [(f"person:{actor.pk}", _("Me (%(name)s)") % {"name": actor.user.display_name})]
    choices += [
        owner_team_choice(pk, path)
        for pk, path in team_choices(
            actor.organization_id,
            owner_teams(actor),
            keep=[str(sent).partition("team:")[2], getattr(objective, "owner_team_id", None)],
        )
    ]
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


# The alignment picker's value for "keep the parent I may not see": its id is never sent out.
KEEP_HIDDEN_PARENT = "keep"


def parent_value(objective: Objective) -> str:
    if selectors.parent_is_hidden(objective):
        return KEEP_HIDDEN_PARENT
    if objective.parent_key_result_id:
        return f"k:{objective.parent_key_result_id}"
    if objective.parent_objective_id:
        return f"o:{objective.parent_objective_id}"
    return ""


class KeyResultForm(OneValueEachForm):
    """One key result row: the metric type first, then only the fields it needs (CSS hides the
    others by the selected type)."""

    id = forms.IntegerField(
        required=False, widget=forms.HiddenInput, **limits.integer_range(KeyResult, "id")
    )
    title = limits.TextField(label=_("Key result"), max_length=max_length(KeyResult, "title"))
    metric_type = forms.ChoiceField(
        label=_("Measured as"), choices=KeyResult.MetricType.choices, initial="number"
    )
    # A new key result's direction is "automatic" until the person chooses one: the start and
    # target say it (10 → 3 分钟 goes down), as the API and the imports read a direction left
    # out; a direction chosen against the numbers is refused (issue 9, h9b2: 提升到 was chosen
    # for everyone and 10 → 3 refused).
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("", _("Automatic (from start and target)")), *KeyResult.Direction.choices],
        initial="",
        required=False,
    )
    # Numbers are typed as people write them (`1,234`, `3.5万`, `80%`) and read in clean().
    # No start or target is filled in for the person: a 0 nobody typed stayed when "at most"
    # was chosen and made the key result done on saving (issue 9, probe p2); left blank, an
    # increase or decrease starts from 0 and a kept level is asked for its start.
    start_value = limits.TextField(label=_("Start"), required=False, max_length=40)
    target_value = limits.TextField(label=_("Target"), required=False, max_length=40)
    unit = limits.TextField(
        label=_("Unit"), max_length=max_length(KeyResult, "unit"), required=False
    )
    due_date = TypedDateField(label=_("Due"), required=False)
    weight = limits.TextField(label=_("Weight"), required=False, initial=1, max_length=20)
    # A stored key result only: left empty, the value stays; read like a check-in's value, in
    # the unit saved with it (services.update_key_result says what a changed unit or type does).
    current_value = limits.TextField(
        label=_("Current value"),
        required=False,
        max_length=40,
        help_text=_(
            "Change it only when it changed. A unit of the same kind (元 → 万元, USD → k USD, "
            "users → k users) converts every value and check-in; once checked in, a key result "
            "keeps its kind of unit and how it is measured."
        ),
    )
    owner = MemberEmailField(label=_("Owner (email)"), required=False)
    progress_source = forms.ChoiceField(
        label=_("Progress from"), choices=KeyResult.ProgressSource.choices, initial="manual"
    )
    # The title a mismatch with the entered numbers was shown for: saving it again keeps them.
    reading_ack = limits.TextField(
        required=False, widget=forms.HiddenInput, max_length=max_length(KeyResult, "title")
    )
    # The values a "did you mean" was asked about (services OFF_SCALE): the same values saved
    # again are kept as typed (scale_confirmed).
    scale_ack = limits.TextField(required=False, widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, actor: Membership, within=None, **kwargs):
        super().__init__(*args, **kwargs)
        _bind_actor(self, actor)
        self.weights_on = actor.organization.weights_enabled
        # A due date written without a year is the cycle's, as in an import into it.
        self.fields["due_date"].within = within
        for name in ("start_value", "target_value", "weight"):
            self.fields[name].widget.attrs.update(inputmode="decimal", autocomplete="off")
        if not actor.organization.weights_enabled:
            # A weight counts for nothing with weights off (rules.weights_that_count): not
            # asked, and the one held is posted back unchanged, which the services accept.
            self.fields["weight"].widget = forms.HiddenInput()

    def clean_unit(self):
        # Values are read in it below, before the services store it cleaned the same way.
        return numbers.clean_unit(self.cleaned_data["unit"])

    def clean(self):
        data = super().clean()
        missing_target = self._read_numbers(data)
        self._read_title(data)  # raises when the title fills the numbers or contradicts them
        if missing_target:
            self.add_error("target_value", _("Enter the target."))
        return data

    def _read_numbers(self, data: dict) -> bool:
        """Start and target in the row's unit (a percentage where it measures one), the weight
        as a plain number; each refusal beside its field, the typing kept. True when the
        target is missing (said after the title had its chance to state it)."""
        missing_target = False
        metric_type, unit = data.get("metric_type") or "number", data.get("unit") or ""
        if not unit and metric_type in (KeyResult.MetricType.NUMBER, KeyResult.MetricType.CURRENCY):
            # The unit the values are written in (`¥5,000`; `2亿` in a new key result: 2 亿), as
            # the API and imports take it.
            try:
                unit = data["unit"] = number_input.values_unit(
                    {name: data.get(name) for name in ("start_value", "target_value")},
                    magnitude=not data.get("id"),
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    self.add_error(name, messages)
                return False
        percent = metric_type in (KeyResult.MetricType.PERCENT, KeyResult.MetricType.MILESTONE)
        # A start or target is a level: a change (`+10pp`, `+5`) is refused as such, as on
        # every other path, not read as a level below the start.
        value = {"unit": "%" if percent else unit, "percent": percent or unit == "%", "level": True}
        # Each bounded by its column (number_input.FIELDS), as on every other path.
        readings = {"start_value": value, "target_value": value, "weight": {}}
        if metric_type in (KeyResult.MetricType.BOOLEAN, KeyResult.MetricType.MILESTONE):
            # Their start and target are fixed (0→1, 0→100 %); the hidden fields do not count.
            del readings["start_value"], readings["target_value"]
            data["start_value"] = data["target_value"] = None
        # A start's or target's "did you mean" offers what the services then take beside the
        # other end (issue 9, h9u): the start's is read against the target as typed.
        written_target = None
        if "target_value" in readings and data.get("target_value") not in (None, ""):
            with contextlib.suppress(ValidationError):
                written_target = number_input.read(data["target_value"], "target_value", **value)
        offers = {
            "start_value": (None, written_target),
            "target_value": (None, None),  # the start, once read, below
        }
        blanked = self._blanked(data, [*readings, "current_value"])
        for name in blanked:
            # A stored key result's value typed away: none of these can be empty, and keeping
            # the old one would ignore what was typed without a word (issue 9, h9x 8).
            self.add_error(name, _("Enter a number: this cannot be left empty."))
        for name, reading in readings.items():
            typed = data.get(name)
            if typed in (None, "") or name in blanked:
                data[name] = None
                if name == "target_value" and data.get("progress_source") != "children":
                    missing_target = True
                continue
            if name == "target_value":
                # On a range below zero (-5 → +20) a plus sign marks the level's side of zero,
                # as the API and imports read it (numbers.signed_scale).
                start = data.get("start_value")
                reading = {**reading, "signed": numbers.signed_scale(unit, (start,))}
                offers["target_value"] = (start, None)
            offered = None
            if name in offers:
                offered = level_offers(name, metric_type, reading["unit"], *offers[name],
                                       data.get("direction") or None)  # fmt: skip
            elif name == "weight":
                # With weights off only the weight in effect or the one held is taken, as the
                # services offer (issue 9, h9y: the objective edit page offered 4.5 for `4,5`).
                held = self.initial.get("weight")
                offered = weight_offered(
                    self.weights_on,
                    Decimal(str(held)) if held not in (None, "") else Decimal(1),
                )
            try:
                data[name] = number_input.read(typed, name, offered=offered, **reading)
            except ValidationError as error:
                self.add_error(name, error.message_dict[name])
        return missing_target

    def _blanked(self, data: dict, names: list[str]) -> list[str]:
        """The fields among `names` of a stored key result that were loaded with a value and
        sent blank (a hidden field, such as weights off, is sent back as loaded)."""
        if not data.get("id"):
            return []
        if data.get("metric_type") == KeyResult.MetricType.BOOLEAN and "current_value" in names:
            names = [name for name in names if name != "current_value"]
        return [
            name
            for name in names
            if self.add_prefix(name) in self.data
            and not str(self.data[self.add_prefix(name)]).strip()
            and self._loaded(name).strip()
        ]

    def has_changed(self):
        # A row without a title is a blank row whatever else it holds (the order number the
        # page's script writes, a template's values): the formset leaves it out unvalidated.
        title = self.data.get(self.add_prefix("title")) or ""
        return bool(title.strip()) and super().has_changed()

    def _read_title(self, cleaned: dict) -> None:
        """A title that states its numbers ("客诉率从 8% 降低到 3%") fills the fields left at
        their defaults, shown before saving; numbers that contradict the title are pointed out
        once, and saving again keeps them as entered."""
        title = (cleaned.get("title") or "").strip()
        if not title:
            return
        # Read as every route reads it: dates without a year are the cycle's, as the import
        # into it reads them, and a deadline that cannot be a due date is refused on it.
        draft = read_title(title, self.fields["due_date"].within)
        if cleaned.get("id") and "title" not in self.changed_data:
            # An edit keeping its title: nothing to fill from it, but a number or due date
            # changed against it is asked about, as the API refuses it (issue 9: 用户数达到1000人
            # saved with target 1,200 beside it; "by Jan 20" due Feb 15, h9u).
            due_moved = "due_date" in self.changed_data
            with self._due_asked_too(cleaned, title, draft, due_moved):
                if any(name in self.changed_data for name in TITLE_NUMBERS):
                    self._ask_if_disagreeing(cleaned, title, draft)
            return
        due_left = self._left_as_offered("due_date")
        if due_left and (refused := draft.refusals.get("due_date")):
            raise ValidationError({"due_date": refused})
        # Offered, never replaced (a date typed and refused was typed all the same).
        due = draft.fields["due_date"] if due_left else None
        with self._due_asked_too(cleaned, title, draft, not due_left):
            self._read_title_numbers(cleaned, title, draft, due)
        if due:
            # "Sign 5 customers by Dec 15" with its numbers typed: the due date it states is
            # offered as its numbers are, never dropped (the API and imports store it).
            entered = {n: cleaned.get(n) for n in TITLE_NUMBERS} | {"due_date": due}
            self._show({"due_date": due})
            raise ValidationError(
                _("Read from the title: %(reading)s. Check the numbers and save again.")
                % {"reading": describe_numbers(entered)}
            )

    def _read_title_numbers(self, cleaned: dict, title: str, draft, due) -> None:
        """_read_title for the numbers of the title read (`draft`), `due` the due date it
        offers."""
        reading = draft.reading
        if refused := title_refusals(reading):
            # `转化率达到 4,5%`: refused whatever is typed beside it, as the API and the imports
            # refuse it; saved, the title would say one number over fields holding another.
            raise ValidationError({"title": refused})
        if any(name in self.errors for name in TITLE_NUMBERS):
            # A number refused beside its field (`1.200` on 人, `4,5`) is answered first: the
            # title neither fills nor questions a field whose typing is still shown refused.
            return
        if cleaned.get("metric_type") in (
            KeyResult.MetricType.BOOLEAN,
            KeyResult.MetricType.MILESTONE,
        ):
            # Chosen as done / not done or a milestone, its numbers are fixed (0→1, 0→100 %) and
            # their fields hidden: a number in the title counts its parts ("三条产品线的…全部
            # 落地"), not its target, and is no start or target to ask for.
            return
        # "降到 2 小时" with its start typed: its target is the title's (levels_in_unit).
        level_started = (
            not levels_unread(reading)
            and not reading.unreadable
            and cleaned.get("start_value") is not None
        )
        if (
            needs_start(reading)
            and not reading.unreadable
            and (cleaned.get("target_value") is None or cleaned.get("start_value") is None)
            and not level_started
        ):
            # "成本降低 10%": no level to fill in; said with what to write, not only "Enter the
            # target", and never filled as a key result that is done when saved. A target typed
            # beside it ("20" for "提升20%") still changes an unknown start: asked, never 0 → 20.
            if reading.target_type == "absolute":
                # "成本降低到 5 万元": the target is written; each field left empty is named.
                raise ValidationError(self._stated_target_missing(cleaned, draft))
            raise ValidationError(unreadable_messages(reading))
        # Judged by what was sent: the title never overrides a field the person set.
        untouched = all(self._left_as_offered(n) for n in ("metric_type", "target_value"))
        no_numbers = reading.target is None or reading.direction == "milestone"
        nothing_set = all(self._left_as_offered(n) for n in TITLE_NUMBERS)
        if no_numbers and nothing_set and cleaned.get("reading_ack") != title:
            # "Launch the new onboarding", "12 月底前上线新手引导 2.0" (due on the day it names):
            # a milestone, as the API and the imports read it (issue 9), rather than "Enter the
            # target" for a number the title never had. Offered once: another type chosen
            # then is asked for its target.
            offered = {"metric_type": KeyResult.MetricType.MILESTONE}
            offered |= {"due_date": due} if due else {}
            self._show({**offered, "reading_ack": title})
            raise ValidationError(
                _("Read from the title: %(reading)s. Check the numbers and save again.")
                % {"reading": describe_numbers(offered)}
            )
        unread = unreadable_messages(reading, self.fields["due_date"].within, dates=False)
        if unread and untouched and not level_started:
            # Numbers okrtext could not read without guessing ("40-45 万", "$4O k", "从 ¥100万
            # 到 $200k") and no target typed: asked, in the import's words, not "Enter the target".
            raise ValidationError(unread)
        if reading.target is None or reading.direction == "milestone" or levels_unread(reading):
            # Nothing to fill, or numbers okrtext could not read without guessing (a change
            # without its start, "增长 15%"): the fields are the person's, not filled or
            # questioned by a guess. A target stated without its start ("降到 2 小时") is
            # compared, as the API compares it.
            return
        read = draft.fields
        # Judged by what was sent (a value refused beside its field counts as typed).
        untyped = [n for n in TITLE_NUMBERS if self._left_as_offered(n)]
        if len(untyped) == len(TITLE_NUMBERS) or "target_value" in untyped:
            # The title's numbers in the unit typed, for the fields left (levels_in_unit, as
            # the API and the imports take them): "降到 2 小时" over 分钟 offers 120.
            levels = levels_in_unit(read, cleaned.get("unit") or "")
            if levels is None:
                said = title_disagreement_messages(read, ["unit"], {"unit": cleaned.get("unit")})
                raise ValidationError(said)
            offered = {n: levels[n] for n in untyped} | ({"due_date": due} if due else {})
            offered = {n: cleaned.get(n) for n in TITLE_NUMBERS} | offered
            self._show(offered)
            # With what was read by a choice (a range's lower end), said beside it.
            raise ValidationError(
                [
                    _("Read from the title: %(reading)s. Check the numbers and save again.")
                    % {"reading": describe_numbers(offered)},
                    # Not "no start value" beside the start typed.
                    *(note for note in draft.notes if not level_started or note not in unread),
                ]
            )
        self._ask_if_disagreeing(cleaned, title, draft)

    @contextlib.contextmanager
    def _due_asked_too(self, cleaned: dict, title: str, draft, typed: bool):
        """A due date `typed` that is another day than the title states (title_due_disagreement,
        the API's and imports' rule) is pointed out once beside the due date, with whatever the
        numbers' check in the block asks; saving again keeps it as entered (reading_ack)."""
        said = typed and title_due_disagreement(draft, cleaned.get("due_date"))
        asked = {}
        if said and cleaned.get("reading_ack") != title:
            message = _(
                "The title says “%(said)s” (%(title_due)s), but the due date is %(due)s: correct "
                "one of them, or save again to keep the due date as entered."
            )
            asked = {"due_date": [message % said]}
        try:
            yield
        except ValidationError as error:
            if not asked:
                raise
            raise ValidationError(error.update_error_dict(asked)) from None
        if asked:
            self._show({"reading_ack": title})
            raise ValidationError(asked)

    def _ask_if_disagreeing(self, cleaned: dict, title: str, draft) -> None:
        """The fields that say other than the title's numbers (title_disagreements, the API's
        and imports' rule) are pointed out once; saving again keeps them as entered."""
        reading, read = draft.reading, draft.fields
        if (
            reading.target is None
            or reading.direction == "milestone"
            or levels_unread(reading)
            or cleaned.get("metric_type")
            in (KeyResult.MetricType.BOOLEAN, KeyResult.MetricType.MILESTONE)
        ):
            return
        entered = {n: cleaned.get(n) for n in TITLE_NUMBERS}
        if not entered.get("direction"):
            # "Automatic": the way the numbers go, which the title's numbers are compared with.
            entered["direction"] = read.get("direction")
        if title_disagreements(read, entered, baseline_read=reading.start is not None) and (
            cleaned.get("reading_ack") != title
        ):
            self._show({"reading_ack": title})
            raise ValidationError(
                _(
                    "The title says “%(title)s” but the fields say “%(fields)s”: correct one "
                    "of them, or save again to keep the fields as entered."
                )
                % {"title": describe_numbers(read), "fields": describe_numbers(entered)}
            )

    def _left_as_offered(self, name: str) -> bool:
        """Whether `name` was sent as the form offered it (empty, or its initial choice): what
        was sent, not what was read, so that a value refused beside its field counts as set."""
        sent = str(self.data.get(self.add_prefix(name), "")).strip()
        initial = self.fields[name].initial
        return sent in ("", "" if initial is None else str(initial))

    def _stated_target_missing(self, cleaned: dict, draft) -> dict[str, list[str]]:
        """A title stating its target but no start ("把平均响应时间降到 2 小时"), a field of them
        left empty: each empty field named, the target by what the title says, in the unit
        given where that is another (2 小时 on 分钟: enter 120), never only "no start value"
        for a missing target."""
        errors, read = {}, draft.fields
        if cleaned.get("start_value") is None:
            errors["start_value"] = unreadable_messages(draft.reading)
        if cleaned.get("target_value") is None:
            unit, title_unit = cleaned.get("unit") or "", read.get("unit") or ""
            if unit and title_unit and not numbers.same_unit(unit, title_unit):
                errors |= title_disagreement_messages(read, ["target_value"], {"unit": unit})
            else:
                said = display.with_unit(read["target_value"], title_unit)
                errors["target_value"] = [
                    _("Enter the target: the title says “%(said)s”.") % {"said": said}
                ]
        return errors

    def _show(self, values: dict) -> None:
        """Put values into the bound data, so that the page shows them for the next save."""
        self.data = self.data.copy()
        for name, value in values.items():
            if isinstance(value, Decimal):
                value = plain_decimal(value)  # as typed: 120000000, never 120000000.0
            self.data[self.add_prefix(name)] = "" if value is None else str(value)

    def _typed_values(self) -> str:
        return "|".join(
            str(self.data.get(self.add_prefix(n), "")).strip()
            for n in ("start_value", "target_value", "current_value")
        )

    def ask_to_confirm_scale(self) -> None:
        """After a refusal of a value as typed on another scale: the same values saved again
        are kept."""
        self._show({"scale_ack": self._typed_values()})

    def _restates_range(self) -> set[str]:
        """The start and target as a range given anew: sent with a unit or metric type changed
        into terms they do not convert into (人 → 次, a number → a percentage) when the person
        changed either beside it, so that the one left as shown is said in the new terms too
        (services.update_key_result asks for both); else neither is re-sent unchanged."""
        changed = set(self.changed_data)
        if not self.cleaned_data.get("id") or not changed & {"start_value", "target_value"}:
            return set()
        old_type = self._loaded("metric_type") or "number"
        factor = rules.values_factor(
            old_type=old_type, new_type=self.cleaned_data.get("metric_type") or old_type,
            old_unit=self._loaded("unit"), new_unit=self.cleaned_data.get("unit") or "",
        )  # fmt: skip
        return {"start_value", "target_value"} if factor is None else set()

    def _loaded(self, name: str) -> str:
        """The value `name` was loaded with (stale.track's hidden initial, else the initial)."""
        key = self.add_initial_prefix(name)
        return str(self.data[key] if key in self.data else self.initial.get(name) or "")

    def service_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in stale.UNTRACKED}
        data["scale_confirmed"] = self.cleaned_data.get("scale_ack") == self._typed_values()
        restated = self._restates_range()
        if "metric_type" not in self.changed_data and (
            not self.cleaned_data.get("id") or "unit" in self.changed_data
        ):
            # "Measured as" left as shown is no type chosen: the services take it from the unit
            # (`万元` currency, `%` a percentage), as the API and the imports do (issue 9, h9y).
            data.pop("metric_type", None)
        for name in ("start_value", "target_value", "weight"):
            if data.get(name) is None:
                data.pop(name)
            elif name in restated:
                pass
            elif self.cleaned_data.get("id") and name not in self.changed_data:
                # A stored key result's value as loaded is none typed now: it is neither asked
                # about again (a start confirmed at creation) nor re-read in a unit changed
                # beside it (USD → k USD converts what is stored).
                data.pop(name)
        for name in ("start_value", "target_value"):
            typed = self.data.get(self.add_prefix(name))
            if name in data and (numbers.ambiguous_separator(typed) == "." or says_percent(typed)):
                # As typed, so that the services ask which `1.200` was meant and know that
                # `0.2%` is a percentage, no share of 1 (scale.scale_slips).
                data[name] = typed
        if data.get("metric_type") in (
            KeyResult.MetricType.BOOLEAN,
            KeyResult.MetricType.MILESTONE,
        ):
            # Hidden on the page for these types (their direction is always up, a done /
            # not-done key result has no unit): what the hidden fields hold does not count.
            data.pop("direction", None)
            if data["metric_type"] == KeyResult.MetricType.BOOLEAN:
                data.pop("unit", None)
        if (
            "current_value" not in self.changed_data
            or not (data.get("current_value") or "").strip()
        ):
            # The current value as loaded is no new value: sent back after someone else's
            # check-in, it would put theirs back.
            data.pop("current_value", None)
        if data.get("owner") is None:
            data.pop("owner")
        return data


class BaseKeyResultFormSet(forms.BaseFormSet):
    """`drafts` prefill the first blank rows (a template's key results): unlike `initial` rows
    they stay blank rows, so one the person empties is simply left out. `within` is the
    cycle's first and last day (key_result_formset)."""

    within = None

    def __init__(
        self, *args, actor: Membership, drafts: list[dict] = (), versioned=False, **kwargs
    ):
        self.actor = actor
        self.drafts = list(drafts)
        # Editing stored key results: each row carries its version and loaded values.
        self.versioned = versioned
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.versioned:
            stale.track(form, form.initial.get("version"))

    def get_form_kwargs(self, index):
        if index is not None and index < len(self.drafts):
            return {"actor": self.actor, "within": self.within, "initial": self.drafts[index]}
        return {"actor": self.actor, "within": self.within}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            actor=self.actor,
            within=self.within,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form


def key_result_formset(extra: int, cycle: Cycle | None = None):
    """The key result rows of the writing form (blank rows left empty are ignored), their due
    dates read in `cycle`."""
    rows = forms.formset_factory(
        KeyResultForm,
        formset=BaseKeyResultFormSet,
        extra=extra,
        can_delete=True,
        can_order=True,
        # No more blank rows than an objective may hold, but every row of a template's draft
        # (never one dropped without a word): a form sent with more is refused by the service
        # at the first row over the limit (limits.too_many_key_results), not with the
        # formset's own "Please submit at most 20 forms".
        max_num=max(limits.ACTIVE_KEY_RESULTS, extra),
    )
    rows.within = (cycle.start_date, cycle.end_date) if cycle is not None else None
    return rows


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
        "version": kr.version,
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
        "current_value": plain_decimal(kr.current_value),
    }


NOT_SET = pgettext_lazy("confidence", "Not given")


class CheckInForm(OneValueEachForm):
    """Value and confidence stay text here: the service reads them as people type them
    (okrs.numbers) and puts any message beside the field."""

    value = limits.TextField(label=_("New value"), max_length=40)
    # Empty means "not given": nobody's confidence is invented (a slider always has a value).
    confidence = limits.TextField(
        label=_("Confidence (0–10)"),
        required=False,
        max_length=20,
        widget=forms.Select(choices=[("", NOT_SET), *((str(i), str(i)) for i in range(11))]),
    )
    note = limits.TextField(label=_("Note"), required=False, max_length=limits.CHECK_IN_TEXT)
    is_blocker = forms.BooleanField(label=_("The note names a blocker"), required=False)
    next_step = limits.TextField(
        label=_("Next step"), required=False, max_length=limits.CHECK_IN_TEXT
    )
    source_url = limits.URLField(
        label=_("Source link"), required=False, max_length=max_length(CheckIn, "source_url")
    )
    # The confirm step of a value far off the key result's range (services.OFF_SCALE): the
    # value the person was asked about, kept when they send that same value again.
    confirmed_value = limits.TextField(required=False, widget=forms.HiddenInput, max_length=40)
    # The key result's version the form was loaded with, and (as `initial-value`, web.stale)
    # the value it was prefilled with: sent back unchanged after someone else's check-in, that
    # value is theirs undone, not a measurement (views.okrs.check_in).
    version = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=0, max_value=stale.MAX_VERSION
    )
    # How the key result was measured when the form was loaded (views.okrs.definition_of): a
    # value typed against a start, target, unit or type changed since is asked about first.
    definition = limits.TextField(required=False, widget=forms.HiddenInput, max_length=1000)

    @property
    def loaded_value(self) -> str:
        """The value the form was loaded with (carried along as `initial-value`): the current
        value, even where the field starts empty (a done / not-done answer nobody gave)."""
        if self.is_bound:
            return self.data.get("initial-value", "")
        return str(self.initial.get("loaded", self.initial.get("value", "")))

    def scale_confirmed(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("confirmed_value")) and data["confirmed_value"] == data.get("value")

    def ask_to_confirm(self) -> None:
        """After a refusal of the value as off scale: the same value sent again keeps it."""
        self.asked_value = self.data.get("value", "")


class CommentForm(OneValueEachForm):
    body = limits.TextField(
        label=_("Comment"), max_length=limits.COMMENT_TEXT, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.update(
            {"rows": 2, "placeholder": _("Write a comment; @name mentions a person or a team")}
        )


class RetrospectiveForm(OneValueEachForm):
    retrospective = limits.TextField(
        label=_("Retrospective"), required=False, widget=forms.Textarea, max_length=limits.LONG_TEXT
    )


class CycleForm(OneValueEachForm):
    name = limits.TextField(label=_("Name"), max_length=max_length(Cycle, "name"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Cycle.Kind.choices, initial="quarter")
    start_date = TypedDateField(label=_("Start date"))
    end_date = TypedDateField(label=_("End date"))


class YearForm(OneValueEachForm):
    """A year and its parts in one step (okrs.services.create_year)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2200)
    parts = forms.MultipleChoiceField(
        label=_("Divided into"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(kind, Cycle.Kind(kind).label) for kind in YEAR_PARTS],
    )


class NextCycleForm(OneValueEachForm):
    """Prepare the next cycle: which unfinished objectives to carry forward, and where to."""

    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives to carry forward"),
        queryset=Objective.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    cycle = forms.ModelChoiceField(label=_("Into the cycle"), queryset=Cycle.objects.none())

    # More would not fit one page; the rest can be carried forward from their own pages.
    MAX_LISTED = 300

    def __init__(self, *args, actor: Membership, source: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        unfinished = services.unfinished_objectives(actor, source).select_related(
            "owner_member__user", "owner_team", "organization"
        )
        ids = list(
            unfinished.order_by("owner_type", "position", "id").values_list("pk", flat=True)[
                : self.MAX_LISTED
            ]
        )
        self.fields["objectives"].queryset = unfinished.filter(pk__in=ids).order_by(
            "owner_type", "position", "id"
        )
        self.fields["objectives"].label_from_instance = lambda o: f"{o.title} · {owner_label(o)}"
        if not self.is_bound:
            self.initial["objectives"] = ids
        self.fields["cycle"].queryset = (
            selectors.cycles(actor)
            .exclude(pk=source.pk)
            .exclude(state=Cycle.State.CLOSED)
            .order_by("start_date", "kind", "name")
        )
        following = selectors.next_cycle(source)
        if following is not None and not self.is_bound:
            self.initial["cycle"] = following.pk


class TeamForm(OneValueEachForm):
    name = limits.TextField(label=_("Name"), max_length=max_length(Team, "name"))
    parent = OpenChoiceField(label=_("Parent team"), required=False, widget=TeamSelect)
    leads = MemberEmailField(label=_("Leads (emails)"), required=False, multiple=True)

    def __init__(self, *args, actor: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        _bind_actor(self, actor)
        self.actor = actor
        # The current parent and the one sent are listed whatever the cap: a parent past it is
        # shown selected, never as "(top level)" (h14z).
        keep = [self.initial.get("parent"), self.data.get("parent") if self.is_bound else None]
        self.fields["parent"].choices = [
            ("", _("(top level)")),
            *team_choices(actor.organization_id, selectors.teams(actor), keep=keep),
        ]

    def clean_parent(self):
        """A parent left out of the post stays as it was (never "top level" unsaid); one sent
        is any team the actor may see, listed or past the picker's cap."""
        if self.is_bound and "parent" not in self.data:
            pk = self.initial.get("parent")
        else:
            pk = self.cleaned_data.get("parent")
        if not pk:
            return None
        teams = pickable(
            self.actor.organization_id, selectors.teams(self.actor), [self.initial.get("parent")]
        )
        team = teams.filter(pk=pk).first() if is_id(pk) else None
        if team is None:
            raise forms.ValidationError(_("Choose a team from the list."))
        return team


class OrganizationForm(OneValueEachForm):
    name = limits.TextField(
        label=_("Organization name"), max_length=max_length(Organization, "name")
    )
    weights = forms.BooleanField(
        label=_("Weigh key results when scoring objectives"), required=False
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Defines the organization's today: pace, due dates and reminders."),
        choices=zone_choices,
    )
    language = forms.ChoiceField(
        label=_("Language of chat groups and webhooks"),
        help_text=_("Each person's own messages are in the language they chose."),
        choices=settings.LANGUAGES,
    )


class MemberForm(OneValueEachForm):
    # The least powerful role unless someone picks another (not the list's first, owner).
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )
    title = limits.TextField(
        label=_("Job title"), max_length=max_length(Membership, "title"), required=False
    )
    manager = MemberEmailField(label=_("Manager (email)"), required=False)
    teams = OpenMultipleChoiceField(label=_("Teams"), required=False, widget=TeamSelectMultiple)

    def __init__(self, *args, actor: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        _bind_actor(self, actor)
        self.actor = actor
        # The person's teams and those sent are listed whatever the cap (h14z).
        keep = [*(self.initial.get("teams") or ())]
        if self.is_bound and hasattr(self.data, "getlist"):
            keep += self.data.getlist("teams")
        self.fields["teams"].choices = team_choices(
            actor.organization_id, selectors.teams(actor), keep=keep
        )
        self.fields["teams"].widget.attrs["size"] = 6
        # Only an owner can make someone an owner: an admin is not offered a role the service
        # would refuse, except to show an owner's own role (which they cannot change).
        owner = Membership.Role.OWNER
        if actor.role != owner and self.get_initial_for_field(self.fields["role"], "role") != owner:
            self.fields["role"].choices = [c for c in Membership.Role.choices if c[0] != owner]

    def clean_teams(self):
        """Any team the actor may see, listed or past the picker's cap; an unknown one is
        refused, never dropped without a word (h14z)."""
        ids = self.cleaned_data.get("teams") or []
        if not all(is_id(pk) for pk in ids):
            raise forms.ValidationError(_("Choose a team from the list."))
        current = self.initial.get("teams") or ()
        teams = list(
            pickable(self.actor.organization_id, selectors.teams(self.actor), current).filter(
                pk__in=ids
            )
        )
        if len(teams) != len({int(pk) for pk in ids}):
            raise forms.ValidationError(_("Choose a team from the list."))
        return teams


class MemberEditForm(MemberForm):
    is_active = forms.BooleanField(
        label=_("Active (unticked: the person can no longer sign in to this organization)"),
        required=False,
    )


class InviteForm(MemberForm):
    email = limits.EmailField(label=_("Email"), max_length=max_length(User, "email"))
    name = limits.TextField(
        label=pgettext_lazy("person", "Name"), max_length=max_length(User, "name"), required=False
    )

    field_order = ["email", "name", "role", "title", "manager", "teams"]


SEVERITY_LABELS = {"error": _("Error"), "warning": _("Warning"), "info": _("Info")}


class LintSettingsForm(OneValueEachForm):
    """OKR quality settings: one choice per rule of the linter's catalogue, and thresholds."""

    kr_min = forms.IntegerField(
        label=_("Fewest key results per objective"),
        min_value=1,
        max_value=limits.ACTIVE_KEY_RESULTS,
    )
    kr_max = forms.IntegerField(
        label=_("Most key results per objective"),
        min_value=1,
        max_value=limits.ACTIVE_KEY_RESULTS,
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


class NewOrganizationForm(OneValueEachForm):
    """A new organization (orgs.services.create_organization): its name and first cycle."""

    organization_name = limits.TextField(
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

    name = limits.TextField(label=_("Your name"), max_length=max_length(User, "name"))
    email = limits.EmailField(label=_("Email"), max_length=max_length(User, "email"))

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
