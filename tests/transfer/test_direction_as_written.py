"""Issue 9 (fresh tester, M1): a spreadsheet's value confirmed as written after the preview
asked "did you mean 60 %?" (Percentage, 40 → 0.6, title "Raise share of users to 60%") was
stored as a decrease, its direction inferred from the values against what the title says; the
text import refuses the same key result as an increase whose target is below its start. Now a
row without a direction goes the way its title says, on every import, and the values only
decide where the title says no way."""

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.transfer.conftest import workbook_bytes

pytestmark = pytest.mark.postgres

HEADER = ["objective", "key result", "metric type", "start", "target"]


def _csv(title, start, target):
    return "okrs.csv", f"{','.join(HEADER)}\np9f,{title},Percentage,{start},{target}\n".encode()


def _xlsx(title, start, target):
    row = ["p9f", title, "Percentage", float(start), float(target)]
    return "okrs.xlsx", workbook_bytes({"OKRs": [HEADER, row]})


def _text(title, start, target):
    line = f"KR1: {title} {{metric=percent start={start} target={target}}}"
    return "okrs.txt", f"O1: p9f\n{line}\n".encode()


@pytest.mark.parametrize("path", [_csv, _xlsx, _text], ids=["csv", "xlsx", "text"])
def test_a_confirmed_value_keeps_the_way_the_title_says(world, path):
    name, data = path("Raise share of users to 60%", "40", "0.6")
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, confirmed=True)
    said = str(refused.value)
    assert "target must not be below the start value" in said and "0.6" in said, said
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize("path", [_csv, _xlsx], ids=["csv", "xlsx"])
@pytest.mark.parametrize(
    ("title", "start", "target", "way"),
    [
        ("Share of users", "40", "20", "decrease"),  # no way said: the values' way
        ("Reduce churn to 5%", "10", "5", "decrease"),
        ("提升占比至 60%", "40", "60", "increase"),
    ],
)
def test_a_row_goes_the_way_its_title_says_or_its_values_go(world, path, title, start, target, way):
    name, data = path(title, start, target)
    import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, confirmed=True)
    assert KeyResult.objects.get().direction == way
