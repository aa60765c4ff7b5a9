"""The weekly report (周报): a person's or a team's week, generated from its check-ins as
Markdown, edited as a draft and frozen when shared (issue 12 §6)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mubiao.orgs.models import Membership, Organization, Team

# A report's text, generated or edited: a week of a large team stays well under this.
MAX_BODY = 50_000


class WeeklyReport(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SHARED = "shared", _("Shared")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    # Exactly one of: the person whose week it is (their own report), or the team's.
    person = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The Monday the week starts on, in the organization's time zone.
    week_start = models.DateField(_("week"))
    body = models.TextField(_("text"), blank=True)
    # What was generated, in every language of the site ({"bodies": {language: Markdown},
    # "restricted": whether an objective not open to all is in it}): a line of `body` that is
    # one of the generated lines is shown in the reader's language (reports.compose.localized);
    # what the author typed stays as typed.
    generated = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["-week_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, team__isnull=True)
                | Q(person__isnull=True, team__isnull=False),
                name="weeklyreport_person_or_team",
            ),
            # One draft per week and whose week it is, for its author (a draft is private to
            # its author, so co-leads of a team each keep theirs): asking again opens it
            # (reports.services.generate). Shared reports stay, any number.
            models.UniqueConstraint(
                fields=["author", "team", "week_start"],
                condition=Q(state="draft", team__isnull=False),
                name="weeklyreport_one_team_draft_a_week",
            ),
            models.UniqueConstraint(
                fields=["person", "week_start"],
                condition=Q(state="draft", person__isnull=False),
                name="weeklyreport_one_own_draft_a_week",
            ),
        ]
        indexes = [
            # The list: a reader's own drafts, and the shared reports of people and teams.
            models.Index(fields=["author", "week_start"]),
            models.Index(fields=["person", "state", "week_start"]),
            models.Index(fields=["team", "state", "week_start"]),
            models.Index(fields=["organization", "state", "week_start"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_id or self.team_id} {self.week_start}"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT
