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
            return text_cli.lint_main(argv[1:], checks=import_findings)
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


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mubiao.settings")
    import django

    django.setup()


def _text_problems(text: str, document) -> list[dict]:
    """What the text import would refuse or note in `document` (text_reader.text_problems,
    the same problems as /okrtext/parse, issue 9). Django is set up for its readers and
    messages; no database is reached."""
    _setup()
    from mubiao.okrs.transfer.text_reader import text_problems

    return text_problems(document, text, None)


def import_problems(text: str, document) -> list:
    """_text_problems as okrtext Problems, for `mubiao parse`, with the detail lines a key
    result took its values from."""
    refused = _text_problems(text, document)  # sets Django up
    from mubiao.okrs.transfer.text_reader import used_lines
    from mubiao.okrtext.model import Problem

    problems = [Problem(line=p["line"], message=p["message"], column=p["column"]) for p in refused]
    # The detail lines a key result took its values from, as the import preview says them.
    problems += [Problem(line=line, message=message) for line, message in used_lines(document)]
    _read_stated_values(document)
    return problems


def import_findings(text: str, lang: str | None, asked: set) -> list:
    """_text_problems as lint findings for `mubiao lint FILE`, in the language of its other
    findings, as /okrtext/lint adds them (api.endpoints.okrtext._finding): an error where the
    import refuses the line, a warning where it imports it with a note; none on a line
    okrtext's own `unreadable` finding asks about (`asked`). `{start=abc}` was linted as a
    milestone, its refusal unsaid (issue 9)."""
    from mubiao.okrtext import parse
    from mubiao.okrtext.lint import Finding
    from mubiao.okrtext.text import is_mostly_cjk

    _setup()
    from django.utils import translation

    # The language okrtext.lint_objectives picks for its own findings when none is given.
    with translation.override(lang or ("zh-hans" if is_mostly_cjk(text) else "en")):
        problems = _text_problems(text, parse(text))
    return [
        Finding(
            rule="unreadable",
            severity="error" if p["refused"] else "warning",
            objective=None,
            key_result=None,
            line=p["line"],
            message=p["message"],
            suggestion="",
        )
        for p in problems
        if p["line"] not in asked
    ]


def _read_stated_values(document) -> None:
    """Each key result's start, target and unit as the text import stores them: a title's
    (readings.said_as_stored), and a line's stated in attributes (`{target=1.2万}`) as the text
    import reads them (readings.stated_fields: the reader of a CSV cell), so that `mubiao
    parse` answers the values the import stores, as /okrtext/parse does (issue 9, A4: both
    answered no target). A value the import refuses is left unread (its problem is listed)."""
    from decimal import Decimal

    from mubiao.okrs.transfer.columns import CellError
    from mubiao.okrs.transfer.readings import STATED_KEY_RESULT, said_as_stored, stated_fields

    for objective in document.objectives:
        for reading in objective.key_results:
            if not reading.stated:
                # A title's values as the import stores them, as /okrtext/parse says them
                # (readings.said_as_stored): 八百 … 两千 万元 was said as 8,000,000 元 (probe 27).
                for name, value in (said_as_stored(reading, None) or {}).items():
                    setattr(reading, name, value)
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
