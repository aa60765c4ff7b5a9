"""`mubiao token create|list|revoke`: API tokens from the command line (operators, scripts)."""

import re

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from mubiao.accounts import tokens
from mubiao.accounts.models import ApiToken, normalise_email
from mubiao.orgs.cli import SpeakingCommand, speaking
from mubiao.orgs.models import Membership, Organization


class Command(SpeakingCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token and print its secret once.")
        create.add_argument("--org", required=True, help="organization slug")
        create.add_argument("--user", required=True, help="the member's email address")
        create.add_argument("--name", default="", help="what the token is for")
        # Read in handle_create, in the member's language (an argparse type speaks before the
        # command knows whom it acts for): digits only, as orgs.cli.whole_number.
        create.add_argument("--days", default=None, help="lifetime in days (0: never expires)")
        listing = actions.add_parser("list", help="List tokens (prefixes only).")
        listing.add_argument("--org", required=True)
        listing.add_argument("--user", help="only this member's tokens")
        revoke = actions.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")
        revoke.add_argument("--org", required=True)

    def handle(self, *args, action, **options):
        """Said in the organization's language, and in the member's once the command knows
        whom it acts for (orgs.cli.speaking), as every command acting as a member."""
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(
                _("No organization with the slug “%(slug)s”.") % {"slug": options["org"]}
            )
        with translation.override(organization.language):
            getattr(self, f"handle_{action}")(organization, **options)

    def _member(self, organization, email) -> Membership:
        member = (
            Membership.objects.select_related("user")
            .filter(organization=organization, user__email__iexact=normalise_email(email))
            .first()
        )
        if member is None:
            raise CommandError(
                _("%(email)s is not a member of %(org)s.")
                % {"email": email, "org": organization.slug}
            )
        return member

    def handle_create(self, organization, *, user, name, days, **_options):
        member = self._member(organization, user)
        with speaking(member):
            if days is not None:
                if not re.fullmatch(r"[0-9]{1,9}", days):
                    raise CommandError(tokens.days_problem())
                days = int(days)
            try:
                token, secret = tokens.create_token(member, name=name, days=days)
            except ValidationError as error:
                raise CommandError(_("; ").join(error.messages)) from None
            self.stderr.write(
                _(
                    "Token %(prefix)s… for %(email)s in %(org)s, %(expiry)s. "
                    "The secret is shown only now:"
                )
                % {
                    "prefix": token.prefix,
                    "email": member.user.email,
                    "org": organization.slug,
                    "expiry": _expiry(token),
                }
            )
        self.stdout.write(secret)

    def handle_list(self, organization, *, user, **_options):
        qs = ApiToken.objects.filter(membership__organization=organization).select_related(
            "membership__user"
        )
        if user:
            qs = qs.filter(membership=self._member(organization, user))
        for token in qs.order_by("-created_at", "-id"):
            state = _("revoked") if token.revoked_at else _expiry(token)
            created = _("created %(day)s") % {"day": _day(token.created_at)}
            used = _("last used %(day)s") % {"day": _day(token.last_used_at) or "-"}
            self.stdout.write(
                f"{token.prefix}  {token.membership.user.email}  {token.name or '-'}  "
                f"{created}  {used}  {state}"
            )

    def handle_revoke(self, organization, *, prefix, **_options):
        matches = list(
            ApiToken.objects.filter(
                membership__organization=organization, prefix__startswith=prefix.strip()
            ).select_related("membership__organization")[:2]
        )
        if len(prefix.strip()) < 6 or not matches:
            raise CommandError(
                _("No token with the prefix “%(prefix)s” in %(org)s.")
                % {"prefix": prefix, "org": organization.slug}
            )
        if len(matches) > 1:
            raise CommandError(
                _("The prefix “%(prefix)s” matches several tokens; give more of it.")
                % {"prefix": prefix}
            )
        token = matches[0]
        # The command line acts with the organization's authority; revoke through the token's
        # own member, who may always revoke their tokens.
        with speaking(token.membership):
            tokens.revoke_token(token.membership, token)
            self.stdout.write(_("Revoked %(prefix)s.") % {"prefix": token.prefix})


def _expiry(token: ApiToken) -> str:
    if token.expires_at is None:
        return _("never expires")
    return _("expires %(day)s") % {"day": _day(token.expires_at)}


def _day(moment) -> str:
    return moment.date().isoformat() if moment else ""
