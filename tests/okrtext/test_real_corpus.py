"""The reader on real published OKRs (corpus/real): per-field accuracy on dev and holdout.

The bar is on the holdout: every field ≥ 95% and every document's structure exact. Misses are
listed for dev only, so that nobody tunes on the holdout (corpus/real/README.md).
"""

from collections import Counter

import pytest

from .conftest import REPORTS
from .real_corpus import (
    FIELDS,
    agreement,
    evaluate,
    linter_rates,
    load_documents,
    load_key_results,
    load_split,
    same,
    structure_matches,
    structure_of,
)

KEY_RESULTS = load_key_results()
DOCUMENTS = load_documents()
SPLIT = load_split()
BAR = 0.95


def _in(split: str, lang: str | None = None) -> list:
    return [k for k in KEY_RESULTS if SPLIT[k.source] == split and lang in (None, k.lang)]


def _documents(split: str) -> list:
    return [d for d in DOCUMENTS if SPLIT[d.source] == split]


def test_corpus_is_real_sized_and_split_by_source():
    languages = Counter(k.lang for k in KEY_RESULTS)
    assert len(KEY_RESULTS) >= 400 and min(languages.values()) >= 190, languages
    assert len(DOCUMENTS) >= 30
    sources = {k.source for k in KEY_RESULTS} | {d.source for d in DOCUMENTS}
    assert sources == set(SPLIT), "every source page is in split.txt, and nothing else"
    # The split was made once at about 40%; lines added to dev later (README.md) lower the
    # share without changing it.
    split_once = [k for k in KEY_RESULTS if not k.added]
    holdout = len(_in("holdout")) / len(split_once)
    assert 0.35 <= holdout <= 0.45, holdout
    assert len(_documents("holdout")) >= 10
    # No key result is in both splits, and none is a copy of the tuned corpora.
    from .audit_corpus import AUDIT
    from .corpus import CORPUS, HELD_OUT

    tuned = {e.kr for e in [*CORPUS, *HELD_OUT, *AUDIT]}
    assert not tuned & {k.kr for k in KEY_RESULTS}


@pytest.mark.parametrize(
    ("reading", "annotated", "matches"),
    [
        # docs/okrtext-metric.md, "How a reading is compared": the same measured noun ...
        ("reply time", "total reply time", True),
        ("7-day activation rate", "activation rate", True),
        ("organic traffic", "organic traffic to the blog", True),
        ("high-severity bugs found", "high-severity bugs", True),
        ("water a day", "water", True),
        ("views", "views per 30 days of blog articles", True),
        ("ＮＰＳ", "NPS (Net Promoter Score)", True),
        ("渠道成本", "招聘渠道成本", True),
        ("转化率", "注册转化率", True),
        # ... and not a bare head, another noun, a ratio's base or a measure's suffix.
        ("time", "reply time", False),
        ("place", "features & priorities", False),
        ("share", "share of repeat orders", False),
        ("Training Investment", "Training Investment per Employee", False),
        ("daemon always", "other daemons", False),
        ("政策", "人员招聘政策", False),
        ("满意度", "客户满意度", False),
    ],
)
def test_metric_comparison_is_the_documented_one(reading, annotated, matches):
    assert same("metric", reading, (annotated,)) is matches


def _table() -> tuple[str, dict[str, dict[str, float]]]:
    columns = {}
    for split in ("dev", "holdout"):
        for lang in ("zh", "en", None):
            entries = _in(split, lang)
            columns[f"{split} {lang or 'all'} (n={len(entries)})"] = evaluate(entries)[0]
    header = f"{'field':<12}" + "".join(f"{name:>22}" for name in columns)
    rows = [header] + [
        f"{field:<12}" + "".join(f"{acc[field]:>22.1%}" for acc in columns.values())
        for field in FIELDS
    ]
    return "\n".join(rows), columns


