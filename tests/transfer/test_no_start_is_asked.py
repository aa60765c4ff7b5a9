"""A decrease or a ceiling with no start written is asked for its start, never stored with the
target as its start (issue 9 S2, issue 10; docs/design-notes.md): it was done (progress 100 %)
before any check-in. One table through the text import, the API's create with a title only,
and the writing form. A change with no baseline is asked the same way, and neither refuses the
rest of a pasted document (issue 10, probe10 F2). Own sentences, zh, traditional zh and en."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db

# (line, target as the title writes it, unit)
CEILINGS = [
    ("退款金额降低到 3 万元", Decimal(3), "万元"),
    ("客诉降到每月 8 单以下", Decimal(8), "单/月"),  # a rate: its unit per month (h10a)
    ("工单首次响应时间缩短到 4 小时以内", Decimal(4), "小时"),
    ("将审批时长压缩到2天以内", Decimal(2), "天"),
    ("維持退貨率在 2% 以下", Decimal(2), "%"),
    ("Fewer than 3 sev-1 incidents per quarter", Decimal(3), "sev-1 incidents/quarter"),
    ("Cut onboarding time to 5 days", Decimal(5), "days"),
    ("Hold voluntary cancellations at or below 1.5% a month", Decimal("1.5"), "%"),
]
# A level kept above a floor (h10x): stored from its target it was done before any check-in.
FLOORS = [
    ("Maintain 99.9% uptime", Decimal("99.9"), "%"),
    ("维持可用性不低于 95%", Decimal(95), "%"),
    ("保持 NPS 在 40 以上", Decimal(40), ""),
    ("維持系統可用率不低於 99.5%", Decimal("99.5"), "%"),
    ("Keep app store rating at or above 4.6", Decimal("4.6"), ""),
]
CHANGES = ["退货率降低 20%", "華南區續約數增長30%", "Reduce checkout abandonment by 15%"]
ASKED = [line for line, _target, _unit in CEILINGS + FLOORS] + CHANGES


def _paste(world, line, *, dry_run, name="okrs.txt"):
    if name.endswith(".md"):
        text = f"## 提升服务质量\n\n- NPS 从 30 提升到 45\n- {line}\n- 上线自助退款\n"
    elif name.endswith(".csv"):  # a sheet's rows with a title only, read as the text is (h10x)
        text = "objective,key result\n" + "".join(
            f'提升服务质量,"{kr}"\n' for kr in ("NPS 从 30 提升到 45", line, "上线自助退款")
        )
    else:
        text = f"O1: 提升服务质量\nKR1: NPS 从 30 提升到 45\nKR2: {line}\nKR3: 上线自助退款\n"
    return import_okrs(
        world.alice, file_name=name, data=text.encode(), cycle=world.cycle, dry_run=dry_run
    )


@pytest.mark.parametrize("name", ["okrs.txt", "okrs.md", "okrs.csv"])
@pytest.mark.parametrize("line", ASKED)
def test_the_preview_shows_the_document_with_the_key_result_held(world, line, name):
    result = _paste(world, line, dry_run=True, name=name)
    (objective,) = result.objectives
    assert [kr.fields["title"] for kr in objective.key_results] == [
        "NPS 从 30 提升到 45",
        "上线自助退款",
    ]
    ((held, why),) = objective.held
    where = {"okrs.md": "line 4", "okrs.txt": "line 3", "okrs.csv": "row 3"}[name]
    assert held.fields["title"] == line and held.location.describe().endswith(where)
    assert "start" in why and "not imported" in why
    assert any(where in p and "not imported" in p for p in result.problems)


@pytest.mark.parametrize("name", ["okrs.txt", "okrs.csv"])
@pytest.mark.parametrize("line", ASKED)
def test_confirming_imports_the_rest_and_says_what_was_held(world, line, name):
    result = _paste(world, line, dry_run=False, name=name)
    (objective,) = result.created
    assert list(objective.key_results.values_list("title", flat=True)) == [
        "NPS 从 30 提升到 45",
        "上线自助退款",
    ]
    assert "1 key result was not imported" in result.imported_message


@pytest.mark.parametrize(("line", "target", "unit"), CEILINGS + FLOORS)
def test_the_api_asks_for_the_start_of_a_title_only_ceiling(world, line, target, unit):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="服务")
    with pytest.raises(ValidationError) as error:
        services.create_key_result(world.alice, objective, refuse_unapplied=True, title=line)
    assert "start_value" in error.value.message_dict
    assert not objective.key_results.exists()


# A ceiling's start above it is brought down; a floor's start below it is raised to the floor
# and kept there (at_least): the start the person sends is where it stands.
SENT_START = [(line, target, unit, target * 3, "decrease") for line, target, unit in CEILINGS] + [
    (line, target, unit, target - 1, "at_least") for line, target, unit in FLOORS
]


@pytest.mark.parametrize(("line", "target", "unit", "start", "direction"), SENT_START)
def test_a_start_sent_with_the_title_makes_a_key_result_not_yet_done(
    world, line, target, unit, start, direction
):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="服务")
    kr = services.create_key_result(
        world.alice, objective, refuse_unapplied=True, title=line, start_value=start
    )
    assert (kr.start_value, kr.target_value, kr.unit, kr.direction) == (
        start,
        target,
        unit,
        direction,
    )
    assert kr.progress == 0


@pytest.mark.parametrize(("line", "target", "unit"), CEILINGS + FLOORS)
def test_the_form_asks_for_the_start(client_for, world, line, target, unit):
    data = form_data(owner=f"person:{world.alice.pk}", krs=[{"title": line, "target_value": ""}])
    response = client_for(world.alice).post(reverse("objective_create"), data)
    assert response.status_code == 200 and not Objective.objects.exists()
    assert "no start value" in response.content.decode()


def test_the_preview_page_shows_the_held_key_result_at_its_line(client, world):
    client.force_login(world.alice.user)
    text = (
        "O1: 提升服务质量\nKR1: NPS 从 30 提升到 45\nKR2: 客诉降到每月 8 单以下\n"
        "KR3: 退货率降低 20%\n"
    )
    response = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": text})
    page = response.content.decode()
    assert response.status_code == 200, page[:1000]
    assert page.count("data-held") == 2 and "line 3, not imported" in page
    assert "line 4, not imported" in page and "30 → 45" in page


def test_the_preview_page_shows_a_sheet_row_held_at_its_row(client, world):
    client.force_login(world.alice.user)
    sheet = (
        "objective,key result\n提升服务质量,NPS 从 30 提升到 45\n"
        "提升服务质量,Maintain 99.9% uptime\n"
    )
    upload = SimpleUploadedFile("okrs.csv", sheet.encode(), content_type="text/csv")
    response = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "file": upload})
    page = response.content.decode()
    assert response.status_code == 200, page[:1000]
    assert page.count("data-held") == 1 and "row 3, not imported" in page and "30 → 45" in page


# A floor whose start is written beside it: kept above the floor it already clears, never
# "brought down" to it (progress growing as the level falls); under it, raised to it.
WRITTEN_START = [
    ("维持可用性不低于95%（当前值 97%）", Decimal(97), Decimal(95), "at_least"),
    ("保持NPS在40以上（当前 45）", Decimal(45), Decimal(40), "at_least"),
    ("Maintain 99.9% uptime (currently 99.95%)", Decimal("99.95"), Decimal("99.9"), "at_least"),
    ("Keep churn at or below 2% (currently 1.5%)", Decimal("1.5"), Decimal(2), "at_most"),
    ("Keep churn at or below 2% (currently 3%)", Decimal(3), Decimal(2), "decrease"),
    ("Maintain 99.9% uptime (currently 99.5%)", Decimal("99.5"), Decimal("99.9"), "increase"),
    # A bound written beside the target, no verb of keeping (issue 9, probe p2).
    ("Cost at most $50k (currently $40k)", Decimal(40000), Decimal(50000), "at_most"),
    ("留存率不低于 40%（当前值 45%）", Decimal(45), Decimal(40), "at_least"),
    ("成本控制在 50 万以内（当前值 40 万）", Decimal(40), Decimal(50), "at_most"),
    ("Cost at most $50k (currently $60k)", Decimal(60000), Decimal(50000), "decrease"),
    ("Cost capped at $50k (currently $40k)", Decimal(40000), Decimal(50000), "at_most"),
]


@pytest.mark.parametrize(("line", "start", "target", "direction"), WRITTEN_START)
def test_a_kept_level_with_its_start_written_keeps_its_side(world, line, start, target, direction):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="服务")
    kr = services.create_key_result(world.alice, objective, refuse_unapplied=True, title=line)
    assert (kr.start_value, kr.target_value, kr.direction) == (start, target, direction)


# A lower bound after no "keep" verb is an increase (okr-rules.md §6): a count done in the
# cycle counts up from 0, as "达到 1,000 家" does, so it is not done when made and nothing is
# asked. A level's floor ("NPS at least 40", "可用性不低于95%") is asked for its start (issue 9
# M2: tests/transfer/test_a_level_floor_asks_its_start.py).
@pytest.mark.parametrize(
    ("line", "target"),
    [
        ("读完至少 6 本书", Decimal(6)),
        ("At least 5 new partners", Decimal(5)),
    ],
)
def test_a_lower_bound_to_reach_counts_up_from_zero(world, line, target):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="服务")
    kr = services.create_key_result(world.alice, objective, refuse_unapplied=True, title=line)
    assert (kr.start_value, kr.target_value, kr.direction) == (0, target, "increase")
    assert kr.progress == 0


# One paragraph holding the objective and its key results (`O：… KR1：…；KR2：…`): every key result
# is on line 1, a held one among them.
INLINE = "O：提升服务质量 KR1：退货率降低 20%；KR2：{kr}；KR3：NPS 从 30 提升到 45\n"


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_held_key_result_on_a_shared_line_lets_no_unreadable_one_through(world, dry_run):
    """Review (rvn): the refusal of what cannot be read skipped every line holding a held key
    result, so an unreadable one beside it was imported with a guessed number."""
    text = INLINE.format(kr="转化率从 4,5% 提升到 8%").encode()
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.txt", data=text, cycle=world.cycle,
                    dry_run=dry_run)  # fmt: skip
    said = "okrs.txt, line 1: “转化率从 4,5% 提升到 8%”: “4,5” is ambiguous"
    assert refused.value.text.startswith(said)
    assert not Objective.objects.filter(title="提升服务质量").exists()


def test_the_readable_key_results_of_a_shared_line_import_beside_a_held_one(world):
    text = INLINE.format(kr="上线自助退款").encode()
    result = import_okrs(world.alice, file_name="okrs.txt", data=text, cycle=world.cycle)
    (objective,) = result.created
    assert list(objective.key_results.values_list("title", flat=True)) == [
        "上线自助退款",
        "NPS 从 30 提升到 45",
    ]
    assert "1 key result was not imported" in result.imported_message
