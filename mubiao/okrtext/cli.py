"""`mubiao parse` and `mubiao lint` (DESIGN.md §6); the console script calls these with argv."""

import argparse
import json
import sys
from pathlib import Path

from .lint import Finding, lint
from .model import Document
from .parser import parse
from .problems import AMBIGUOUS_NUMBER
from .rules import ERROR

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class UnreadableInput(Exception):
    """The input file cannot be opened or decoded; the message says why."""


def read_input(source: str) -> str:
    """Text of FILE or of stdin ("-"): UTF-8 (with or without BOM), else GB18030."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as error:
        raise UnreadableInput(f"cannot read {source}: {error.strerror or error}") from error
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    name = "standard input" if source == "-" else source
    raise UnreadableInput(f"cannot decode {name}: it is neither UTF-8 nor GB18030 text")


def parse_main(argv: list[str], checks=None) -> int:
    """mubiao parse FILE|- [--json] [--year Y]. `checks(text, document)`: further problems
    (Problem) to list with okrtext's, such as what Mubiao's text import refuses or notes
    (mubiao.cli passes them; okrtext itself stays without Django)."""
    parser = argparse.ArgumentParser(prog="mubiao parse", description="Read OKRs from text.")
    parser.add_argument("file", help="a text or Markdown file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print JSON (DESIGN.md §5)")
    parser.add_argument("--year", type=int, help="the year that Q1, 2 月 … refer to")
    args = _arguments(parser, argv)
    if isinstance(args, int):
        return args
    try:
        text = read_input(args.file)
        document = parse(text, year=args.year)
    except UnreadableInput as error:
        print(f"mubiao parse: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    if checks is not None:
        checked = checks(text, document)
        # A line whose number a check names (`“6，5” is ambiguous: write 6.5 (a decimal) …`) is said
        # once, in the check's words, as the import says it: not also as AMBIGUOUS_NUMBER.
        said = {problem.line for problem in checked}
        document.problems = sorted(
            [
                *(p for p in document.problems
                  if not (p.message == AMBIGUOUS_NUMBER and p.line in said)),
                *checked,
            ],
            key=lambda problem: problem.line,
        )  # fmt: skip
    if args.json:
        print(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_describe(document))
    return EXIT_OK


def lint_main(argv: list[str], checks=None) -> int:
    """mubiao lint FILE|- [--json] [--lang zh-hans|en]; exit 1 when a finding is an error.
    `checks(text, lang, asked)`: further findings (Finding), such as what Mubiao's text import
    refuses or notes, on lines other than `asked` (those okrtext's own `unreadable` finding
    asks about), as /okrtext/lint adds them (mubiao.cli passes them)."""
    parser = argparse.ArgumentParser(
        prog="mubiao lint", description="Check OKRs against the rules."
    )
    parser.add_argument("file", help="a text or Markdown file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument("--lang", choices=("zh-hans", "en"), help="language of the messages")
    args = _arguments(parser, argv)
    if isinstance(args, int):
        return args
    try:
        text = read_input(args.file)
        findings = lint(text, lang=args.lang)
    except UnreadableInput as error:
        print(f"mubiao lint: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    if checks is not None:
        findings += checks(text, args.lang, {f.line for f in findings if f.rule == "unreadable"})
    if args.json:
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        print("\n".join(_describe_finding(f) for f in findings) or "no findings")
    return EXIT_FINDINGS if any(f.severity == ERROR for f in findings) else EXIT_OK


def _arguments(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    """Parsed arguments, or the exit code argparse chose (usage errors, --help)."""
    try:
        return parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_UNREADABLE


def _with_unit(value, unit: str | None) -> str:
    """A value with its unit as a person writes it: a word apart (10 new engineers, 30
    minutes), a sign or a Chinese measure word against it (45%, 280人)."""
    if not unit:
        return str(value)
    return f"{value} {unit}" if unit[0].isascii() and unit[0].isalpha() else f"{value}{unit}"


def _describe(document: Document) -> str:
    lines = []
    for section in document.sections:
        team = f"  (team: {section.team})" if section.team else ""
        lines.append(f"{section.owner or '(no owner)'}{team}")
        for number, objective in enumerate(section.objectives, start=1):
            lines.append(f"  O{number} {objective.title}  [line {objective.line}]")
            for index, kr in enumerate(objective.key_results, start=1):
                lines.append(f"    KR{index} {kr.text}  [line {kr.line}]")
                facts = [kr.direction]
                if kr.target is not None:
                    said = kr.to_dict()
                    start = ""
                    if kr.start is not None:
                        start = f"{_with_unit(said['start'], kr.start_unit)} → "
                    target = _with_unit(said["target"], kr.unit)
                    facts.append(f"{start}{target} ({kr.target_type})")
                if kr.metric:
                    facts.append(f"metric: {kr.metric}")
                if kr.deadline:
                    facts.append(f"due: {kr.deadline}" + (f" = {kr.due}" if kr.due else ""))
                if kr.mentions:
                    facts.append("mentions: " + ", ".join("@" + m for m in kr.mentions))
                if kr.is_activity:
                    facts.append("activity")
                if kr.held:
                    facts.append("on hold")
                lines.append("        " + "; ".join(facts))
    if document.problems:
        lines.append("")
        count = len(document.problems)
        lines.append(f"{count} note:" if count == 1 else f"{count} notes:")
        lines.extend(f"  line {p.line}: {p.message}" for p in document.problems)
    return "\n".join(lines)


def _describe_finding(finding: Finding) -> str:
    where = f"line {finding.line}: " if finding.line else ""
    place = "".join(
        f"{label}{value} "
        for label, value in (("O", finding.objective), ("KR", finding.key_result))
        if value is not None
    )
    said = f"{where}{finding.severity} {finding.rule} {place}{finding.message}"
    return f"{said}\n    → {finding.suggestion}" if finding.suggestion else said
