"""What every page shares: the signed-in member, the chosen cycle, the shell, pagination.

Views stay thin: they read through okrs.selectors and write through the services. Anything
hidden by visibility, or belonging to another organization, answers 404.
"""

import functools
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from mubiao.notify import selectors as notify_selectors
from mubiao.okrs import selectors
from mubiao.okrs.models import Cycle
from mubiao.okrs.rules import nearby_cycles
from mubiao.orgs import permissions
from mubiao.orgs.middleware import SSO_SESSION_KEY
from mubiao.orgs.rules import today_for
from mubiao.sso.selectors import barred_door
from mubiao.web import params
from mubiao.web.forms import NewOrganizationForm

CYCLE_SESSION_KEY = "mubiao_cycle"
PAGE_SIZE = 20


def member_required(view):
    """Signed in and a member of an organization; otherwise the sign-in page or a short
    explanation."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.membership:
            return no_organization(request)
        return view(request, *args, **kwargs)

    return wrapper


def no_organization(request, form=None, *, status: int = 403):
    """For a signed-in person in no organization: ask for an invitation, or create one where
    allowed (views.onboarding); a person whose organization now requires its single sign-on
    (their password session no longer enters it) is told so, with its sign-in."""
    barred = None if request.session.get(SSO_SESSION_KEY) else barred_door(request.user)
    if barred is not None:
        membership, door = barred
        return render(
            request,
            "web/no_organization.html",
            {
                "barred": membership.organization,
                "door": reverse(door, args=[membership.organization.slug]),
            },
            status=status,
        )
    if form is None and permissions.can_create_organization(request.user):
        form = NewOrganizationForm()
    return render(request, "web/no_organization.html", {"form": form}, status=status)


def admin_required(view):
    @member_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_manage_organization(request.membership):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def found(read, *args, **kwargs):
    """Call a selector; anything it cannot find (other org, hidden, bad id) becomes a 404."""
    try:
        return read(*args, **kwargs)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def chosen_cycle(request) -> Cycle | None:
    """?cycle= when given (and remembered for the next pages; a cycle the reader may not see is
    refused, web.params), else the remembered one, else the current cycle. Found among the
    organization's cycles read once per request (organization_cycles), which the top bar's
    switcher lists too: one query for both."""
    actor = request.membership
    given = params.integer(request, "cycle")
    if given is not None:
        cycle = _cycle_among(request, given)
        if cycle is None:
            params.refuse_missing("cycle", given)
        # Written only when it changes: the alignment map's parallel fetches all send ?cycle=,
        # and each rewrite of the session row was one more concurrent writer (on SQLite a save
        # that fails ends the request in Django's 400, SessionInterrupted).
        if request.session.get(CYCLE_SESSION_KEY) != cycle.pk:
            request.session[CYCLE_SESSION_KEY] = cycle.pk
        return cycle
    # The remembered cycle may have been deleted since: then the current one, as without it.
    wanted = request.session.get(CYCLE_SESSION_KEY)
    cycle = None
    if wanted:
        try:
            cycle = _cycle_among(request, int(wanted))
        except (TypeError, ValueError):
            cycle = None
    return cycle or selectors.current_cycle(actor)


def organization_cycles(request) -> list[Cycle]:
    """Every cycle of the member's organization, in the cycles' order, read once per request
    (chosen_cycle and the switcher both need them; organizations have a few dozen)."""
    actor = request.membership
    cached = getattr(request, "_mubiao_cycles", None)
    if cached is None or cached[0] != actor.organization_id:
        cached = (actor.organization_id, list(selectors.cycles(actor)))
        request._mubiao_cycles = cached
    return cached[1]


def _cycle_among(request, pk: int) -> Cycle | None:
    return next((cycle for cycle in organization_cycles(request) if cycle.pk == pk), None)


def shell(request, cycle: Cycle | None = None) -> dict:
    """The top bar and the rail: organization, cycles, unread count, admin link."""
    actor = request.membership
    return {
        "membership": actor,
        "organization": actor.organization,
        "cycle": cycle,
        # A page about no cycle (settings, people, search) still shows the switcher: it marks
        # the chosen or current cycle, else the browser shows its first option as if chosen.
        **_switcher(request, cycle if cycle is not None else chosen_cycle(request)),
        # Only notifications about objectives the person can still see (a count of hidden rows
        # would hint at them).
        "unread_count": notify_selectors.unread_count(actor),
        "is_admin": permissions.can_manage_organization(actor),
    }


def _switcher(request, cycle: Cycle | None) -> dict:
    """The top bar's cycles: the running and nearby ones first, the others under "More
    cycles" (okrs.rules.nearby_cycles), from the request's one read of them."""
    every = organization_cycles(request)
    near, others = nearby_cycles(
        every,
        today_for(request.membership.organization),
        cycle.pk if cycle is not None else None,
    )
    return {
        "all_cycles": every,
        "near_cycles": near,
        "other_cycles": others,
        "switcher_cycle": cycle,
    }


