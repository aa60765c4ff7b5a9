"""A list item's text soft-wrapped onto the next, indented line (Markdown) joins the item's text
(issue 10, F6): the tail was read as prose and the key results after it were lost. A line that
says what it is (a field, a label, a marked key result) stays its own line."""

import json

import pytest

from mubiao.okrtext import parse
from mubiao.okrtext.cli import parse_main

WRAPPED = [
    (
        "## Objective: Grow revenue\n- Reach 100 paying customers in\n  the enterprise segment\n"
        "- Cut churn to 3%\n",
        ["Reach 100 paying customers in the enterprise segment", "Cut churn to 3%"],
    ),
    (
        "### O1: Ship the new platform\n1. Cut p95 latency from 400 ms\n   to 200 ms for the\n"
        "   checkout API\n2. Migrate 20 services\n",
        ["Cut p95 latency from 400 ms to 200 ms for the checkout API", "Migrate 20 services"],
    ),
    (
        "Objective: Delight customers\n  * Raise NPS from 30 to 45 across\n    all regions\n"
        "  * Answer 90% of tickets within 4 hours\n",
        ["Raise NPS from 30 to 45 across all regions", "Answer 90% of tickets within 4 hours"],
    ),
    (
        "## 目标：提升收入\n- 新签企业客户达到 100 家，重点覆盖\n"
        "  华东和华南地区\n- 流失率降到 3%\n",
        ["新签企业客户达到 100 家，重点覆盖华东和华南地区", "流失率降到 3%"],
    ),
    (
        "O1：提升交付质量\n1. 线上缺陷数从 40 个\n   降到 10 个\n2. 发布频率提升到每周一次\n",
        ["线上缺陷数从 40 个降到 10 个", "发布频率提升到每周一次"],
    ),
]


@pytest.mark.parametrize(("text", "key_results"), WRAPPED)
def test_a_wrapped_item_is_one_key_result(text, key_results):
    document = parse(text)
    [objective] = document.objectives
    assert [kr.text for kr in objective.key_results] == key_results
    assert document.problems == []


@pytest.mark.parametrize(("text", "key_results"), WRAPPED)
def test_the_cli_reads_the_joined_text(tmp_path, capsys, text, key_results):
    path = tmp_path / "okrs.md"
    path.write_text(text, encoding="utf-8")
    assert parse_main([str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    said = [
        kr["text"] for s in data["sections"] for o in s["objectives"] for kr in o["key_results"]
    ]
    assert said == key_results


NOT_WRAPPED = [
    # A field line under a key result is not more of its text.
    (
        "O1: Grow revenue\n- Reach 100 customers\n  Baseline: 40\n- Cut churn to 3%\n",
        "Reach 100 customers",
    ),
    ("O1：提升收入\n- 客户数达到 100\n  当前值：40\n- 流失率降到 3%\n", "客户数达到 100"),
    ("O1: Grow\n- Reach 100 customers\n  **Why:** we need it\n", "Reach 100 customers"),
    # "Key Result 1:" alone: its text is the next line, as before.
    (
        "Objective: Grow\n- Key Result 1:\n  Reach 100 customers\n- Cut churn to 3%\n",
        "Reach 100 customers",
    ),
    # A blank line ends the item.
    ("O1: Grow revenue\n- Reach 100 customers\n\n  Some note about it\n", "Reach 100 customers"),
    # An unindented line under an item is no soft wrap of it here.
    ("O1: Grow revenue\n- Reach 100 customers\nThis quarter matters.\n", "Reach 100 customers"),
]


@pytest.mark.parametrize(("text", "first"), NOT_WRAPPED)
def test_a_line_that_says_what_it_is_is_not_joined(text, first):
    [objective] = parse(text).objectives
    assert objective.key_results[0].text == first
