"""Per-field accuracy of the reader on the DEV split of the real corpus (issue 10 §1).

    PYTHONPATH=$PWD .venv/bin/python -m tests.okrtext.measure --split dev [--misses]
        [--source PAGE ...]

`--source` (repeatable) measures only those dev pages, e.g. the pages a round has just added:
its first reading is the honest "unseen real text" figure. A page that is not dev is refused.

Tuning looks at dev only, so this tool measures nothing else: it refuses any other split, and
it picks the dev source pages from split.txt before it reads a line, so no holdout sentence,
document or figure is ever parsed, printed or counted (the holdout is measured only by
test_real_corpus.py, which tuning never runs).
"""

import argparse
import sys

from .accuracy import table
from .real_corpus import (
    evaluate,
    linter_rates,
    load_documents,
    load_key_results,
    load_split,
    page,
    structure_matches,
)

SPLIT = "dev"


def dev_sources() -> set[str]:
    return {page(source) for source, name in load_split().items() if name == SPLIT}


def report(show_misses: bool = False, only: set[str] | None = None) -> str:
    """The dev figures, or those of the dev pages in `only` (pages outside dev are refused)."""
    sources = dev_sources()
    if only is not None:
        only = {page(source) for source in only}
        if outside := only - sources:
            raise ValueError(f"not dev pages: {sorted(outside)}")
        sources = only
    entries = load_key_results(sources)
    by_language = {
        "zh": [e for e in entries if e.lang == "zh"],
        "en": [e for e in entries if e.lang == "en"],
        "all": entries,
    }
    results = {name: evaluate(subset) for name, subset in by_language.items()}
    rows = [table({name: (results[name][0], len(by_language[name])) for name in by_language})]
    documents = load_documents(sources)
    exact = [d for d in documents if structure_matches(d)]
    false_positives, false_negatives, linter_misses = linter_rates(entries)
    rows.append(f"documents   {len(exact)}/{len(documents)} structure exact")
    rows.append(
        f"linter      false positives {false_positives:.1%}, false negatives {false_negatives:.1%}"
    )
    if show_misses:
        rows.append("")
        rows.extend(
            f"{field}: {kr!r} got {got!r} want {want!r}"
            for kr, field, got, want in results["all"][1]
        )
        rows.extend(f"{kind}: {kr!r} {found}" for kind, kr, found in linter_misses)
        rows.extend(f"document: {d.name}" for d in documents if d not in exact)
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split", default=SPLIT, help="only 'dev': the holdout is never measured here"
    )
    parser.add_argument("--misses", action="store_true", help="list every miss (dev lines only)")
    parser.add_argument(
        "--source",
        action="append",
        metavar="PAGE",
        help="measure only this dev source page (repeatable; as written in split.txt)",
    )
    options = parser.parse_args(argv)
    if options.split != SPLIT:
        print(
            f"refused: only the {SPLIT} split is measured here (tuning never looks at the holdout)",
            file=sys.stderr,
        )
        return 2
    try:
        print(report(options.misses, set(options.source) if options.source else None))
    except ValueError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
