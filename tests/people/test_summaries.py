"""Issue 13, tester's finding 7: result summaries count what happened and say "nothing
changed" when nothing did, in both languages (the people import, the year form)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.utils import translation

from mubiao.people.plan import PeopleImport
from mubiao.people.reading import PersonRow

pytestmark = pytest.mark.django_db


def summary(create=0, update=0, deactivate=0, unchanged=0, teams=0) -> PeopleImport:
    actions = ["create"] * create + ["update"] * update + ["deactivate"] * deactivate
    actions += ["unchanged"] * unchanged
    rows = [PersonRow(None, {}, f"p{n}@acme.test", {}, action=a) for n, a in enumerate(actions)]
    return PeopleImport("people.csv", False, rows, new_teams=[f"T{n}" for n in range(teams)])


TABLE = [
    ({"unchanged": 3}, "Nothing changed: the 3 people in the file are already as it says.",
     "没有任何变化：文件中的 3 人已与文件所写一致。"),
    ({"unchanged": 1}, "Nothing changed: the 1 person in the file is already as it says.",
     "没有任何变化：文件中的 1 人已与文件所写一致。"),
    ({"create": 1}, "1 person added.", "新增 1 人。"),
    ({"create": 300, "teams": 8}, "300 people added; 8 new teams.", "新增 300 人；新建 8 个团队。"),
    ({"update": 1, "unchanged": 2}, "1 updated, 2 unchanged.", "更新 1 人，2 人不变。"),
    ({"create": 2, "update": 1, "teams": 2}, "2 people added, 1 updated; 2 new teams.",
     "新增 2 人，更新 1 人；新建 2 个团队。"),
    ({"deactivate": 1, "unchanged": 5}, "1 deactivated, 5 unchanged.", "停用 1 人，5 人不变。"),
    ({"teams": 1, "unchanged": 1}, "1 unchanged; 1 new team.", "1 人不变；新建 1 个团队。"),
]  # fmt: skip


@pytest.mark.parametrize(("counts", "english", "chinese"), TABLE)
def test_people_import_summaries(counts, english, chinese):
    with translation.override("en"):
        assert summary(**counts).summary == english
    with translation.override("zh-hans"):
        assert summary(**counts).summary == chinese


def test_no_summary_names_a_count_of_nothing():
    for counts, english, chinese in TABLE:
        assert not re.search(r"(?<!\d)0(?!\d)", english + chinese), counts


@pytest.mark.parametrize(
    ("language", "first", "again", "retried"),
    [
        ("en", "Created 2031, 2031 Q1, 2031 Q2, 2031 Q3, 2031 Q4.",
         "Nothing changed: 2031 exists already.",
         "Nothing changed: 2031 and the cycles chosen inside it exist already."),
        ("zh-hans", "已创建 2031 年度，2031 Q1", "没有任何变化：2031 年度已存在。",
         "没有任何变化：2031 年度及其中所选的周期均已存在。"),
    ],
)  # fmt: skip
def test_the_year_form_says_when_nothing_was_created(
    world, client_for, language, first, again, retried
):
    world.admin.user.language = language
    world.admin.user.save()
    client = client_for(world.admin)

    def post(data):
        response = client.post("/settings/cycles", data)
        assert response.status_code == 302
        return [str(m) for m in get_messages(response.wsgi_request)][-1]

    created = post({"year-year": "2031", "year-parts": ["quarter"]})
    assert created.startswith(first)
    count = world.org.cycles.count()
    assert post({"year-year": "2031"}).startswith(again)
    assert post({"year-year": "2031", "year-parts": ["quarter"]}) == retried
    assert world.org.cycles.count() == count
