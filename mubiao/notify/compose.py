"""What each notification says, in its reader's language: notify.messages.Message values built
from rows the caller already filtered for that reader (notify.selectors, notify.services)."""

from dataclasses import dataclass, field, replace

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.notify import links
from mubiao.notify import messages as kinds
from mubiao.notify.messages import Action, Line, Link, Message
from mubiao.okrs import display
from mubiao.okrs.models import KeyResult, Status


@dataclass
class Event:
    """Something that happened, for notify.services.notify. `objective` is what the event
    reveals: recipients who may not see it are dropped, and chat groups hear of it only when
    it is public."""

    kind: str
    organization_id: int
    actor: object = None  # Membership or None (the system)
    recipients: list = field(default_factory=list)  # Membership
    objective: object = None
    key_result: object = None
    comment: object = None
    cycle: object = None
    data: dict = field(default_factory=dict)


def language_of(member=None, organization=None) -> str:
    """The one answer to "in which language" for everything notify sends (e-mails, the vendors'
    chat messages, webhooks, the bell's e-mailed twin, the one-tap pages): the recipient
    `member`'s own language when they chose one, else the organization's (a chat group or
    webhook has no person: pass the organization alone). The organization's is its creator's
    choice (orgs.services.create_organization), else the install's default. Pass the
    organization when it is at hand: one read for many people."""
    if member is not None and member.user.language:
        return member.user.language
    return (organization or member.organization).language


def page_url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _percent(value) -> str:
    return display.percent_text(value)


def event_message(event: Event, language: str, recipient_name: str = "") -> Message:
    with translation.override(language):
        who = event.actor.user.display_name if event.actor else "Mubiao"
        title, lines = _event_text(event, who)
        if event.kind == kinds.INVITATION and not recipient_name:
            # To a chat group or webhook: who was invited, not "you".
            title = _("%(who)s invited %(person)s to Mubiao") % {
                "who": who,
                "person": event.data.get("person", ""),
            }
        if event.kind == kinds.ALIGNED_CHECKIN and not recipient_name:
            # To a group: not "your objective", and not the parent's title (it may be private).
            title = _("%(who)s checked in on “%(kr)s” (%(objective)s)") % {
                "who": who,
                "kr": event.key_result.title,
                "objective": event.objective.title,
            }
        open_link = [Link(_("Open Mubiao"), target_url(event))]
        if event.kind == kinds.NOT_UPDATED and "member" in event.data:
            open_link.insert(
                0, Link(_("Check in all of mine"), links.check_in_url(event.data["member"]))
            )
        presses = chat_actions([event.key_result]) if event.key_result else []
        objective = event.objective or (event.key_result.objective if event.key_result else None)
        named = [objective.pk] if objective else []
        comment = event.comment
        ids = {
            "objective_id": objective.pk if objective else None,
            "key_result_id": event.key_result.pk
            if event.key_result
            else getattr(comment, "key_result_id", None),
            "comment_id": comment.pk if comment else None,
            "actor_id": event.actor.pk if event.actor else None,
        }
        lines = [
            replace(line, objective_id=ids["objective_id"], key_result_id=ids["key_result_id"],
                    comment_id=ids["comment_id"]) if objective else line
            for line in lines
        ]  # fmt: skip
        return Message(
            event.kind, language, title, lines, open_link, recipient_name, presses, named, ids
        )


def target_url(event: Event) -> str:
    """Where "Open Mubiao" under a message leads: the thing it is about (the comment on its
    page, the key result, the objective, the report), else the page for what it asks (grading,
    the channels), else the home page."""
    if event.comment is not None:
        comment = event.comment
        # A comment on a check-in names neither: it sits under the event's key result or
        # objective.
        kr_id = comment.key_result_id or (event.key_result.pk if event.key_result else None)
        objective_id = comment.objective_id or (event.objective.pk if event.objective else None)
        page = page_url("key_result", kr_id) if kr_id else page_url("objective", objective_id)
        return f"{page}#comment-{comment.pk}"
    if event.key_result is not None:
        return page_url("key_result", event.key_result.pk)
    if event.objective is not None:
        return page_url("objective", event.objective.pk)
    if event.kind == kinds.WEEKLY_REPORT:
        return page_url("report", event.data["report"])
    if event.kind == kinds.GRADING_OPEN:
        return page_url("grading")
    if event.kind == kinds.CHANNEL_PAUSED:
        return page_url("notify_channels")
    if event.kind == kinds.SYNC_FAILED:
        return page_url("settings_directory")
    return page_url("home")


