"""A year with its halves, quarters, two-month cycles or months in one step; the next cycle
prepared from the unfinished objectives of this one, alignment kept."""

import datetime as dt
import itertools

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective, year_cycle_names, year_cycle_names_in
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def test_a_year_with_its_quarters_and_bimonths(world):
    created = services.create_year(world.admin, year=2031, parts=["bimonth", "quarter"])
    year, *parts = created
    assert (year.name, year.kind, year.start_date, year.end_date) == (
        "2031", "year", dt.date(2031, 1, 1), dt.date(2031, 12, 31)
    )  # fmt: skip
    assert [c.name for c in parts] == [
        "2031 Q1", "2031 Q2", "2031 Q3", "2031 Q4",
        "2031 Jan–Feb", "2031 Mar–Apr", "2031 May–Jun",
        "2031 Jul–Aug", "2031 Sep–Oct", "2031 Nov–Dec",
    ]  # fmt: skip
    assert all(c.parent == year for c in parts)
    quarters = [c for c in parts if c.kind == "quarter"]
    assert next((q.start_date, q.end_date) for q in quarters) == (
        dt.date(2031, 1, 1), dt.date(2031, 3, 31)
    )  # fmt: skip
    # The days are covered once per kind: each quarter starts the day after the last ends.
    for earlier, later in itertools.pairwise(quarters):
        assert later.start_date == earlier.end_date + dt.timedelta(days=1)
    assert quarters[-1].end_date == dt.date(2031, 12, 31)


def test_names_follow_the_language_and_an_existing_year_is_reused(world):
    with translation.override("zh-hans"):
        year, h1, h2 = services.create_year(world.admin, year=2032, parts=["half"])
        assert (year.name, h1.name, h2.name) == ("2032 年度", "2032 上半年", "2032 下半年")
        again = services.create_year(world.admin, year=2032, parts=["month"])
    assert again[0] == year and again[1].name == "2032 年 1 月" and len(again) == 13
    assert again[1].parent == year and again[-1].end_date == dt.date(2032, 12, 31)
    assert again.created == again[1:]
    # Asked again in the other language: the halves and months named in Chinese are the same
    # periods, reused rather than refused as overlapping or made twice.
    before = Cycle.objects.count()
    third = services.create_year(world.admin, year=2032, parts=["month", "half"])
    assert third.created == [] and Cycle.objects.count() == before
    assert third[:3] == [year, h1, h2] and third[3:] == again[1:]


def test_all_or_nothing_with_the_cycle_named(world):
    services.create_cycle(
        world.admin, name="Special", kind="quarter",
        start_date=dt.date(2033, 4, 2), end_date=dt.date(2033, 6, 29),  # 89 days: a quarter
    )  # fmt: skip
    before = Cycle.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.create_year(world.admin, year=2033, parts=["quarter"])
    assert raised.value.message_dict["parts"] == [
        "2033 Q2: Cycles of the same kind must not overlap: Special runs from 2033-04-02 to "
        "2033-06-29."
    ]
    assert Cycle.objects.count() == before
    with pytest.raises(ValidationError) as raised:
        services.create_year(world.admin, year=1066, parts=["week"])
    assert set(raised.value.message_dict) == {"year", "parts"}
    with pytest.raises(PermissionDenied):
        services.create_year(world.alice, year=2034)


def test_prepare_next_cycle_copies_unfinished_objectives_with_their_alignment(world):
    year = services.create_year(world.admin, year=2035, parts=["quarter"])
    annual, q1, q2 = year[0], year[1], year[2]
    company = make_objective(world.admin, annual, "Grow the company", owner_type="organization")
    top = make_objective(world.lead, q1, "Ship the product", krs=2, parent_objective=company)
    child = make_objective(
        world.alice, q1, "Write the guide", parent_key_result=top.key_results.last()
    )
    other = make_objective(world.bob, q1, "Answer tickets", parent_objective=top)
    done = make_objective(world.alice, q1, "Finished already")
    Objective.objects.filter(pk=done.pk).update(progress=1)
    unfinished = services.unfinished_objectives(world.admin, q1)
    assert set(unfinished) == {top, child, other}

    copies = services.prepare_next_cycle(world.admin, [child, top], q2).copies
    top_copy, child_copy = copies[top.pk], copies[child.pk]
    assert {top_copy.cycle, child_copy.cycle} == {q2}
    # The parent was copied too: the copy aligns to the copy of the same key result.
    assert child_copy.parent_key_result == top_copy.key_results.last()
    # A parent in the year that holds both quarters stays the parent.
    assert top_copy.parent_objective == company
    assert [kr.current_value for kr in top_copy.key_results.all()] == [
        kr.start_value for kr in top.key_results.all()
    ]
    # A parent left behind in the old quarter is not aligned to across cycles.
    alone = services.prepare_next_cycle(world.admin, [other], year[3]).copies
    assert alone[other.pk].parent is None
    with pytest.raises(ValidationError):
        services.prepare_next_cycle(world.admin, [], q2)


