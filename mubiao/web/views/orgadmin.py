"""Settings (admins only): the organization, its cycles, its team tree and its people."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mubiao.accounts import services as people
from mubiao.okrs import quality, selectors, services
from mubiao.okrs.models import Cycle
from mubiao.okrs.wording import sentences
from mubiao.orgs import departures
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Membership, Team
from mubiao.orgs.selectors import team_paths_of, team_q
from mubiao.web import forms, params, stale
from mubiao.web.views.base import (
    add_service_errors,
    admin_required,
    found,
    page,
    paginate,
    with_query,
)

# Teams on a page of Settings → Teams.
TEAMS_SHOWN = 100


def _settings_page(request, template, context, status=200):
    return page(request, template, context, status=status)


@admin_required
def organization(request):
    actor = request.membership
    org = actor.organization
    initial = {"name": org.name, "weights": org.weights_enabled, "time_zone": org.time_zone,
               "language": org.language}  # fmt: skip

    def make(data=None):
        return forms.OrganizationForm(data, initial=initial)

    form, conflict = make(request.POST or None), False
    stale.track(form, None)
    if request.method == "POST" and form.is_valid():
        form, conflict = stale.check(form, initial, make)
    if request.method == "POST" and form.is_valid() and not conflict:
        try:
            fields = {k: v for k, v in form.cleaned_data.items() if k != stale.VERSION}
            organizations.update_organization(actor, org, **fields)
            return redirect(reverse("settings"))
        except ValidationError as error:
            add_service_errors(form, error)
    return _settings_page(
        request,
        "web/settings/organization.html",
        {"form": form, "tab": "org", "conflict": conflict},
        status=409 if conflict else 200,
    )


@admin_required
def lint_settings(request):
    """OKR quality: how strict the linter is for everyone in the organization."""
    actor = request.membership
    org = actor.organization
    form = forms.LintSettingsForm(request.POST or None, config=quality.lint_config(org))
    if request.method == "POST" and form.is_valid():
        try:
            organizations.update_lint_settings(actor, org, **form.settings())
            messages.success(request, _("OKR quality settings saved."))
            return redirect(reverse("settings_quality"))
        except ValidationError as error:
            add_service_errors(form, error)
    return _settings_page(
        request,
        "web/settings/quality.html",
        {"form": form, "tab": "quality"},
        status=400 if form.errors else 200,
    )


def year_message(cycles: services.YearCycles) -> str:
    """What the year form did: the cycles it created and the existing ones it put inside the
    year, or that nothing changed (a year or a part that exists already is reused, not created
    again)."""
    said = []
    if cycles.created:
        said.append(_("Created %(cycles)s.") % {
            "cycles": _(", ").join(cycle.shown_name for cycle in cycles.created)
        })  # fmt: skip
    if cycles.attached:
        said.append(_("Put %(cycles)s inside %(year)s.") % {
            "cycles": _(", ").join(cycle.shown_name for cycle in cycles.attached),
            "year": cycles[0].name,
        })  # fmt: skip
    if said:
        return sentences(said)
    if len(cycles) > 1:
        return _("Nothing changed: %(name)s and the cycles chosen inside it exist already.") % {
            "name": cycles[0].name
        }
    return _(
        "Nothing changed: %(name)s exists already. Tick the halves, quarters, two-month cycles "
        "or months to add inside it."
    ) % {"name": cycles[0].name}


@admin_required
def cycles(request):
    """The cycles, one new cycle, and a year with its parts in one step (the year form's fields
    are prefixed `year-`)."""
    actor = request.membership
    posted = request.POST if request.method == "POST" else None
    year_posted = posted is not None and "year-year" in posted
    form = forms.CycleForm(None if year_posted else posted)
    year_form = forms.YearForm(posted if year_posted else None, prefix="year")
    if posted is not None and not year_posted and form.is_valid():
        try:
            services.create_cycle(actor, **form.cleaned_data)
            return redirect(reverse("settings_cycles"))
        except ValidationError as error:
            add_service_errors(form, error)
    if year_posted and year_form.is_valid():
        try:
            cycles = services.create_year(actor, **year_form.cleaned_data)
            messages.success(request, year_message(cycles))
            return redirect(reverse("settings_cycles"))
        except ValidationError as error:
            add_service_errors(year_form, error)
    listed = paginate(
        request,
        selectors.cycles(actor)
        .annotate(n=Count("objectives"))
        .order_by("-start_date", "kind", "name"),
    )
    for cycle in listed:
        cycle.next_states = [
            (state, Cycle.State(state).label)
            for state in sorted(services.CYCLE_TRANSITIONS.get(cycle.state, ()))
        ]
    return _settings_page(
        request,
        "web/settings/cycles.html",
        {"form": form, "year_form": year_form, "cycles": listed, "tab": "cycles"},
        status=400 if form.errors or year_form.errors else 200,
    )


@admin_required
def next_cycle(request, pk):
    """Prepare the next cycle: copy chosen unfinished objectives of this one forward."""
    actor = request.membership
    source = found(selectors.get_cycle, actor, pk)
    form = forms.NextCycleForm(request.POST or None, actor=actor, source=source)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["cycle"]
        try:
            carried = services.prepare_next_cycle(actor, form.cleaned_data["objectives"], target)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, carried.message(target))
            return redirect(with_query(reverse("home"), cycle=target.pk))
    return _settings_page(
        request,
        "web/settings/next_cycle.html",
        {"form": form, "source": source, "tab": "cycles"},
        status=400 if form.errors else 200,
    )


@admin_required
@require_POST
def cycle_state(request, pk):
    actor = request.membership
    cycle = found(selectors.get_cycle, actor, pk)
    try:
        services.set_cycle_state(actor, cycle, request.POST.get("state", ""))
    except ValidationError as error:
        return _settings_page(
            request,
            "web/message.html",
            {"title": _("That did not work"), "messages_list": error.messages},
            status=400,
        )
    return redirect(reverse("settings_cycles"))


@admin_required
def teams(request):
    actor = request.membership
    form = forms.TeamForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            organizations.save_team(actor, **form.cleaned_data)
            return redirect(reverse("settings_teams"))
        except ValidationError as error:
            add_service_errors(form, error)
    # Pages of the organization's teams by name (each named by its whole path, so the tree
    # reads from the names), filtered by a part of the name: a page costs the same queries and
    # reads the same rows with 20 teams or 20,000 (h14t; the list stopped at 2,000 before).
    query = params.text(request, "q")
    listed = selectors.teams(actor)
    if query:
        listed = listed.filter(team_q(query))
    shown = paginate(
        request,
        listed.annotate(n=Count("team_members")).order_by("name", "id").values("pk", "name", "n"),
        per_page=TEAMS_SHOWN,
        counted=listed,
    )
    paths = team_paths_of([row["pk"] for row in shown])
    for row in shown:
        row["path"] = paths.get(row["pk"], row["name"])
    return _settings_page(
        request,
        "web/settings/teams.html",
        {"form": form, "teams": shown, "q": query, "tab": "teams"},
        status=400 if form.errors else 200,
    )


@admin_required
def team_edit(request, pk):
    actor = request.membership
    team = found(selectors.teams(actor).get, pk=pk)
    leads = Membership.objects.filter(
        team_memberships__team=team, team_memberships__is_lead=True
    ).select_related("user")
    initial = {
        "name": team.name,
        "parent": team.parent_id or "",
        "leads": ", ".join(m.user.email for m in leads),
    }

    def make(data=None):
        return forms.TeamForm(data, actor=actor, initial=initial)

    form, conflict = make(request.POST or None), False
    stale.track(form, None)
    if request.method == "POST" and form.is_valid():
        form, conflict = stale.check(form, initial, make)
    if request.method == "POST" and form.is_valid() and not conflict:
        try:
            fields = {k: v for k, v in form.cleaned_data.items() if k != stale.VERSION}
            organizations.save_team(actor, team, **fields)
            return redirect(reverse("settings_teams"))
        except ValidationError as error:
            add_service_errors(form, error)
    return _settings_page(
        request,
        "web/settings/team_edit.html",
        {"form": form, "team": team, "tab": "teams", "conflict": conflict},
        status=409 if conflict else 200,
    )


@admin_required
def members(request):
    """The organization's people, pending invitations with their link, and the invite form."""
    actor = request.membership
    form = forms.InviteForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            member = people.invite_member(actor, **form.cleaned_data, request=request)
            return _after_sending(request, member.invitation, "?invited=1")
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
    query = params.text(request, "q")
    listed = (
        Membership.objects.filter(organization_id=actor.organization_id)
        .select_related("user", "manager__user", "manager__invitation", "invitation")
        .order_by("-is_active", "user__name", "user__email")
    )
    if query:
        listed = listed.filter(selectors.person_q(actor, query))
    listed = paginate(request, listed, 50)
    for member in listed:
        invitation = getattr(member, "invitation", None)
        # A deactivated person's invitation is theirs no more (accounts.services.
        # resend_invitation): the row says "Deactivated", never offers to send or copy it.
        member.open_invitation = (
            invitation
            if member.is_active and invitation is not None and invitation.accepted_at is None
            else None
        )
        if member.open_invitation and invitation.state == invitation.State.PENDING:
            # The copied link: pasted into chats, it can join a signed-in invitee or e-mail
            # the invited address, never choose a password (accounts.services.invitation_url).
            member.invitation_link = people.invitation_url(invitation, request)
    return _settings_page(
        request,
        "web/settings/people.html",
        {
            "form": form,
            "people": listed,
            "q": query,
            "invited": params.text(request, "invited", max_length=254),
            "resent": params.text(request, "resent", max_length=254),
            "tab": "people",
        },
        status=400 if form.errors else 200,
    )