def _event_text(event: Event, who: str) -> tuple[str, list[Line]]:
    objective, kr = event.objective, event.key_result
    k = event.kind
    if k in (kinds.MENTION, kinds.COMMENT):
        title = (
            _("%(who)s mentioned you on “%(title)s”")
            if k == kinds.MENTION
            else _("%(who)s commented on “%(title)s”")
        ) % {"who": who, "title": objective.title}
        return title, [Line(Truncator(event.comment.body).chars(300), target_url(event))]
    if k == kinds.ALIGNED_CHECKIN:
        title = _("%(who)s checked in on “%(kr)s”, aligned to your objective “%(title)s”") % {
            "who": who,
            "kr": kr.title,
            "title": event.data["parent_title"],
        }
        return title, [Line(_progress_line(kr), page_url("key_result", kr.pk), kr.status)]
    if k == kinds.PACE_WORSE:
        title = _("“%(kr)s” is now %(status)s") % {
            "kr": kr.title,
            # The status it fell to (a bell row is read later, when it may have moved again).
            "status": Status(event.data.get("status") or kr.status).label,
        }
        return title, [Line(_progress_line(kr), page_url("key_result", kr.pk), kr.status)]
    if k == kinds.SYNC_FAILED and event.data.get("directory"):
        from mubiao.directory.vendors import Note

        title = (
            _("The directory sync was held: it would deactivate too many people")
            if event.data.get("held")
            else _("The directory sync failed")
        )
        # The reason in the reader's language (kept as a message id, like the sync log).
        reason = str(Note.from_json(event.data.get("note") or {}))
        return title, [Line(reason, page_url("settings_directory"))]
    if k == kinds.SYNC_FAILED:
        title = _("The data sync of “%(kr)s” failed") % {"kr": kr.title}
        return title, [Line(event.data.get("error", ""), page_url("key_result", kr.pk))]
    if k == kinds.CYCLE_STARTED:
        return _("The cycle %(cycle)s has started") % {"cycle": event.cycle.shown_name}, []
    if k == kinds.GRADING_OPEN:
        return _("Grading is open for %(cycle)s") % {"cycle": event.cycle.shown_name}, []
    if k == kinds.CYCLE_CLOSING:
        days = event.data["days"]
        return ngettext(
            "The cycle %(cycle)s closes in %(days)s day",
            "The cycle %(cycle)s closes in %(days)s days",
            days,
        ) % {"cycle": event.cycle.shown_name, "days": days}, []
    if k == kinds.NOT_UPDATED:
        # How long the person has really been silent (the threshold only decides when to say
        # it); rows written before it was recorded fall back to the threshold.
        days = event.data.get("silent_days", event.data["days"])
        title = ngettext(
            "You have not checked in for %(days)s day",
            "You have not checked in for %(days)s days",
            days,
        ) % {"days": days}
        member = event.data.get("member")
        return title, [
            Line(title_, links.check_in_url(member, pk) if member else "")
            for pk, title_ in event.data.get("key_results", [])
        ]
    if k == kinds.CHANNEL_PAUSED:
        title = _("The channel %(name)s failed for a day and was paused") % {
            "name": event.data["channel"]
        }
        return title, [Line(_("Check its address and secret, then resume it under Settings → "
                              "Channels."), page_url("notify_channels"))]  # fmt: skip
    if k == kinds.INVITATION:
        return _("%(who)s invited you to Mubiao") % {"who": who}, []
    if k == kinds.WEEKLY_REPORT:
        # Only the report's title (a name and dates): its page is read with the reader's rights.
        title = _("%(who)s shared a weekly report: %(title)s") % {
            "who": who,
            "title": event.data["title"],
        }
        return title, [Line(_("Open the report"), page_url("report", event.data["report"]))]
    if k == kinds.REMINDER:
        # In the bell the reminder is its count and one link to check in on all of them: the
        # one-tap page lists them, with the reader's rights when it is opened.
        title = _reminder_title(event.data["count"])
        return title, [Line(_("Check in all of mine"), links.check_in_url(event.data["member"]))]
    if k in (kinds.TEAM_DIGEST, kinds.COMPANY_DIGEST):
        # Its numbers only (written when it was sent); the pages hold the rest.
        title = _("Weekly digest: %(scope)s") % {"scope": event.data["scope"]}
        week = _week(event.data["checked_in"], event.data["key_results"], event.data["progress"])
        return title, [Line(week, page_url("home"))]
    return _("A test message from Mubiao: this channel works."), []


