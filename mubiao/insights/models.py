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
    # The headline's key-result figures when the row was written (`written_at`): the team and
    # company pages read today's row instead of aggregating the cycle per request.
    key_results = models.PositiveIntegerField(default=0)
    confidence = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    fresh = models.PositiveIntegerField(default=0)
    stale = models.PositiveIntegerField(default=0)
    never = models.PositiveIntegerField(default=0)
    confidence_this_week = models.DecimalField(
        max_digits=6, decimal_places=4, null=True, blank=True
    )
    confidence_last_week = models.DecimalField(
        max_digits=6, decimal_places=4, null=True, blank=True
    )
    written_at = models.DateTimeField(null=True, blank=True)
    # How many objectives in each band of progress (insights.rules.DISTRIBUTION_BANDS),
    # lowest first: the dashboards' histogram.
    distribution = models.JSONField(default=list, blank=True)

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
