"""Issue 12 on every route: who may write a team's report (403 saying why), a draft edit
carries its version (API 428 without If-Match; the web form refuses a save without it and keeps
the text), unchanged values are no progress, and generated lines are in the reader's language."""

import pytest

from mubiao.okrs import services as okrs
from mubiao.reports.models import WeeklyReport
from tests.api.conftest import Api
from tests.conftest import make_objective


@pytest.mark.parametrize(("language", "said"), [("en", "Only the team's lead"),
                                                 ("zh-hans", "只有该团队的负责人")])  # fmt: skip
def test_a_member_asking_for_her_teams_report_is_told_who_may(world, language, said):
    response = Api(world.alice, **{"accept-language": language}).post(
        "/reports", {"team_id": world.product.pk}
    )
    assert response.status_code == 403 and said in response.json()["detail"]
    assert not WeeklyReport.objects.exists()


@pytest.mark.parametrize(("language", "said"), [("en", "If-Match"), ("zh-hans", "If-Match 中")])
def test_a_draft_edit_must_carry_its_version(world, client_for, language, said):
    api = Api(world.alice, **{"accept-language": language})
    report = api.post("/reports", {}).json()
    response = api.patch(f"/reports/{report['id']}", {"body": "mine"})
    assert response.status_code == 428 and said in response.json()["detail"]
    assert WeeklyReport.objects.get().body == report["body"]
    page = client_for(world.alice).post(f"/reports/{report['id']}",
                                        {"body": "typed text", "action": "save"})  # fmt: skip
    assert page.status_code == 422 and "typed text" in page.text
    assert WeeklyReport.objects.get().body == report["body"]
    ok = api.patch(
        f"/reports/{report['id']}", {"body": "mine"}, **{"if-match": str(report["version"])}
    )
    assert ok.status_code == 200 and ok.json()["body"] == "mine"


def test_an_unchanged_value_is_no_progress(world):
    objective = make_objective(world.alice, world.cycle, "Keep", team=world.product)
    kr = objective.key_results.get()
    okrs.check_in(world.alice, kr, value=0, note="same")
    body = Api(world.alice).post("/reports", {}).json()["body"]
    assert "0 → 0" not in body and "No change: **KR 1** · Keep, still 0" in body


def test_generated_lines_are_in_the_readers_language(world):
    world.lead.user.language = "zh-hans"
    world.lead.user.save(update_fields=["language"])
    objective = make_objective(world.alice, world.cycle, "Grow", team=world.product)
    okrs.check_in(world.alice, objective.key_results.get(), value=30)
    author = Api(world.lead, **{"accept-language": "zh-hans"})
    report = author.post("/reports", {"team_id": world.product.pk}).json()
    assert "## 进展" in report["body"]
    body = report["body"] + "作者自己写的\n"
    author.patch(f"/reports/{report['id']}", {"body": body}, **{"if-match": str(report["version"])})
    author.post(f"/reports/{report['id']}/share")
    read = Api(world.alice, **{"accept-language": "en"}).get(f"/reports/{report['id']}").json()
    assert "## Progress" in read["body"] and "progress 0% → 30%" in read["body"]
    assert "进展" not in read["body"] and "作者自己写的" in read["body"]
