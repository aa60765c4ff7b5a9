"""The dev measurement tool (tests/okrtext/measure.py) measures dev only: it refuses any other
split, and what it loads comes from dev source pages alone (nothing of the holdout is read)."""

from collections import defaultdict

from tests.okrtext.measure import dev_sources, main, report
from tests.okrtext.real_corpus import FIELDS, ROOT, load_documents, load_key_results, page


def test_it_refuses_the_holdout(capsys):
    assert main(["--split", "holdout"]) == 2
    assert "refused" in capsys.readouterr().err


def _splits_of_pages() -> dict[str, set[str]]:
    """Every page of split.txt and the split names its lines give it, read here line by line
    (not through the tool's own reading, and keeping a page named twice)."""
    named = defaultdict(set)
    for line in (ROOT / "split.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, source = line.split(maxsplit=1)
            named[page(source)].add(name)
    return named


def test_dev_is_every_page_named_dev_and_only_dev():
    named = _splits_of_pages()
    dev = dev_sources()
    # No page in both splits (one fragment of it in each would take holdout lines into dev).
    assert [source for source, names in named.items() if len(names) > 1] == []
    assert dev == {source for source, names in named.items() if names == {"dev"}}
    assert dev and any(names == {"holdout"} for names in named.values())


def test_it_loads_dev_sources_only():
    dev = dev_sources()
    assert {entry.source for entry in load_key_results(dev)} <= dev
    assert {document.source for document in load_documents(dev)} <= dev


def test_the_report_is_a_table_of_dev_figures():
    entries = load_key_results(dev_sources())
    lines = report().splitlines()
    assert f"all (n={len(entries)})" in lines[0]
    assert [line.split()[0] for line in lines[1 : 1 + len(FIELDS)]] == list(FIELDS)
    assert lines[1 + len(FIELDS)].startswith("documents")


def test_it_measures_only_the_dev_pages_asked_for(capsys):
    named = sorted(dev_sources())
    chosen = {named[0], named[-1]}
    entries = [e for e in load_key_results(dev_sources()) if e.source in chosen]
    assert main(["--split", "dev", "--source", named[0], "--source", named[-1]]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert f"all (n={len(entries)})" in first
    assert len(entries) < len(load_key_results(dev_sources()))


def test_a_source_outside_dev_is_refused(capsys):
    holdout = next(source for source, names in _splits_of_pages().items() if names == {"holdout"})
    assert main(["--split", "dev", "--source", holdout]) == 2
    assert "refused" in capsys.readouterr().err
    assert main(["--split", "dev", "--source", "https://example.org/never-listed"]) == 2
