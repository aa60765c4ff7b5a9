"""Cycles, objectives, key results, check-ins, comments and the activity log (DESIGN.md §3).

Every row carries its organization so that each query can be scoped to one tenant with a plain
indexed filter. Progress and pace status are cached on objectives and key results; only
okrs.services writes them, recomputing them with okrs.rules.
"""

import calendar
import functools
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from mubiao.okrs import limits
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization, Team


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    DONE = "done", _("Done")


# A parentless objective is a root of the alignment tree when it is the organization's or
# others are aligned to it (the kept count). Shared word for word by objective_tree_roots_idx
# and the reads of the roots (okrs.selectors.tree_roots): SQLite uses a partial index only when
# the query holds each term of its condition as written (it does no algebra).
KEPT_ROOT = Q(owner_type="organization") | Q(aligned_count__gt=0)


def _score_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": Decimal(0), f"{field}__lte": Decimal(1)}),
        name=name,
    )


class Cycle(models.Model):
    class Kind(models.TextChoices):
        YEAR = "year", _("Year")
        HALF = "half", _("Half year")
        QUARTER = "quarter", _("Quarter")
        BIMONTH = "bimonth", _("Two months")
        MONTH = "month", _("Month")
        CUSTOM = "custom", _("Custom")

    class State(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("Active")
        GRADING = "grading", _("Grading")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.QUARTER)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent cycle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PLANNING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-start_date", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="cycle_unique_name"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cycle_end_after_start"
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="cycle_not_own_parent"),
        ]
        indexes = [
            models.Index(fields=["organization", "state"]),
            models.Index(fields=["organization", "kind", "start_date"]),
        ]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    @property
    def shown_name(self) -> str:
        """The name to show: one Mubiao generated (a year in one step, create_year) is stored
        in its creator's language, so it is shown in the reader's, from the kind and dates; a
        name someone typed is shown as typed (issue 13)."""
        if self.kind not in (self.Kind.YEAR, *YEAR_PARTS):
            return self.name
        year = self.start_date.year
        span = (self.start_date, self.end_date)
        for language, _label in settings.LANGUAGES:
            if (self.name, *span) in year_cycle_names_in(year, self.kind, language):
                break
        else:
            return self.name
        names = year_cycle_names_in(year, self.kind, translation.get_language())
        return next(name for name, *dates in names if (*dates,) == span)


# Kinds a year may be divided into, with the months each cycle spans.
YEAR_PARTS = {
    Cycle.Kind.HALF: 6,
    Cycle.Kind.QUARTER: 3,
    Cycle.Kind.BIMONTH: 2,  # 飞书's 双月
    Cycle.Kind.MONTH: 1,
}


def year_cycle_names(year: int, kind: str) -> list[tuple[str, date, date]]:
    """(name, first day, last day) of each cycle of `kind` in the calendar year, named in the
    active language: 2027 Q1; 2027 H1 (2027 上半年); 2027 Jan–Feb (2027 年 1–2 月)."""
    if kind == Cycle.Kind.YEAR:
        return [(pgettext("cycle name", "%(year)s") % {"year": year}, date(year, 1, 1),
                 date(year, 12, 31))]  # fmt: skip
    months = YEAR_PARTS[kind]
    spans = []
    for number, first in enumerate(range(1, 13, months), start=1):
        last = first + months - 1
        end = date(year, 12, 31) if last == 12 else date(year, last + 1, 1) - timedelta(days=1)
        # English names take the months' English abbreviations (calendar's C locale): the
        # Chinese ones their numbers.
        values = {
            "year": year,
            "n": number,
            "first": first,
            "last": last,
            "first_name": calendar.month_abbr[first],
            "last_name": calendar.month_abbr[last],
        }
        if kind == Cycle.Kind.HALF:
            name = (pgettext("cycle name", "%(year)s H1") if number == 1
                    else pgettext("cycle name", "%(year)s H2")) % values  # fmt: skip
        elif kind == Cycle.Kind.QUARTER:
            name = pgettext("cycle name", "%(year)s Q%(n)s") % values
        elif kind == Cycle.Kind.BIMONTH:
            name = pgettext("cycle name", "%(year)s %(first_name)s–%(last_name)s") % values
        else:
            name = pgettext("cycle name", "%(year)s %(first_name)s") % values
        spans.append((name, date(year, first, 1), end))
    return spans


