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

        command = text_cli.parse_main if argv[0] == "parse" else text_cli.lint_main
        try:
            return command(argv[1:])
        except BrokenPipeError:
            # `mubiao parse FILE | head` closes the pipe early; that is not an error.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mubiao.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mubiao", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
