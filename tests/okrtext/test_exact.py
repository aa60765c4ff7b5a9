"""Exact lines (okrtext.exact): Mubiao's Markdown export read back verbatim."""

from hypothesis import given
from hypothesis import strategies as st

from mubiao.okrtext import exact, parse

_TEXT = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
titles = st.text(_TEXT, min_size=1, max_size=40).map(str.strip).filter(bool)
values = st.text(_TEXT, max_size=12)


@given(title=titles, unit=values, start=st.decimals(allow_nan=False, allow_infinity=False))
def test_any_title_and_values_come_back(title, unit, start):
    stated = {"metric": "number", "start": str(start), "unit": unit, "direction": "increase"}
    line = f"KR3: {exact.escape(title)} {exact.attributes(stated)}"
    assert exact.read_line(line) == ("KR", title, stated)
    document = parse(f"O1: Grow {{kind=committed}}\n{line}\n")
    (objective,) = document.objectives
    assert objective.stated == {"kind": "committed"}
    assert [(kr.text, kr.stated) for kr in objective.key_results] == [(title, stated)]
    assert document.problems == []


def test_people_s_lines_are_read_as_before():
    """Braces in people's text are no attribute block: the line is read by the heuristics."""
    for line in [
        "KR1: 客诉率从 8% 降低到 3% {重要}",
        "KR1: reach {a} 10 customers",
        "KR1: x {}y",
        "KR1: x {}",
    ]:
        assert exact.read_line(line) is None
    (kr,) = parse("O1: Grow\nKR1: 客诉率从 8% 降低到 3%\n").objectives[0].key_results
    assert (kr.start, kr.target, kr.stated) == (8, 3, {})
