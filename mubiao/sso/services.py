"""Every write of single sign-on: an organization's provider settings, and the member a
sign-in through the provider becomes."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao import vault
from mubiao.accounts import services as accounts
from mubiao.accounts.models import User
from mubiao.accounts.phones import one_person, phone_key
from mubiao.directory.models import LinkedPerson
from mubiao.directory.vendors import VENDOR_NAMES
from mubiao.id_sets import is_id
from mubiao.okrs.services import log
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization
from mubiao.outbound import guard
from mubiao.sso import oidc, rules, selectors, verification
from mubiao.sso.models import SECRET_PURPOSE, EmailDomain, IdentityProvider
from mubiao.transactions import speaks_actors_language, write_transaction


@speaks_actors_language
def break_glass_owner(actor, break_glass_id, *, required: bool, errors: dict) -> Membership | None:
    """The break-glass owner chosen (an active owner of the actor's organization), which
    requiring single sign-on needs; the problem, if any, goes into `errors`."""
    break_glass = None
    if break_glass_id:
        break_glass = Membership.objects.filter(
            pk=break_glass_id,
            organization=actor.organization_id,
            role=Membership.Role.OWNER,
            is_active=True,
        ).first()
        if break_glass is None:
            errors["break_glass"] = _("Choose an active owner of this organization.")
    if required and not break_glass and "break_glass" not in errors:
        errors["break_glass"] = _(
            "Choose the owner who may still sign in with a password when single sign-on is "
            "required (for when the provider is down)."
        )
    return break_glass


def _clean(actor, provider, *, name, issuer, client_id, client_secret, domains, break_glass_id,
           require_sso, enabled) -> tuple[list[str], Membership | None]:  # fmt: skip
    errors = {}
    for field, value in (("name", name), ("issuer", issuer), ("client_id", client_id)):
        if not (value or "").strip():
            errors[field] = _("This field is required.")
    if not provider.pk and not client_secret:
        errors["client_secret"] = _("This field is required.")
    good, bad = rules.parse_domains(domains)
    if bad:
        errors["domains"] = _("Not an e-mail domain: %(domains)s") % {"domains": ", ".join(bad)}
    # No check against other organizations' claims: a claim is pending until verified, several
    # organizations may claim one domain, and saying that another has it would tell anyone
    # typing a domain which companies use Mubiao (verify_domain decides between them).
    break_glass = break_glass_owner(actor, break_glass_id, required=require_sso, errors=errors)
    if refused := guard.problem(issuer, _("Issuer URL")):
        errors["issuer"] = refused
    if require_sso and not enabled:
        errors["require_sso"] = _("Single sign-on cannot be required while it is switched off.")
    if errors:
        raise ValidationError(errors)
    # The discovery document is checked at every save (it may name another issuer since the
    # last one); only for the issuer already saved is a provider that does not answer let
    # through: while it is down, the break-glass owner must still be able to stop requiring
    # single sign-on.
    try:
        oidc.check_issuer(issuer.strip(), name.strip())
    except oidc.SignInProblem as problem:
        if provider.issuer != issuer.strip() or not problem.unreachable:
            raise ValidationError({"issuer": problem.message}) from None
    return good, break_glass


@write_transaction
def save_provider(
    actor: Membership,
    *,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str = "",
    domains: str = "",
    enabled: bool = True,
    create_members: bool = False,
    require_sso: bool = False,
    break_glass_id: int | None = None,
) -> IdentityProvider:
    """Create or change the organization's provider. An empty `client_secret` keeps the stored
    one. The issuer's discovery document is fetched first: a typo is reported here, not at
    everyone's next sign-in."""
    permissions.require(permissions.can_manage_organization(actor))
    provider = (
        IdentityProvider.objects.select_for_update()
        .filter(organization=actor.organization_id)
        .first()
    ) or IdentityProvider(organization_id=actor.organization_id)
    domain_list, break_glass = _clean(
        actor, provider, name=name, issuer=issuer, client_id=client_id,
        client_secret=client_secret, domains=domains, break_glass_id=break_glass_id,
        require_sso=require_sso, enabled=enabled,
    )  # fmt: skip
    provider.name = name.strip()
    provider.issuer = issuer.strip()
    provider.client_id = client_id.strip()
    if client_secret:
        provider.client_secret = vault.encrypt(client_secret.strip(), purpose=SECRET_PURPOSE)
    provider.enabled = bool(enabled)
    provider.create_members = bool(create_members)
    provider.require_sso = bool(require_sso)
    provider.break_glass = break_glass
    provider.save()
    provider.domains.exclude(domain__in=domain_list).delete()
    kept = set(provider.domains.values_list("domain", flat=True))
    EmailDomain.objects.bulk_create(
        [EmailDomain(provider=provider, domain=d) for d in domain_list if d not in kept]
    )
    log(
        actor, "sso.updated", provider, name=provider.name, issuer=provider.issuer,
        enabled=provider.enabled, require_sso=provider.require_sso, domains=domain_list,
        secret_changed=bool(client_secret),
    )  # fmt: skip
    return provider


# How often the worker looks up a verified domain's record again, and how long the record may
# be missing (definite DNS answers, several in a row) before the domain is no longer verified:
# a record removed by mistake is put back before its people are sent to passwords.
RECHECK_EVERY = dt.timedelta(days=1)
LAPSE_AFTER = dt.timedelta(days=3)


@speaks_actors_language
def verify_domain(actor: Membership, domain_id) -> EmailDomain:
    """Look up the claim's TXT record and mark the domain verified when it is published.
    ValidationError (under "domain") saying what was found otherwise: nothing, another
    organization's record, no answer from DNS, or, to someone who published the record (only
    the domain's owner can), that another organization verified the domain already. The look-up
    runs outside any transaction (it may take TIMEOUT_SECONDS per name)."""
    permissions.require(permissions.can_manage_organization(actor))
    claim = _claim_of(actor, domain_id)
    found = verification.look_up(claim.domain, claim.record)
    return _verified(actor, claim.pk, found)


def _claim_of(actor: Membership, domain_id) -> EmailDomain:
    claim = EmailDomain.objects.filter(
        pk=domain_id if is_id(domain_id) else None,
        provider__organization=actor.organization_id,
    ).first()
    if claim is None:
        raise ValidationError(
            {"domain": _("This e-mail domain is not in your single sign-on settings (any more).")}
        )
    return claim


@write_transaction
def _verified(actor: Membership, claim_id: int, found) -> EmailDomain:
    claim = _claim_of(actor, claim_id)
    names = {"domain": claim.domain, "record": claim.record,
             "subdomain": verification.names(claim.domain)[1]}  # fmt: skip
    if found is not verification.Found.RECORD:
        raise ValidationError({"domain": _not_found_message(found) % names})
    now = timezone.now()
    elsewhere = ngettext(
        "%(domain)s is already verified by another organization in Mubiao. If the domain is "
        "yours, remove that organization's mubiao-verification record from its DNS and keep "
        "yours: the other organization's claim lapses %(days)s day after its record is gone, "
        "and you can verify then.",
        "%(domain)s is already verified by another organization in Mubiao. If the domain is "
        "yours, remove that organization's mubiao-verification record from its DNS and keep "
        "yours: the other organization's claim lapses %(days)s days after its record is gone, "
        "and you can verify then.",
        LAPSE_AFTER.days,
    ) % {**names, "days": LAPSE_AFTER.days}
    if (
        EmailDomain.objects.filter(domain=claim.domain, verified_at__isnull=False)
        .exclude(pk=claim.pk)
        .exists()
    ):
        raise ValidationError({"domain": elsewhere})
    claim.verified_at = claim.verified_at or now
    claim.checked_at = now
    claim.missing_since = None
    claim.grace_until = None
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:  # another organization verified it since the check above
        raise ValidationError({"domain": elsewhere}) from None
    # Another organization's claim from before verification existed stops working now.
    EmailDomain.objects.filter(domain=claim.domain, grace_until__isnull=False).exclude(
        pk=claim.pk
    ).update(grace_until=None)
    log(actor, "sso.domain_verified", claim.provider, domain=claim.domain)
    return claim


def _not_found_message(found) -> str:
    if found is verification.Found.OTHER_TOKEN:
        return _(
            "The DNS of %(domain)s has a mubiao-verification record, but not this "
            "organization's. Publish the TXT record %(record)s (each organization has its own)."
        )
    if found is verification.Found.FAILED:
        return _(
            "The DNS servers of %(domain)s did not answer. Try again in a few minutes; nothing "
            "was changed."
        )
    return _(
        "No TXT record %(record)s was found at %(domain)s or %(subdomain)s. Publish it with "
        "your DNS provider, wait until it is visible (up to an hour with some providers), then "
        "verify again."
    )


def recheck_domains(now: dt.datetime | None = None) -> int:
    """The worker's daily pass: look up again the record of every verified domain not checked
    for RECHECK_EVERY (claimed first, so that two workers never look up the same one). A
    record missing (a definite answer) since LAPSE_AFTER ends the verification; no answer at
    all changes nothing. Returns the number of domains looked up."""
    now = now or timezone.now()
    due = EmailDomain.objects.filter(verified_at__isnull=False).filter(
        Q(checked_at__isnull=True) | Q(checked_at__lte=now - RECHECK_EVERY)
    )
    looked_up = 0
    for claim in due:
        if not EmailDomain.objects.filter(pk=claim.pk, checked_at=claim.checked_at).update(
            checked_at=now
        ):
            continue
        _rechecked(claim.pk, verification.look_up(claim.domain, claim.record), now)
        looked_up += 1
    return looked_up


@write_transaction
def _rechecked(claim_id: int, found, now: dt.datetime) -> None:
    claim = EmailDomain.objects.select_related("provider").filter(pk=claim_id).first()
    if claim is None or claim.verified_at is None or found is verification.Found.FAILED:
        return
    if found is verification.Found.RECORD:
        claim.missing_since = None
    else:
        claim.missing_since = claim.missing_since or now
        if now - claim.missing_since >= LAPSE_AFTER:
            claim.verified_at = claim.missing_since = None
            log(None, "sso.domain_lapsed", claim.provider, domain=claim.domain)
    claim.save(update_fields=["verified_at", "missing_since"])


@write_transaction
def remove_provider(actor: Membership) -> None:
    permissions.require(permissions.can_manage_organization(actor))
    provider = IdentityProvider.objects.filter(organization=actor.organization_id).first()
    if provider:
        log(actor, "sso.removed", provider, name=provider.name)
        provider.delete()


class NotAMember(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def member_for_claims(provider: IdentityProvider, claims: dict) -> Membership:
    """The member the provider vouched for: the active member with the claimed e-mail address,
    else (when the organization allows it) a new member with that address. NotAMember
    otherwise, with the reason in the person's language."""
    try:
        return _member_for_claims(provider, claims)
    except IntegrityError:
        # Two first sign-ins of one new person at once: the other one added the member.
        return _member_for_claims(provider, claims)


def _not_member(email: str, organization: Organization) -> NotAMember:
    return NotAMember(
        _(
            "%(email)s is not a member of %(organization)s. Ask an admin of "
            "%(organization)s to invite you."
        )
        % {"email": email, "organization": organization.name}
    )


def _outside(sender: str, email: str, organization: Organization) -> NotAMember:
    # Says nothing of other organizations: the provider's side must not learn about them.
    return NotAMember(
        _(
            "%(provider)s cannot sign in %(email)s for %(organization)s until the invitation "
            "of %(organization)s is accepted: open it and accept it with your Mubiao password "
            "(an admin of %(organization)s can send it again)."
        )
        % {"provider": sender, "email": email, "organization": organization.name}
    )


@write_transaction
def _member_for_claims(provider: IdentityProvider, claims: dict) -> Membership:
    organization: Organization = provider.organization
    email = rules.claimed_email(claims)
    if email is None:
        raise NotAMember(
            _(
                "%(provider)s did not tell us your e-mail address, so we cannot tell which "
                "member you are. Ask your admin to release the “email” claim to Mubiao."
            )
            % {"provider": provider.name}
        )
    if not rules.exact_address(email):
        raise NotAMember(
            _("%(provider)s sent an e-mail address we cannot use: %(email)s")
            % {"provider": provider.name, "email": email}
        )
    if not rules.email_verified(claims):
        raise NotAMember(
            _(
                "%(provider)s says your e-mail address %(email)s is not verified yet. Verify it "
                "there, then sign in again."
            )
            % {"provider": provider.name, "email": email}
        )
    if not rules.within_domains(email, selectors.verified_domains(organization.pk)):
        # An identity provider vouches for whatever address its admin types: it speaks only
        # for the domains whose DNS its organization proved it controls.
        raise NotAMember(
            _(
                "%(provider)s cannot sign in %(email)s for %(organization)s: it signs in "
                "addresses at the e-mail domains %(organization)s verified only. Sign in with "
                "your password, or ask an admin of %(organization)s."
            )
            % {"provider": provider.name, "email": email, "organization": organization.name}
        )
    membership = (
        Membership.objects.select_related("user", "organization")
        .filter(organization=organization, user__email__iexact=email)
        .first()
    )
    if membership and membership.is_active:
        if not selectors.vouches_for(organization.pk, membership.user):
            raise _outside(provider.name, email, organization)
        return membership
    if membership:
        raise NotAMember(
            _("%(email)s is no longer a member of %(organization)s.")
            % {"email": email, "organization": organization.name}
        )
    if not provider.create_members:
        raise _not_member(email, organization)
    name = claims.get("name") if isinstance(claims.get("name"), str) else ""
    return _join(organization, email, name, provider.name, via="sso")


def _join(organization: Organization, email: str, name: str, sender: str, *, via: str):
    """A new member (just in time) for the e-mail address the provider or app vouched for, at
    the organization's verified domains only: a new account, or an existing one that joined no
    organization (selectors.vouches_for: other organizations' pending invitations count for
    nothing). Any other address gets the answer of an
    unknown one, and nothing is written nor e-mailed: a provider learns nothing about accounts
    of other organizations, and cannot leave an invitation on them."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not selectors.vouches_for(organization.pk, user):
        raise _not_member(email, organization)
    # An account that joined no organization (none, or other organizations' pending
    # invitations only, which count for nothing) is taken as a new one: only at this
    # organization's verified domains.
    if not rules.within_domains(email, selectors.verified_domains(organization.pk)):
        raise _not_member(email, organization)
    if user is None:
        try:
            user = accounts.create_user(email=email, name=name[:150])
        except ValidationError:
            raise NotAMember(
                _("%(provider)s sent an e-mail address we cannot use: %(email)s")
                % {"provider": sender, "email": email}
            ) from None
    membership = Membership.objects.create(organization=organization, user=user)
    log(membership, "member.joined", membership, via=via, email=email)
    return membership


def member_for_identity(source, identity) -> Membership:
    """The member a sign-in through the directory's app names: the one a sync linked to the
    vendor's ID of them, else the member with the e-mail address the vendor gives, else (when
    the organization allows it) a new member with that address. NotAMember otherwise (someone
    the directory does not list here, or who left)."""
    try:
        return _member_for_identity(source, identity)
    except IntegrityError:
        # Two first sign-ins of one new person at once: the other one added the member.
        return _member_for_identity(source, identity)


@write_transaction
def _member_for_identity(source, identity) -> Membership:
    organization = source.organization
    membership = None
    if identity.id:
        link = (
            LinkedPerson.objects.select_related("membership__user")
            .filter(source=source, external_id=identity.id)
            .first()
        )
        membership = link.membership if link else None
    linked = membership is not None
    email = rules.vouched_email(identity.email)
    if membership is None and email:
        # Only a member the directory has not linked to another of the vendor's people: the
        # address a vendor account shows is not proof of being the member already linked.
        membership = (
            Membership.objects.select_related("user")
            .filter(organization=organization, user__email__iexact=email)
            .exclude(pk__in=LinkedPerson.objects.filter(source=source).values("membership_id"))
            .first()
        )
    phone = phone_key(identity.mobile)
    if membership is None and phone:
        # Someone the organization knows by mobile number (an import, another directory):
        # the number the vendor gives, however either side spaced it or wrote +86.
        unlinked = (
            Membership.objects.select_related("user")
            .filter(organization=organization)
            .exclude(user__mobile="")
            .exclude(pk__in=LinkedPerson.objects.filter(source=source).values("membership_id"))
        )
        membership = one_person(
            [m for m in unlinked if phone_key(m.user.mobile) == phone],
            email if "@" in email else "",
        )
    who = identity.name or email or identity.id
    if membership is None and source.create_members and "@" in email:
        # Not linked: the next sync links them if the directory lists them, by this address.
        return _join(
            organization, email, identity.name, VENDOR_NAMES[source.vendor], via=source.vendor
        )
    if membership is None:
        raise NotAMember(
            _(
                "%(vendor)s signed you in as %(who)s, who is not a member of %(organization)s. "
                "Ask an admin of %(organization)s to add you (or to sync the directory)."
            )
            % {"vendor": VENDOR_NAMES[source.vendor], "who": who or "?",
               "organization": organization.name}
        )  # fmt: skip
    if not membership.is_active:
        raise NotAMember(
            _("%(who)s is no longer a member of %(organization)s.")
            % {"who": membership.user.display_name, "organization": organization.name}
        )
    if not selectors.vouches_for(organization.pk, membership.user):
        raise _outside(VENDOR_NAMES[source.vendor], membership.user.email, organization)
    if identity.id and not linked:
        # Matched by e-mail: the next sign-in finds them by the vendor's ID. Not the sync's to
        # deactivate (by_sync): an admin added them, not the directory.
        LinkedPerson.objects.create(
            source=source, external_id=identity.id, membership=membership, by_sync=False
        )
        log(membership, "member.identity_linked", membership, vendor=source.vendor)
    return membership