def test_the_year_form_on_the_cycles_page(world, client_for):
    client = client_for(world.admin)
    assert b"data-year-form" in client.get("/settings/cycles").content
    done = client.post("/settings/cycles", {"year-year": "2036", "year-parts": ["quarter"]})
    assert done.status_code == 302
    assert list(
        Cycle.objects.filter(name__startswith="2036").order_by("start_date", "-kind")
        .values_list("name", flat=True)
    ) == ["2036", "2036 Q1", "2036 Q2", "2036 Q3", "2036 Q4"]  # fmt: skip
    services.create_cycle(
        world.admin, name="Special", kind="month",
        start_date=dt.date(2036, 5, 2), end_date=dt.date(2036, 5, 29),  # 28 days: a month
    )  # fmt: skip
    refused = client.post("/settings/cycles", {"year-year": "2036", "year-parts": ["month"]})
    assert refused.status_code == 400 and "2036 May: " in refused.content.decode()
    assert client_for(world.alice).get("/settings/cycles").status_code == 404


def test_the_prepare_next_cycle_page(world, client_for):
    q1, q2 = services.create_year(world.admin, year=2037, parts=["quarter"])[1:3]
    top = make_objective(world.lead, q1, "Ship the product")
    child = make_objective(world.alice, q1, "Write the guide", parent_objective=top)
    client = client_for(world.admin)
    page = client.get(f"/settings/cycles/{q1.pk}/next")
    assert page.status_code == 200 and "Write the guide" in page.content.decode()
    done = client.post(
        f"/settings/cycles/{q1.pk}/next", {"objectives": [top.pk, child.pk], "cycle": q2.pk}
    )
    assert done.status_code == 302
    copy = Objective.objects.get(cycle=q2, title="Write the guide")
    assert copy.parent_objective == Objective.objects.get(cycle=q2, title="Ship the product")


def test_preparing_the_next_cycle_again_copies_nothing_twice(world):
    q1, q2 = services.create_year(world.admin, year=2040, parts=["quarter"])[1:3]
    top = make_objective(world.lead, q1, "Ship the product")
    child = make_objective(world.alice, q1, "Write the guide", parent_objective=top)
    first = services.prepare_next_cycle(world.admin, [top], q2)
    again = services.prepare_next_cycle(world.admin, [top, child], q2)
    assert list(again.already) == [top.pk] and list(again.copies) == [child.pk]
    # The child aligns to the copy the first run made.
    assert again.copies[child.pk].parent_objective == first.copies[top.pk]
    third = services.prepare_next_cycle(world.admin, [top, child], q2)
    assert third.copies == {} and set(third.already) == {top.pk, child.pk}
    assert Objective.objects.filter(cycle=q2).count() == 2
    assert third.message(q2) == (
        "Nothing new to copy: the 2 chosen objectives are already in 2040 Q2."
    )
    with translation.override("zh-hans"):
        assert third.message(q2) == "没有需要复制的内容：所选的 2 个目标已在 2040 Q2 中。"
        assert again.message(q2) == "已将 1 个目标复制到 2040 Q2。1 个已在其中，未再次复制。"


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Nothing new to copy: the chosen objective is already in 2041 Q2."),
        ("zh-hans", "没有需要复制的内容：所选的 1 个目标已在 2041 Q2 中。"),
    ],
)
def test_the_page_says_a_second_run_copied_nothing(world, client_for, language, said):
    q1, q2 = services.create_year(world.admin, year=2041, parts=["quarter"])[1:3]
    top = make_objective(world.lead, q1, "Ship the product")
    world.admin.user.language = language
    world.admin.user.save()
    client = client_for(world.admin)
    form = {"objectives": [top.pk], "cycle": q2.pk}
    client.post(f"/settings/cycles/{q1.pk}/next", form)
    done = client.post(f"/settings/cycles/{q1.pk}/next", form, follow=True)
    assert said in done.content.decode()
    assert Objective.objects.filter(cycle=q2).count() == 1


def test_objectives_of_someone_who_left_are_not_carried_forward(world):
    """Issue 13 (fresh tester): the next cycle offered and copied a departed member's objective,
    owned by nobody who can work on it."""
    q1, q2 = services.create_year(world.admin, year=2041, parts=["quarter"])[1:3]
    kept = make_objective(world.alice, q1, "Write the guide")
    left = make_objective(world.bob, q1, "Answer tickets")
    type(world.bob).objects.filter(pk=world.bob.pk).update(is_active=False)
    assert set(services.unfinished_objectives(world.admin, q1)) == {kept}
    with pytest.raises(ValidationError) as error:
        services.prepare_next_cycle(world.admin, [kept, Objective.objects.get(pk=left.pk)], q2)
    assert "“Answer tickets”" in error.value.message_dict["objectives"][0]
    assert not Objective.objects.filter(cycle=q2).exists()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        services.prepare_next_cycle(world.admin, [Objective.objects.get(pk=left.pk)], q2)
    assert "负责人已离开：“Answer tickets”" in error.value.message_dict["objectives"][0]


