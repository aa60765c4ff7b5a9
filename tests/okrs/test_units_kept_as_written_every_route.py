"""Issue 9, second round (brief h9d): a number's unit is kept as written, on every route. The
text import stored `营收从 0.8M USD 提升到 2M USD` as 800,000 → 2,000,000 USD while the API,
given 0.8 → 2 in `M USD`, kept them: the same quantity, not the unit the person wrote. The rule
(docs/design-notes.md, "magnitude as written"): a magnitude written after every number of a key
result (万, 亿, 千, 百万, 千万; k, M, B, bn before a unit word) stays in its unit, so a value is
never silently rescaled into another unit than written. Negative numbers (`-5 万元`, `－５万元`),
full-width digits, and Chinese numerals (`三万元`) keep it as the positive form does; a
range is refused on every route, suggesting a value in the magnitude written.

Each key result goes through every route by its real entry point: written as a title (the
writing form, the API's key result and objective creation, the text and Markdown imports, a
CSV, xlsx and JSON file's key-result column, `mubiao import`, and what /okrtext/parse says an
import stores), and typed as values with no unit (the API, the writing form, CSV, xlsx, JSON):
every route stores the same start, target and unit. The key result's own reading that
/okrtext/parse and `mubiao parse --json` answer (its `start`, `target` and `unit`, DESIGN.md §5)
is that stored reading too: parse answered `营收从 八百 提升到 两千 万元` as 8,000,000 → 20,000,000
元 where the import stores 800 → 2,000 万元 (probe 27)."""

import contextlib
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from mubiao.cli import main as mubiao_main
from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from tests.api.conftest import Api
from tests.okrs import test_one_title_reading_every_route as titles
from tests.transfer.conftest import workbook_bytes
from tests.web.test_writing import form_data

pytestmark = pytest.mark.postgres

D = Decimal
# (title, the start and target typed as values, or None where only a title says it, and what
# every route stores: start, target, unit)
CASES = [
    ("营收从 0.8M USD 提升到 2M USD", ("0.8M USD", "2M USD"), (D("0.8"), D(2), "M USD")),
    ("Grow revenue from 0.8M USD to 2M USD", ("0.8M USD", "2M USD"), (D("0.8"), D(2), "M USD")),
    ("Grow revenue from -0.5M USD to 2M USD", ("-0.5M USD", "2M USD"), (D("-0.5"), D(2), "M USD")),
    ("Grow ARR from 1.5bn USD to 2bn USD", ("1.5bn USD", "2bn USD"), (D("1.5"), D(2), "bn USD")),
    (
        "Grow signups from 10k users to 20k users",
        ("10k users", "20k users"),
        (D(10), D(20), "k users"),
    ),
    ("营收从 5 万元 提升到 20 万元", ("5万元", "20万元"), (D(5), D(20), "万元")),
    ("营收从 -5 万元 到 2 万元", ("-5万元", "2万元"), (D(-5), D(2), "万元")),
    ("营收从 －５万元 提升到 ２万元", ("－５万元", "２万元"), (D(-5), D(2), "万元")),
    ("营收从 三万元 提升到 五万元", ("三万元", "五万元"), (D(3), D(5), "万元")),
    ("营收从 1 亿元 提升到 2 亿元", ("1亿元", "2亿元"), (D(1), D(2), "亿元")),
    ("营收从 500 千元 提升到 800 千元", ("500千元", "800千元"), (D(500), D(800), "千元")),
    ("营收从 1 百万元 提升到 2 百万元", ("1百万元", "2百万元"), (D(1), D(2), "百万元")),
    ("营收从 1 千万元 提升到 2 千万元", ("1千万元", "2千万元"), (D(1), D(2), "千万元")),
    # Chinese numerals before a magnitude written once, after the last number (probe 27).
    ("营收从 八百 提升到 两千 万元", ("八百万元", "两千万元"), (D(800), D(2000), "万元")),
    ("注册用户从 1.2万 增长到 3万 人", ("1.2万人", "3万人"), (D("1.2"), D(3), "万人")),
    # A range is refused on every route, asking for the one value committed to: in the
    # magnitude written (`350 万元`, `3M`), never the base amount.
    ("收入从 100 万元 提升到 300-350 万元", None, "350 万元"),
    ("Grow revenue from 1M USD to 2-3M USD", None, "3M"),
]


def _file_routes():
    """Each file format fed the title alone (read as the text import reads it), and the
    values alone (read as typed)."""

    def csv(header, row):
        lines = [header, row]
        return "okrs.csv", "".join(",".join(f'"{c}"' for c in r) + "\n" for r in lines).encode()

    def xlsx(header, row):
        return "okrs.xlsx", workbook_bytes({"OKRs": [header, row]})

    def json_file(header, row):
        names = {"key result": "title", "start": "start", "target": "target"}
        key_result = {names[h]: value for h, value in zip(header[1:], row[1:], strict=True)}
        document = {"format": "mubiao.okrs", "version": 1,
                    "objectives": [{"title": "Grow", "key_results": [key_result]}]}  # fmt: skip
        return "okrs.json", json.dumps(document, ensure_ascii=False).encode()

    routes = {}
    for name, write in {"csv": csv, "xlsx": xlsx, "json": json_file}.items():
        routes[f"{name}_title"] = lambda title, typed, write=write: write(
            ["objective", "key result"], ["Grow", title]
        )
        routes[f"{name}_values"] = lambda title, typed, write=write: write(
            ["objective", "key result", "start", "target"], ["Grow", "Revenue", *typed]
        )
    routes["markdown"] = lambda title, typed: ("okrs.md", f"# Grow\n- {title}\n".encode())
    return routes


