"""`mubiao directory sync --org SLUG [--dry-run] [--confirm-deactivations CODE] [--as EMAIL]`:
make the organization follow its directory (set up in Settings → Directory sync) now, or
preview what that would change. A sync held for its many deactivations (rules.hold_reason)
runs with --confirm-deactivations and the code its preview printed, which confirms exactly
the departures that preview listed.
Every change is printed; a directory that cannot be read exits with status 1 and changes
nothing. Messages follow the acting person's language."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mubiao.directory import selectors, services
from mubiao.directory.changes import kind_labels
from mubiao.directory.vendors import DirectoryError, SyncHeld
from mubiao.orgs.cli import SpeakingCommand, actor_for, speaking
from mubiao.web.management.commands.serve import site_url_unset, site_url_warning


class Command(SpeakingCommand):
    help = "Sync the organization's teams and people from 飞书, 企业微信 or 钉钉."

    def add_arguments(self, parser):
        words = parser.add_subparsers(dest="word", required=True)
        run = words.add_parser("sync", help="sync now (or preview with --dry-run)")
        run.add_argument("--org", required=True, help="organization slug")
        run.add_argument("--as", dest="email", help="act as this admin (default: an owner)")
        run.add_argument("--dry-run", action="store_true", help="preview only: nothing is saved")
        run.add_argument(
            "--confirm-deactivations",
            dest="confirmation",
            metavar="CODE",
            default="",
            help="apply a sync held because it deactivates many people: the code its "
            "--dry-run printed (it confirms exactly those departures)",
        )

    def handle(self, *args, word, org, email, dry_run, confirmation, **options):
        actor = actor_for(org, email)
        with speaking(actor):
            try:
                source = selectors.source_of(actor)
                if source is None:
                    raise CommandError(
                        _("%(org)s has no directory to sync; set one up in Settings.")
                        % {"org": org}
                    )
                if not dry_run and source.invite and site_url_unset():
                    self.stderr.write(site_url_warning())  # before the invitations go out
                result = services.sync(actor, dry_run=dry_run, confirmation=confirmation)
            except PermissionDenied as error:
                raise CommandError(str(error)) from None
            except SyncHeld as error:
                see = _(
                    "See who would be deactivated with --dry-run; it prints the code to confirm."
                )
                raise CommandError(f"{error.message} {see}") from None
            except DirectoryError as error:
                raise CommandError(error.message) from None
            kinds = kind_labels()
            for change in result.changes:
                # Joined as the run's language writes it: “更新：林晓（职位；经理）”.
                what = _("; ").join(change.details)
                self.stdout.write(
                    _("%(action)s: %(who)s") % {"action": kinds[change.kind], "who": change.subject}
                    + (_(" (%(changes)s)") % {"changes": what} if what else "")
                )
            for problem in result.problems:
                self.stdout.write(str(problem))
            self.stdout.write(result.summary)
            if result.held:
                self.stdout.write(result.held)
                self.stdout.write(
                    _("To apply these deactivations: --confirm-deactivations %(code)s")
                    % {"code": result.confirmation}
                )
            if dry_run:
                self.stdout.write(_("Dry run: nothing was saved."))
