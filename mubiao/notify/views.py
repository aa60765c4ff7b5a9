"""Thin views of notify: the one-tap check-in page, a person's notification preferences and
the admins' channels page."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from mubiao.notify import forms, links, rules, selectors, services
from mubiao.okrs import selectors as okr_selectors
from mubiao.orgs.models import Membership
from mubiao.web.views.base import add_service_errors, admin_required, found, member_required, page

FIELDS = ("value", "confidence", "note", "next_step", "is_blocker")


@never_cache
def check_in_link(request, token):
    """A reminder's one-tap link: no sign-in, the signed link names the person; what they may
    check in on is read again now, with their own rights."""
    try:
        member_id, key_result_id = links.read(token)
    except signing.SignatureExpired:
        return _refused(request, _("This link has expired. Open your latest reminder."))
    except signing.BadSignature:
        return _refused(request, _("This link is not valid."), status=404)
    member = (
        Membership.objects.select_related("user", "organization")
        .filter(pk=member_id, is_active=True, user__is_active=True)
        .first()
    )
    if member is None:
        return _refused(request, _("This link no longer works."))
    # Their own language when they chose one, else the browser's (LocaleMiddleware).
    with translation.override(member.user.language or translation.get_language()):
        key_results = selectors.key_result_for_link(member, key_result_id)
        errors, saved = {}, False
        if request.method == "POST":
            entries = [
                (
                    kr,
                    request.POST.get(f"value-{kr.pk}", "").strip(),
                    request.POST.get(f"confidence-{kr.pk}", "").strip(),
                    request.POST.get(f"note-{kr.pk}", "").strip()[:10_000],
                    request.POST.get(f"next_step-{kr.pk}", "").strip()[:10_000],
                    bool(request.POST.get(f"is_blocker-{kr.pk}")),
                )
                for kr in key_results
            ]
            entries = [e for e in entries if e[1]]
            if not entries:
                errors["form"] = [_("Enter a new value for at least one key result.")]
            else:
                try:
                    services.check_in_from_link(member, entries)
                    saved = True
                    # Show the values just saved.
                    key_results = selectors.key_result_for_link(member, key_result_id)
                except ValidationError as error:
                    errors = error.message_dict
                except PermissionDenied:
                    return _refused(request, _("You may no longer check in on this."))
        response = render(
            request,
            "notify/check_in.html",
            {
                "member": member,
                # Each key result with its errors and, after a refusal, what was typed.
                "key_results": [
                    (
                        kr,
                        {f: errors.get(f"{f}-{kr.pk}", []) for f in FIELDS},
                        {f: request.POST.get(f"{f}-{kr.pk}", "") if errors else "" for f in FIELDS},
                    )
                    for kr in key_results
                ],
                "errors": errors.get("form", []),
                "saved": saved,
            },
            status=400 if errors else 200,
        )
    return response


def _refused(request, text, status=410):
    return render(request, "notify/link_refused.html", {"text": text}, status=status)


@member_required
def preferences(request):
    actor = request.membership
    preference = services.preference_of(actor)
    initial = {
        "reminders": preference.reminders,
        "digests": preference.digests,
        "reminder_weekday": preference.reminder_weekday,
        "reminder_hour": preference.reminder_hour,
        "time_zone": preference.time_zone,
    } | {
        f"channels_{k}": rules.channels_for(preference.channels, k) for k in rules.DEFAULT_CHANNELS
    }
    form = forms.PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_preferences(
                actor,
                channels=form.channels(),
                reminders=data["reminders"],
                digests=data["digests"],
                weekday=data["reminder_weekday"],
                hour=data["reminder_hour"],
                time_zone=data["time_zone"],
            )
            messages.success(request, _("Notification preferences saved."))
            return redirect(reverse("notify_preferences"))
        except ValidationError as error:
            add_service_errors(form, error)
    return page(request, "notify/preferences.html", {"form": form, "nav": "notifications"})


@admin_required
def channels(request):
    actor = request.membership
    teams = okr_selectors.teams(actor).order_by("name")[:500]
    action = request.POST.get("action")
    form = forms.ChannelForm(request.POST if action == "add" else None, teams=teams)
    threshold = forms.ThresholdForm(
        request.POST if action == "threshold" else None,
        initial={"not_updated_days": rules.not_updated_days(actor.organization.settings)},
    )
    if action == "add" and form.is_valid():
        data = form.cleaned_data
        team = found(okr_selectors.teams(actor).get, pk=data["team"]) if data["team"] else None
        try:
            services.add_channel(actor, **{**data, "team": team})
            messages.success(request, _("Channel added."))
            return redirect(reverse("notify_channels"))
        except ValidationError as error:
            add_service_errors(form, error)
    if action == "threshold" and threshold.is_valid():
        services.set_not_updated_days(actor, threshold.cleaned_data["not_updated_days"])
        messages.success(request, _("Saved."))
        return redirect(reverse("notify_channels"))
    return page(
        request,
        "notify/channels.html",
        {
            "form": form,
            "threshold": threshold,
            "channels": selectors.channels(actor),
            "deliveries": selectors.deliveries(actor)[:50],
            "nav": "settings",
            "tab": "channels",
        },
    )


@admin_required
def channel_action(request, pk):
    actor = request.membership
    if request.method == "POST":
        channel = found(selectors.channels(actor).get, pk=pk)
        action = request.POST.get("action")
        if action == "test":
            delivery = services.test_channel(actor, channel)
            if delivery.status == delivery.Status.SENT:
                messages.success(request, _("Test message sent."))
            else:
                messages.error(
                    request,
                    _("The test message failed: %(error)s") % {"error": delivery.error_label},
                )
        elif action in ("pause", "resume"):
            services.set_channel_paused(actor, channel, action == "pause")
        elif action == "delete":
            services.delete_channel(actor, channel)
    return redirect(reverse("notify_channels"))
