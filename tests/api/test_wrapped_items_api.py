"""/okrtext/parse joins a list item's soft-wrapped line into its text (issue 10, F6), and reads
the key results after it."""

import pytest

TEXTS = [
    (
        "O1: Grow revenue\n- Reach 100 paying customers in\n  the enterprise segment\n"
        "- Cut churn to 3%\n",
        ["Reach 100 paying customers in the enterprise segment", "Cut churn to 3%"],
    ),
    (
        "O1：提升收入\n- 新签企业客户达到 100 家，重点覆盖\n  华东和华南地区\n- 流失率降到 3%\n",
        ["新签企业客户达到 100 家，重点覆盖华东和华南地区", "流失率降到 3%"],
    ),
]


@pytest.mark.parametrize(("text", "key_results"), TEXTS)
def test_parse_joins_a_wrapped_item(world, api, text, key_results):
    response = api(world.alice).post("/okrtext/parse", {"text": text})
    assert response.status_code == 200, response.content
    [objective] = response.json()["sections"][0]["objectives"]
    assert [kr["text"] for kr in objective["key_results"]] == key_results
