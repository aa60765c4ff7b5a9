from django.db import models
from django.db.models import Q

from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Organization, Team


class TeamSnapshot(models.Model):
    """A team's figures (counting its sub-teams) on one day of a cycle, or the whole
    organization's when `team` is empty: written by the worker (insights.snapshots), read by
    the progress-over-cycle chart, so that the chart never re-reads the cycle's check-ins."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    objectives = models.PositiveIntegerField(default=0)
    progress = models.DecimalField(max_digits=9, decimal_places=4, default=0)
    expected = models.DecimalField(max_digits=9, decimal_places=4, default=0)
    not_started = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    at_risk = models.PositiveIntegerField(default=0)
    off_track = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    check_ins = models.PositiveIntegerField(default=0)
    people_updated = models.PositiveIntegerField(default=0)
    # The mean of its objectives' confidences (each the mean of its active key results'
    # latest, insights.models.ObjectiveSnapshot): the headline's confidence a week ago.
    confidence = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    # The sums behind `progress` and `confidence` (of the objectives' rows of the day, as
    # ObjectiveSnapshot keeps them), so that a reader's line is this row less the objectives
    # hidden from them (snapshots.visible_team_series), not a sum over every visible
    # objective's rows. None on rows written before they were kept: progress × objectives.
    progress_total = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    confidence_total = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    confidence_n = models.PositiveIntegerField(null=True, blank=True)
    # When the worker wrote the row (None: filled from the value history, snapshots.backfill).
    written_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "team", "day"],
                condition=Q(team__isnull=False),
                name="teamsnapshot_unique_team_day",
            ),
            models.UniqueConstraint(
                fields=["cycle", "day"],
                condition=Q(team__isnull=True),
                name="teamsnapshot_unique_org_day",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "team", "day"], name="teamsnapshot_read_idx")]

    def __str__(self) -> str:
        return f"{self.team_id or 'org'} {self.day}"


class PersonFreshness(models.Model):
    """A person's figures in a cycle, for every owner of an active key result or of an
    objective of the cycle and every lead of a team owning one: written with the team
    snapshots (insights.snapshots), one row per person, replaced by each run.

    When they last checked in on a public key result they own (None: never, or none is
    public): the "not updated for 7 days" list picks its few candidates from it and works out
    only theirs for the reader; public key results only, so that the figure says nothing about
    a key result some reader may not see (DESIGN.md §4). The same over all their key results,
    for a reader who sees every one of them (an admin; their manager chain when they are all
    in their own objectives). And the adoption page's figures over
    their own objectives and their led teams' ones, taken as they are for an admin, for their
    manager chain when none of their led teams' objectives is hidden from anyone, or for
    anyone when none of those objectives is, worked out live for the reader otherwise."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        "orgs.Membership", on_delete=models.CASCADE, related_name="freshness"
    )
    last_public_check_in_at = models.DateTimeField(null=True, blank=True)
    # Active key results of public objectives the person owns: with none, who sees one of
    # their key results depends on the reader, and the list works theirs out live.
    public_key_results = models.PositiveIntegerField(default=0)
    # Over every active key result they own in the cycle's live objectives, and how many of
    # those are in objectives someone else owns (with none, their manager chain sees them all).
    key_results = models.PositiveIntegerField(default=0)
    last_check_in_at = models.DateTimeField(null=True, blank=True)
    foreign_key_results = models.PositiveIntegerField(default=0)
    # Their own live objectives of the cycle and the live objectives of the teams they lead
    # (`team_objectives`): together their OKRs (insights.adoption.okrs_of_person), the last
    # check-in on those objectives' active key results and how many have no score.
    objectives = models.PositiveIntegerField(default=0)
    last_own_check_in_at = models.DateTimeField(null=True, blank=True)
    ungraded = models.PositiveIntegerField(default=0)
    team_objectives = models.PositiveIntegerField(default=0)
    # How many of their own and of their led teams' are not public: some reader may not see
    # them (their own ones all are seen by their manager chain).
    restricted = models.PositiveIntegerField(default=0)
    restricted_team = models.PositiveIntegerField(default=0)
    written_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "membership"], name="personfreshness_unique")
        ]
        # The candidates in the list's order (never first, then longest silent) are read off
        # `personfreshness_order_idx` (cycle, last_public_check_in_at NULLS FIRST,
        # membership), created by migration insights.0003 on PostgreSQL, and for admins off
        # `personfreshness_all_order_idx` (the same over last_check_in_at, insights.0005);
        # the public stream (those who own a public key result) off
        # `personfreshness_public_order_idx`, the first's rows WHERE public_key_results > 0
        # (insights.0018): the people with none are the never-checked-in range's too.
        # SQLite allows no NULLS FIRST in an index (and sorts NULL first anyway).

    def __str__(self) -> str:
        return f"{self.membership_id} {self.last_public_check_in_at}"


