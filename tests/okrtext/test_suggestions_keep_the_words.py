"""Issue 9 (brief h9u): a suggestion built from what a person wrote keeps every word of it but
the part it means to replace. A tester was offered `--$20k to $50k` for `-$20k to -$50k` (the
numbers swapped without their signs) and told of "the number 0P0 incidents" for `Zero P0
incidents` (the target rebuilt from its value and unit, not quoted)."""

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from mubiao.okrtext import lint
from mubiao.okrtext.reading import unreadable_example
from mubiao.okrtext.text import normalise

# A number as people write one in a title: a sign, a currency, digits, a magnitude.
NUMBER = st.builds(
    lambda sign, currency, digits, magnitude: f"{sign}{currency}{digits}{magnitude}",
    st.sampled_from(["", "-"]),
    st.sampled_from(["", "$", "¥"]),
    st.integers(min_value=1, max_value=999).map(str),
    st.sampled_from(["", "k", "M"]),
)
WORDS = st.lists(
    st.sampled_from(["P0", "incidents", "cost", "burn", "API", "v2", "tier-1", "NPS", "B2B"]),
    min_size=1,
    max_size=3,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(WORDS, NUMBER, NUMBER)
def test_two_numbers_swapped_keep_every_word_and_sign(words, one, other):
    written = f"{one} to {other}"
    example = unreadable_example("direction", written)
    if example:
        # The same words, the two numbers in each other's place: nothing merged or lost.
        assert example.split() == [other, "to", one], (written, example)
    line = f"Reduce {words} from {one} to {other}"
    for finding in lint(f"O1: Be great\nKR1: {line}\n", lang="en"):
        for quoted in re.findall(r'"([^"]*)"', finding.suggestion):
            if "X" not in quoted and "Y" not in quoted:
                assert Counter(quoted.split()) <= Counter(normalise(line).split()), (
                    line,
                    finding,
                )


@settings(max_examples=200, deadline=None)
@given(
    WORDS,
    st.sampled_from(["Zero", "0", "3", "$50k", "10 万", "-5", "¥2M"]),
    st.sampled_from(["{target} {words}", "Grow {words} to {target}", "{words} 提升到 {target}"]),
)
def test_a_target_is_quoted_as_written(words, target, shape):
    line = shape.format(target=target, words=words)
    for finding in lint(f"O1: Be great\nKR1: {line}\n", lang="en"):
        for said in re.findall(r"target \(([^)]*)\)|The number (.*) has no comparator",
                               finding.message):  # fmt: skip
            quoted = "".join(said)
            assert quoted in normalise(line), (line, finding.message)


def test_the_testers_titles():
    assert unreadable_example("direction", "-$20k to -$50k") == "-$50k to -$20k"
    findings = lint("O1: Be great\nKR1: Zero P0 incidents\n", lang="en")
    assert not any("0P0" in f.message + f.suggestion for f in findings), findings
    findings = lint("O1: Be great\nKR1: Grow revenue to $50k\n", lang="en")
    assert not any("50000$" in f.message + f.suggestion for f in findings), findings
