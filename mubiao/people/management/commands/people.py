"""`mubiao people import FILE --org SLUG [--as EMAIL] [--dry-run]` and
`mubiao people export --org SLUG [--format xlsx|csv] [-o FILE] [--as EMAIL]`.

The import prints each row's action (create, update, deactivate, unchanged) and applies the
whole file or nothing; a located error (file, sheet, row, column) exits with status 1. New
people are invited by e-mail. Messages follow the acting person's language.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mubiao.accounts.services import site_url_unset_note
from mubiao.okrs.transfer import ImportFailed
from mubiao.okrs.transfer.cli import actor_for
from mubiao.orgs import permissions
from mubiao.orgs.cli import SpeakingCommand, speaking
from mubiao.people.exporter import FORMATS, export_people
from mubiao.people.plan import action_labels
from mubiao.people.services import import_people


class Command(SpeakingCommand):
    help = "Import or export the organization's people (.xlsx or .csv)."

    def add_arguments(self, parser):
        words = parser.add_subparsers(dest="word", required=True)
        load = words.add_parser("import", help="import people from a file (all or nothing)")
        load.add_argument("file", help="the .xlsx or .csv file")
        load.add_argument("--dry-run", action="store_true", help="check and preview only")
        save = words.add_parser("export", help="export people in the format the import reads")
        save.add_argument("--format", dest="fmt", choices=FORMATS, default="xlsx")
        save.add_argument("-o", "--output", help="write to this file (default: stdout, csv only)")
        for sub in (load, save):
            sub.add_argument("--org", required=True, help="organization slug")
            sub.add_argument("--as", dest="email", help="act as this admin (default: an owner)")

    def handle(self, *args, word, org, email, **options):
        actor = actor_for(org, email)
        with speaking(actor):
            if not permissions.can_manage_organization(actor):
                raise CommandError(
                    _(
                        "%(email)s is a member of %(org)s without the right to import or export "
                        "people (owners and admins have it); name one of them with --as EMAIL."
                    )
                    % {"email": actor.user.contact, "org": org}
                )
            try:
                if word == "import":
                    self._import(actor, options["file"], options["dry_run"])
                else:
                    self._export(actor, options["fmt"], options["output"])
            except PermissionDenied as error:
                raise CommandError(str(error)) from None

    def _import(self, actor, file, dry_run) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        try:
            if not dry_run and not settings.SITE_URL_CONFIGURED:
                # Said before the invitations go out, not after.
                preview = import_people(actor, file_name=path.name, data=path.read_bytes(),
                                        dry_run=True)  # fmt: skip
                if note := site_url_unset_note(preview.counts["create"]):
                    self.stderr.write(note)
            result = import_people(
                actor, file_name=path.name, data=path.read_bytes(), dry_run=dry_run
            )
        except ImportFailed as error:
            raise CommandError(error.text) from None
        unset = site_url_unset_note(result.counts["create"])
        result.problems = [p for p in result.problems if p != unset or dry_run]
        labels = action_labels()
        for row in result.rows:
            if row.action != "unchanged":
                # Joined in the run's language: “更新：林晓 <lin@…>（职位，经理）”.
                changes = _(" (%(changes)s)") % {"changes": _(", ").join(row.changes)}
                who = f"{row.name} <{row.shown}>" if row.name else row.shown
                self.stdout.write(
                    _("%(action)s: %(who)s") % {"action": labels[row.action], "who": who}
                    + (changes if row.changes else "")
                )
        for path_text in result.new_teams:
            self.stdout.write(_("New team: %(path)s") % {"path": path_text})
        for problem in result.problems:
            self.stdout.write(problem)
        self.stdout.write(result.summary)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))

    def _export(self, actor, fmt, output) -> None:
        if fmt == "xlsx" and not output:
            raise CommandError(_("An .xlsx export needs a file: add -o FILE."))
        data = export_people(actor, fmt=fmt)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(
                _("Wrote %(file)s (%(size)s bytes).") % {"file": output, "size": f"{len(data):,}"}
            )
        else:
            self.stdout.write(data.decode().lstrip("\ufeff"), ending="")
