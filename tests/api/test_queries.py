"""Lists answer with the same number of queries for 10 rows as for 1,000+."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mubiao.accounts.models import ApiToken
from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, Comment, KeyResult, Objective
from mubiao.orgs.models import TeamMember
from mubiao.playbook import services as playbook
from tests.conftest import make_member, make_objective


def bulk_objectives(world, count: int) -> None:
    """Many objectives (each with two key results and a collaborator) without the services'
    per-row work, so that the test stays fast."""
    rows = Objective.objects.bulk_create(
        Objective(
            organization=world.org, cycle=world.cycle, owner_type="person",
            owner_member=world.alice, team=world.product, title=f"Goal {i}", position=i,
        )
        for i in range(count)
    )  # fmt: skip
    KeyResult.objects.bulk_create(
        KeyResult(organization=world.org, objective=o, title=f"KR {n}", owner=world.alice)
        for o in rows
        for n in range(2)
    )
    Objective.collaborators.through.objects.bulk_create(
        Objective.collaborators.through(objective_id=o.pk, membership_id=world.bob.pk) for o in rows
    )


def queries(client, path, params=None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return request_queries(captured), response.json()


def request_queries(captured: CaptureQueriesContext) -> int:
    """How many queries a request made, without the token's "last used" note (accounts.tokens):
    written at most once a minute, so on a loaded machine a test that outlasts a minute would
    see it in one measurement and not in the other. The note is a best-effort write
    (transactions.best_effort): its savepoint and, on SQLite, the busy-timeout pragmas set
    before and after it go with it."""
    sqls = [q["sql"] for q in captured.captured_queries]
    dropped = set()
    for i, sql in enumerate(sqls):
        if not sql.startswith('UPDATE "accounts_apitoken"'):
            continue
        dropped.add(i)
        for step, wrapping in ((-1, "SAVEPOINT"), (1, "RELEASE SAVEPOINT")):
            j = i + step
            for prefix in (wrapping, "PRAGMA busy_timeout"):
                if 0 <= j < len(sqls) and sqls[j].startswith(prefix):
                    dropped.add(j)
                    j += step
    return len(sqls) - len(dropped)


def warm(client):
    # The first request of a token writes last_used_at; later ones within a minute do not
    # (and request_queries leaves the note out when a slow test outlasts the minute).
    client.get("/me")


def test_the_last_use_note_is_left_out_of_a_request_s_count(world, api):
    """A request that writes the token's last-use note (once a minute) counts as one that does
    not, on both databases (SQLite adds busy-timeout pragmas around the note)."""
    bob = api(world.bob)
    warm(bob)
    without, _ = queries(bob, "/me")
    ApiToken.objects.filter(membership=world.bob).update(last_used_at=None)
    with CaptureQueriesContext(connection) as captured:
        assert bob.get("/me").status_code == 200
    assert any(q["sql"].startswith('UPDATE "accounts_apitoken"') for q in captured.captured_queries)
    assert request_queries(captured) == without


def test_objective_list_queries_do_not_grow(world, api):
    bob = api(world.bob)  # not an admin: the visibility filter is in the query
    warm(bob)
    bulk_objectives(world, 10)
    small, page = queries(bob, "/objectives", {"limit": 200})
    assert page["count"] == 10
    bulk_objectives(world, 1000)
    large, page = queries(bob, "/objectives", {"limit": 200})
    assert page["count"] == 1010 and len(page["items"]) == 200
    assert all(len(item["key_results"]) == 2 for item in page["items"])
    assert large == small <= 6


def test_key_result_and_check_in_lists(world, api):
    alice = api(world.alice)
    warm(alice)
    bulk_objectives(world, 5)
    small, _ = queries(alice, "/key-results", {"limit": 200})
    bulk_objectives(world, 300)
    large, page = queries(alice, "/key-results", {"limit": 200})
    assert page["count"] == 610 and large == small

    kr = make_objective(world.alice, world.cycle).key_results.first()
    services.check_in(world.alice, kr, value=1)
    small, _ = queries(alice, f"/key-results/{kr.pk}/check-ins")
    CheckIn.objects.bulk_create(
        CheckIn(organization=world.org, key_result=kr, author=world.alice, value=i)
        for i in range(300)
    )
    large, page = queries(alice, f"/key-results/{kr.pk}/check-ins", {"limit": 200})
    assert page["count"] == 301 and large == small


def test_comment_list(world, api):
    objective = make_objective(world.alice, world.cycle)
    alice = api(world.alice)
    warm(alice)
    services.add_comment(world.bob, body="first", objective=objective)
    small, _ = queries(alice, "/comments", {"objective": objective.pk})
    Comment.objects.bulk_create(
        Comment(organization=world.org, objective=objective, author=a, body=f"c{i}")
        for i, a in enumerate([world.bob, world.lead, world.admin] * 100)
    )
    large, page = queries(alice, "/comments", {"objective": objective.pk, "limit": 200})
    assert page["count"] == 301 and large == small


def test_people_team_cycle_template_lists(world, api):
    alice = api(world.alice)
    warm(alice)
    counts = {path: queries(alice, path)[0] for path in ("/members", "/teams", "/cycles",
                                                          "/templates")}  # fmt: skip
    for i in range(60):
        person = make_member(world.org, f"p{i}@acme.test", f"Person {i}", manager=world.lead)
        TeamMember.objects.create(team=world.docs, membership=person, is_lead=i % 2 == 0)
        playbook.create_template(
            world.admin, text=f"O: Goal {i}\nKR1: Reach {i}", role="Engineer", language="en"
        )
    for path, before in counts.items():
        assert queries(alice, path, {"limit": 200})[0] == before, path
