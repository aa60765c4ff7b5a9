"""`mubiao createorg --name NAME [--slug SLUG] --owner EMAIL [--language LANG]
[--password-from-stdin]`: a new organization, ready to use, owned by EMAIL (whose account is
created when there is none), writing to its chat groups in LANG (default: the owner's language,
else the install's, MUBIAO_LANGUAGE)."""

import sys
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.accounts import services as accounts_services
from mubiao.accounts.models import User, normalise_email
from mubiao.okrs.models import Cycle
from mubiao.okrs.wording import sentences
from mubiao.orgs import services
from mubiao.orgs.cli import SpeakingCommand
from mubiao.orgs.models import Team


class Command(SpeakingCommand):
    help = (
        "Create an organization with its owner (the account is created when missing), a root "
        "team led by the owner and the current quarter or year as an active cycle."
    )
    # Tests hand the password over as a stream (as Django's createsuperuser does).
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="the organization's name")
        parser.add_argument(
            "--slug", help="short ASCII id, as used by --org elsewhere (default: from the name)"
        )
        parser.add_argument(
            "--owner", required=True, help="the owner's email address (created when missing)"
        )
        parser.add_argument("--owner-name", default="", help="the name of a new owner's account")
        parser.add_argument(
            "--cycle",
            choices=services.FIRST_CYCLE_KINDS,
            default=Cycle.Kind.QUARTER,
            help="the kind of the first cycle (default: quarter)",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default="",
            help="the organization's language, and a new owner's (default: the owner's "
            "language, else the install's, MUBIAO_LANGUAGE)",
        )
        parser.add_argument(
            "--password-from-stdin",
            action="store_true",
            help="read a new owner's password from the first line of standard input "
            "(without it, a link to choose one is printed)",
        )

    def handle(self, *args, **options):
        password = None
        if options["password_from_stdin"]:
            password = options.get("stdin", sys.stdin).readline().rstrip("\r\n")
        email = normalise_email(options["owner"])
        with transaction.atomic():
            user = User.objects.filter(email__iexact=email).first()
            new_account = user is None
            if new_account:
                with _options_named({"email": "--owner", "name": "--owner-name"}):
                    user = accounts_services.create_user(
                        email=email,
                        name=options["owner_name"],
                        password=password,
                        language=options["language"],
                    )
            elif password is not None:
                raise CommandError(
                    _(
                        "%(email)s already has an account; --password-from-stdin only sets the "
                        "password of a new one (they can reset theirs on the sign-in page)."
                    )
                    % {"email": email}
                )
            named = {"name": "--name", "slug": "--slug", "cycle_kind": "--cycle",
                     "language": "--language"}  # fmt: skip
            with _options_named(named):
                owner = services.create_organization(
                    user,
                    name=options["name"],
                    slug=options["slug"],
                    cycle_kind=options["cycle"],
                    language=options["language"],
                )
        self._report(owner, new_account=new_account, has_password=user.has_usable_password())

    def _report(self, owner, *, new_account: bool, has_password: bool) -> None:
        organization, user = owner.organization, owner.user
        team = Team.objects.get(organization=organization, parent=None)
        cycle = Cycle.objects.get(organization=organization)
        if new_account:
            self.stdout.write(_("Created the account %(email)s.") % {"email": user.email})
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Created the organization “%(name)s” (slug %(slug)s), owned by %(email)s, "
                    "with the team “%(team)s” and the active cycle %(cycle)s (%(start)s – "
                    "%(end)s); its chat messages are in %(language)s."
                )
                % {
                    "name": organization.name,
                    "slug": organization.slug,
                    "email": user.email,
                    "team": team.name,
                    "cycle": cycle.name,
                    "start": cycle.start_date,
                    "end": cycle.end_date,
                    "language": dict(settings.LANGUAGES).get(
                        organization.language, organization.language
                    ),
                }
            )
        )
        if has_password:
            self.stdout.write(
                _("Sign in at %(url)s") % {"url": f"{settings.SITE_URL}{reverse('login')}"}
            )
        else:
            # The link that chooses a password (as the e-mailed one): the operator running
            # this holds the server's secret key and could set it directly anyway.
            link = accounts_services.invitation_url(
                accounts_services.open_invitation(owner, name=user.name), mailbox=True
            )
            self.stdout.write(
                ngettext(
                    "%(email)s has no password yet; they choose one here (the link works for "
                    "%(days)s day and once), then sign in:",
                    "%(email)s has no password yet; they choose one here (the link works for "
                    "%(days)s days and once), then sign in:",
                    settings.MUBIAO_INVITATION_DAYS,
                )
                % {"email": user.email, "days": settings.MUBIAO_INVITATION_DAYS}
                + f"\n  {link}"
            )
        if not settings.SITE_URL_CONFIGURED:
            self.stderr.write(
                _(
                    "MUBIAO_SITE_URL is not set, so this link starts with %(url)s; set it to the "
                    "address people use (e.g. https://okr.example.com)."
                )
                % {"url": settings.SITE_URL}
            )


@contextmanager
def _options_named(options: dict[str, str]):
    """A service's ValidationError as a CommandError naming the options at fault."""
    try:
        yield
    except ValidationError as error:
        fields = (
            error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
        )
        raise CommandError(
            _("; ").join(
                (
                    _("%(option)s: %(message)s")
                    % {"option": options.get(field, field), "message": sentences(messages)}
                    if options.get(field, field)
                    else sentences(messages)
                )
                for field, messages in fields
            )
        ) from None
