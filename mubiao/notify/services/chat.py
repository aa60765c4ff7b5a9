"""One-tap check-in pages and buttons pressed on chat cards (Slack interactivity, 飞书 card
callbacks), and the chat accounts that press them as a member."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from mubiao.notify import compose, links
from mubiao.notify import messages as kinds
from mubiao.notify.models import (
    Channel,
    ChatAccount,
    ChatPress,
)
from mubiao.notify.vendors.rules import Press
from mubiao.okrs.services._common import log
from mubiao.okrs.services.scale import OFF_SCALE
from mubiao.okrs.wording import sentences
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization
from mubiao.transactions import speaks_actors_language, write_transaction

# ChatPress.vendor of a one-tap page's form: its key is the page's one-time form key.
LINK_FORM = "link"


class FormAlreadySent(Exception):
    """This one-tap form was sent before: nothing is written again."""


@write_transaction
def check_in_from_link(member: Membership, entries: list[tuple], form_key: str) -> list:
    """Check-ins typed on a one-tap link's page: (key result, value, confidence, note, next
    step, blocker, scale confirmed, version) each, the last two as okrs.services.check_in
    takes them (a value far from the range asked about; the version the row was read at).
    All of them or none: a wrong value anywhere is reported on its own row (`value-<kr id>`,
    the service's codes kept: OFF_SCALE) and nothing is saved; a key result checked in since
    its version was read raises okrs' Conflict. Written with the member's own rights,
    marked in the activity log as from a link.
    `form_key` is the rendered page's one-time key: the same form sent twice (a reload, a
    double tap) is refused the second time (FormAlreadySent), claimed like a chat press."""
    from mubiao.okrs import services as okrs

    try:
        with transaction.atomic():
            ChatPress.objects.create(
                organization_id=member.organization_id, vendor=LINK_FORM, key=form_key
            )
    except IntegrityError:
        raise FormAlreadySent from None
    done, errors = [], {}
    for kr, value, confidence, note, next_step, is_blocker, scale_confirmed, version in entries:
        try:
            done.append(
                okrs.check_in(
                    member,
                    kr,
                    value=value,
                    confidence=confidence or None,
                    note=note,
                    next_step=next_step,
                    is_blocker=is_blocker,
                    via="link",
                    scale_confirmed=scale_confirmed,
                    version=version,
                )
            )
        except ValidationError as error:
            errors.update({f"{field}-{kr.pk}": errs for field, errs in error.error_dict.items()})
    if errors:
        raise ValidationError(errors)
    return done


# Buttons pressed on chat cards (Slack interactivity, 飞书 card callbacks)

# A press's vendor in the words of the "link your account" answer.
CHAT_APPS = {"slack": "Slack", "feishu": "飞书 / Lark"}


@dataclass(frozen=True)
class PressAnswer:
    """What the presser is told (only them: Slack's ephemeral reply, 飞书's toast), in their
    language; `ok` when a check-in was written."""

    ok: bool
    text: str


def chat_member(organization_id: int, vendor: str, workspace: str, user_id: str):
    """The member a chat account acts as, active or not, or None: a linked ChatAccount, else
    (飞书) the person directory sync linked to that open_id."""
    account = (
        ChatAccount.objects.filter(
            organization_id=organization_id,
            vendor=vendor,
            workspace=workspace,
            external_id=user_id,
        )
        .select_related("membership__user")
        .first()
    )
    if account:
        return account.membership
    if vendor == ChatAccount.Vendor.FEISHU:
        from mubiao.directory.models import DirectorySource, LinkedPerson

        linked = (
            LinkedPerson.objects.filter(
                source__organization_id=organization_id,
                source__vendor=DirectorySource.Vendor.FEISHU,
                external_id=user_id,
            )
            .select_related("membership__user")
            .first()
        )
        return linked.membership if linked else None
    return None


@write_transaction
def chat_press(channel: Channel, press: Press) -> PressAnswer:
    """A +1 / done button pressed on one of `channel`'s cards, the request already verified as
    the vendor's. Acts as the member the presser's chat account is linked to, with that
    member's rights; anything else (an unlinked or deactivated account, a key result they may
    not check in on, the wrong kind of key result, a press already taken) changes nothing and
    says why. The check-in goes through okrs.services like any other, logged as from chat."""
    from mubiao.okrs import services as okrs
    from mubiao.okrs.models import KeyResult
    from mubiao.okrs.services.key_results import _lock_key_result

    member = chat_member(channel.organization_id, press.vendor, press.workspace, press.user_id)
    language = compose.language_of(
        member, None if member else Organization.objects.get(pk=channel.organization_id)
    )
    with translation.override(language):
        if member is None:
            url = links.chat_link_url(
                channel.organization_id, press.vendor, press.workspace, press.user_id
            )
            return PressAnswer(
                False,
                _("Link your %(app)s account to Mubiao first, then press again: %(url)s")
                % {"app": CHAT_APPS[press.vendor], "url": url},
            )
        if not (member.is_active and member.user.is_active):
            return PressAnswer(False, _("Your Mubiao account is not active."))
        kr = (
            KeyResult.objects.filter(organization_id=channel.organization_id, pk=press.key_result)
            .select_related("objective")
            .first()
        )
        if kr is None or not (
            permissions.can_see_objective(member, kr.objective)
            and permissions.can_check_in(member, kr)
        ):
            # Said the same way whether it exists or not: nothing about hidden key results.
            return PressAnswer(False, _("You may not check in on this key result."))
        numeric = kr.metric_type in compose.NUMERIC_METRICS
        wanted = (kinds.PLUS_ONE,) if numeric else (kinds.DONE, kinds.NOT_DONE)
        if press.action not in wanted or not (
            numeric or kr.metric_type == KeyResult.MetricType.BOOLEAN
        ):
            return PressAnswer(False, _("Open the key result in Mubiao to check in on it."))
        try:
            # The press is claimed and the check-in written together: a refused check-in
            # leaves the press unclaimed, a second arrival of the same press finds it taken.
            with transaction.atomic():
                ChatPress.objects.create(
                    organization_id=channel.organization_id, vendor=press.vendor, key=press.key
                )
                # Read under the objective's lock, so two people pressing +1 at once make +2.
                kr, _locked = _lock_key_result(kr)
                if numeric:
                    current = kr.current_value if kr.current_value is not None else kr.start_value
                    value = (current or 0) + 1
                else:
                    value = press.action == kinds.DONE
                entry = okrs.check_in(member, kr, value=value, via=f"chat:{press.vendor}")
        except IntegrityError:
            return PressAnswer(False, _("This press was already taken."))
        except PermissionDenied:
            return PressAnswer(False, _("You may not check in on this key result."))
        except ValidationError as error:
            if any(e.code == OFF_SCALE for e in error.error_dict.get("value", ())):
                # A button cannot ask "is this far value meant?" as the KR page does: said so,
                # with the way to the page that can, and nothing stored.
                return PressAnswer(
                    False,
                    _("%(reason)s Check in on the key result's page to confirm it: %(url)s")
                    % {"reason": sentences(error.messages),
                       "url": compose.page_url("key_result", kr.pk)},
                )  # fmt: skip
            return PressAnswer(False, sentences(error.messages))
        if not numeric and press.action == kinds.NOT_DONE:
            return PressAnswer(True, _("Checked in: “%(kr)s” is not done yet.") % {"kr": kr.title})
        if not numeric:
            return PressAnswer(True, _("Checked in: “%(kr)s” is done.") % {"kr": kr.title})
        shown = format(entry.value.normalize(), "f")
        return PressAnswer(
            True,
            _("Checked in: “%(kr)s” is now %(value)s.") % {"kr": kr.title, "value": shown},
        )


# ChatPress.vendor of a used "link your chat account" link: its key is links.chat_link_key.
CHAT_LINK = "chatlink"


class ChatLinkRefused(Exception):
    """A "link your chat account" link this member may not use; the message says why, in
    the current language. Nothing was changed."""


@speaks_actors_language
def chat_link_refusal(
    actor: Membership, *, organization_id: int, vendor: str, workspace: str, user_id: str,
    link_key: str,
) -> str | None:  # fmt: skip
    """Why `actor` may not link this chat account with this link, or None. A chat account
    already known as someone (linked, or 飞书's person from the directory) is bound to that
    member: anyone else is refused, whoever passed the link on. A link links once."""
    if actor.organization_id != organization_id:
        return _("This link is for another organization.")
    owner = chat_member(organization_id, vendor, workspace, user_id)
    if owner is not None and owner.pk != actor.pk:
        return _(
            "This %(app)s account belongs to another member of Mubiao; only they can use "
            "this link. Nothing was changed."
        ) % {"app": CHAT_APPS.get(vendor, vendor)}
    if owner is None and ChatPress.objects.filter(vendor=CHAT_LINK, key=link_key).exists():
        return _("This link was already used. Press the button in chat again for a new one.")
    return None


@write_transaction
def link_chat_account(
    actor: Membership, *, organization_id: int, vendor: str, workspace: str, user_id: str,
    link_key: str,
) -> ChatAccount:  # fmt: skip
    """The signed-in member confirms that a chat account (from a signed chat link whose
    links.chat_link_key is `link_key`) is theirs: its button presses will act as them. A chat
    account acts for one member; a link is used once (ChatLinkRefused otherwise, nothing
    changed)."""
    if vendor not in ChatAccount.Vendor.values:
        raise ValidationError({"vendor": [_("Select a valid choice.")]})
    identity = {"organization_id": organization_id, "vendor": vendor,
                "workspace": workspace, "user_id": user_id}  # fmt: skip
    if refusal := chat_link_refusal(actor, **identity, link_key=link_key):
        raise ChatLinkRefused(refusal)
    account = ChatAccount.objects.filter(
        organization_id=organization_id, vendor=vendor, workspace=workspace, external_id=user_id
    ).first()
    if account is not None:
        return account  # already theirs (a reload of the page that linked it)
    try:
        # Claimed with the link: two tabs confirming the same link link once.
        with transaction.atomic():
            ChatPress.objects.create(organization_id=organization_id, vendor=CHAT_LINK,
                                     key=link_key)  # fmt: skip
            account = ChatAccount.objects.create(
                organization_id=organization_id, vendor=vendor, workspace=workspace,
                external_id=user_id, membership=actor,
            )  # fmt: skip
    except IntegrityError:
        raise ChatLinkRefused(
            chat_link_refusal(actor, **identity, link_key=link_key)
            or _("This link was already used. Press the button in chat again for a new one.")
        ) from None
    log(actor, "notify.chat_account_linked", actor, vendor=vendor)
    return account


@write_transaction
def unlink_chat_account(actor: Membership, account_id) -> int:
    """The member takes back a chat account's right to press buttons as them (their own
    accounts only; another's id does nothing)."""
    removed, _by_model = ChatAccount.objects.filter(pk=account_id, membership=actor).delete()
    if removed:
        log(actor, "notify.chat_account_unlinked", actor)
    return removed
