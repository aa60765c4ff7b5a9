"""Thin views of notify: the one-tap check-in page, a person's notification preferences and
the admins' channels page."""

import hmac
import json
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mubiao.id_sets import is_id
from mubiao.notify import compose, forms, links, rules, selectors, services
from mubiao.notify import messages as kinds
from mubiao.notify.models import Channel
from mubiao.notify.vendors import feishu, slack
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs import services as okr_services
from mubiao.okrs.services.scale import OFF_SCALE
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.orgs.selectors import team_choices
from mubiao.web.forms import CheckInForm, plain_decimal
from mubiao.web.views.base import (
    add_service_errors,
    admin_required,
    found,
    member_required,
    page,
    paginate,
    respond_in,
)
from mubiao.web.views.okrs import (
    checked_in_meanwhile,
    definition_of,
    loaded_before_a_check_in,
    redefined_meanwhile,
    redefined_message,
)

FIELDS = ("value", "confidence", "note", "next_step", "is_blocker")


@never_cache
def check_in_link(request, token):
    """A reminder's one-tap link: no sign-in, the signed link names the person; what they may
    check in on is read again now, with their own rights."""
    try:
        member_id, key_result_id = links.read(token)
    except signing.SignatureExpired:
        return _refused_link(
            request, token, gettext_lazy("This link has expired. Open your latest reminder.")
        )
    except signing.BadSignature:
        return _refused(request, _("This link is not valid."), status=404)
    member = (
        Membership.objects.select_related("user", "organization")
        .filter(pk=member_id, is_active=True, user__is_active=True)
        .first()
    )
    if member is None:
        return _refused_link(request, token, gettext_lazy("This link no longer works."))
    if request.user.is_authenticated and request.user.pk != member.user_id:
        # A link passed on to someone signed in as themselves: not theirs to use.
        text = _("This link is for %(name)s; you are signed in as someone else. Nothing was "
                 "changed.") % {"name": member.user.display_name}  # fmt: skip
        return _refused(request, text, status=403)
    return in_language_of(member, lambda: _check_in_page(request, member, key_result_id))


def _check_in_page(request, member, key_result_id):
    """The one-tap page: each key result's row is the KR page's check-in form (CheckInForm, its
    fields named `<field>-<kr id>`), following the same rules: a row loaded before someone
    else's check-in saves nothing and names who set what and when (409), a value far from
    the range is asked about and kept when sent again."""
    days = rules.not_updated_days(member.organization.settings or {})
    key_results = selectors.key_result_for_link(member, key_result_id, timezone.now(), days)
    errors, already, status = {}, False, 200
    forms_of = {kr.pk: _row_form(kr, request.POST if request.method == "POST" else None)
                for kr in key_results}  # fmt: skip
    if request.method == "POST":
        typed = [kr for kr in key_results if forms_of[kr.pk].data.get("value")]
        form_key = request.POST.get("form_key", "")
        if not typed:
            errors["form"] = [_("Enter a new value for at least one key result.")]
        elif not form_key:
            errors["form"] = [_("This form is out of date. Check the values and send it again.")]
        else:
            try:
                _check_in_rows(member, typed, forms_of, form_key)
                # Post/Redirect/Get: reloading the page that says "saved" sends nothing.
                return redirect(f"{request.path}?saved=1")
            except services.FormAlreadySent:
                already = True
            except okr_services.Conflict:
                # Read again: who checked in what meanwhile, beside each row it concerns.
                key_results = selectors.key_result_for_link(
                    member, key_result_id, timezone.now(), days
                )
                for kr in key_results:
                    form = forms_of.get(kr.pk)
                    if form is not None and form.is_valid() and loaded_before_a_check_in(form, kr):
                        forms_of[kr.pk] = checked_in_meanwhile(member, kr, form)
                        forms_of[kr.pk].is_valid()
                status = 409
            except ValidationError as error:
                errors = error.message_dict
                for kr in typed:
                    if any(e.code == OFF_SCALE for e in error.error_dict.get(f"value-{kr.pk}", ())):
                        forms_of[kr.pk].ask_to_confirm()
            except PermissionDenied:
                return _refused(request, _("You may no longer check in on this."))
    saved = request.method == "GET" and request.GET.get("saved") == "1"
    shown = bool(errors) or status == 409
    return render(
        request,
        "notify/check_in.html",
        {
            "member": member,
            # Each key result with its errors, after a refusal what was typed, and its form
            # (the version and value it was loaded with, a value asked about, theirs).
            "key_results": [
                (
                    kr,
                    {f: errors.get(f"{f}-{kr.pk}", []) for f in FIELDS},
                    {f: forms_of[kr.pk].data.get(f, "") if shown else "" for f in FIELDS},
                    forms_of[kr.pk],
                )
                for kr in key_results
                if kr.pk in forms_of
            ],
            "errors": errors.get("form", []),
            "saved": saved,
            "already": already,
            # A new one-time key for each rendered form (services.check_in_from_link).
            "form_key": secrets.token_urlsafe(24),
        },
        status=400 if errors else status,
    )


