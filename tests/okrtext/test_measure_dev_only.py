"""The dev measurement tool (tests/okrtext/measure.py) measures dev only: it refuses any other
split, and what it loads comes from dev source pages alone (nothing of the holdout is read)."""

from tests.okrtext.measure import dev_sources, main
from tests.okrtext.real_corpus import load_documents, load_key_results, load_split, page


def test_it_refuses_the_holdout(capsys):
    assert main(["--split", "holdout"]) == 2
    assert "refused" in capsys.readouterr().err


def test_it_loads_dev_sources_only():
    dev = dev_sources()
    others = {page(source) for source, name in load_split().items() if name != "dev"}
    assert dev and not dev & others
    assert {entry.source for entry in load_key_results(dev)} <= dev
    assert {document.source for document in load_documents(dev)} <= dev