class TeamMemberFreshness(models.Model):
    """PersonFreshness's "not updated" figures once per team the person is a member of, so
    that a team page reads its candidates per team of its subtree (a few index entries each)
    instead of probing every member's row: a 2,000-person department read each member's
    membership and snapshot row in each stream (10,000–20,000 buffers at 100,000 people,
    issue 14). Written with PersonFreshness by the snapshot, and kept to the team memberships
    by the database (triggers on orgs_teammember, insights.snapshots.install_member_triggers):
    a person who joins a team is counted under it at once, one who leaves is gone from it."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    membership = models.ForeignKey("orgs.Membership", on_delete=models.CASCADE, related_name="+")
    last_public_check_in_at = models.DateTimeField(null=True, blank=True)
    public_key_results = models.PositiveIntegerField(default=0)
    last_check_in_at = models.DateTimeField(null=True, blank=True)
    key_results = models.PositiveIntegerField(default=0)
    foreign_key_results = models.PositiveIntegerField(default=0)

    class Meta:
        # Each subtree team's silent members: never (NULL) or before the cutoff, a range of
        # the team's entries. The team first: with the cycle first, the never-checked-in range
        # was read for every team of the cycle (the team a filter) on some statistics.
        indexes = [
            models.Index(
                fields=["team", "cycle", "last_public_check_in_at", "membership"],
                name="teammemberfreshness_public_idx",
            ),
            models.Index(
                fields=["team", "cycle", "last_check_in_at", "membership"],
                name="teammemberfreshness_all_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.membership_id} {self.last_public_check_in_at}"


class ObjectiveSnapshot(models.Model):
    """One objective's figures at the end of one day of its cycle: written for every live
    objective of a running cycle by the worker with the team snapshots (one INSERT … SELECT,
    insights.snapshots), past days filled once from the check-in history. Trends read these
    rows (the headline's confidence a week ago, an objective's line) instead of the
    check-ins; who may read a row is decided on its objective, as for the objective itself."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    objective = models.ForeignKey(
        "okrs.Objective", on_delete=models.CASCADE, related_name="snapshots"
    )
    day = models.DateField()
    progress = models.DecimalField(max_digits=9, decimal_places=4)
    status = models.CharField(max_length=12)
    # The mean of its active key results' latest confidences (0–10; None: none given yet),
    # the same figure as the at-risk list's and the people table's.
    confidence = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    # The team the objective was filed under that day and whether the day's team rows counted
    # it (a live objective, okrs.selectors.FIGURE_STATES): what a reader's line takes off
    # the team rows for an objective hidden from them (snapshots.visible_team_series).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="objective_snapshots",
        db_index=False,
    )  # fmt: skip
    counted = models.BooleanField(default=True)

    class Meta:
        constraints = [
            # Also the index of one objective's line (objective, day).
            models.UniqueConstraint(fields=["objective", "day"], name="objectivesnapshot_unique")
        ]
        # A scope's rows of one day (the trend), and the day's replacement by the worker.
        indexes = [models.Index(fields=["cycle", "day"], name="objectivesnapshot_day_idx")]

    def __str__(self) -> str:
        return f"{self.objective_id} {self.day}"


class ExactSum(models.DecimalField):
    """A sum kept as PostgreSQL's unconstrained `numeric` (SQLite: a real): the sums of a
    team's figures (insights.figures) keep every digit and the scale of what they add up, so
    that the same sums added again across teams and divided give the very digits an AVG over
    the objectives would (a column with a fixed scale would round the means of key results'
    confidences)."""

    def db_type(self, connection):
        # SQLite's "decimal" would store a whole sum as an integer, and integers divide there
        # without a fraction: a real keeps the float its AVG gives.
        return {"postgresql": "numeric", "sqlite": "real"}.get(
            connection.vendor, super().db_type(connection)
        )


