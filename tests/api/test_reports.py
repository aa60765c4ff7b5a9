"""`/api/v1/reports`: generate, list, edit and share weekly reports; check-ins with a next step
and a blocker flag; bad input named by field, never a 500."""

from datetime import timedelta

from mubiao.orgs.rules import today_for
from tests.api.conftest import field_errors
from tests.conftest import make_objective


def test_generate_edit_share_and_list(world, api):
    objective = make_objective(world.alice, world.cycle, "Grow users", team=world.product)
    kr = objective.key_results.get()
    alice = api(world.alice)
    response = alice.post(f"/key-results/{kr.pk}/check-ins",
                          {"value": 20, "note": "vendor late", "is_blocker": True,
                           "next_step": "Call the vendor"})  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["is_blocker"] is True
    assert response.json()["next_step"] == "Call the vendor"

    response = alice.post("/reports", {})
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["state"] == "draft" and report["person_id"] == world.alice.pk
    assert "Call the vendor" in report["body"] and "blocker: vendor late" in report["body"]
    assert report["title"].startswith("Alice · ")

    # Drafts are their author's alone.
    assert api(world.lead).get(f"/reports/{report['id']}").status_code == 404
    response = alice.patch(f"/reports/{report['id']}", {"body": "# Week\n- fine"},
                           **{"If-Match": str(report["version"])})  # fmt: skip
    assert response.status_code == 200 and response.json()["body"] == "# Week\n- fine"
    stale = alice.post(f"/reports/{report['id']}/share", **{"If-Match": str(report["version"])})
    assert stale.status_code == 409
    assert alice.post(f"/reports/{report['id']}/share").json()["state"] == "shared"
    listed = api(world.lead).get("/reports").json()  # her manager reads it now
    assert [r["id"] for r in listed["items"]] == [report["id"]]
    assert api(world.bob).get("/reports").json()["items"] == []

    shared = alice.get(f"/reports/{report['id']}").json()
    response = alice.patch(f"/reports/{report['id']}", {"body": "again"},
                           **{"If-Match": str(shared["version"])})  # fmt: skip
    assert response.status_code == 422
    assert "can no longer be changed" in field_errors(response)["body"]


def test_bad_input_is_named(world, api):
    alice = api(world.alice)
    response = alice.post("/reports", {"team_id": world.product.pk})  # not her team to report on
    assert response.status_code == 403 and "Only the team's lead" in response.text
    future = (today_for(world.org) + timedelta(days=8)).isoformat()
    response = alice.post("/reports", {"week": future})
    assert response.status_code == 422 and "has not started" in field_errors(response)["week"]
    response = alice.post("/reports", {"week": "last week"})
    assert response.status_code == 422 and "week" in field_errors(response)
    response = api(world.lead).post("/reports", {"team_id": world.product.pk, "colour": 1})
    assert response.status_code == 422 and "colour" in field_errors(response)
    assert alice.get("/reports/999999").status_code == 404
