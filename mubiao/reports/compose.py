"""A weekly report's generated text (Markdown, in the author's language) and the message that
shares it through notify's channels. Values are written by the one formatter of values with
their units (web.templatetags.okr_ui.format_value over okrs.display)."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mubiao.notify import messages as kinds
from mubiao.notify.messages import Line, Link, Message
from mubiao.okrs import display
from mubiao.okrs.models import KeyResult, Status
from mubiao.reports import rules
from mubiao.web.templatetags.okr_ui import format_value, pct


def title(report) -> str:
    """The same in every language: the team's or person's name and the week's dates."""
    name = report.team.name if report.team_id else report.person.user.display_name
    end = report.week_start + timedelta(days=6)
    return f"{name} · {report.week_start.isoformat()} – {end.isoformat()}"


def _one_line(text: str) -> str:
    """A note or plan as one Markdown list item (line breaks would end the item)."""
    return " ".join(text.split())


def _amount(kr: KeyResult, moved) -> str:
    """How much a value moved: a percentage moves by percentage points (60% → 68% is +8 pp, not
    +8%, which would read as a relative change)."""
    percent = (KeyResult.MetricType.PERCENT, KeyResult.MetricType.MILESTONE)
    if kr.metric_type in percent or (kr.unit or "").strip() in ("%", "％"):
        return ngettext("%(number)s pp", "%(number)s pp", _count(moved)) % {
            "number": display.number(moved)
        }
    return format_value(kr, moved)


def _count(number) -> int:
    """The count a plural form is chosen by: a whole number as it is, any other as many."""
    return int(number) if number == int(number) else 2


def _change(kr: KeyResult, week: rules.Week) -> str:
    before, after = format_value(kr, week.value_before), format_value(kr, week.value_after)
    text = f"{before} → {after}"
    moved = week.value_after - week.value_before
    if kr.metric_type != KeyResult.MetricType.BOOLEAN and moved:
        text += _(" (%(changes)s)") % {
            "changes": f"{'+' if moved > 0 else '−'}{_amount(kr, abs(moved))}"
        }
    return (
        text
        + " · "
        + _("progress %(before)s → %(after)s")
        % {
            "before": pct(week.progress_before),
            "after": pct(week.progress_after),
        }
    )


def _problem(code: str, params: dict) -> str:
    if code == rules.STATUS_WORSE:
        return _("status got worse: %(before)s → %(after)s") % {
            "before": Status(params["before"]).label,
            "after": Status(params["after"]).label,
        }
    if code == rules.CONFIDENCE_DROPPED:
        return _("confidence dropped: %(before)s → %(after)s") % params
    if params["note"]:
        return _("blocker: %(note)s") % {"note": _one_line(params["note"])}
    return _("marked as blocked")


def markdown(report, weeks: list[tuple[KeyResult, rules.Week]], language: str) -> str:
    """The generated draft: progress made, plans, problems and risks, each key result under its
    objective's title, in `language`."""
    with translation.override(language):
        heading = _("Weekly report: %(title)s") % {"title": title(report)}
        progress, unchanged, plans, problems = [], [], [], []
        for kr, week in weeks:
            name = f"**{_one_line(kr.title)}** · {_one_line(kr.objective.title)}"
            notes = [f"  - {_one_line(note)}" for note in week.notes]
            if week.value_after == week.value_before:
                # Checked in at the same value: no progress made (issue 12: "81% → 81%").
                unchanged.append((name, format_value(kr, week.value_after), notes))
            else:
                progress.append(f"- {name}: {_change(kr, week)}")
                progress.extend(notes)
            plans.extend(f"- {name}: {_one_line(plan)}" for plan in week.plans)
            problems.extend(f"- {name}: {_problem(code, p)}" for code, p in week.problems)
        for name, value, notes in unchanged:
            progress.append("- " + _("No change: %(name)s, still %(value)s")
                            % {"name": name, "value": value})  # fmt: skip
            progress.extend(notes)
        # Translated outside the f-strings, where makemessages finds them.
        sections = (pgettext("report section", "Progress"), _("Plans"), _("Problems and risks"))
        none, no_check_ins = _("None this week."), _("No check-ins this week.")
        return "\n".join(
            [
                f"# {heading}",
                "",
                f"## {sections[0]}",
                *(progress or [f"- {no_check_ins}"]),
                "",
                f"## {sections[1]}",
                *(plans or [f"- {none}"]),
                "",
                f"## {sections[2]}",
                *(problems or [f"- {none}"]),
                "",
            ]
        )


def localized(report, language: str) -> str:
    """The report's text for a reader of `language` (issue 12): each line that is a generated
    one (a heading, a sentence written from the check-ins, in whichever language it was
    generated) in the reader's language; every line the author typed or changed as typed."""
    bodies = (report.generated or {}).get("bodies") or {}
    code = translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    if code not in bodies:
        return report.body
    target = bodies[code].split("\n")
    index: dict[str, int] = {}
    for text in bodies.values():
        lines = text.split("\n")
        if len(lines) != len(target):
            return report.body  # not generated from the same week: nothing to match
        for i, line in enumerate(lines):
            if line.strip():
                index.setdefault(line, i)
    return "\n".join(
        target[index[line]] if line in index else line for line in report.body.split("\n")
    )


def message(report, language: str, recipient_name: str = "", *, open_to_all: bool = False):
    """The shared report as a notification: its text line by line, and a link to its page.
    `open_to_all`: for readers not known (a chat group): a report holding an objective that is
    not open to all is sent as its title and link only."""
    with translation.override(language):
        heading = _("Weekly report: %(title)s") % {"title": title(report)}
        lines = []
        restricted = open_to_all and (report.generated or {}).get("restricted", True)
        for raw in [] if restricted else localized(report, language).splitlines():
            text = raw.strip().lstrip("#").strip().removeprefix("- ").strip()
            if text and text != heading:
                lines.append(Line(text))
        url = settings.SITE_URL + reverse("report", args=[report.pk])
        return Message(
            kinds.WEEKLY_REPORT, language, heading, lines, [Link(_("Open the report"), url)],
            recipient_name,
        )  # fmt: skip