def test_accuracy_is_printed_per_field_language_and_split():
    report, columns = _table()
    documents = []
    for split in ("dev", "holdout"):
        docs = _documents(split)
        exact = [d.name for d in docs if structure_matches(d)]
        documents.append(f"{split}: {len(exact)}/{len(docs)} documents with the exact structure")
    linter = []
    for split in ("dev", "holdout"):
        false_positive, false_negative, _ = linter_rates(_in(split))
        linter.append(
            f"{split}: linter false positives {false_positive:.1%}, false negatives "
            f"{false_negative:.1%}"
        )
    lines, agreed = agreement(_in("holdout"))
    linter.append(
        f"second annotation of {lines} holdout lines, agreement: "
        + ", ".join(f"{field} {share:.0%}" for field, share in agreed.items())
    )
    dev_linter_misses = linter_rates(_in("dev"))[2]
    dev_misses = evaluate(_in("dev"))[1]
    dev_documents = [
        f"{d.name}: got {structure_of(d)}, expected {list(d.structure)}"
        for d in _documents("dev")
        if not structure_matches(d)
    ]
    REPORTS.append(
        "real corpus (corpus/real, read in 2026)\n"
        + report
        + "\n"
        + "\n".join(documents)
        + "\n"
        + "\n".join(linter)
        + "\ndev linter misses:\n"
        + "\n".join(map(repr, dev_linter_misses))
        + "\ndev misses:\n"
        + "\n".join(map(repr, dev_misses))
        + "\ndev documents not read as a person sees them:\n"
        + "\n".join(dev_documents)
    )
    assert all(0 <= acc[f] <= 1 for acc in columns.values() for f in FIELDS)


def test_dev_documents_are_read_as_a_person_sees_them():
    # Dev only: the layouts the reader was tuned on (outline chapters, "OKR 2020A:", "主要结果：",
    # "KR1-O1：" after all the objectives, role prefixes) must stay read exactly.
    wrong = [
        f"{d.name}: got {structure_of(d)}, expected {list(d.structure)}"
        for d in _documents("dev")
        if not structure_matches(d)
    ]
    assert not wrong, wrong


# The holdout bar per field. A field that is below the bar today is an expected failure that
# names its figure; strict, so that reaching the bar turns the test red until the mark goes.
# Figures of the last deliberate look at the holdout (corpus/real/README.md).
_BELOW_BAR = {
    field: f"holdout {field} is {figure} (< 95%): {why}"
    for field, figure, why in (
        (
            "metric",
            "84.8%",
            "with the written convention and its lenient comparison (docs/okrtext-metric.md),"
            " dev 95.9%; zh 89.2%, en 81.8% on the holdout (look 9): the measured noun is"
            " still found by rules that do not reach every sentence shape",
        ),
        (
            "is_activity",
            "87.2%",
            "zh 89.2%, en 85.9% at look 9, dev 97.5%: sentence structure with"
            " jieba.posseg and a verb word list, decided on dev, does not carry over",
        ),
    )
}


@pytest.mark.parametrize(
    "field",
    [
        pytest.param(
            f, marks=pytest.mark.xfail(strict=True, reason=_BELOW_BAR[f]) if f in _BELOW_BAR else ()
        )
        for f in FIELDS
    ],
)
def test_holdout_field_meets_the_bar(field):
    accuracy = evaluate(_in("holdout"))[0][field]
    assert accuracy >= BAR, f"holdout {field}: {accuracy:.1%} < {BAR:.0%}"


_DOCUMENTS_BELOW_BAR = (
    "holdout documents: 8 of 12 read with the exact structure (4 wrong; dev 25/25 after topic "
    "titles and outline layouts)"
)


@pytest.mark.xfail(
    bool(_DOCUMENTS_BELOW_BAR), strict=True, reason=_DOCUMENTS_BELOW_BAR or "meets the bar"
)
def test_holdout_documents_are_read_as_a_person_sees_them():
    wrong = [d for d in _documents("holdout") if not structure_matches(d)]
    assert not wrong, f"{len(wrong)} of {len(_documents('holdout'))} holdout documents are wrong"


_LINTER_BELOW_BAR = (
    "holdout linter: false positives 14.0% (bar 3%), false negatives 11.4% (bar 10%) at look 9: "
    "it follows the reader's is_activity (87.2% on the holdout); dev 1.5% and 3.0%"
)


@pytest.mark.xfail(bool(_LINTER_BELOW_BAR), strict=True, reason=_LINTER_BELOW_BAR or "meets it")
def test_holdout_linter_false_positives_and_negatives():
    false_positive, false_negative, _ = linter_rates(_in("holdout"))
    assert false_positive <= 0.03 and false_negative <= 0.10, "holdout linter rates over the bar"