def bell_entry(row) -> Message:
    """A bell row (notify.models.Notification, its related rows joined by
    notify.selectors.notifications) in the current language: its title, the line under it
    and where it leads. No query."""
    event = Event(
        row.kind,
        row.organization_id,
        actor=row.actor,
        objective=row.objective,
        key_result=row.key_result,
        comment=row.comment,
        cycle=row.cycle,
        data=row.data or {},
    )
    who = row.actor.user.display_name if row.actor else "Mubiao"
    title, lines = _event_text(event, who)
    return Message(row.kind, translation.get_language() or settings.LANGUAGE_CODE, title, lines)


# At most this many +1 / done buttons under one chat card.
CHAT_ACTIONS_PER_MESSAGE = 5
NUMERIC_METRICS = (
    KeyResult.MetricType.NUMBER,
    KeyResult.MetricType.PERCENT,
    KeyResult.MetricType.CURRENCY,
)


def chat_actions(key_results) -> list[Action]:
    """The buttons a chat card offers (notify.services.chat_press): +1 on a number, percentage
    or currency key result, done on a done / not-done one; milestones and key results fed by
    their aligned objectives are checked in on Mubiao's page. Whoever presses is checked
    against their own rights then, so a button promises nothing."""
    actions, seen = [], set()
    for kr in key_results:
        # One button per key result (Slack refuses two with the same action_id).
        if kr.pk in seen or kr.progress_source == KeyResult.ProgressSource.CHILDREN:
            continue
        seen.add(kr.pk)
        page = {
            "url": page_url("key_result", kr.pk),
            "open_label": _("Open: %(kr)s") % {"kr": kr.title},
        }
        if kr.metric_type in NUMERIC_METRICS:
            actions.append(
                Action(_("+1: %(kr)s") % {"kr": kr.title}, kinds.PLUS_ONE, kr.pk, **page)
            )
        elif kr.metric_type == KeyResult.MetricType.BOOLEAN:
            actions.append(Action(_("Done: %(kr)s") % {"kr": kr.title}, kinds.DONE, kr.pk, **page))
            actions.append(
                Action(_("Not done: %(kr)s") % {"kr": kr.title}, kinds.NOT_DONE, kr.pk, **page)
            )
    return actions[:CHAT_ACTIONS_PER_MESSAGE]


def kr_state(kr) -> str:
    """Where a key result stands, as every message says it: done or not for a done/not-done
    key result (as the one-tap page says it; "0%" would read as a number to reach), else its
    progress as a percentage."""
    if kr.metric_type == KeyResult.MetricType.BOOLEAN:
        return _("done") if kr.current_value else _("not done yet")
    return _percent(kr.progress)


def _progress_line(kr) -> str:
    return _("%(kr)s: %(progress)s") % {"kr": kr.title, "progress": kr_state(kr)}


def reminder(member, key_results) -> Message:
    """The weekly check-in reminder: the member's key results needing an update, each with a
    one-tap link, and one link for all of them."""
    language = language_of(member)
    with translation.override(language):
        title = _reminder_title(len(key_results))
        lines = [
            Line(
                _("%(kr)s (%(objective)s): %(progress)s")
                % {
                    "kr": kr.title,
                    "objective": kr.objective.title,
                    "progress": kr_state(kr),
                },
                links.check_in_url(member.pk, kr.pk),
                kr.status,
                kr.objective_id,
                kr.pk,
            )
            for kr in key_results
        ]
        buttons = [Link(_("Check in all of mine"), links.check_in_url(member.pk))]
        named = sorted({kr.objective_id for kr in key_results})
        return Message(
            kinds.REMINDER, language, title, lines, buttons, member.user.display_name, [], named
        )


def digest_page(team_slugs=()) -> str:
    """Where a digest's "Open Mubiao" and its "and N more" lead: the page that shows what it
    counts, the team's dashboard (a team's digest, or its lead's of one team), the teams (a
    lead of several), else the company's (the company digest)."""
    if len(team_slugs) == 1:
        return page_url("team", team_slugs[0])
    return page_url("teams") if team_slugs else page_url("company")


