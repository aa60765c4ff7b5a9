"""Every write of weekly reports, each in one transaction with its activity-log entry:
generate a draft, edit it, share it (which freezes it and tells its audience through notify)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mubiao.notify import inapp
from mubiao.notify import messages as kinds
from mubiao.notify import services as notify
from mubiao.notify.compose import Event, language_of
from mubiao.notify.models import Channel
from mubiao.okrs import limits
from mubiao.okrs import rules as okr_rules
from mubiao.okrs.services._common import _check_version, day_range_problem, log, stored_values
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team
from mubiao.orgs.rules import today_for
from mubiao.reports import compose, rules, selectors
from mubiao.reports.models import MAX_BODY, WeeklyReport
from mubiao.transactions import write_transaction


def _week_problem(day, today: date) -> str | None:
    if not isinstance(day, date) or isinstance(day, datetime):
        return _("Give a day of the week as YYYY-MM-DD.")
    if problem := day_range_problem(day):
        return problem
    if rules.week_of(day)[0] > today:
        return _("The week of %(day)s has not started yet.") % {"day": day.isoformat()}
    return None


@write_transaction
def generate(
    actor: Membership,
    *,
    team: Team | None = None,
    day: date | None = None,
    language: str | None = None,
):
    """The draft for the week holding `day` (default: this week, in the organization's time
    zone), new or the one already written (_reopen): the actor's own report, or `team`'s (a
    lead's subtree; admins any team). Written from what the report's readers may all see
    (reports.selectors), in `language` (pages and the API: the request's; default: the
    actor's own)."""
    organization = actor.organization
    today = today_for(organization)
    if team is not None:
        permissions.same_organization(actor, team)
        if not selectors.may_report_on_team(actor, team):
            # The team exists and the actor may see it: say why, never "does not exist".
            raise PermissionDenied(_("Only the team's lead (or an admin) can write its report."))
    if problem := _week_problem(day or today, today):
        raise ValidationError({"week": [problem]})
    monday, next_monday = rules.week_of(day or today)
    zone = ZoneInfo(organization.time_zone)
    start, end = (datetime.combine(d, time.min, tzinfo=zone) for d in (monday, next_monday))
    source, restricted = selectors.source_q(
        organization.pk, start, end, author=actor, person=None if team else actor, team=team
    )
    key_results, entries = selectors.week_check_ins(organization.pk, source, start, end)
    by_kr: dict[int, list] = {}
    for entry in entries:
        by_kr.setdefault(entry.key_result_id, []).append(
            rules.Entry(
                at=entry.created_at,
                day=entry.created_at.astimezone(zone).date(),
                value=entry.value,
                progress=entry.progress,
                confidence=entry.confidence,
                note=entry.note,
                next_step=entry.next_step,
                is_blocker=entry.is_blocker,
                status_override=entry.status_override,
            )
        )
    weeks = []
    ordered = sorted(
        key_results.values(),
        key=lambda kr: (kr.objective.position, kr.objective_id, kr.position, kr.pk),
    )
    for kr in ordered:
        checked = kr.before_value is not None
        before = rules.Before(
            value=kr.before_value if checked else kr.start_value,
            progress=kr.before_progress if checked else 0,
            confidence=kr.before_confidence,
            checked_in=checked,
        )
        start, due = kr.objective.cycle.start_date, kr.effective_due_date
        weeks.append(
            (
                kr,
                rules.week(
                    before, by_kr[kr.pk], start=start, due=due, monday=monday,
                    created=kr.created_at.astimezone(zone).date(),
                    done_or_not=kr.metric_type in okr_rules.DONE_OR_NOT_TYPES,
                ),
            )
        )  # fmt: skip
    whose = {"author": actor, "person": None if team else actor, "team": team}
    report = WeeklyReport(organization=organization, week_start=monday, **whose)
    # Generated in every language of the site: each reader reads the generated lines in theirs.
    bodies = {code: compose.markdown(report, weeks, code) for code, _name in settings.LANGUAGES}
    chosen = translation.get_supported_language_variant(language or language_of(actor))
    body = bodies.get(chosen) or bodies[settings.LANGUAGE_CODE]
    generated = {"bodies": bodies, "restricted": restricted}
    draft = (
        WeeklyReport.objects.select_for_update()
        .filter(week_start=monday, state=WeeklyReport.State.DRAFT, **whose)
        .first()
    )
    if draft is not None:
        return _reopen(actor, draft, body, generated)
    report.body, report.generated = body, generated
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Generated at the same moment by another request: the one draft is that one.
        draft = WeeklyReport.objects.select_for_update().get(
            week_start=monday, state=WeeklyReport.State.DRAFT, **whose
        )
        return _reopen(actor, draft, body, generated)
    report.reopened = False
    log(actor, "report.generated", report, week=monday.isoformat(), key_results=len(weeks))
    return report


def _reopen(actor: Membership, draft: WeeklyReport, body: str, generated: dict) -> WeeklyReport:
    """The week's draft asked for again (one draft per week, reports.models): brought up to
    date with the week's check-ins while its author has not edited it, else opened as it is
    (their text is never overwritten). `reopened` tells the caller it is not new."""
    if draft.version == 1 and (draft.body != body or draft.generated != generated):
        draft.body, draft.generated = body, generated
        draft.updated_at = timezone.now()
        draft.save(update_fields=["body", "generated", "updated_at"])
        log(actor, "report.regenerated", draft)
    draft.reopened = True
    return draft


def _own_draft(actor: Membership, report: WeeklyReport) -> WeeklyReport:
    """The report locked for a write by its author, while it is a draft."""
    permissions.same_organization(actor, report)
    locked = WeeklyReport.objects.select_for_update().get(pk=report.pk)
    permissions.require(locked.author_id == actor.pk)
    if not locked.is_draft:
        raise ValidationError(
            {"body": [_("This report was shared and can no longer be changed; write a new one.")]}
        )
    return locked


@write_transaction
def edit(actor: Membership, report: WeeklyReport, *, body, version: int | str | None = None):
    """The author's own text for a draft (Markdown), over the `version` it was loaded from
    (required on every route: a whole text replaced from a stale copy would be lost silently,
    issue 12)."""
    locked = _own_draft(actor, report)
    if version is None:
        raise ValidationError({"version": [_("Say which version of the report you edited.")]})
    _check_version(locked, version)
    if not isinstance(body, str):
        raise ValidationError({"body": [_("Write the report as text.")]})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": [limits.too_long(MAX_BODY, len(body))]})
    if not body.strip():
        raise ValidationError({"body": [_("The report is empty.")]})
    before = stored_values(locked)
    locked.body = body.replace("\r\n", "\n").replace("\x00", "")
    if stored_values(locked) == before:
        return locked  # a save that changes nothing writes nothing
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save(update_fields=["body", "version", "updated_at"])
    log(actor, "report.edited", locked)
    return locked


@write_transaction
def share(actor: Membership, report: WeeklyReport, *, version: int | str | None = None):
    """Freeze the draft and tell its audience (a person's manager; a team's members and the
    team's chat groups) in the bell and by e-mail, as each chose for weekly reports."""
    locked = _own_draft(actor, report)
    _check_version(locked, version)
    locked.state = WeeklyReport.State.SHARED
    locked.shared_at = locked.updated_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["state", "shared_at", "updated_at", "version"])
    log(actor, "report.shared", locked)
    _deliver(actor, locked)
    return locked


def _deliver(actor: Membership, report: WeeklyReport) -> None:
    event = Event(kinds.WEEKLY_REPORT, report.organization_id, actor=actor,
                  data={"report": report.pk, "title": compose.title(report)})  # fmt: skip
    bell, emails = notify.by_channel(event, {m.pk: m for m in selectors.audience(report)})
    inapp.add(event, bell, None)
    groups = []
    if report.team_id is not None:
        groups = list(Channel.objects.filter(team_id=report.team_id, paused_at__isnull=True))

    for member in emails:
        text = compose.message(report, language_of(member), member.user.display_name)
        notify.queue_email(member, text)
    group_language = language_of(organization=report.organization)
    for channel in groups:
        notify.queue_for_channel(channel, compose.message(report, group_language, open_to_all=True))
    if emails or groups:
        transaction.on_commit(notify.wake_worker)
