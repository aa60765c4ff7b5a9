"""`mubiao import FILE --org SLUG --cycle NAME [--as EMAIL] [--dry-run] [--confirm-as-written]
[--language LANG]`.

Prints what the file holds (owners, objectives, key results), the linter's findings and the
owners it could not match, then imports it all or nothing. A located error (file, sheet, row,
column) exits with status 1 and nothing written; so does a value asked about (far from its key
result's range, on another scale: the question a check-in would ask) unless
--confirm-as-written answers that the file's values are meant as written. Everything it writes
is in one language (orgs.cli.run_language): --language, else the member's given with --as, else
the organization's. A finding's rule id is shown with -v 2.
"""

import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrs.transfer.cli import actor_for, cycle_for
from mubiao.okrs.transfer.errors import Unanswered
from mubiao.orgs.cli import SpeakingCommand, speaking
from mubiao.web.forms import SEVERITY_LABELS


class Command(SpeakingCommand):
    help = "Import OKRs from text, Markdown, .xlsx, .csv or .json into a cycle (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the file to import, or - for standard input (text)")
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--cycle", required=True, help="cycle name, e.g. “2026 Q1”")
        parser.add_argument("--as", dest="email", help="act as this member (default: an owner)")
        parser.add_argument("--dry-run", action="store_true", help="check and preview only")
        parser.add_argument(
            "--language", help="the output's language (default: the member's, else the org's)"
        )
        parser.add_argument(
            "--confirm-as-written",
            action="store_true",
            help="import the values the preview asks about as they are written",
        )

    def handle(self, *args, file, org, cycle, email, dry_run, confirm_as_written, **options):
        actor = actor_for(org, email)
        target = cycle_for(actor, cycle)
        if file == "-":
            name, data = "stdin.txt", sys.stdin.buffer.read()
        else:
            path = Path(file)
            if not path.is_file():
                with speaking(actor):
                    raise CommandError(_("No such file: %(file)s") % {"file": file})
            name, data = path.name, path.read_bytes()
        with speaking(actor):
            try:
                result = import_okrs(
                    actor,
                    file_name=name,
                    data=data,
                    cycle=target,
                    dry_run=dry_run,
                    progress=self._progress,
                    confirmed=confirm_as_written,
                )
            except Unanswered as error:
                hint = _(
                    "Nothing was imported. Change these values in the file, or run again "
                    "with --confirm-as-written to import them as written."
                )
                raise CommandError("\n".join([*error.texts, hint])) from None
            except ImportFailed as error:
                raise CommandError(error.text) from None
            self._preview(result, actor, verbose=options["verbosity"] > 1)

    def _progress(self, done: int, total: int) -> None:
        # Large files only, about every tenth, on stderr so that stdout stays the preview.
        step = max(total // 10, 1)
        if total >= 500 and (done // step != (done - 1) // step or done == total):
            self.stderr.write(
                ngettext(
                    "Importing… %(done)s of %(total)s key result",
                    "Importing… %(done)s of %(total)s key results",
                    total,
                )
                % {"done": f"{done:,}", "total": f"{total:,}"}
            )

    def _preview(self, result, actor, *, verbose: bool) -> None:
        write = self.stdout.write

        def heading(finding) -> str:
            # The severity in the output's language; a rule's id is a detail for whoever tunes
            # the linter (-v 2), not the advice.
            severity = SEVERITY_LABELS.get(finding["severity"], finding["severity"])
            return f"[{severity}]" + (f" {finding['rule']}" if verbose else "")

        write(
            _("%(file)s (%(format)s): %(objectives)s, %(key_results)s, %(owners)s")
            % {
                "file": result.file_name,
                "format": result.format,
                **{key: result.counted(key) for key in ("objectives", "key_results", "owners")},
            }
        )
        owner = None
        for number, objective in enumerate(result.objectives, start=1):
            label = objective.owner_label or actor.user.display_name
            if label != owner:
                write(f"\n{label}")
                owner = label
            write(f"  O{number}: {objective.title}")
            if objective.alignment:  # what it will be aligned to, as the web preview shows
                write(f"    {objective.alignment}")
            for index, kr in enumerate(objective.key_results, start=1):
                # The values and due date read, as the web preview shows them.
                reading = f" — {kr.reading}" if kr.reading else ""
                write(f"    KR{index}: {kr.fields.get('title')}{reading}")
            for finding in objective.findings:
                where = f" KR{finding['key_result']}" if finding["key_result"] else ""
                write(f"    {heading(finding)}{where}: {finding['message']}")
        for finding in result.set_findings:
            write(f"{heading(finding)}: {finding['message']}")
        if result.unmatched_owners:
            write("")
            write(
                _(
                    "Owners not found in the organization (their objectives go to %(person)s): "
                    "%(owners)s"
                )
                % {"person": actor.user.display_name, "owners": ", ".join(result.unmatched_owners)}
            )
        if result.questions:
            write("")
            write(_("Check these values before importing:"))
            for question in result.questions:
                write(f"  {question}")
        if result.problems:
            write("")
            count = len(result.problems)
            write(ngettext("%(count)s note:", "%(count)s notes:", count) % {"count": count})
            # Every one, as the web preview lists them: a terminal scrolls, and a note left
            # out was one the person never saw.
            for problem in result.problems:
                write(f"  {problem}")
        write("")
        if result.dry_run:
            write(_("Dry run: nothing was saved."))
        else:
            write(self.style.SUCCESS(result.imported_message))
