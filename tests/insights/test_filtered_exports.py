"""Every export of a filtered list applies the page's filter (issue 12, h12c): /adoption.csv?list=
ungraded and ?list=silent exported everyone. A table over each list of the adoption page and of
the grading review: the page's rows == the CSV's == the xlsx's == the API's, for readers who
see different parts of a generated organization."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective
from tests.api.conftest import Api
from tests.insights.test_person_objectives_agree import organization

pytestmark = pytest.mark.django_db

PAGE_LISTS = {"no_okrs": "no_okrs", "silent": "silent", "ungraded": "ungraded"}


def exported(client, name: str, params: dict, column: int) -> dict[str, list]:
    """{fmt: the export's values of `column`, in order} for CSV and xlsx."""
    csv_answer = client.get(reverse(f"{name}_csv"), params)
    assert csv_answer.status_code == 200
    lines = list(
        csv.reader(io.StringIO(b"".join(csv_answer.streaming_content).decode("utf-8-sig")))
    )
    xlsx_answer = client.get(reverse(f"{name}_xlsx"), params)
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_answer.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return {"csv": [line[column] for line in lines[1:]], "xlsx": [row[column] for row in rows]}


def checked_in_and_graded(world):
    """Some check-ins (so that "silent" is not everyone with OKRs) and, in grading, some
    scores (so that "not graded" is not everyone with OKRs)."""
    objectives = list(Objective.objects.filter(cycle=world.cycle).order_by("pk"))
    for objective in objectives[::3]:
        kr = objective.key_results.get()
        services.check_in(world.admin, kr, value=40)
    return objectives


@pytest.mark.parametrize("state", ["active", "grading"])
@pytest.mark.parametrize("seed", range(2))
def test_the_adoption_exports_list_what_the_page_lists(world, client_for, seed, state):
    readers = organization(world, seed)
    objectives = checked_in_and_graded(world)
    if state == "grading":
        services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
        for objective in objectives[::2]:
            kr = objective.key_results.get()
            services.grade_objective(world.admin, objective, scores={kr.pk: ("1.0", "")})
    seen_filtered = set()
    for name, reader in readers.items():
        client = client_for(reader)
        context = client.get(reverse("adoption")).context
        api = Api(reader)
        for list_name in ("everyone", *PAGE_LISTS):
            where = (name, seed, state, list_name)
            everyone = client.get(reverse("adoption_csv"))
            if list_name == "everyone":
                page = None
            else:
                page = sorted(p.user.email for p in context[PAGE_LISTS[list_name]])
            files = exported(client, "adoption", {"list": list_name}, column=1)
            answer = api.get("/adoption", {"list": list_name, "limit": 200}).json()
            from_api = sorted(p["email"] for p in answer["people"]["items"])
            assert sorted(files["csv"]) == sorted(files["xlsx"]) == from_api, where
            if page is not None:
                assert sorted(files["csv"]) == page, where
                whole = b"".join(everyone.streaming_content).decode("utf-8-sig").count("\n") - 1
                if len(page) < whole:
                    seen_filtered.add(list_name)
    # The table could tell: each list filtered someone out for some reader.
    assert seen_filtered >= {"no_okrs", "silent"} | ({"ungraded"} if state == "grading" else set())


def test_the_grading_review_exports_list_what_the_page_lists(world, client_for):
    readers = organization(world, 0)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    objectives = list(Objective.objects.filter(cycle=world.cycle).order_by("pk"))
    for i, objective in enumerate(objectives):
        kr = objective.key_results.get()
        score = ["0.2", "0.5", "1.0", "0.8"][i % 4]
        services.grade_objective(world.admin, objective, scores={kr.pk: (score, "why")},
                                 retrospective="" if score == "1.0" else "Learned")  # fmt: skip
    lists = {"committed_below_one": "misses", "aspirational_far": "outliers",
             "retrospective": "retrospectives"}  # fmt: skip
    for name, reader in readers.items():
        client = client_for(reader)
        if client.get(reverse("grading_review")).status_code != 200:
            continue
        context = client.get(reverse("grading_review")).context
        for flag, key in lists.items():
            where = (name, flag)
            page = [o.title for o in context[key]]
            files = exported(client, "grading_review", {"flag": flag}, column=1)
            assert files["csv"] == files["xlsx"] == page, where
            answer = Api(reader).get("/grading-review/objectives", {"flag": flag, "limit": 200})
            assert [o["title"] for o in answer.json()["items"]] == page, where
        everything = exported(client, "grading_review", {}, column=1)["csv"]
        assert len(everything) > max(len(context[key]) for key in lists.values())


@pytest.mark.parametrize(("name", "param"), [("adoption", "list"), ("grading_review", "flag")])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_unknown_list_is_refused_by_name(world, client_for, name, param, language):
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    client = client_for(world.admin)
    for fmt in ("csv", "xlsx"):
        answer = client.get(
            reverse(f"{name}_{fmt}"), {param: "nobody"}, headers={"accept-language": language}
        )
        assert answer.status_code == 422
        text = answer.content.decode()
        assert param in text and "nobody" in text
        assert ("不是" in text) == (language == "zh-hans")