@pytest.mark.parametrize(
    ("kind", "start", "end", "parts", "count"),
    [
        ("quarter", dt.date(2041, 10, 1), dt.date(2041, 12, 31), ["quarter"], 4),
        ("half", dt.date(2041, 7, 1), dt.date(2041, 12, 31), ["half"], 2),
        ("bimonth", dt.date(2041, 11, 1), dt.date(2041, 12, 31), ["bimonth"], 6),
    ],
)
def test_an_existing_part_without_a_parent_is_put_inside_the_year(
    world, kind, start, end, parts, count
):
    """The quarter made at sign-up (no parent) is one of the year's parts, not a sibling left
    outside it; a part that has a parent already keeps it."""
    alone = services.create_cycle(
        world.admin, name="Made at sign-up", kind=kind, start_date=start, end_date=end
    )
    year, *made = services.create_year(world.admin, year=2041, parts=parts)
    alone.refresh_from_db()
    assert alone.parent == year and alone in made and len(made) == count
    assert Cycle.objects.filter(kind=kind, start_date=start).count() == 1
    assert Cycle.objects.filter(parent=year).count() == count
    again = services.create_year(world.admin, year=2041, parts=parts)
    assert again.created == [] and again.attached == []


def test_a_part_inside_another_cycle_keeps_its_parent(world):
    custom = services.create_cycle(
        world.admin, name="FY", kind="custom",
        start_date=dt.date(2042, 1, 1), end_date=dt.date(2042, 12, 31),
    )  # fmt: skip
    q1 = services.create_cycle(
        world.admin, name="Q1", kind="quarter", parent=custom,
        start_date=dt.date(2042, 1, 1), end_date=dt.date(2042, 3, 31),
    )  # fmt: skip
    made = services.create_year(world.admin, year=2042, parts=["quarter"])
    q1.refresh_from_db()
    assert q1.parent == custom and made.attached == [] and made[1] == q1


def test_the_year_form_says_which_existing_cycles_it_put_inside(world, client_for):
    services.create_cycle(
        world.admin, name="2043 Q4", kind="quarter",
        start_date=dt.date(2043, 10, 1), end_date=dt.date(2043, 12, 31),
    )  # fmt: skip
    client = client_for(world.admin)
    done = client.post(
        "/settings/cycles", {"year-year": "2043", "year-parts": ["quarter"]}, follow=True
    )
    text = done.content.decode()
    assert "Created 2043, 2043 Q1, 2043 Q2, 2043 Q3." in text
    assert "Put 2043 Q4 inside 2043." in text
    assert Cycle.objects.get(name="2043 Q4").parent.name == "2043"


@pytest.mark.parametrize(
    ("reader", "shown", "not_shown"),
    [
        ("en", ["2028 Nov–Dec", "2028 H1"], "2028 年 11–12 月"),
        ("zh-hans", ["2028 年 11–12 月", "2028 上半年"], "2028 Nov–Dec"),
    ],
)
def test_a_generated_name_is_shown_in_the_readers_language(
    world, client_for, reader, shown, not_shown
):
    """Issue 13 (h13q): cycles made by a year in one step are named in their creator's language
    but shown in the reader's; a name someone typed (or renamed to) is shown as typed."""
    with translation.override("zh-hans" if reader == "en" else "en"):
        cycles = services.create_year(world.admin, year=2028, parts=["half", "bimonth"])
    services.update_cycle(world.admin, cycles[2], name="秋冬 Autumn")  # the second half, renamed
    world.admin.user.language = reader
    world.admin.user.save()
    page = client_for(world.admin).get("/settings/cycles", HTTP_ACCEPT_LANGUAGE=reader)
    text = page.content.decode()
    for name in [*shown, "秋冬 Autumn"]:
        assert name in text, name
    assert not_shown not in text
    with translation.override(reader):
        assert str(cycles[-1]) == shown[0] and cycles[2].shown_name == cycles[2].name


def test_generated_names_are_worked_out_once_per_year_kind_and_language(world):
    """Review (rvn): a page of cycles named each one by rebuilding its year's names in every
    language; they are worked out once per year, kind and language, and read the same."""
    with translation.override("zh-hans"):
        cycles = services.create_year(world.admin, year=2029, parts=["quarter", "month"])
    year_cycle_names_in.cache_clear()
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            shown = [cycle.shown_name for cycle in Cycle.objects.filter(name__startswith="2029")]
            expected = {name for kind in ("year", "quarter", "month")
                        for name, *_dates in year_cycle_names(2029, kind)}  # fmt: skip
        assert len(shown) == len(cycles) == 17 and set(shown) == expected
    kinds = {cycle.kind for cycle in cycles}
    assert year_cycle_names_in.cache_info().misses == len(kinds) * len(settings.LANGUAGES)
