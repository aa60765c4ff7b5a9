"""The `mubiao` console script.

`mubiao parse` and `mubiao lint FILE` work on text and need no database, so they run
without setting Django up (`mubiao lint --org SLUG --cycle NAME` lints stored OKRs);
every other word is a Django management command (Mubiao's own `serve`, `demo`, `createorg`,
`import`, `export`, `people`, `token`, `worker`, or Django's `migrate`, `createsuperuser`, …).
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["lint"] and any(a == "--org" or a.startswith("--org=") for a in argv):
        argv[0] = "lintokrs"  # the linter on stored OKRs needs the database
    elif argv and argv[0] in ("parse", "lint"):
        from mubiao.okrtext import cli as text_cli

        try:
            if argv[0] == "parse":
                return text_cli.parse_main(argv[1:], checks=import_problems)
            return text_cli.lint_main(argv[1:])
        except BrokenPipeError:
            # `mubiao parse FILE | head` closes the pipe early; that is not an error.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mubiao.settings")
    from django.core.management import execute_from_command_line

    if argv[:1] == ["runserver"] and (problem := _uncollected_static()):
        # Django's own runserver (staticfiles') is the one found, so the check is made here.
        sys.stderr.write(problem + "\n")
        return 1
    execute_from_command_line(["mubiao", *argv])
    return 0


def _uncollected_static() -> str | None:
    """serve.uncollected_static, in the server's language (MUBIAO_LANGUAGE)."""
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    from mubiao.web.management.commands.serve import uncollected_static

    with translation.override(settings.LANGUAGE_CODE):
        return uncollected_static()


def import_problems(text: str, document) -> list:
    """What the text import would refuse or note in `document` (text_reader.text_problems,
    the same problems as /okrtext/parse, issue 9), as okrtext Problems. Django is set up for
    its readers and messages; no database is reached."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mubiao.settings")
    import django

    django.setup()
    from mubiao.okrs.transfer.text_reader import text_problems, used_lines
    from mubiao.okrtext.model import Problem

    problems = [
        Problem(line=p["line"], message=p["message"], column=p["column"])
        for p in text_problems(document, text, None)
    ]
    # The detail lines a key result took its values from, as the import preview says them.
    problems += [Problem(line=line, message=message) for line, message in used_lines(document)]
    _read_stated_values(document)
    return problems


def _read_stated_values(document) -> None:
    """A line's start, target and unit stated in attributes (`{target=1.2万}`) as the text
    import reads them (readings.stated_fields: the reader of a CSV cell), so that `mubiao
    parse` answers the values the import stores, as /okrtext/parse does (issue 9, A4: both
    answered no target). A value the import refuses is left unread (its problem is listed)."""
    from decimal import Decimal

    from mubiao.okrs.transfer.columns import CellError
    from mubiao.okrs.transfer.readings import STATED_KEY_RESULT, stated_fields

    for objective in document.objectives:
        for reading in objective.key_results:
            if not reading.stated:
                continue
            try:
                fields = stated_fields(reading.stated, STATED_KEY_RESULT, reading.text, None).fields
            except CellError:  # `due=` that is no date: listed as a problem
                continue
            read = {name: fields.get(field) for name, field in
                    (("start", "start_value"), ("target", "target_value"))}  # fmt: skip
            if any(not isinstance(v, Decimal) for k, v in read.items() if k in reading.stated):
                continue
            reading.start = read["start"] if "start" in reading.stated else reading.start
            reading.target = read["target"] if "target" in reading.stated else reading.target
            reading.unit = fields.get("unit") or reading.unit


if __name__ == "__main__":
    sys.exit(main())