def _week(checked_in: int, key_results: int, progress) -> str:
    """A digest's first line: the week's check-ins, key results and average progress."""
    checkins = ngettext("%(count)s check-in", "%(count)s check-ins", checked_in) % {
        "count": checked_in
    }
    krs = ngettext("%(count)s key result", "%(count)s key results", key_results) % {
        "count": key_results
    }
    return _("This week: %(checkins)s on %(krs)s, %(progress)s on average") % {
        "checkins": checkins,
        "krs": krs,
        "progress": _percent(progress),
    }


def _reminder_title(count: int) -> str:
    return ngettext(
        "Time to check in: %(count)s key result needs an update",
        "Time to check in: %(count)s key results need an update",
        count,
    ) % {"count": count}


def digest(
    kind: str, reader, scope_name: str, data, *, team_slugs=(), group: bool = False
) -> Message:
    """A weekly team or company digest (notify.selectors.digest) for its reader, or for a
    team's chat `group`: then in the organization's language and without the reader's
    one-tap link, which would let anyone in the group check in as the reader. `team_slugs`:
    the teams of a team digest. Its lists stop at their first rows and say how many more
    there are, linking the page with all of them (digest_page)."""
    full_url = digest_page(team_slugs)
    language = language_of(organization=reader.organization) if group else language_of(reader)
    with translation.override(language):
        title = _("Weekly digest: %(scope)s") % {"scope": scope_name}
        lines = [Line(_week(data.checked_in, data.key_results, data.average_progress))]
        for kr in data.behind:
            why = Status(kr.status).label
            if kr.forecast is not None:
                why += " · " + _("forecast %(progress)s") % {"progress": _percent(kr.forecast)}
            if kr.last_note:
                why += " · " + Truncator(kr.last_note).chars(120)
            lines.append(
                _key_result_line(
                    kr,
                    _("Behind: %(kr)s (%(who)s): %(why)s")
                    % {"kr": kr.title, "who": _owner_name(kr), "why": why},
                )
            )
        if (rest := data.behind_total - len(data.behind)) > 0:
            more = ngettext(
                "…and %(count)s more key result behind",
                "…and %(count)s more key results behind",
                rest,
            )
            lines.append(_more_line(more, rest, full_url))
        for person, count in data.not_updated:
            lines.append(
                Line(
                    ngettext(
                        "Not updated: %(who)s (%(count)s key result)",
                        "Not updated: %(who)s (%(count)s key results)",
                        count,
                    )
                    % {"who": person.user.display_name, "count": count}
                )
            )
        if (rest := data.not_updated_total - len(data.not_updated)) > 0:
            more = ngettext(
                "…and %(count)s more person not updated",
                "…and %(count)s more people not updated",
                rest,
            )
            lines.append(_more_line(more, rest, full_url))
        for kr, delta in data.movers:
            lines.append(
                _key_result_line(
                    kr,
                    _("Moved: %(kr)s %(delta)s")
                    % {"kr": kr.title, "delta": ("+" if delta > 0 else "−") + _percent(abs(delta))},
                )
            )
        buttons = [Link(_("Open Mubiao"), digest_page(team_slugs))]
        shown = data.behind + [kr for kr, _delta in data.movers]
        named = sorted({kr.objective_id for kr in shown})
        if group:
            return Message(kind, language, title, lines, buttons, "", chat_actions(shown), named)
        buttons.insert(0, Link(_("Check in all of mine"), links.check_in_url(reader.pk)))
        return Message(kind, language, title, lines, buttons, reader.user.display_name, [], named)


def _key_result_line(kr, text: str) -> Line:
    """A digest line about one key result: linked to its page, marked with its status, and
    naming its objective and itself for machines (the webhook body)."""
    return Line(text, page_url("key_result", kr.pk), kr.status, kr.objective_id, kr.pk)


def _more_line(more: str, rest: int, url: str) -> Line:
    """The "…and N more" line under a list cut short (`more`: its ngettext text for `rest`),
    linking the page with the whole list."""
    return Line(more % {"count": display.number(rest)}, url)


def _owner_name(kr) -> str:
    person = kr.owner or kr.objective.owner_member
    return person.user.display_name if person else "—"