FILES = _file_routes()


def _file_route(name):
    def route(world, cycle, title, typed, language, tmp_path):
        file_name, data = FILES[name](title, typed)
        return titles._imported(world, cycle, file_name, data, language)

    route.__name__ = name
    route.values = name.endswith("_values")
    return route


def _title_route(route):
    def title_route(world, cycle, title, typed, language, tmp_path):
        extra = (tmp_path,) if route is titles.command_line else ()
        return route(world, cycle, title, language, *extra)

    title_route.__name__ = route.__name__
    title_route.values = False
    return title_route


def api_values(world, cycle, title, typed, language, tmp_path):
    objective = titles._new_objective(world, cycle)
    start, target = typed
    response = Api(world.alice, **{"accept-language": language}).post("/key-results", {
        "objective_id": objective.pk, "title": "Revenue", "start_value": start,
        "target_value": target})  # fmt: skip
    if response.status_code != 201:
        return titles._api_refusal(response)
    return titles._stored(KeyResult.objects.get(pk=response.json()["id"]))


def form_values(world, cycle, title, typed, language, tmp_path):
    client = Client(headers={"accept-language": language})
    client.force_login(world.alice.user)
    start, target = typed
    row = {"title": "Revenue", "metric_type": "number", "start_value": start,
           "target_value": target}  # fmt: skip
    response = client.post(f"{reverse('objective_create')}?cycle={cycle.pk}",
                           form_data(owner=f"person:{world.alice.pk}", krs=[row]))  # fmt: skip
    if response.status_code != 302:
        return titles._refused(response.content.decode())
    return titles._stored(KeyResult.objects.get(objective__cycle=cycle))


def _said(key_result: dict):
    """A key result's own reading as parse answers it (start, target, unit), or its refusal."""
    start, target = (None if key_result[n] is None else D(str(key_result[n]))
                     for n in ("start", "target"))  # fmt: skip
    return {"start_value": start, "target_value": target, "unit": key_result["unit"] or ""}


def parse_reading(world, cycle, title, typed, language, tmp_path):
    """/okrtext/parse's reading of the key result (not its `key_result`, what is stored)."""
    body = {"text": f"O1: Grow\nKR1: {title}\n", "cycle_id": cycle.pk, "lang": language}
    document = Api(world.alice).post("/okrtext/parse", body).json()
    if problems := [p["message"] for p in document["problems"] if p["line"] == 2 and p["refused"]]:
        return titles._refused(" ".join(problems))
    return _said(document["sections"][0]["objectives"][0]["key_results"][0])


def parse_command(world, cycle, title, typed, language, tmp_path):
    """`mubiao parse --json`'s reading of the key result, as the import stores it."""
    path = tmp_path / "okrs.txt"
    path.write_text(f"O1: Grow\nKR1: {title}\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert mubiao_main(["parse", str(path), "--json", "--year", "2026"]) == 0
    document = json.loads(out.getvalue())
    if problems := [p["message"] for p in document["problems"] if p["line"] == 2]:
        return titles._refused(" ".join(problems))
    return _said(document["sections"][0]["objectives"][0]["key_results"][0])


api_values.values = form_values.values = True
parse_reading.values = parse_command.values = False

ROUTES = [
    *(_title_route(route) for route in titles.ROUTES),
    *(_file_route(name) for name in FILES),
    api_values,
    form_values,
    parse_reading,
    parse_command,
]


@pytest.fixture
def year(world) -> Cycle:
    start, end = titles.YEAR
    return services.create_cycle(world.admin, name="2026", kind=Cycle.Kind.YEAR,
                                 start_date=start, end_date=end)  # fmt: skip


@pytest.mark.parametrize(("title", "typed", "stored"), CASES, ids=[c[0] for c in CASES])
def test_a_unit_is_kept_as_written_on_every_route(
    world,
    year,
    tmp_path,
    title,
    typed,
    stored,
):
    language = "zh-hans" if titles.CJK.search(title) else "en"
    answers = {}
    for route in ROUTES:
        if route.values and typed is None:
            continue
        answer = route(world, year, title, typed, language, tmp_path)
        Objective.objects.filter(cycle=year).delete()
        if isinstance(stored, str):
            assert isinstance(answer, titles.Refused), (route.__name__, answer)
            assert stored in answer, (route.__name__, answer[:2000])
            continue
        assert not isinstance(answer, titles.Refused), (route.__name__, answer[:2000])
        answers[route.__name__] = (answer["start_value"], answer["target_value"], answer["unit"])
    if isinstance(stored, str):
        return
    wrong = {name: answer for name, answer in answers.items() if answer != stored}
    assert not wrong, wrong
