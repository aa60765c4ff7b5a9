"""A weight typed in a title (`O1（权重 40%）：…`, `KR1：…（权重 50%）`, `(weight 30%)`) is read
as the weight, as written, beside the title it is cut out of (h10v: it was cut out and dropped
with no note); the import takes it or refuses it as a weight column's value is."""

import pytest

from mubiao.okrtext import parse


@pytest.mark.parametrize(
    ("line", "title", "weight"),
    [
        ("- KR1：交付周期从 10 天缩短到 7 天（权重 50%）", "交付周期从 10 天缩短到 7 天", "50%"),
        ("- KR2: Cut churn from 5% to 3% (weight 30%)", "Cut churn from 5% to 3%", "30%"),
        ("- KR2（权重30%）：客诉率降到 3%", "客诉率降到 3%", "30%"),
        ("- KR3: Reach 50 paying teams (Weight: 0.3)", "Reach 50 paying teams", "0.3"),
        ("- KR4：NPS 达到 45（权重：2）", "NPS 达到 45", "2"),
    ],
)
def test_a_key_results_typed_weight_is_read_beside_it(line, title, weight):
    [kr] = parse(f"O1：提升交付效率\n{line}\n").objectives[0].key_results
    assert kr.text == title
    assert kr.beside == {"weight": weight}


@pytest.mark.parametrize(
    ("line", "title", "weight"),
    [
        ("O1（权重 40%）：提升交付效率", "提升交付效率", "40%"),
        ("O2 (weight 60%): Delight customers", "Delight customers", "60%"),
    ],
)
def test_an_objectives_typed_weight_is_read_beside_it(line, title, weight):
    [objective] = parse(f"{line}\n- KR1：交付周期缩短到 7 天\n").objectives
    assert objective.title == title
    assert objective.beside == {"weight": weight}


def test_a_title_with_no_weight_has_none_beside():
    [objective] = parse("O1：提升交付效率\n- KR1：交付周期缩短到 7 天\n").objectives
    assert objective.beside == {}
    assert objective.key_results[0].beside == {}
