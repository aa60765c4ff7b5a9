"""Issue 9 (brief h9t): an imported objective aligned to an objective outside the file. The
"aligned to" cell, key or line named an existing objective of the organization by its title or
number, and the import refused the whole file (CSV, xlsx, JSON) or read the line as an objective
of its own and lost the alignment without a word (text, Markdown).

On every format it is now aligned to the objective the importing person sees, in the cycle or
one containing it; one the person cannot see, of another organization, unknown or ambiguous
leaves the objective without alignment, said at its row in the preview before the person
confirms; the real import does the same."""

import json

import pytest

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import import_okrs
from tests.conftest import make_objective, make_world
from tests.transfer.conftest import workbook_bytes

pytestmark = pytest.mark.django_db

KR = "客户数从 10 提升至 20"


def _csv(parent):
    rows = [["objective", "key result", "start", "target", "aligned to"],
            ["Child", "Customers", "10", "20", parent]]  # fmt: skip
    data = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows)
    return "okrs.csv", data.encode()


def _xlsx(parent):
    rows = [["objective", "key result", "start", "target", "aligned to"],
            ["Child", "Customers", 10, 20, parent]]  # fmt: skip
    return "okrs.xlsx", workbook_bytes({"OKRs": rows})


def _json(parent):
    kr = {"title": "Customers", "metric_type": "number", "start": "10", "target": "20"}
    objective = {"title": "Child", "aligned_to": parent, "key_results": [kr]}
    document = {"format": "mubiao.okrs", "version": 1, "objectives": [objective]}
    return "okrs.json", json.dumps(document, ensure_ascii=False).encode()


def _markdown(parent):
    escaped = parent.replace('"', '\\\\"')
    text = (f'O1: Child {{kind=committed aligned_to="{escaped}"}}\n'
            f"KR1: Customers {{metric=number start=10 target=20}}\n")  # fmt: skip
    return "okrs.md", text.encode()


def _text_zh(parent):
    return "okrs.txt", f"O1：Child\n对齐：{parent}\nKR1：{KR}\n".encode()


def _text_en(parent):
    return "okrs.txt", f"O1: Child\nAligned to: {parent}\nKR1: {KR}\n".encode()


FORMATS = [_csv, _xlsx, _json, _markdown, _text_zh, _text_en]


@pytest.fixture
def parents(world):
    """Objectives the file's "aligned to" may name, and whether alice may align to each."""
    other = make_world("other")
    return {
        "company": make_objective(world.admin, world.cycle, "Grow Revenue 2026"),
        "private": make_objective(
            world.bob, world.cycle, "Bob's secret plan", visibility="private"
        ),
        "twice": [make_objective(world.admin, world.cycle, "Twice named") for _ in range(2)],
        "elsewhere": make_objective(other.alice, other.cycle, "Another company's goal"),
    }


def _cases(parents):
    company = parents["company"]
    # (what the file writes, the objective it is aligned to, or None with a warning)
    return [
        ("Grow Revenue 2026", company),
        ("grow revenue 2026", company),  # the title in any case
        (f"#{company.pk}", company),  # the number its page shows
        (str(company.pk), company),
        ("Bob's secret plan", None),  # private, not alice's: not visible
        (f"#{parents['private'].pk}", None),
        ("Twice named", None),  # two objectives: which one is a guess
        ("Another company's goal", None),
        (f"#{parents['elsewhere'].pk}", None),
        ("No such objective", None),
    ]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda fmt: fmt.__name__.strip("_"))
def test_an_alignment_outside_the_file_is_made_or_said(world, parents, fmt):
    wrong = []
    for written, parent in _cases(parents):
        name, data = fmt(written)
        preview = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle,
                              dry_run=True)  # fmt: skip
        said = [p for p in preview.problems if f"aligned to “{written}”" in p]
        titles = [o.title for o in preview.objectives]
        if titles != ["Child"]:
            wrong.append(f"{fmt.__name__} {written!r}: read as objectives {titles}")
            continue
        if (parent is None) != bool(said):
            wrong.append(f"{fmt.__name__} {written!r}: the preview said {preview.problems}")
        result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle,
                             expected_plan=preview.plan)  # fmt: skip
        child = Objective.objects.get(pk=result.created[0].pk)
        if child.parent_objective_id != (parent.pk if parent else None):
            wrong.append(f"{fmt.__name__} {written!r}: aligned to {child.parent_objective_id}")
        child.delete()
    assert wrong == []


def test_the_preview_in_chinese_says_it_too(world, parents):
    from django.utils import translation

    name, data = _csv("No such objective")
    with translation.override("zh-hans"):
        preview = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle,
                              dry_run=True)  # fmt: skip
    assert any("No such objective" in p and "不对齐" in p for p in preview.problems)


def test_a_parent_gone_since_the_preview_stops_the_import(world, parents):
    from mubiao.okrs.transfer import ImportFailed

    name, data = _csv("Grow Revenue 2026")
    preview = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle,
                          dry_run=True)  # fmt: skip
    parents["company"].delete()
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle,
                    expected_plan=preview.plan)  # fmt: skip
    assert "aligned to changed since the preview" in refused.value.text
    assert not Objective.objects.filter(title="Child").exists()
