"""Small presentation helpers shared by every template: progress, status, values, dates.

Numbers come from okrs.rules so that pages, the API and exports agree. Widths are expressed as
classes (`p-45`) because the Content-Security-Policy forbids style attributes.
"""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mubiao.okrs import display, rules, selectors, wording
from mubiao.okrs.models import KeyResult, Status
from mubiao.orgs.rules import today_for
from mubiao.web import once
from mubiao.web.forms import SEVERITY_LABELS

register = template.Library()

# Colour-blind safe: every status has a shape as well as a colour.
STATUS_ICONS = {
    Status.ON_TRACK: "●",
    Status.AT_RISK: "▲",
    Status.OFF_TRACK: "■",
    Status.NOT_STARTED: "○",
    Status.DONE: "✓",
}


@register.filter
def pct(progress) -> str:
    """Raw progress as a whole percentage (okrs.display.percent: never 100% short of done)."""
    if progress is None:
        return "–"
    return display.percent_text(progress)


@register.filter
def bar_value(progress) -> Decimal:
    """A progress bar's value (aria-valuenow), 0–100: the percentage shown beside it
    (display.percent), so 999 of 1000 is 99.9 there as in the text, never 100 short of done."""
    if progress is None:
        return Decimal(0)
    return display.percent(rules.clamp(Decimal(progress)))


@register.filter
def pclass(progress) -> int:
    """bar_value as a whole number for the `p-N` width classes: cut, not rounded up (99.9 is
    p-99; a full bar says done)."""
    return int(bar_value(progress))


def _today(context) -> date:
    """The organization's today (orgs.rules.today_for), once per request."""
    request = context.get("request")
    if getattr(request, "mubiao_today", None) is None:
        request.mubiao_today = today_for(request.membership.organization)
    return request.mubiao_today


@register.simple_tag(takes_context=True)
def expected_pct(context, key_result, cycle) -> int:
    """Where a key result should be today (the pace tick), as a whole percentage."""
    due = key_result.due_date or cycle.end_date
    expected = rules.expected_progress(cycle.start_date, due, _today(context))
    return int(rules.rounded(expected * 100))


@register.simple_tag(takes_context=True)
def cycle_expected_pct(context, cycle) -> int:
    expected = rules.expected_progress(cycle.start_date, cycle.end_date, _today(context))
    return int(rules.rounded(expected * 100))


@register.simple_tag
def status_chip(status) -> str:
    """A status as a chip: its shape and its label, built here rather than by a template
    rendered per key result (My OKRs shows one per row, issue 14)."""
    return format_html(
        '<span class="chip chip--{}"><span aria-hidden="true">{}</span> {}</span>\n',
        status,
        STATUS_ICONS.get(status, "○"),
        Status(status).label if status in Status.values else status,
    )


# name -> the parts of its path around an id, per script prefix and URL configuration.
_PATHS: dict = {}
_SENTINEL = "987654321987654321"


@register.simple_tag
def path_to(name: str, pk) -> str:
    """`{% url name pk %}` for a route taking one integer id, the same path, reversed once per
    process: a page of 20 objectives wrote ~200 links per request, each a walk of the resolver
    (issue 14)."""
    key = (name, get_script_prefix(), get_urlconf())
    parts = _PATHS.get(key)
    if parts is None:
        parts = _PATHS[key] = reverse(name, args=[_SENTINEL]).split(_SENTINEL)
    return str(int(pk)).join(parts)


@register.filter
def number(value, places=None) -> str:
    """A number as people write it (`12,000`, `4.5`); `|number:1` keeps at most one decimal."""
    if places is not None and value is not None:
        value = rules.rounded(Decimal(value), Decimal(1).scaleb(-int(places)))
    return display.number(value)


@register.filter
def kr_value(key_result, which: str = "current") -> str:
    """A key result's current (or target/start) value with its unit, as people read it."""
    return format_value(key_result, getattr(key_result, f"{which}_value"))


@register.filter
def hidden_initial(bound_field) -> str:
    """The value a field was loaded with, for a field whose inputs a template writes by hand
    (web.stale: a stale save compares it with the stored one)."""
    if not getattr(bound_field.field, "show_hidden_initial", False):
        return ""
    return bound_field.as_hidden(only_initial=True)


@register.filter
def value_of(key_result, value) -> str:
    """Another value of this key result (a check-in's) as people read it: `Done`, `4.5 h`."""
    return format_value(key_result, value)


def format_value(kr: KeyResult, value) -> str:
    """A value of this key result with its unit (okrs.display.kr_value): `60%`, `¥1,200`,
    `450,000 元`, `35 tickets`, `Done`."""
    return display.kr_value(value, kr.metric_type, kr.unit)