class _PerTeam(models.Model):
    """A row the database keeps per cycle and team (written by insights.figures' triggers,
    never by the application); `team` empty: the objectives filed under no team."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        abstract = True


class TeamFigures(_PerTeam):
    """The figures of the live objectives of one cycle filed under one team (not its
    sub-teams; `team` empty: those filed under no team), kept by the database on every write
    (insights.figures: triggers on objectives and key results). The team and company
    headlines and the sub-team rollups add up these rows, one per team, instead of reading
    every objective and key result of the scope. Not a model the application writes."""

    objectives = models.IntegerField()
    # Sum of the objectives' progress (0–1 each).
    progress = ExactSum(max_digits=30, decimal_places=4)
    not_started = models.IntegerField()
    on_track = models.IntegerField()
    at_risk = models.IntegerField()
    off_track = models.IntegerField()
    done = models.IntegerField()
    # How many objectives fall in each band of progress (rules.DISTRIBUTION_BANDS).
    band0 = models.IntegerField()
    band1 = models.IntegerField()
    band2 = models.IntegerField()
    band3 = models.IntegerField()
    band4 = models.IntegerField()
    band5 = models.IntegerField()
    band6 = models.IntegerField()
    band7 = models.IntegerField()
    band8 = models.IntegerField()
    band9 = models.IntegerField()
    # Their active key results, and those never checked in on.
    key_results = models.IntegerField()
    never = models.IntegerField()
    # Each objective's confidence (the mean of its active key results' latest confidences,
    # selectors.objective_confidence) added up, and how many objectives have one.
    confidence_sum = ExactSum(max_digits=34, decimal_places=20, null=True)
    confidence_n = models.IntegerField()
    # How many have no active key result (the dashboards' "objectives have no key results").
    without_key_results = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["cycle", "team"], name="teamfigures_cycle_team_idx")]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.team_id}: {self.objectives}"


class TeamCheckInDay(_PerTeam):
    """How many active key results of a cycle's live objectives filed under one team were
    last checked in on one day (UTC), kept with TeamFigures: "checked in within 7 days" is
    the rows after the day 7 days ago, plus that one day's key results checked in after the
    moment 7 days ago (TeamCheckInHour's, then the moment's hour read live:
    insights.figures.scope_sums)."""

    day = models.DateField()
    key_results = models.IntegerField()

    class Meta:
        # The company page reads the cycle's days (teamcheckinday_idx); a team page its
        # subtree's teams' days, each team's off teamcheckinday_team_idx (INCLUDE key_results
        # on PostgreSQL, migration insights.0016): by the cycle's days, a department at
        # 100,000 people read and filtered every team's rows (60,000, issue 14).
        indexes = [
            models.Index(fields=["cycle", "day", "team"], name="teamcheckinday_idx"),
            models.Index(fields=["cycle", "team", "day"], name="teamcheckinday_team_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.team_id} {self.day}: {self.key_results}"


class TeamCheckInHour(_PerTeam):
    """TeamCheckInDay by the hour (UTC; `hour` its first instant), read for the one day 7
    days ago: its hours after the moment's, so that only the moment's hour of key results is
    read live (a whole day of them at 100,000 people was 14,000 key results, ~200 ms; every
    hour of the week instead of days read 7 times the rows)."""

    hour = models.DateTimeField()
    key_results = models.IntegerField()

    class Meta:
        # On PostgreSQL, migration insights.0015 makes it INCLUDE (key_results): the day's
        # hours are summed by an index-only scan, where the rows' pages were 6,364 buffers at
        # 100,000 people (48,000 rows). SQLite has no INCLUDE columns.
        # A team page's hours, each subtree team's off teamcheckinhour_team_idx (as
        # TeamCheckInDay's; INCLUDE key_results on PostgreSQL, 0016).
        indexes = [
            models.Index(fields=["cycle", "hour", "team"], name="teamcheckinhour_idx"),
            models.Index(fields=["cycle", "team", "hour"], name="teamcheckinhour_team_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.team_id} {self.hour:%Y-%m-%d %H}h: {self.key_results}"


class TeamCheckInMinute(_PerTeam):
    """TeamCheckInHour by the minute (UTC; `minute` its first instant), read for the one hour
    7 days ago: its minutes after the moment's, so that only the moment's minute of key
    results is read live. The moment's hour read live was O(the organization's key results
    last checked in in that hour) or O(the team's objectives), whichever the planner drove
    from: 28,662 buffers for a 2,000-person department at 100,000 people (issue 14, h14t).
    At most one row per key result (each is counted at its last check-in)."""

    minute = models.DateTimeField()
    key_results = models.IntegerField()

    class Meta:
        # As TeamCheckInHour's: the company page reads the cycle's minutes, a team page each
        # subtree team's (INCLUDE key_results on PostgreSQL, migration insights.0017).
        indexes = [
            models.Index(fields=["cycle", "minute", "team"], name="teamcheckinminute_idx"),
            models.Index(fields=["cycle", "team", "minute"], name="teamcheckinminute_team_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.team_id} {self.minute:%Y-%m-%d %H:%M}: {self.key_results}"


class TeamAdoption(models.Model):
    """Adoption's counts of people, written with PersonFreshness (insights.snapshots) from
    the same per-person figures, so that the adoption page's headline and team rows add up a
    few rows per team instead of reading every person of the scope (insights.adoption).

    Per `kind`: a team's direct members (`team`, the team table's rows), the people of a team
    and its sub-teams counted once each (`subtree`, a lead's headline), or the organization's
    active members (`organization`, `team` empty, an admin's headline); and per `days`: how
    many whole days (rounded up) before `written_at` the people counted last checked in on
    their OKRs, 367 for longer than adoption.MAX_DAYS, empty for never or for people with no
    OKRs. "Checked in within N days" of the snapshot's time is then the rows with days ≤ N:
    exact for any N, where a count kept for 7 days would serve one filter."""

    class Kind(models.TextChoices):
        TEAM = "team"
        SUBTREE = "subtree"
        ORGANIZATION = "organization"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    people = models.PositiveIntegerField()
    with_okrs = models.PositiveIntegerField()
    ungraded = models.PositiveIntegerField()
    written_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["cycle", "kind", "team", "days"], name="teamadoption_read_idx")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.kind}/{self.team_id} {self.days}: {self.people}"
