"""Exports: visibility, formats, round trips (JSON lossless, Markdown), CSV injection, queries."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from mubiao.okrs import services
from mubiao.okrs.transfer import ImportFailed, blank_sheet, export_okrs, import_okrs
from mubiao.okrs.transfer.columns import grades_not_imported
from mubiao.orgs.models import Membership, Organization, Team, TeamMember
from tests.conftest import make_objective
from tests.web.test_wording import choice_codes


def fill(world, *, hostile: bool = False):
    """A varied cycle: company, team and personal objectives, alignment, collaborators; with
    `hostile`, titles a spreadsheet would run as formulas."""
    world.org.settings["weights"] = True  # the weight of 2.5 below counts, and is exported
    world.org.save()
    company = services.create_objective(
        world.admin,
        cycle=world.cycle,
        title="成为中型企业首选",
        owner_type="organization",
        key_results=[
            {
                "title": "ARR 从 8,000 万元提升至 1.2 亿元",
                "metric_type": "currency",
                "start_value": 80_000_000,
                "target_value": 120_000_000,
                "unit": "元",
            },
            {
                "title": "NPS 从 32 提升至 45",
                "start_value": 32,
                "target_value": 45,
                "confidence": 6,
                "weight": "2.5",
            },
        ],
    )
    arr = company.key_results.order_by("position").first()
    team = services.create_objective(
        world.admin,
        cycle=world.cycle,
        title="让新用户顺利上手",
        owner_type="team",
        owner_team=world.product,
        kind="aspirational",
        parent_key_result=arr,
        key_results=[
            {
                "title": "流失率从 9% 降至 6%",
                "metric_type": "percent",
                "start_value": 9,
                "target_value": 6,
                "direction": "decrease",
                "due_date": world.cycle.end_date,
            },
            {"title": "上线新版引导", "metric_type": "milestone", "owner": None},
        ],
    )
    services.create_objective(
        world.alice,
        cycle=world.cycle,
        title='=HYPERLINK("http://evil")' if hostile else "文档更好找",
        description="说明\n第二行",
        visibility="team",
        parent_objective=team,
        collaborators=[world.bob],
        key_results=[
            {
                "title": "-2 bugs" if hostile else "缺陷从 5 个降至 2 个",
                "start_value": 5,
                "target_value": 2,
                "direction": "at_most",
                "current_value": 4,
            }
        ],
    )
    services.create_objective(
        world.alice,
        cycle=world.cycle,
        title="Alice's secret",
        visibility="private",
        key_results=[{"title": "Reach 3 customers", "start_value": 0, "target_value": 3}],
    )


def twin(world) -> Organization:
    """An empty organization with the same people, teams and settings (for round trips: the
    weights fill() sets import where weights count)."""
    org = Organization.objects.create(name=world.org.name, slug="twin", settings=world.org.settings)
    members = {}
    for member in Membership.objects.filter(organization=world.org).select_related("user"):
        members[member.pk] = Membership.objects.create(
            organization=org, user=member.user, role=member.role, title=member.title
        )
    teams = {}
    for team in Team.objects.filter(organization=world.org).order_by("id"):
        teams[team.pk] = Team.objects.create(
            organization=org, name=team.name, slug=team.slug, parent=teams.get(team.parent_id)
        )
    for row in TeamMember.objects.filter(team__organization=world.org):
        TeamMember.objects.create(
            team=teams[row.team_id], membership=members[row.membership_id], is_lead=row.is_lead
        )
    admin = members[world.admin.pk]
    cycle = services.create_cycle(
        admin,
        name=world.cycle.name,
        start_date=world.cycle.start_date,
        end_date=world.cycle.end_date,
        state="active",
    )
    return admin, cycle


def test_export_respects_visibility(world):
    fill(world, hostile=True)
    for fmt in ("md", "csv", "json"):
        assert "Alice's secret" in export_okrs(world.admin, cycle=world.cycle, fmt=fmt).decode()
        assert "Alice's secret" not in export_okrs(world.bob, cycle=world.cycle, fmt=fmt).decode()
    book = load_workbook(io.BytesIO(export_okrs(world.bob, cycle=world.cycle, fmt="xlsx")))
    titles = {row[1] for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)}
    assert "Alice's secret" not in titles and "让新用户顺利上手" in titles
    # outsider is in another team: the team-visible objective is hidden from them too
    outsider_md = export_okrs(world.outsider, cycle=world.cycle, fmt="md").decode()
    assert "HYPERLINK" not in outsider_md and "Alice's secret" not in outsider_md


def test_json_round_trip_is_lossless(world):
    fill(world)
    first = export_okrs(world.admin, cycle=world.cycle, fmt="json")
    admin, cycle = twin(world)
    result = import_okrs(admin, file_name="okrs.json", data=first, cycle=cycle)
    assert result.unmatched_owners == [] and result.problems == []
    assert export_okrs(admin, cycle=cycle, fmt="json") == first
    aligned = result.created[1]
    assert aligned.parent_key_result.title.startswith("ARR")


def test_markdown_round_trip(world):
    fill(world)
    first = export_okrs(world.admin, cycle=world.cycle, fmt="md")
    assert first.decode().startswith(
        "## Organization: Acme Inc\n\n"
        # `ref=O1`: an objective of the file is aligned to it (issue 9, h9c: Markdown wrote no
        # alignment, and the copies had none).
        "O1: 成为中型企业首选 {kind=committed visibility=public ref=O1}\nKR1: ARR"
    )
    assert " aligned_to=O1" in first.decode()
    admin, cycle = twin(world)
    import_okrs(admin, file_name="okrs.md", data=first, cycle=cycle)
    assert export_okrs(admin, cycle=cycle, fmt="md") == first


def test_csv_and_xlsx_exports_import_again(world):
    fill(world)
    admin, cycle = twin(world)
    for fmt in ("csv", "xlsx"):
        data = export_okrs(world.admin, cycle=world.cycle, fmt=fmt)
        result = import_okrs(admin, file_name=f"okrs.{fmt}", data=data, cycle=cycle, dry_run=True)
        assert result.counts["objectives"] == 4 and result.counts["key_results"] == 6
        assert result.unmatched_owners == []


def test_csv_injection_is_escaped(world):
    fill(world, hostile=True)
    text = export_okrs(world.admin, cycle=world.cycle, fmt="csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells and "'-2 bugs" in cells
    assert not any(cell and cell[0] in "=+-@" for cell in cells)
    book = load_workbook(io.BytesIO(export_okrs(world.admin, cycle=world.cycle, fmt="xlsx")))
    cells = {c.value: c for s in book.worksheets for r in s.iter_rows() for c in r}
    # A text cell with Excel's quote prefix: shown as typed, never run (tests/transfer/
    # test_formula_guard.py).
    hostile = cells['=HYPERLINK("http://evil")']
    assert hostile.data_type == "s" and hostile.quotePrefix
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


def test_xlsx_has_one_sheet_per_team(world):
    fill(world)
    book = load_workbook(io.BytesIO(export_okrs(world.admin, cycle=world.cycle, fmt="xlsx")))
    assert book.sheetnames == ["Organization", "产品部"]


def test_export_query_count_does_not_grow(world):
    fill(world)
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as queries:
            export_okrs(world.admin, cycle=world.cycle, fmt="json")
        counts.append(len(queries))
        for i in range(5):
            make_objective(world.bob, world.cycle, f"more {i}", krs=3, collaborators=[world.alice])
    assert counts[0] == counts[1]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_blank_sheet_imports_as_nothing_to_do(world, fmt):
    data = blank_sheet(fmt)
    with pytest.raises(ImportFailed, match="no objectives were found"):
        import_okrs(world.admin, file_name=f"blank.{fmt}", data=data, cycle=world.cycle)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        assert book.sheetnames == ["OKRs", "Help"]
        assert [c.value for c in book["OKRs"][1]][:3] == ["owner", "objective", "key result"]


def graded_world(world):
    """fill(), with the personal objective graded and its retrospective written."""
    fill(world)
    services.set_cycle_state(world.admin, world.cycle, "grading")
    docs = world.org.objectives.get(title="文档更好找")
    services.grade_objective(
        world.alice, docs, scores={kr.pk: ("0.7", "") for kr in docs.key_results.all()},
        retrospective="搜索做好了，导航还要改。",
    )  # fmt: skip
    return docs


def xlsx_rows(data: bytes) -> list[dict]:
    book = load_workbook(io.BytesIO(data))
    rows = []
    for sheet in book.worksheets:
        values = list(sheet.iter_rows(values_only=True))
        rows += [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    return rows


def test_xlsx_in_chinese_writes_labels_and_the_objectives_grade(world):
    """The Chinese sheet said `at_risk`, `committed`: labels in the exporting person's language,
    and the objective's score and retrospective have columns."""
    graded_world(world)
    with translation.override("zh-hans"):
        rows = xlsx_rows(export_okrs(world.admin, cycle=world.cycle, fmt="xlsx"))
    codes = set(choice_codes())
    shown = {value for row in rows for value in row.values() if isinstance(value, str)}
    assert not shown & codes, shown & codes
    assert {"承诺型", "挑战型", "全员", "团队", "金额", "百分比", "降低到", "保持不高于"} <= shown
    docs = next(row for row in rows if row["目标"] == "文档更好找")
    assert docs["目标评分"] == 0.7 and docs["复盘"] == "搜索做好了，导航还要改。"
    assert docs["状态"] in {"正常", "有风险", "落后", "未开始", "已完成"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_labelled_export_imports_with_the_same_choices(world, language):
    docs = graded_world(world)
    admin, cycle = twin(world)
    for fmt in ("xlsx", "csv"):
        with translation.override(language):
            data = export_okrs(world.admin, cycle=world.cycle, fmt=fmt)
        result = import_okrs(admin, file_name=f"okrs.{fmt}", data=data, cycle=cycle, dry_run=True)
        # The grades are not imported, and the preview says so (issue 9, M5).
        graded = 2 + docs.key_results.count()
        assert result.problems == [grades_not_imported(graded)], result.problems
        read = {o.title: o for o in result.objectives}
        assert read["让新用户顺利上手"].fields["kind"] == "aspirational"
        assert read["文档更好找"].fields["visibility"] == "team"
        churn = read["让新用户顺利上手"].key_results[0].fields
        assert (churn["metric_type"], churn["direction"]) == ("percent", "decrease")
        assert read["文档更好找"].key_results[0].fields["direction"] == "at_most"


def test_an_export_of_the_old_layout_still_imports(world):
    """Before labels: codes in the choice columns and no objective score or retrospective."""
    old = (
        "\ufeffowner,objective,key result,metric type,start,target,current,unit,direction,"
        "due date,weight,confidence,kind,visibility,progress,status,score\n"
        "alice@acme.test,Docs easier to find,Bugs down to 2,number,5,2,4,,at_most,,1,,"
        "aspirational,team,0.33,at_risk,\n"
    )
    result = import_okrs(
        world.admin, file_name="old.csv", data=old.encode(), cycle=world.cycle, dry_run=True
    )
    assert result.problems == []
    objective = result.objectives[0]
    assert (objective.fields["kind"], objective.fields["visibility"]) == ("aspirational", "team")
    assert objective.key_results[0].fields["direction"] == "at_most"


def test_csv_progress_reads_as_the_app_shows_it(world):
    """A key result 35 % of the way was exported as progress `0.35` beside titles and values
    in percent (issue 9 h9n 1): a CSV cell has no number format, so it is written `35%`, and
    an import ignores it as before."""
    objective = make_objective(world.alice, world.cycle, "Grow")
    kr = objective.key_results.get()
    services.update_key_result(world.alice, kr, start_value=0, target_value=20)
    services.check_in(world.alice, kr, value=7)
    text = export_okrs(world.admin, cycle=world.cycle, fmt="csv").decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["progress"] == "35%"
    admin, cycle = twin(world)
    result = import_okrs(admin, file_name="okrs.csv", data=text.encode(), cycle=cycle)
    assert result.problems == [] and result.created[0].key_results.get().current_value == 7


def test_the_json_export_carries_the_grade_and_imports_back(world):
    """The JSON export had no score or retrospective where CSV and xlsx have them (probe 9): a
    graded objective's score and retrospective, and each key result's score, are written; an
    import reads the file back saying they are not imported (a grade is given, not imported:
    issue 9, M5)."""
    docs = graded_world(world)
    data = export_okrs(world.admin, cycle=world.cycle, fmt="json")
    [written] = [o for o in json.loads(data)["objectives"] if o["title"] == "文档更好找"]
    assert written["score"] == "0.7" and written["retrospective"] == "搜索做好了，导航还要改。"
    assert {kr["score"] for kr in written["key_results"]} == {"0.7"}
    assert len(written["key_results"]) == docs.key_results.count()
    admin, cycle = twin(world)
    result = import_okrs(admin, file_name="okrs.json", data=data, cycle=cycle, dry_run=True)
    graded = 2 + docs.key_results.count()
    assert result.problems == [grades_not_imported(graded)], result.problems