def page(request, template: str, context: dict, *, cycle=None, status: int = 200):
    return render(request, template, {**shell(request, cycle), **context}, status=status)


# A list counts at most this many pages past the one asked for.
LOOKAHEAD_PAGES = 10


class BoundedPaginator(Paginator):
    """Django's Paginator without a COUNT(*) over the whole list: it counts the rows up to
    LOOKAHEAD_PAGES past the page asked for (stopping there, in no order), so a list of
    300,000 visible objectives costs what one of 300 does. `num_pages_label` reads "13+" when
    the counting stopped early. `count`, when the caller has counted the list already (the
    adoption page's lists, from its totals), is taken as it is: no query."""

    def __init__(
        self, object_list, per_page, wanted: int = 1, count: int | None = None, counted=None
    ):
        super().__init__(object_list, per_page)
        self.wanted = wanted
        # The same rows as a plainer queryset (no joins or annotations) to count, when given.
        self.counted = counted
        if count is not None:
            self.__dict__["count"] = count
            self.more = False

    @cached_property
    def count(self) -> int:
        # A page number near 2**63 takes the bound past what a database integer holds (SQLite:
        # "datatype mismatch"); no list has that many rows, so the bound stops there.
        limit = min((self.wanted + LOOKAHEAD_PAGES) * self.per_page + 1, params.MAX_ID)
        rows = self.object_list if self.counted is None else self.counted
        # Only the ids: the count needs no annotation (a parent's visibility flags, a share).
        counted = (
            rows.order_by().values("pk")[:limit].count() if hasattr(rows, "order_by") else len(rows)
        )
        self.more = counted >= limit
        return min(counted, limit - 1)

    @property
    def num_pages_label(self) -> str:
        return f"{self.num_pages}+" if self.num_pages and self.more else str(self.num_pages)


def rows_by_ids(rows):
    """A slice of a list read as the rows whose ids the slice picks: the LIMIT on the list's own
    table alone, the joins (owner, cycle, parent and its visibility) on those rows only. With
    its LIMIT over every join, PostgreSQL spent 12-20 ms planning each list of My OKRs, for
    0.5 ms of running it (issue 14). Other sequences, and slices of a union or a DISTINCT list,
    are returned as they are."""
    if not isinstance(rows, QuerySet) or not rows.query.is_sliced:
        return rows
    if rows.query.combinator or rows.query.distinct:
        return rows
    whole = rows.all()
    whole.query.clear_limits()
    return whole.filter(pk__in=rows.values("pk"))


def respond_in(language: str, respond):
    """The response of `respond()` in `language`, page and header alike: for the pages a signed
    link opens (a one-tap check-in, a chat account's link, an invitation), written for the
    person the link names rather than for whoever's browser opens it. LocaleMiddleware would
    set Content-Language to the browser's once the override has ended: set here first."""
    with translation.override(language):
        response = respond()
    response["Content-Language"] = language
    return response


def paginate(
    request,
    items,
    per_page: int = PAGE_SIZE,
    param: str = "page",
    count: int | None = None,
    counted=None,
):
    """One page of `items` (a queryset or a list; `count`: its length when already known;
    `counted`: the same rows as a plainer queryset, counted instead); page 1 when `param` is
    absent, a page past the last one refused (web.params), never silently the last page
    instead."""
    number = params.integer(request, param) or 1
    paginator = BoundedPaginator(items, per_page, number, count, counted)
    # An empty list still has its page 1 (allow_empty_first_page).
    if number > paginator.num_pages:
        raise params.Refused(
            _("%(field)s: there is no page %(value)s (the last is page %(last)s).")
            % {"field": param, "value": number, "last": paginator.num_pages_label},
            param,
        )
    return paginator.page(number)


def page_window(request, per_page: int = PAGE_SIZE, param: str = "page") -> tuple[int, int]:
    """(offset, limit) of the page paginate() will show: for a read that needs to know it
    before (a page of rows taken off an index, insights.selectors.people's `page`)."""
    number = min(params.integer(request, param) or 1, params.MAX_ID // per_page)
    return (number - 1) * per_page, per_page


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def fragment_of(page_url):
    """For a view answering htmx with a piece of a page: its URL opened as a page (reloaded
    after a refused form was shown at it, bookmarked, opened in a new tab) goes to the page
    the piece belongs to, `page_url(pk)` (its anchor included), instead of showing it bare."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            if request.method == "GET" and not is_htmx(request):
                return redirect(page_url(pk))
            return view(request, pk, *args, **kwargs)

        return wrapped

    return decorate


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")  # a path: redirect() reads anything else as a view name
        and target.isprintable()
        and url_has_allowed_host_and_scheme(target, {request.get_host()})
    ):
        return target
    return default


def with_query(url: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def add_service_errors(form, error: ValidationError, aliases: dict | None = None) -> None:
    """Show a service's ValidationError on the form: each message beside its field when the
    form has it (under an alias where the names differ), else at the top."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        name = aliases.get(field, field)
        form.add_error(name if name in form.fields else None, messages)