@functools.lru_cache(maxsize=512)
def year_cycle_names_in(year: int, kind: str, language: str | None) -> tuple:
    """year_cycle_names in `language` (None: untranslated), worked out once per year, kind and
    language in a process: a page of cycles asks for them once per cycle (Cycle.shown_name),
    and the names change only with a new release's translations."""
    with translation.override(language):
        return tuple(year_cycle_names(year, kind))


KEPT_COUNTS = ("aligned_count", "aligned_public_count")


class Objective(models.Model):
    class OwnerType(models.TextChoices):
        ORGANIZATION = "organization", _("Organization")
        TEAM = "team", _("Team")
        PERSON = "person", _("Person")

    class Kind(models.TextChoices):
        COMMITTED = "committed", _("Committed")
        ASPIRATIONAL = "aspirational", _("Aspirational")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        TEAM = "team", pgettext_lazy("visibility", "Team")
        PRIVATE = "private", _("Only people involved")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    class ProgressSource(models.TextChoices):
        # The values are okrs.rules.PROGRESS_SOURCES.
        KEY_RESULTS = "key_results", _("Its key results")
        ALIGNED = "aligned", _("The objectives aligned to it")
        MIX = "mix", _("A mix of both")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="objectives"
    )
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="objectives"
    )
    owner_type = models.CharField(_("owner type"), max_length=12, choices=OwnerType)
    owner_team = models.ForeignKey(
        Team,
        verbose_name=_("owner team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_objectives",
    )
    owner_member = models.ForeignKey(
        Membership,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_objectives",
    )
    # The team an objective is filed under: the owner team for a team objective (always: the
    # objective_team_is_owner constraint), the person's team for a personal one. Team pages and
    # "team" visibility use it, so a team objective filed elsewhere would show to the wrong team.
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objectives",
    )
    title = models.CharField(_("title"), max_length=500)
    # The limit every path holds it to (okrs.limits.LONG_TEXT): the forms, the API and the
    # imports read it here (issue 9, hL: an import stored 20,001 characters the form refused).
    description = models.TextField(_("description"), blank=True, max_length=limits.LONG_TEXT)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.COMMITTED)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility, default=Visibility.PUBLIC
    )
    parent_objective = models.ForeignKey(
        "self",
        verbose_name=_("aligned to objective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aligned_objectives",
    )
    parent_key_result = models.ForeignKey(
        "KeyResult",
        verbose_name=_("aligned to key result"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aligned_objectives",
    )
    collaborators = models.ManyToManyField(
        Membership, verbose_name=_("collaborators"), blank=True, related_name="collaborations"
    )
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal(1))
    # Where the progress comes from (okrs.rules.objective_rollup); in a mix, the aligned
    # objectives' share in percent (whole percents: what the form, the API and files give).
    progress_source = models.CharField(
        _("progress from"),
        max_length=12,
        choices=ProgressSource,
        default=ProgressSource.KEY_RESULTS,
        db_default=ProgressSource.KEY_RESULTS,
    )
    aligned_share = models.PositiveSmallIntegerField(
        _("share of aligned objectives (%)"), default=50, db_default=50
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.ACTIVE)
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2, null=True, blank=True)
    retrospective = models.TextField(_("retrospective"), blank=True, max_length=limits.LONG_TEXT)
    progress = models.DecimalField(
        _("progress"), max_digits=9, decimal_places=4, default=Decimal(0)
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.NOT_STARTED
    )
    version = models.PositiveIntegerField(default=1)
    # Kept by the database (okrs.aligned's triggers): the objectives aligned to this one or to one
    # of its key results that are not archived, and the public ones among them. Ordinary
    # saves never write them (save() below), so a row read before a child changed cannot undo
    # the count.
    aligned_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    aligned_public_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    created_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The objective "prepare the next cycle" carried this one forward from: each is carried
    # into a cycle once (objective_carried_once), so running it again copies nothing twice.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_type="organization", owner_team__isnull=True, owner_member__isnull=True)
                    | Q(owner_type="team", owner_team__isnull=False, owner_member__isnull=True)
                    | Q(owner_type="person", owner_team__isnull=True, owner_member__isnull=False)
                ),
                name="objective_exactly_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(parent_objective__isnull=True) | Q(parent_key_result__isnull=True),
                name="objective_one_parent",
            ),
            models.CheckConstraint(
                condition=~Q(parent_objective=F("id")), name="objective_not_own_parent"
            ),
            models.CheckConstraint(
                condition=~Q(owner_type="team") | Q(team__isnull=False, team=F("owner_team")),
                name="objective_team_is_owner",
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="objective_weight_positive"),
            models.UniqueConstraint(
                fields=["carried_from", "cycle"],
                condition=Q(carried_from__isnull=False),
                name="objective_carried_once",
            ),
            models.CheckConstraint(
                condition=Q(aligned_share__lte=100), name="objective_aligned_share_range"
            ),
            _score_range("score", "objective_score_range"),
        ]
        indexes = [
            models.Index(fields=["organization", "cycle", "state"]),
            models.Index(fields=["cycle", "owner_type", "state"]),
            models.Index(fields=["cycle", "owner_member"]),
            models.Index(fields=["cycle", "owner_team"]),
            models.Index(fields=["cycle", "team"]),
            models.Index(fields=["cycle", "status"]),
            # The alignment page: its roots (an objective of the organization, or one that
            # others are aligned to: the kept count) and the objectives aligned to nothing, each
            # read off a small index instead of every parentless objective of the cycle. The
            # organization first: every read names it (visible_objectives), and without it in
            # the index the planner ANDed these with the organization's whole index.
            # The roots' index also keys the two parents (null in every row): SQLite, without
            # ANALYZE, costs two partial indexes of the same columns alike and took the
            # unaligned one, reading every parentless objective of the cycle for a handful of
            # roots; two more equality terms make this one the cheaper (issue 14).
            models.Index(
                fields=[
                    "organization",
                    "cycle",
                    "parent_objective",
                    "parent_key_result",
                    "owner_type",
                    "position",
                    "id",
                ],
                condition=Q(parent_objective__isnull=True, parent_key_result__isnull=True)
                & KEPT_ROOT,
                name="objective_tree_roots_idx",
            ),
            models.Index(
                fields=["organization", "cycle", "owner_type", "position", "id"],
                condition=Q(parent_objective__isnull=True, parent_key_result__isnull=True),
                name="objective_unaligned_idx",
            ),
            # Team, private and draft objectives: the only rows a reader can fail to see ("N
            # objectives you cannot see", insights.selectors.hidden_objectives). The columns the
            # visibility condition reads are in the index (INCLUDE, PostgreSQL), so a leader's
            # test of every one of them reads no table row: the CEO of 100,000 people, 46,000
            # objectives, 23,724 buffers and ~390 ms read off the table, 1,067 and ~120 ms
            # here. The INCLUDE columns are added by migration 0030 (SQLite has none).
            models.Index(
                fields=["organization", "cycle", "team"],
                condition=~permissions.open_to_all_q(),
                name="objective_hidden_kinds_idx",
            ),
            # The parents a reader can fail to see that have live children (the kept count):
            # where the alignment tree's "under a hidden parent" starts, a small set however
            # many team, private and draft objectives the organization holds.
            models.Index(
                fields=["organization"],
                condition=~permissions.open_to_all_q() & Q(aligned_count__gt=0),
                name="objective_hidden_parent_idx",
            ),
            # Archived objectives: the alignment tree lists the live objectives aligned to one
            # under its placeholder (okrs.selectors.objectives_under_hidden_parents).
            models.Index(
                fields=["organization"],
                condition=Q(state="archived"),
                name="objective_archived_idx",
            ),
            # The dashboards' at-risk list: the lowest progress of a status comes first.
            models.Index(
                fields=["cycle", "status", "progress", "id"], name="objective_at_risk_idx"
            ),
            # A team dashboard's at-risk list: each subtree team's lowest of a status
            # (insights.selectors._at_risk_candidates_by_team, issue 14).
            models.Index(
                fields=["cycle", "team", "status", "progress", "id"],
                name="objective_team_at_risk_idx",
            ),
            models.Index(fields=["organization", "title"]),
            # Search: the newest cycles first, by title; the first 20 matches of a common word
            # are read off it (a rare word goes to the trigram index, okrs.0007).
            models.Index(
                fields=["organization", "-cycle", "title", "id"], name="objective_search_idx"
            ),
            # Lists of a cycle's objectives in their stable order (API, exports).
            models.Index(
                fields=["organization", "cycle", "owner_type", "position", "id"],
                name="objective_org_list_idx",
            ),
            # Team and company boards, grouped by owner: their first page is read off this
            # index however many objectives the cycle holds.
            models.Index(
                fields=[
                    "organization",
                    "cycle",
                    "owner_type",
                    "owner_team",
                    "owner_member",
                    "position",
                    "id",
                ],
                name="objective_board_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # An update writes every field but the kept counts (okrs.aligned keeps them).
        if (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in KEPT_COUNTS and f.attname not in deferred
            ]
        super().save(*args, **kwargs)

    @property
    def parent(self):
        return self.parent_objective or self.parent_key_result

    @property
    def share(self) -> Decimal:
        """The aligned objectives' share in a mix, 0–1 (okrs.rules.part_shares)."""
        return Decimal(self.aligned_share) / 100


class KeyResult(models.Model):
    class MetricType(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percentage")
        CURRENCY = "currency", _("Currency")
        BOOLEAN = "boolean", _("Done / not done")
        MILESTONE = "milestone", _("Milestone (0–100%)")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase to")
        DECREASE = "decrease", _("Decrease to")
        AT_LEAST = "at_least", _("Stay at least")
        AT_MOST = "at_most", _("Stay at most")

    class ProgressSource(models.TextChoices):
        MANUAL = "manual", _("Check-ins")
        CHILDREN = "children", _("Aligned objectives")

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="key_results"
    )
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="key_results"
    )
    title = models.CharField(_("title"), max_length=500)
    owner = models.ForeignKey(
        Membership,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_key_results",
    )
    metric_type = models.CharField(
        _("metric type"), max_length=10, choices=MetricType, default=MetricType.NUMBER
    )
    start_value = models.DecimalField(
        _("start value"), max_digits=20, decimal_places=4, default=Decimal(0)
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=20, decimal_places=4, default=Decimal(100)
    )
    current_value = models.DecimalField(
        _("current value"), max_digits=20, decimal_places=4, default=Decimal(0)
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction, default=Direction.INCREASE
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal(1))
    confidence = models.PositiveSmallIntegerField(_("confidence"), null=True, blank=True)
    progress_source = models.CharField(
        _("progress source"), max_length=10, choices=ProgressSource, default=ProgressSource.MANUAL
    )
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2, null=True, blank=True)
    score_note = models.TextField(_("score note"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.ACTIVE)
    # Raw progress: may exceed 1 so that over-achievement stays visible.
    progress = models.DecimalField(
        _("progress"), max_digits=9, decimal_places=4, default=Decimal(0)
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.NOT_STARTED
    )
    last_check_in_at = models.DateTimeField(_("last check-in"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("key result")
        verbose_name_plural = _("key results")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__lte=10),
                name="keyresult_confidence_range",
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="keyresult_weight_positive"),
            models.CheckConstraint(
                condition=Q(progress__gte=0), name="keyresult_progress_positive"
            ),
            _score_range("score", "keyresult_score_range"),
        ]
        indexes = [
            models.Index(fields=["objective", "state", "position"]),
            models.Index(fields=["organization", "owner", "state"]),
            # The API's key-result list: an organization's active key results in a stable order.
            models.Index(
                fields=["organization", "state", "objective", "position", "id"],
                name="keyresult_org_list_idx",
            ),
            # "Checked in within 7 days" of a team or the organization: the key results last
            # checked in within the one hour the kept hourly counts cannot split (insights.figures).
            models.Index(
                fields=["organization", "last_check_in_at"],
                condition=Q(state="active"),
                name="keyresult_last_check_in_idx",
            ),
        ]
        # An objective's active key results' count, freshness and confidences (the team
        # figures' triggers, insights.figures, and the hidden objectives' sums,
        # insights.selectors.hidden_by_atom) are read off `keyresult_active_figures_idx`
        # (objective_id) INCLUDE (last_check_in_at, confidence) WHERE state = 'active',
        # created by migration okrs.0023 on PostgreSQL only: SQLite has no INCLUDE columns.

    def __str__(self) -> str:
        return self.title

    @property
    def effective_due_date(self) -> date:
        """The day the key result is due as people see it: its own due date, else its cycle's
        end (an objective has no due date of its own). The page, its chart and forecast, the
        weekly report and the API read it here, so that none says another day."""
        return self.due_date or self.objective.cycle.end_date


