"""`mubiao export --org SLUG --cycle NAME --format md|xlsx|csv|json [-o FILE] [--as EMAIL]`.

Exports what the acting person can see (by default an owner of the organization, who sees
everything). Text formats go to standard output unless -o is given; .xlsx needs -o.
"""

import codecs
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mubiao.okrs.transfer.cli import actor_for, cycle_for
from mubiao.okrs.transfer.exporter import FORMATS, stream_okrs
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
            pieces = stream_okrs(actor, cycle=target, fmt=fmt)
            # Written piece by piece as read (issue 14): the export is never whole in memory.
            if output:
                size = 0
                with Path(output).open("wb") as file:
                    for piece in pieces:
                        file.write(piece)
                        size += len(piece)
                self.stderr.write(
                    _("Wrote %(file)s (%(size)s bytes).") % {"file": output, "size": f"{size:,}"}
                )
            else:
                decoder = codecs.getincrementaldecoder("utf-8")()
                for piece in pieces:
                    self.stdout.write(decoder.decode(piece), ending="")
                self.stdout.write(decoder.decode(b"", final=True), ending="")