# A row's hidden fields, as the KR page's form names them.
ROW_FIELDS = (*FIELDS, "version", "initial-value", "confirmed_value", "definition")


def _row_form(kr, post) -> CheckInForm:
    """Key result `kr`'s row of the one-tap page as the KR page's check-in form: loaded with
    the current value, version and measure (no query: the page asks no confidence it would
    prefill), or bound to what the row sent (`<field>-<kr id>`)."""
    if post is None:
        return CheckInForm(
            initial={
                "value": plain_decimal(kr.current_value),
                "version": kr.version,
                "definition": definition_of(kr),
            }
        )
    data = {name: post.get(f"{name}-{kr.pk}", "").strip() for name in ROW_FIELDS}
    if not data["is_blocker"]:
        del data["is_blocker"]
    return CheckInForm(data)


def _check_in_rows(member, typed, forms_of, form_key) -> None:
    """Check in the rows with a value, all or none: a row's wrong field (ValidationError,
    `<field>-<kr id>`), a row loaded before someone else's check-in (okrs' Conflict), else
    services.check_in_from_link."""
    errors, entries = {}, []
    for kr in typed:
        form = forms_of[kr.pk]
        if not form.is_valid():
            errors.update({f"{name}-{kr.pk}": errs for name, errs in form.errors.as_data().items()})
            continue
        data = form.cleaned_data
        if loaded_before_a_check_in(form, kr):
            raise okr_services.Conflict(kr.version)
        if changed := redefined_meanwhile(form, kr):
            # As the KR page's form: said beside the value, which is kept; the row now carries
            # the measure as it is, so that sending it again records the value.
            errors[f"value-{kr.pk}"] = [redefined_message(changed)]
            form.data["definition"] = definition_of(kr)
            continue
        # The version read here: a check-in between this read and the lock is a conflict too;
        # a row sent without a version (an older page) records the value as before.
        version = kr.version if data["version"] is not None else None
        entries.append((kr, data["value"], data["confidence"], data["note"], data["next_step"],
                        data["is_blocker"], form.scale_confirmed(), version))  # fmt: skip
    if errors:
        raise ValidationError(errors)
    services.check_in_from_link(member, entries, form_key)


def in_language_of(member, respond):
    """The response of `respond()` in the language of the person a signed link names: their
    own when they chose one, else their organization's (compose.language_of), not the
    browser's."""
    return respond_in(compose.language_of(member), respond)


def _refused(request, text, status=410):
    return render(request, "notify/link_refused.html", {"text": text}, status=status)


def _refused_link(request, token, text):
    """A one-tap link refused (expired, its person deactivated), in the language of the person
    it names: theirs when they chose one, else their organization's (`text` is lazy: translated
    in that language)."""
    member = (
        Membership.objects.select_related("user", "organization")
        .filter(pk=links.person_of(token))
        .first()
    )
    if member is None:
        return _refused(request, text)
    return in_language_of(member, lambda: _refused(request, str(text)))


@member_required
def preferences(request):
    actor = request.membership
    if request.POST.get("action") == "unlink":
        account = request.POST.get("account", "")
        if is_id(account) and services.unlink_chat_account(actor, int(account)):
            messages.success(request, _("The chat account can no longer check in as you."))
        return redirect(reverse("notify_preferences"))
    preference = services.preference_of(actor)
    initial = {
        "reminders": preference.reminders,
        "digests": preference.digests,
        "reminder_weekday": preference.reminder_weekday,
        "reminder_hour": preference.reminder_hour,
        "time_zone": preference.time_zone,
    } | {f"channels_{k}": rules.channels_for(preference.channels, k) for k in kinds.PERSONAL_KINDS}
    form = forms.PreferenceForm(
        request.POST or None, initial=initial, admin=permissions.is_admin(actor)
    )
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
    return page(
        request,
        "notify/preferences.html",
        {
            "form": form,
            "chat_accounts": actor.chat_accounts.order_by("created_at", "id"),
        },
    )


@admin_required
def channels(request):
    actor = request.membership
    action = request.POST.get("action")
    sent = request.POST.get("team", "") if action == "add" else ""
    teams = team_choices(actor.organization_id, okr_selectors.teams(actor), keep=[sent])
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
            "deliveries": paginate(request, selectors.deliveries(actor)),
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
            services.test_channel(actor, channel)
            messages.success(
                request, _("Test message queued: its result appears in the delivery log.")
            )
        elif action in ("pause", "resume"):
            services.set_channel_paused(actor, channel, action == "pause")
        elif action == "delete":
            services.delete_channel(actor, channel)
    return redirect(reverse("notify_channels"))


