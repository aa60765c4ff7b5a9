"""A table's Owner cell holds names separated by commas, 、 or ;, each a whole name, as the
`Owner: Emma Clarke` line under a key result reads it (h10v: `Emma Clarke` became the mentions
@Emma @Clarke, `Liam Turner, Sophia Patel` four mentions)."""

import pytest

from mubiao.okrtext import parse

HEADER = "| Objective | Key Result | Owner |\n|---|---|---|\n"


@pytest.mark.parametrize(
    ("cell", "mentions"),
    [
        ("Emma Clarke", ["Emma Clarke"]),
        ("Liam Turner, Sophia Patel", ["Liam Turner", "Sophia Patel"]),
        ("Liam Turner; Sophia Patel", ["Liam Turner", "Sophia Patel"]),
        ("Liam Turner / Sophia Patel", ["Liam Turner", "Sophia Patel"]),
        ("王伟、李娜", ["王伟", "李娜"]),
        ("王伟，李娜", ["王伟", "李娜"]),
        ("@增长组 @市场部", ["增长组", "市场部"]),
        ("@emma, @liam", ["emma", "liam"]),
        ("Mary-Jane O'Neil", ["Mary-Jane O'Neil"]),
    ],
)
def test_an_owner_cell_is_read_as_whole_names(cell, mentions):
    text = HEADER + "| Grow revenue | Increase ARR to $2M | Sales Team |\n"
    text += f"| | Raise NPS from 30 to 45 | {cell} |\n"
    [objective] = parse(text).objectives
    assert objective.key_results[1].mentions == mentions
    detail = parse(f"O1: Grow revenue\n- Raise NPS from 30 to 45\n  Owner: {cell}\n")
    assert detail.objectives[0].key_results[0].mentions == mentions


def test_a_whole_name_on_the_objective_row_owns_the_objective():
    text = HEADER + "| Grow revenue | Increase ARR to $2M | Emma Clarke |\n"
    document = parse(text)
    [section] = [s for s in document.sections if s.objectives]
    assert section.owner == "Emma Clarke"
    assert section.objectives[0].key_results[0].mentions == []
