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
