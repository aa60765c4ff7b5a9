"""`python -m mubiao.okrtext parse|lint ...`: the same commands as `mubiao parse|lint`."""

import sys

from .cli import lint_main, parse_main

COMMANDS = {"parse": parse_main, "lint": lint_main}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print("usage: python -m mubiao.okrtext {parse,lint} FILE|- [options]", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