def _invitee(request, pk) -> Membership:
    return found(
        Membership.objects.filter(organization_id=request.membership.organization_id)
        .select_related("user", "organization")
        .get,
        pk=pk,
    )


@admin_required
@require_POST
def invitation_resend(request, pk):
    try:
        invitation = people.resend_invitation(
            request.membership, _invitee(request, pk), request=request
        )
    except (ValidationError, PermissionDenied) as error:
        return _invitation_problem(request, error)
    return _after_sending(request, invitation, "?resent=1")


def _after_sending(request, invitation, query: str):
    """Back to the people page, saying "sent" only when the mail server took the e-mail."""
    if invitation.mail_state in ("sent", ""):
        return redirect(reverse("settings_people") + query)
    messages.error(
        request,
        (
            _(
                "The invitation is saved, but the mail server did not take its e-mail "
                "(%(error)s). It will be tried again; you can also copy the link from the list."
            )
            if invitation.mail_due_at
            else _(
                "The invitation is saved, but the mail server refused its e-mail (%(error)s) "
                "and will not take it if tried again. Check the address or copy the link from "
                "the list."
            )
        )
        % {"error": invitation.mail_error},
    )
    return redirect(reverse("settings_people"))


@admin_required
@require_POST
def invitations_resend_unsent(request):
    count = people.resend_unsent_invitations(request.membership, request=request)
    messages.success(
        request,
        ngettext(
            "%(count)s unsent invitation will be e-mailed again.",
            "%(count)s unsent invitations will be e-mailed again.",
            count,
        )
        % {"count": count}
        if count
        else _("Every open invitation's e-mail has been sent."),
    )
    return redirect(reverse("settings_people"))


