"""/me, /teams, /members, /cycles, /comments, /templates, /okrtext."""

import datetime as dt

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective
from mubiao.playbook import services as playbook
from mubiao.playbook.models import Template
from tests.api.conftest import field_errors
from tests.conftest import make_objective


def test_teams_read(world, other_world, api):
    alice = api(world.alice)
    page = alice.get("/teams").json()
    assert page["count"] == 4
    product = alice.get(f"/teams/{world.product.pk}").json()
    assert product == {
        "id": world.product.pk,
        "name": "产品部",
        "path": "Company / 产品部",
        "slug": "product",
        "parent_id": world.company.pk,
        "lead_ids": [world.lead.pk],
        "member_ids": sorted([world.lead.pk, world.alice.pk]),
        "version": product["version"],  # a digest of the rest (test_if_match_every_write)
    }
    assert [
        t["name"] for t in alice.get("/teams", {"parent": world.company.pk}).json()["items"]
    ] == ["Support", "产品部"]
    assert alice.get("/teams", {"q": "产品"}).json()["count"] == 1
    assert alice.get(f"/teams/{other_world.product.pk}").status_code == 404


def test_teams_write_admins_only(world, other_world, api):
    body = {"name": "Growth", "parent_id": world.product.pk, "lead_ids": [world.bob.pk]}
    assert api(world.lead).post("/teams", body).status_code == 403
    admin = api(world.admin)
    created = admin.post("/teams", body)
    assert created.status_code == 201, created.content
    team = created.json()
    assert team["lead_ids"] == [world.bob.pk] and team["parent_id"] == world.product.pk
    moved = admin.patch(f"/teams/{team['id']}", {"parent_id": None, "lead_ids": []}).json()
    assert moved["parent_id"] is None and moved["lead_ids"] == [] and moved["name"] == "Growth"
    loop = admin.patch(f"/teams/{world.company.pk}", {"parent_id": world.docs.pk})
    assert field_errors(loop).keys() == {"parent_id"}
    assert field_errors(admin.post("/teams", {"name": "Docs"})).keys() == {"name"}
    assert field_errors(
        admin.post("/teams", {"name": "X", "lead_ids": [other_world.bob.pk]})
    ).keys() == {"lead_ids"}


def test_members(world, other_world, api):
    alice = api(world.alice)
    page = alice.get("/members").json()
    assert page["count"] == 5
    emails = {m["email"] for m in page["items"]}
    assert "bob@acme.test" in emails and not any("other" in e for e in emails)
    me = alice.get(f"/members/{world.alice.pk}").json()
    assert me["manager_id"] == world.lead.pk and me["team_ids"] == [world.product.pk]
    assert alice.get("/members", {"team": world.docs.pk}).json()["count"] == 1
    assert alice.get("/members", {"q": "ali"}).json()["count"] == 1
    assert alice.get("/members", {"role": "admin"}).json()["count"] == 1
    assert alice.get(f"/members/{other_world.alice.pk}").status_code == 404

    assert alice.patch(f"/members/{world.bob.pk}", {"title": "x"}).status_code == 403
    admin = api(world.admin)
    updated = admin.patch(
        f"/members/{world.bob.pk}",
        {
            "title": "技术写作",
            "manager_id": world.alice.pk,
            "team_ids": [world.docs.pk, world.product.pk],
        },
    ).json()
    assert updated["title"] == "技术写作" and updated["manager_id"] == world.alice.pk
    assert updated["team_ids"] == sorted([world.docs.pk, world.product.pk])
    assert updated["role"] == "member"
    loop = admin.patch(f"/members/{world.lead.pk}", {"manager_id": world.bob.pk})
    assert field_errors(loop).keys() == {"manager_id"}
    assert field_errors(admin.patch(f"/members/{world.bob.pk}", {"role": "king"})).keys() == {
        "role"
    }
    assert field_errors(admin.patch(f"/members/{world.bob.pk}", {"role": "owner"})).keys() == {
        "role"
    }  # only an owner makes owners