def _chat_channel(pk: int, kind: str):
    """The channel a callback names and its decrypted configuration, or (None, None)."""
    channel = Channel.objects.filter(pk=pk, kind=kind, paused_at__isnull=True).first()
    config = services.channel_config(channel) if channel else None
    return (channel, config) if config else (None, None)


@csrf_exempt
@require_POST
def slack_press(request, pk):
    """Slack's interactivity Request URL of one Slack channel: a +1 / done pressed on its card.
    Only a request signed with the channel's Slack app Signing Secret within 5 minutes is
    read; the presser is answered where only they see it."""
    channel, config = _chat_channel(pk, Channel.Kind.SLACK)
    body = request.body
    if channel is None or not slack.verify_request(config.get("secret", ""), body, request.headers):
        return HttpResponse(status=401)
    try:
        payload = json.loads(parse_qs(body.decode()).get("payload", [""])[0])
    except ValueError:  # no payload, not JSON, not UTF-8
        return HttpResponse(status=400)
    press = slack.read_press(payload)
    if press is None:
        return HttpResponse()  # a link button or another interaction: nothing to do
    answer = services.chat_press(channel, press)
    if urlsplit(press.response_url).hostname in settings.NOTIFY_SLACK_RESPONSE_HOSTS:
        with httpx.Client(timeout=2) as client:
            slack.answer(client, press.response_url, answer.text)
    return HttpResponse()


@csrf_exempt
@require_POST
def feishu_press(request, pk):
    """The card callback address of one 飞书 channel's app: the address check (challenge) and
    +1 / done presses. Bodies must be encrypted with the app's Encrypt Key and carry its
    Verification Token; presses must also carry a fresh X-Lark-Signature."""
    channel, config = _chat_channel(pk, Channel.Kind.FEISHU)
    key, token = (config or {}).get("encrypt_key", ""), (config or {}).get("verification_token")
    try:
        outer = json.loads(request.body)
    except ValueError:
        return HttpResponse(status=400)
    data = feishu.decrypt(key, outer.get("encrypt")) if isinstance(outer, dict) else None
    if channel is None or data is None or not token:
        return HttpResponse(status=401)
    if data.get("type") == "url_verification":
        # Opening the body proves the Encrypt Key; answering changes nothing.
        if not hmac.compare_digest(str(data.get("token", "")), token):
            return HttpResponse(status=401)
        return JsonResponse({"challenge": data.get("challenge", "")})
    header = data.get("header") if isinstance(data.get("header"), dict) else {}
    if not (
        feishu.verify_callback(key, request.body, request.headers)
        and hmac.compare_digest(str(header.get("token", "")), token)
    ):
        return HttpResponse(status=401)
    press = feishu.read_press(data)
    if press is None:
        return JsonResponse({})
    answer = services.chat_press(channel, press)
    kind = "success" if answer.ok else "error"
    return JsonResponse({"toast": {"type": kind, "content": answer.text}})


@member_required
def chat_link(request, token):
    """'Link your Slack / 飞书 account': the signed link a chat card's answer gave someone
    whose chat account is not linked yet. Signed in to Mubiao, they confirm that this chat
    account is theirs; its presses then act as them. In their language (else their
    organization's), as the chat answer that gave them the link."""
    return in_language_of(request.membership, lambda: _chat_link_page(request, token))


def _chat_link_page(request, token):
    try:
        organization_id, vendor, workspace, user_id = links.read_chat_link(token)
    except signing.SignatureExpired:
        return _refused(request, _("This link has expired. Press the button in chat again."))
    except signing.BadSignature:
        return _refused(request, _("This link is not valid."), status=404)
    actor = request.membership
    identity = {"organization_id": organization_id, "vendor": vendor,
                "workspace": workspace, "user_id": user_id,
                "link_key": links.chat_link_key(token)}  # fmt: skip
    # Refused before anything is offered, and again when confirmed (the service decides).
    if refusal := services.chat_link_refusal(actor, **identity):
        return _refused(request, refusal, status=403)
    done = False
    if request.method == "POST":
        try:
            services.link_chat_account(actor, **identity)
        except services.ChatLinkRefused as refused:
            return _refused(request, str(refused), status=403)
        done = True
    return page(
        request,
        "notify/chat_link.html",
        {"app": services.CHAT_APPS.get(vendor, vendor), "chat_user": user_id, "done": done},
    )
