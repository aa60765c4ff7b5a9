"""probe9 S1 and S3 on the paths that store a key result read from its text.

S1: `收入达到 300-350 万元` was stored 0 → 300 元, without a word. A range as the target is asked
on every path (h9v: okr-rules.md names no value of a range to commit to), in the same words:
the preview and import refuse the line, the writing form and the API ask for the one value.
S3: `Revenue from 1,200 to 1.500 EUR` was stored as a decrease to 1.5 EUR. The import stops on
the line and asks, as a dotted value field asks."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrs.transfer.readings import key_result_fields
from mubiao.okrtext import read_key_result
from tests.web.test_writing import form_data

# (title, the upper end as written: the example given, the range as written)
RANGES = [
    ("回款达到 60-80 万元", "80 万元", "60-80 万元"),
    ("新簽客戶 12 到 15 家", "15 家", "12 到 15 家"),
    ("Grow paid seats to 20-25k", "25k", "20-25k"),
    ("营收提升到 60 万（当前 40-45 万）", "45 万", "40-45 万"),
]


@pytest.mark.parametrize(("title", "upper", "written"), RANGES)
def test_a_range_is_asked_not_stored_at_one_end(world, year, title, upper, written):
    note = (
        f"“{title}”: “{written}” is a range: write the one value you commit to, for example "
        f"“{upper}”."
    )
    draft = key_result_fields(read_key_result(title), None)
    assert note in draft.notes, draft.notes
    data = f"O1: 增长\nKR1: {title}\n".encode()
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.admin, file_name="okrs.txt", data=data, cycle=year, dry_run=True)
    assert note in error.value.text
    assert not KeyResult.objects.filter(title=title).exists()


def test_the_writing_form_asks_for_one_value_of_the_range(world, client_for):
    client = client_for(world.alice)
    title = "回款达到 60-80 万元"
    data = form_data(owner=f"person:{world.alice.pk}", krs=[{"title": title, "target_value": ""}])
    page = client.post(reverse("objective_create"), data).content.decode()
    assert 'name="kr-0-target_value" value="600000"' not in page
    assert "is a range: write the one value you commit to, for example “80 万元”" in page
    assert not KeyResult.objects.filter(title=title).exists()


@pytest.mark.parametrize(
    ("title", "dotted", "meant"),
    [
        ("Revenue from 2,400 to 3.100 GBP", "3.100", "3,100"),
        ("客单价从 900 欧元提升到 1.400 欧元", "1.400", "1,400"),
    ],
)
def test_a_dotted_number_stops_the_import_and_asks(world, year, title, dotted, meant):
    data = f"O1: 增长\nKR1: {title}\n".encode()
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.admin, file_name="okrs.txt", data=data, cycle=year, dry_run=True)
    read = str(Decimal(dotted).normalize())
    # The question a dotted start or target field asks, but for its "or confirm": the text is
    # read again as written, so only rewriting it answers.
    assert (
        f"“{dotted}” was read as {read}; with a dot grouping thousands it would be {meant}. "
        f"Enter {meant} or {read}."
    ) in error.value.text
    assert not KeyResult.objects.filter(title=title).exists()


def test_the_api_reads_a_title_alone_the_same_way(world):
    """API create with a title only (probe9 S1, S3): a range and a dotted end are refused
    naming them, as the import refuses them, on the field they were written in (the title)."""
    from tests.api.conftest import Api, field_errors
    from tests.conftest import make_objective

    api = Api(world.alice)
    objective = make_objective(world.alice, world.cycle)
    body = {"objective_id": objective.pk, "metric_type": "currency"}
    response = api.post("/key-results", {**body, "title": "回款达到 60-80 万元"})
    assert response.status_code == 422, response.content
    assert "“60-80 万元” is a range: write the one value you commit to" in str(
        field_errors(response)["title"]
    )
    assert not KeyResult.objects.filter(title="回款达到 60-80 万元").exists()
    response = api.post("/key-results", {**body, "title": "Revenue from 2,400 to 3.100 GBP"})
    assert response.status_code == 422
    assert "with a dot grouping thousands it would be 3,100. Enter 3,100 or 3.1." in str(
        field_errors(response)["title"]
    )
