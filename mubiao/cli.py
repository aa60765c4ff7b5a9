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
    from mubiao.okrs.transfer.text_reader import text_problems
    from mubiao.okrtext.model import Problem

    return [
        Problem(line=p["line"], message=p["message"], column=p["column"])
        for p in text_problems(document, text, None)
    ]


if __name__ == "__main__":
    sys.exit(main())