class CheckIn(models.Model):
    """An append-only record of a new value; the key result keeps the latest one as current."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="check_ins"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    confidence = models.PositiveSmallIntegerField(_("confidence"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # What the author will do next (the weekly report's "plans") and whether the note names
    # something blocking the key result (its "problems and risks").
    next_step = models.TextField(_("next step"), blank=True)
    is_blocker = models.BooleanField(_("blocker"), default=False)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    status_override = models.CharField(
        _("status override"), max_length=12, choices=Status, blank=True
    )
    progress = models.DecimalField(max_digits=9, decimal_places=4, default=Decimal(0))
    # Where it was typed when not in Mubiao's pages or API: "link" (a reminder's one-tap
    # link), "chat:slack" / "chat:feishu" (a button on a chat card); VIA_CREATED for the value
    # a key result was created with (its history's first entry, not progress made since).
    via = models.CharField(max_length=20, blank=True)

    VIA_CREATED = "created"

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__lte=10),
                name="checkin_confidence_range",
            ),
        ]
        indexes = [
            models.Index(fields=["key_result", "created_at"]),
            models.Index(fields=["organization", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.key_result_id}: {self.value}"

    @property
    def via_label(self) -> str:
        """Where it came from, for the history ("" for Mubiao's own pages and API)."""
        if self.via == "link":
            return _("via link")
        if self.via.startswith("chat:"):
            return _("via chat")
        return ""


class Comment(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    key_result = models.ForeignKey(
        KeyResult, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    check_in = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    body = models.TextField(_("comment"))
    mentioned_members = models.ManyToManyField(Membership, blank=True, related_name="+")
    mentioned_teams = models.ManyToManyField(Team, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(objective__isnull=False, key_result__isnull=True, check_in__isnull=True)
                    | Q(objective__isnull=True, key_result__isnull=False, check_in__isnull=True)
                    | Q(objective__isnull=True, key_result__isnull=True, check_in__isnull=False)
                ),
                name="comment_exactly_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["objective", "created_at"]),
            models.Index(fields=["key_result", "created_at"]),
            models.Index(fields=["check_in", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Activity(models.Model):
    """Who changed what and when: one row for every write made through okrs.services."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=40)
    target_type = models.CharField(max_length=20)
    target_id = models.BigIntegerField()
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "target_type", "target_id", "created_at"]),
            models.Index(fields=["organization", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}:{self.target_id}"


class Schedule(models.Model):
    """When a periodic background task is next due.

    Every worker process tries to claim due rows with one conditional UPDATE, so however many
    workers run, each due task is enqueued once (okrs.tasks.enqueue_due).
    """

    name = models.CharField(max_length=60, unique=True)
    next_due_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
