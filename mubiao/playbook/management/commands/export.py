"""`mubiao export --org SLUG --cycle NAME --format md|xlsx|csv|json [-o FILE] [--as EMAIL]`.

Exports what the acting person can see (by default an owner of the organization, who sees
everything). Text formats go to standard output unless -o is given; .xlsx needs -o.
"""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mubiao.okrs.transfer import export_okrs
from mubiao.okrs.transfer.cli import actor_for, cycle_for
from mubiao.okrs.transfer.exporter import FORMATS
from mubiao.orgs.cli import SpeakingCommand, speaking


class Command(SpeakingCommand):
    help = "Export the OKRs of a cycle as Markdown, Excel, CSV or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--cycle", required=True, help="cycle name")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="md")
        parser.add_argument("-o", "--output", help="write to this file (default: stdout)")
        parser.add_argument("--as", dest="email", help="export what this member can see")

    def handle(self, *args, org, cycle, fmt, output, email, **options):
        actor = actor_for(org, email)
        target = cycle_for(actor, cycle)
        with speaking(actor):
            if fmt == "xlsx" and not output:
                raise CommandError(_("An .xlsx export needs a file: add -o FILE."))
            data = export_okrs(actor, cycle=target, fmt=fmt)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(
                _("Wrote %(file)s (%(size)s bytes).") % {"file": output, "size": f"{len(data):,}"}
            )
        else:
            self.stdout.write(data.decode(), ending="")
