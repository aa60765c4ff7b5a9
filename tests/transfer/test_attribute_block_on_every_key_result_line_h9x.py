"""h9x: an attribute block (`{target=1.2万 unit="人"}`) is read on every line shape a reader takes
as a key result, not only `KR1: …` at the margin; a unit given in it sets the metric type as the
same unit in the title does; and parse, the CLI import (dry run and real) and the web paste
preview say one message for one line. A fresh tester's report: `- KR5: 新用户 {target=1.2万
unit="人"}` imported a milestone with the braces in its title; `{unit="%"}` stored a number."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrtext import parse
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

BLOCK = '{target=1.2万 unit="人"}'
# Every line shape the reader takes as a key result under `O1: 测试`.
SHAPES = [
    "KR5: 新用户 {block}",
    "- KR5: 新用户 {block}",
    "* KR5: 新用户 {block}",
    "+ KR5: 新用户 {block}",
    "• KR5: 新用户 {block}",
    "1. KR5: 新用户 {block}",
    "1) 新用户 {block}",
    "(1) 新用户 {block}",
    "① 新用户 {block}",
    "- [ ] KR5: 新用户 {block}",
    "- [x] 新用户 {block}",
    "**KR1**: 新用户 {block}",
    "   KR5: 新用户 {block}",
    "  - 新用户 {block}",
    "关键结果1：新用户 {block}",
    "- 新用户 {block}",
]


def _text(shape: str) -> str:
    return "O1: 测试\n" + shape.replace("{block}", BLOCK) + "\n"


@pytest.mark.parametrize("shape", SHAPES)
def test_the_block_is_read_on_every_key_result_line(shape):
    document = parse(_text(shape))
    [kr] = [kr for o in document.objectives for kr in o.key_results]
    assert kr.text == "新用户"
    assert kr.stated == {"target": "1.2万", "unit": "人"}
    assert not document.problems


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_imports_the_values_of_its_block(world, shape):
    import_okrs(world.alice, file_name="okrs.md", data=_text(shape).encode(), cycle=world.cycle)
    kr = KeyResult.objects.get()
    assert (kr.title, kr.metric_type, kr.target_value, kr.unit) == ("新用户", "number", 12000, "人")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("- KR5: 新用户 {target=5 target=6}", "given twice"),
        ('- KR5: 新用户 {unit="人}', "cannot be read"),
        ("1. KR5: 新用户 {target=5} 以上", "must end the line"),
    ],
)
def test_a_block_not_read_is_said_never_kept_in_the_title(world, line, problem):
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.md", data=f"O1: 测试\n{line}\n".encode(),
                    cycle=world.cycle)  # fmt: skip
    assert "line 2" in str(refused.value) and problem in str(refused.value)
    assert not KeyResult.objects.exists()


def test_a_bulleted_objective_reads_its_block(world):
    text = "- O1: 测试 {kind=aspirational}\n  - KR1: 新用户 {target=5}\n"
    import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    kr = KeyResult.objects.get()
    assert (kr.objective.title, kr.objective.kind, kr.title) == ("测试", "aspirational", "新用户")


# (block, metric type, unit): a unit given as an attribute sets the type as a title's does.
UNITS = [
    ('{start=4 target=10 unit="%"}', "percent", "%"),
    ("{start=4% target=10%}", "percent", "%"),
    ('{start=5 target=3 unit="万元"}', "currency", "万元"),
    ('{start=5 target=3 unit="元"}', "currency", "元"),
    ('{start=5 target=3 unit="人"}', "number", "人"),
    ('{metric=number start=4 target=10 unit="%"}', "number", "%"),
]


@pytest.mark.parametrize(("block", "metric_type", "unit"), UNITS)
@pytest.mark.parametrize("bullet", ["", "- "])
def test_a_unit_attribute_sets_the_metric_type(world, block, metric_type, unit, bullet):
    text = f"O1: 测试\n{bullet}KR1: 指标 {block}\n"
    import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    kr = KeyResult.objects.get()
    assert (kr.metric_type, kr.unit) == (metric_type, unit)
    said = Api(world.alice).post("/okrtext/parse", {"text": text, "cycle_id": world.cycle.pk})
    [stored] = [k for s in said.json()["sections"] for o in s["objectives"]
                for k in o["key_results"]]  # fmt: skip
    assert stored["key_result"]["metric_type"] == metric_type
    # The top level agrees with what is stored, never "milestone" beside an increase.
    assert stored["direction"] == stored["key_result"]["direction"]


def _cli(world, tmp_path, text, *dry_run):
    path = tmp_path / "okrs.md"
    path.write_text(text)
    try:
        call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                     "--as", world.alice.user.email, *dry_run, stdout=io.StringIO())  # fmt: skip
    except CommandError as error:
        return str(error)
    return ""


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            "KR10: 转化率 {start=4,5% target=10%}",
            "“4,5%” is ambiguous: write 4.5% (a decimal) or 4500% / 4,500% (thousands).",
        ),
        (
            "- KR10: 转化率 {start=4,5% target=10%}",
            "“4,5%” is ambiguous: write 4.5% (a decimal) or 4500% / 4,500% (thousands).",
        ),
        (
            "KR10: 转化率 {start=4,5 target=10}",
            "“4,5” is ambiguous: write 4.5 (a decimal) or 4500 / 4,500 (thousands).",
        ),
    ],
)
def test_one_line_one_message_on_every_route(world, tmp_path, client, line, said):
    text = f"O1: 测试\n{line}\n"
    body = {"text": text, "cycle_id": world.cycle.pk, "lang": "en"}
    problems = Api(world.alice).post("/okrtext/parse", body).json()["problems"]
    assert [p["message"] for p in problems] == [f"attribute “start”: {said}"], problems
    for dry_run in (["--dry-run"], []):
        assert _cli(world, tmp_path, text, *dry_run).endswith(f"attribute “start”: {said}")
    client.force_login(world.alice.user)
    page = client.post("/transfer/preview", {"cycle": world.cycle.pk, "text": text})
    assert said.replace("“", "&ldquo;") in page.content.decode() or said in (page.content.decode())
    assert not KeyResult.objects.exists()


def _csv(unit):
    rows = [
        ["objective", "key result", "start", "target", "unit"],
        ["测试", "指标", "5", "3", unit],
    ]
    return "okrs.csv", "".join(",".join(f'"{c}"' for c in row) + "\n" for row in rows)


def _json(unit):
    kr = {"title": "指标", "start": "5", "target": "3", "unit": unit}
    items = [{"title": "测试", "key_results": [kr]}]
    return "okrs.json", json.dumps({"format": "mubiao.okrs", "version": 1, "objectives": items})


def _markdown(unit):
    return "okrs.md", f'O1: 测试\n- KR1: 指标 {{start=5 target=3 unit="{unit}"}}\n'


@pytest.mark.parametrize("route", [_csv, _json, _markdown], ids=lambda r: r.__name__.strip("_"))
@pytest.mark.parametrize(
    ("unit", "metric_type"),
    [("万元", "currency"), ("元", "currency"), ("%", "percent"), ("人", "number")],
)
def test_a_unit_beside_the_title_sets_the_type_in_every_format(world, route, unit, metric_type):
    name, data = route(unit)
    import_okrs(world.alice, file_name=name, data=data.encode(), cycle=world.cycle)
    kr = KeyResult.objects.get()
    assert (kr.metric_type, kr.unit, kr.start_value, kr.target_value) == (metric_type, unit, 5, 3)


def test_a_block_an_objective_line_does_not_end_in_is_said(world):
    """Read as people's text (the block is not at the end): its values are not imported, and
    the preview says so at its line rather than keep the braces in the title without a word."""
    text = "## O1: 测试 {kind=aspirational} 更多\n- KR1: 新用户 {target=5}\n"
    body = {"text": text, "cycle_id": world.cycle.pk, "lang": "en"}
    problems = Api(world.alice).post("/okrtext/parse", body).json()["problems"]
    assert [(p["line"], p["refused"]) for p in problems] == [(1, False)], problems
    assert "attribute block not read" in problems[0]["message"]
    result = import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    assert any("line 1" in p and "attribute block not read" in p for p in result.problems)
