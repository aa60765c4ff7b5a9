"""`mubiao token create|list|revoke`: API tokens from the command line (operators, scripts)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mubiao.accounts import tokens
from mubiao.accounts.models import ApiToken, normalise_email
from mubiao.orgs.models import Membership, Organization


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token and print its secret once.")
        create.add_argument("--org", required=True, help="organization slug")
        create.add_argument("--user", required=True, help="the member's email address")
        create.add_argument("--name", default="", help="what the token is for")
        create.add_argument(
            "--days", type=int, default=None, help="lifetime in days (0: never expires)"
        )
        listing = actions.add_parser("list", help="List tokens (prefixes only).")
        listing.add_argument("--org", required=True)
        listing.add_argument("--user", help="only this member's tokens")
        revoke = actions.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")
        revoke.add_argument("--org", required=True)

    def handle(self, *args, action, **options):
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"No organization with the slug {options['org']!r}.")
        getattr(self, f"handle_{action}")(organization, **options)

    def _member(self, organization, email) -> Membership:
        member = (
            Membership.objects.select_related("user")
            .filter(organization=organization, user__email__iexact=normalise_email(email))
            .first()
        )
        if member is None:
            raise CommandError(f"{email} is not a member of {organization.slug}.")
        return member

    def handle_create(self, organization, *, user, name, days, **_options):
        member = self._member(organization, user)
        try:
            token, secret = tokens.create_token(member, name=name, days=days)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        expires = token.expires_at.date().isoformat() if token.expires_at else "never"
        self.stderr.write(
            f"Token {token.prefix}… for {member.user.email} in {organization.slug}, "
            f"expires {expires}. The secret is shown only now:"
        )
        self.stdout.write(secret)

    def handle_list(self, organization, *, user, **_options):
        qs = ApiToken.objects.filter(membership__organization=organization).select_related(
            "membership__user"
        )
        if user:
            qs = qs.filter(membership=self._member(organization, user))
        for token in qs.order_by("-created_at", "-id"):
            state = (
                "revoked" if token.revoked_at else f"expires {_day(token.expires_at) or 'never'}"
            )
            self.stdout.write(
                f"{token.prefix}  {token.membership.user.email}  {token.name or '-'}  "
                f"created {_day(token.created_at)}  last used {_day(token.last_used_at) or '-'}  "
                f"{state}"
            )

    def handle_revoke(self, organization, *, prefix, **_options):
        matches = list(
            ApiToken.objects.filter(
                membership__organization=organization, prefix__startswith=prefix.strip()
            ).select_related("membership__organization")[:2]
        )
        if len(prefix.strip()) < 6 or not matches:
            raise CommandError(f"No token with the prefix {prefix!r} in {organization.slug}.")
        if len(matches) > 1:
            raise CommandError(f"The prefix {prefix!r} matches several tokens; give more of it.")
        token = matches[0]
        # The command line acts with the organization's authority; revoke through the token's
        # own member, who may always revoke their tokens.
        tokens.revoke_token(token.membership, token)
        self.stdout.write(f"Revoked {token.prefix}.")


def _day(moment) -> str:
    return moment.date().isoformat() if moment else ""