@register.filter
def in_unit(value, key_result: KeyResult) -> str:
    """A computed value of this key result (a forecast) as its own values read: its unit, and
    as many decimals as its start, target and current values have (at most 2): `65 customers`,
    `61.5%`, `¥1,250`."""
    if value is None:
        return "–"
    places = max(
        (
            max(0, -Decimal(v).normalize().as_tuple().exponent)
            for v in (key_result.start_value, key_result.target_value, key_result.current_value)
            if v is not None
        ),
        default=0,
    )
    return format_value(
        key_result, rules.rounded(Decimal(value), Decimal(1).scaleb(-min(places, 2)))
    )


@register.filter
def day(value) -> str:
    """A date as people write it: 2026年3月31日 / Mar 31, 2026."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, date):
        return str(value)
    # Translators: PHP-style date format (Django's `date` filter) for a day, e.g. Mar 31, 2026.
    return format_date(value, pgettext("date format", "M j, Y"))


@register.filter
def moment(value) -> str:
    """A moment as a key result's history writes it: its day (`day`) and local time, `Mar 31,
    2026 14:05` / `2026年3月31日 14:05`; every message naming a check-in's moment uses it, so
    one moment reads one way on a page."""
    if not isinstance(value, datetime):
        return day(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{day(local)} {local:%H:%M}"


# (seconds in the unit, how to say a count of it); the largest unit that fits is the one said.
_AGO_UNITS = (
    (365 * 86400, lambda n: ngettext("%(count)d year ago", "%(count)d years ago", n)),
    (30 * 86400, lambda n: ngettext("%(count)d month ago", "%(count)d months ago", n)),
    (7 * 86400, lambda n: ngettext("%(count)d week ago", "%(count)d weeks ago", n)),
    (86400, lambda n: ngettext("%(count)d day ago", "%(count)d days ago", n)),
    (3600, lambda n: ngettext("%(count)d hour ago", "%(count)d hours ago", n)),
    (60, lambda n: ngettext("%(count)d minute ago", "%(count)d minutes ago", n)),
)


@register.filter
def ago(value, now=None) -> str:
    """How long ago a moment was, in one unit as people say it: `just now` (under a minute, or a
    moment a clock skew put in the future), `5 minutes ago`, `3 days ago` (never Django's
    timesince's "3 days, 2 hours" or "0 minutes")."""
    if not value:
        return ""
    seconds = ((now or timezone.now()) - value).total_seconds()
    for size, say in _AGO_UNITS:
        if seconds >= size:
            count = int(seconds // size)
            return say(count) % {"count": count}
    return _("just now")


@register.filter
def score_band(score) -> str:
    return "none" if score is None else rules.score_band(Decimal(score))


@register.filter
def score(value) -> str:
    return "–" if value is None else f"{rules.rounded(Decimal(value), rules.Q1):.1f}"


@register.filter
def score_average(value) -> str:
    """An average of scores: two decimals (a single score has one; okrs.rules.score_mean)."""
    return "–" if value is None else f"{rules.rounded(Decimal(value), rules.Q2):.2f}"


@register.filter
def severity_label(severity: str) -> str:
    """A linter finding's severity in the page's language."""
    return SEVERITY_LABELS.get(severity, severity)


@register.simple_tag
def optional_url(name: str, fallback: str) -> str:
    """A URL from an app that may not be installed yet (e.g. the template library)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current query string with some parameters changed (filters and pagination)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def initials(member) -> str:
    return member.user.initials if member else "?"


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page") -> str:
    """A link to another page of a list, keeping the filters (param names the list's page)."""
    return query(context, **{param or "page": number})


@register.filter
def checkable(key_result, membership) -> bool:
    """May this member check in on this key result here and now? (Views set
    `objective.can_edit` for the whole page in one query.)"""
    objective = key_result.objective
    return (
        objective.cycle.state != "closed"
        and objective.state != "archived"
        and key_result.state == KeyResult.State.ACTIVE
        and key_result.progress_source == KeyResult.ProgressSource.MANUAL
        and (getattr(objective, "can_edit", False) or key_result.owner_id == membership.pk)
    )


@register.inclusion_tag("web/_aligned_to.html")
def aligned_to(objective):
    """What an objective is aligned to: the parent's title, link and progress when the reader
    may see it, else only "aligned to a private objective" (okrs.selectors.parent_is_hidden)."""
    return {"objective": objective, "hidden": selectors.parent_is_hidden(objective)}


@register.simple_tag
def sent_once() -> str:
    """A create form's one-time token (web.once): sending the form twice creates once."""
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, once.token())


@register.filter
def sentences(texts) -> str:
    """Messages (a field's errors) one after another as the language writes sentences: `。`
    followed by no space in Chinese."""
    return wording.sentences(texts)


@register.simple_tag
def sentence_gap() -> str:
    """Between a message and the next one written in another element (an error, then its
    hint): a space in English, none in Chinese."""
    return wording.sentence_gap()
