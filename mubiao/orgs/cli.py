"""Arguments shared by the commands that act in an organization as one of its people:
`--org SLUG --cycle NAME [--as EMAIL]` (default actor: the first owner, else admin)."""

import argparse
import re
from contextvars import ContextVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.db.models import Case, IntegerField, Value, When
from django.utils import translation
from django.utils.translation import gettext as _

from mubiao.accounts.models import User, normalise_email
from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Organization
from mubiao.transactions import language_chosen


def whole_number(text: str) -> int:
    """An argparse type for a number a command line gives as an id or a count (a key result's
    id, a token's `--days`): ASCII digits only. argparse's `int` took `１０`, ` 10 `, `+10` and
    `1_0` as 10: a script's slip is refused naming the argument, never read (issue 9, h9q)."""
    if not re.fullmatch(r"[0-9]{1,18}", text):
        raise argparse.ArgumentTypeError(
            _("“%(value)s”: send a whole number in the digits 0–9, e.g. 10.") % {"value": text}
        )
    return int(text)


def add_actor_arguments(parser, *, cycle: bool = True) -> None:
    parser.add_argument("--org", required=True, help="The organization's slug.")
    if cycle:
        parser.add_argument("--cycle", required=True, help="The cycle's name, e.g. '2026 Q1'.")
    parser.add_argument(
        "--as", dest="as_email", help="Act as this member (email); default: an owner or admin."
    )


# The one language of a command's run (SpeakingCommand), once it is chosen.
_RUN_LANGUAGE: ContextVar[str | None] = ContextVar("mubiao_run_language", default=None)


def speaking(actor: Membership):
    """The language a command acting as `actor` speaks in: the run's (SpeakingCommand: its
    --lang, else this person's), else the person's own, else their organization's (as the
    mail and chat they receive)."""
    return translation.override(
        _RUN_LANGUAGE.get() or actor.user.language or actor.organization.language
    )


def run_language(options: dict) -> str:
    """The one language a command's output is in (issue 9: a summary in English under
    Chinese findings, a grade's success line English after Chinese refusals): its --lang
    (createorg's --language); else, with --org, the language of the member it acts as (--as /
    --user / --email), else the organization's; else the site's default. Never an error: an
    unknown organization or member is the command's own refusal, in the default language."""
    language = options.get("lang") or options.get("language")  # createorg's --language
    if language:
        return language
    if not (options.get("org") or options.get("owner")):
        # Nothing to ask the database (serve, worker: it may not be migrated yet).
        return settings.LANGUAGE_CODE
    try:
        return _language_of(options)
    except DatabaseError:  # not migrated: the command says so itself
        return settings.LANGUAGE_CODE


def _language_of(options: dict) -> str:
    organization = Organization.objects.filter(slug=options.get("org") or "").first()
    if organization is None:
        # createorg: its owner's, when they have an account.
        owner = User.objects.filter(email__iexact=normalise_email(options.get("owner") or ""))
        language = owner.values_list("language", flat=True).first()
        return language or settings.LANGUAGE_CODE
    email = options.get("as_email") or options.get("email") or options.get("user")
    if email:
        member = (
            Membership.objects.filter(
                organization=organization, user__email__iexact=normalise_email(email)
            )
            .select_related("user")
            .first()
        )
        if member is not None and member.user.language:
            return member.user.language
    return organization.language or settings.LANGUAGE_CODE


class SpeakingCommand(BaseCommand):
    """A Mubiao command: everything it writes (output, refusals, summaries) in one language
    per run, run_language's."""

    def execute(self, *args, **options):
        language = run_language(options)
        token = _RUN_LANGUAGE.set(language)
        try:
            # Chosen, even when it is the site's default: a service then keeps it rather than
            # speaking its actor's (an English preview had its advice in the actor's Chinese).
            with translation.override(language), language_chosen():
                return super().execute(*args, **options)
        finally:
            _RUN_LANGUAGE.reset(token)


def actor_for(org_slug: str, email: str | None) -> Membership:
    """The active member a command acts as: the one with `email`, else the organization's
    first owner, else its first admin (every command the same one)."""
    organization = Organization.objects.filter(slug=org_slug).first()
    if organization is None:
        raise CommandError(_("No organization with the slug “%(slug)s”.") % {"slug": org_slug})
    members = Membership.objects.filter(organization=organization, is_active=True).select_related(
        "user", "organization"
    )
    if email:
        actor = members.filter(user__email__iexact=normalise_email(email)).first()
        if actor is None:
            with translation.override(_RUN_LANGUAGE.get() or organization.language):
                raise CommandError(
                    _("%(email)s is not an active member of %(org)s.")
                    % {"email": email, "org": org_slug}
                )
        return actor
    rank = Case(
        When(role=Membership.Role.OWNER, then=Value(0)),
        When(role=Membership.Role.ADMIN, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    actor = (
        members.filter(role__in=(Membership.Role.OWNER, Membership.Role.ADMIN))
        .order_by(rank, "joined_at", "id")
        .first()
    )
    if actor is None:
        with translation.override(_RUN_LANGUAGE.get() or organization.language):
            raise CommandError(
                _("%(org)s has no owner or admin; name one with --as EMAIL.") % {"org": org_slug}
            )
    return actor


def resolve_actor(options) -> tuple[Membership, Cycle | None]:
    actor = actor_for(options["org"], options.get("as_email"))
    organization = actor.organization
    cycle = None
    if options.get("cycle"):
        cycle = Cycle.objects.filter(organization=organization, name=options["cycle"]).first()
        if cycle is None:
            names = ", ".join(
                Cycle.objects.filter(organization=organization).values_list("name", flat=True)
            )
            with speaking(actor):
                raise CommandError(
                    _("No cycle named “%(name)s”. Cycles: %(names)s.")
                    % {"name": options["cycle"], "names": names or _("none")}
                )
    return actor, cycle
