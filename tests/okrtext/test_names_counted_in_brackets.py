"""h10r (issue 10 §2): names in brackets closing a line, as many as the plural before them
counts (`Launch in 2 new countries (Malaysia, Philippines)`), list the things counted: they stay
in the text, by `read_key_result` and by `parse` alike (main: taken for owners and removed).
One name after a count (`Hire 3 engineers (Alan)`), names after people counted (`Hire 2 SREs
(Alan, Steven)`) or after no count are owners."""

import pytest

from mubiao.okrtext import parse, read_key_result

CASES = [
    ("Launch in 2 new countries (Malaysia, Philippines)", True),
    ("Open 3 regional offices (Berlin, Madrid, Lisbon)", True),
    ("Add 2 payment methods (Klarna, Affirm)", True),
    ("Support 2 more languages (Spanish, German)", True),
    ("Hire 3 engineers (Alan)", False),
    ("Close 5 deals (Kishan, Alan)", False),
    ("Hire 2 SREs (Alan, Steven)", False),
    ("Onboard 2 new partners (Alan, Steven)", False),
    ("Ship the new onboarding flow (Alan, Steven)", False),
]


@pytest.mark.parametrize(("kr", "kept"), CASES)
def test_names_counted_stay_in_the_text(kr, kept):
    expected = kr if kept else kr[: kr.index(" (")]
    assert read_key_result(kr, year=2026).text == expected
    document = parse(f"Objective: Grow abroad\n- {kr}", year=2026)
    assert document.sections[0].objectives[0].key_results[0].text == expected