@admin_required
@require_POST
def invitation_revoke(request, pk):
    try:
        people.revoke_invitation(request.membership, _invitee(request, pk))
    except (ValidationError, PermissionDenied) as error:
        return _invitation_problem(request, error)
    return redirect(reverse("settings_people"))


def _invitation_problem(request, error):
    messages_list = error.messages if isinstance(error, ValidationError) else [str(error)]
    return _settings_page(
        request,
        "web/message.html",
        {"title": _("That did not work"), "messages_list": messages_list},
        status=400,
    )


@admin_required
def member_edit(request, pk):
    actor = request.membership
    member = found(
        Membership.objects.filter(organization_id=actor.organization_id)
        .select_related("user", "manager__user")
        .get,
        pk=pk,
    )
    initial = {
        "role": member.role,
        "title": member.title,
        "manager": member.manager.user.email if member.manager else "",
        "teams": list(member.team_memberships.values_list("team_id", flat=True)),
        "is_active": member.is_active,
    }
    # Two admins (or an admin and an import or directory sync) editing one person: the later
    # save is refused as stale instead of overwriting the other's change.
    version = stale.digest(initial)

    def make(data=None):
        return forms.MemberEditForm(data, actor=actor, initial=initial)

    form, conflict = make(request.POST or None), False
    stale.track(form, version)
    departure = None
    if request.method == "POST" and form.is_valid():
        form, conflict = stale.check(form, initial, make, version)
    if request.method == "POST" and form.is_valid() and not conflict:
        try:
            fields = {k: v for k, v in form.cleaned_data.items() if k != stale.VERSION}
            leaving = member.is_active and not fields["is_active"]
            if leaving and request.POST.get("confirm") != "1":
                # What deactivating does, from the real thing rolled back, before it is done
                # (as the people import's and directory sync's previews).
                preview = organizations.update_member(
                    actor, Membership.objects.get(pk=member.pk), dry_run=True, **fields
                )
                departure = [departures.effect_text(*effect) for effect in preview.departure]
            else:
                organizations.update_member(actor, member, **fields)
                return redirect(reverse("settings_people"))
        except ValidationError as error:
            add_service_errors(form, error)
        except (PermissionDenied, Team.DoesNotExist, Membership.DoesNotExist):
            raise Http404 from None
    return _settings_page(
        request,
        "web/settings/member_edit.html",
        {
            "form": form,
            "member": member,
            "tab": "people",
            "conflict": conflict,
            "departure": departure,
        },
        status=409 if conflict else 200,
    )
