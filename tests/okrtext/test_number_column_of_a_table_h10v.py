"""A table's first column numbering its rows (`#`, `序号`, `No.`, `编号`) is read as the rows'
enumerators, whatever its cells hold (`**KR1**`, `KR1`, `1`): the other columns are read by the
header (h10v, epieczko/betty templates/governance/okr-definitions.md: under `| # | Key Result |
Baseline | Target | Current |` every cell was glued into the title, Baseline was dropped and NPS
read as a 0–100 % milestone)."""

from decimal import Decimal

import pytest

from mubiao.okrtext import parse

ROWS = [
    "| **KR1** | Increase Net Promoter Score (NPS) from +35 to +50 | +35 | +50 | +42 |",
    "| **KR2** | Reduce churn from 5% to 3% monthly for mid-market accounts | 5% | 3% | 4.2% |",
]
EXPECTED = [
    ("Increase Net Promoter Score (NPS) from +35 to +50", Decimal(35), Decimal(50), None),
    ("Reduce churn from 5% to 3% monthly for mid-market accounts", Decimal(5), Decimal(3), "%"),
]


def _table(number_header: str, first_cells: tuple[str, str]) -> str:
    rows = [row.replace(row.split("|")[1], f" {cell} ", 1) for row, cell in zip(ROWS, first_cells)]
    return "\n".join(
        [
            "### Objective 2: Improve Product-Market Fit for Mid-Market Segment",
            "",
            f"| {number_header} | Key Result | Baseline | Target | Current |",
            "|---|-----------|----------|--------|---------|",
            *rows,
            "",
        ]
    )


@pytest.mark.parametrize("number_header", ["#", "序号", "No.", "No", "编号", "**#**"])
@pytest.mark.parametrize(
    "first_cells", [("**KR1**", "**KR2**"), ("KR1", "KR2"), ("1", "2"), ("KR 1", "KR 2")]
)
def test_a_numbering_column_is_read_as_the_rows_enumerators(number_header, first_cells):
    document = parse(_table(number_header, first_cells))
    [objective] = document.objectives
    assert objective.title == "Improve Product-Market Fit for Mid-Market Segment"
    read = [(kr.text, kr.start, kr.target, kr.unit) for kr in objective.key_results]
    assert read == EXPECTED
    assert [kr.direction for kr in objective.key_results] == ["increase", "decrease"]


def test_a_header_cell_may_name_its_period_in_brackets():
    # The same document's first table: "Baseline (Q4 2024)", "Current (as of 2025-02-01)".
    text = """\
### Objective 1: Accelerate Enterprise Customer Acquisition

| # | Key Result | Baseline (Q4 2024) | Target (Q1 2025) | Current (as of 2025-02-01) | Grade |
|---|-----------|-------------------|-----------------|---------------------------|-------|
| **KR1** | Increase Enterprise ARR from $12M to $18M (+50%) | $12M | $18M | $14.5M | 0.42 |
| **KR3** | Improve enterprise sales cycle from 120 days to 90 days (-25%) | 120 days | 90 days | 105 days | 0.50 |
"""  # noqa: E501
    [objective] = parse(text).objectives
    assert [kr.text for kr in objective.key_results] == [
        "Increase Enterprise ARR from $12M to $18M (+50%)",
        "Improve enterprise sales cycle from 120 days to 90 days (-25%)",
    ]
    assert [(kr.start, kr.target) for kr in objective.key_results] == [
        (Decimal(12000000), Decimal(18000000)),
        (Decimal(120), Decimal(90)),
    ]