def test_cycles(world, other_world, api):
    alice, admin = api(world.alice), api(world.admin)
    assert alice.get("/cycles").json()["count"] == 1
    assert alice.get(f"/cycles/{world.cycle.pk}").json()["state"] == "active"
    assert alice.get("/cycles", {"state": "closed"}).json()["count"] == 0
    assert alice.get(f"/cycles/{other_world.cycle.pk}").status_code == 404
    body = {"name": "2030 Q1", "start_date": "2030-01-01", "end_date": "2030-03-31"}
    assert alice.post("/cycles", body).status_code == 403

    created = admin.post("/cycles", body)
    assert created.status_code == 201 and created.json()["state"] == "planning"
    cycle_id = created.json()["id"]
    assert admin.patch(f"/cycles/{cycle_id}", {"name": "2030 第一季度"}).json()["name"] == (
        "2030 第一季度"
    )
    overlap = admin.post("/cycles", {**body, "name": "again"})
    assert field_errors(overlap).keys() == {"start_date"}
    backwards = admin.post("/cycles", {**body, "name": "b", "end_date": "2029-01-01"})
    assert field_errors(backwards).keys() == {"end_date"}
    bad_date = admin.post("/cycles", {**body, "name": "c", "start_date": "2030-02-30"})
    assert field_errors(bad_date).keys() == {"start_date"}

    assert admin.post(f"/cycles/{cycle_id}/state", {"state": "active"}).json()["state"] == "active"
    skip = admin.post(f"/cycles/{cycle_id}/state", {"state": "closed"})
    assert field_errors(skip).keys() == {"state"}
    assert alice.post(f"/cycles/{cycle_id}/state", {"state": "grading"}).status_code == 403
    assert alice.delete(f"/cycles/{cycle_id}").status_code == 403
    assert admin.delete(f"/cycles/{cycle_id}").status_code == 204
    assert admin.get(f"/cycles/{cycle_id}").status_code == 404
    make_objective(world.alice, world.cycle)
    assert field_errors(admin.delete(f"/cycles/{world.cycle.pk}")).keys() == {"cycle"}


def test_closed_cycle_is_read_only(world, api):
    objective = make_objective(world.alice, world.cycle)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.CLOSED)
    alice = api(world.alice)
    assert field_errors(alice.patch(f"/objectives/{objective.pk}", {"title": "x"})).keys() == {
        "cycle"
    }


def test_comments(world, api):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.first()
    entry = services.check_in(world.alice, kr, value=3)
    bob = api(world.bob)
    for target, query in (
        ("objective_id", "objective"),
        ("key_result_id", "key_result"),
        ("check_in_id", "check_in"),
    ):
        pk = {"objective": objective.pk, "key_result": kr.pk, "check_in": entry.pk}[query]
        created = bob.post("/comments", {target: pk, "body": f"Nice work @Alice on {query}"})
        assert created.status_code == 201, created.content
        assert created.json()[target] == pk and created.json()["author_name"] == "Bob"
        listed = bob.get("/comments", {query: pk}).json()
        assert [c["body"] for c in listed["items"]] == [f"Nice work @Alice on {query}"]
    assert field_errors(bob.get("/comments")) == {
        None: "Name exactly one objective, key result or check-in."
    }
    assert bob.get("/comments", {"objective": objective.pk, "key_result": kr.pk}).status_code == 422
    assert field_errors(
        bob.post("/comments", {"objective_id": objective.pk, "body": " "})
    ).keys() == {"body"}
    private = make_objective(world.alice, world.cycle, visibility=Objective.Visibility.PRIVATE)
    assert bob.post("/comments", {"objective_id": private.pk, "body": "hi"}).status_code == 404


def test_templates(world, other_world, api):
    own = playbook.create_template(
        world.admin,
        text="O: 提升客户满意度\nKR1: NPS 从 30 提升到 50",
        role="客服主管",
        language="zh-hans",
    )
    foreign = playbook.create_template(
        other_world.admin, text="O: Secret plan\nKR1: Win 10 deals", role="Sales", language="en"
    )
    alice = api(world.alice)
    everything = alice.get("/templates", {"limit": 200}).json()
    ids = {t["id"] for t in everything["items"]}
    assert own.pk in ids and foreign.pk not in ids
    builtins = Template.objects.filter(organization__isnull=True).count()
    assert everything["count"] == builtins + 1
    assert everything["items"][0]["id"] == own.pk  # the organization's own come first
    found = alice.get("/templates", {"q": "满意度", "role": "客服主管"}).json()
    assert [t["id"] for t in found["items"]] == [own.pk]
    assert alice.get(f"/templates/{own.pk}").json()["is_builtin"] is False
    assert alice.get(f"/templates/{foreign.pk}").status_code == 404
    assert alice.get("/templates", {"language": "fr"}).status_code == 422


def test_okrtext_parse_and_lint(world, api):
    alice = api(world.alice)
    text = "产品经理的OKR\nO1: 提升客户满意度\nKR1: NPS 从 30 提升到 50，5 月底前\n???"
    parsed = alice.post("/okrtext/parse", {"text": text, "year": 2026}).json()
    section = parsed["sections"][0]
    assert section["owner"]
    kr = section["objectives"][0]["key_results"][0]
    assert kr["start"] == 30 and kr["target"] == 50 and kr["line"] == 3
    assert kr["due"] == dt.date(2026, 5, 31).isoformat()
    linted = alice.post("/okrtext/lint", {"text": text, "lang": "en"}).json()
    assert linted["findings"] and all(f["rule"].startswith("OKR-") for f in linted["findings"])
    chinese = alice.post("/okrtext/lint", {"text": text}, **{"accept-language": "zh-hans"})
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.json()["findings"][0]["message"])
    assert field_errors(alice.post("/okrtext/parse", {"text": "x", "year": 10})).keys() == {"year"}
    assert field_errors(alice.post("/okrtext/lint", {})).keys() == {"text"}
