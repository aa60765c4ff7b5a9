"""A cycle chosen with ?cycle= is remembered in the session, and written there only when it
changes (web.views.base.chosen_cycle): the alignment map fetches its levels in parallel, each
with ?cycle=, and each rewrite of the session row was one more concurrent writer; on SQLite one
such request now and then ended in a 400 (Django's SessionInterrupted: the save failed).

Every page reads ?cycle= through chosen_cycle (the top bar's switcher does on pages about no
cycle), so the table holds pages of each kind: lists, dashboards, the map's fetches, forms."""

import datetime as dt
import threading

import httpx
import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connection
from django.test import Client
from django.test.testcases import LiveServerThread
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from mubiao.web.views.base import CYCLE_SESSION_KEY
from tests.conftest import make_objective, make_world

PAGES = [
    ("home", (), {}),
    ("teams", (), {}),
    ("team", ("product",), {}),
    ("company", (), {}),
    ("alignment", (), {}),
    ("alignment_map", (), {}),
    ("alignment_map_hidden", (), {}),
    ("alignment_map_search", (), {"q": "goal"}),
    ("grading", (), {}),
    ("grading_review", (), {}),
    ("adoption", (), {}),
    ("check_mine", (), {}),
    ("objective_create", (), {}),
    ("search", (), {"q": "goal"}),
    ("notifications", (), {}),
    ("settings_people", (), {}),
]


def last_quarter(world) -> Cycle:
    end = world.cycle.start_date - dt.timedelta(days=1)
    return services.create_cycle(
        world.admin, name="Last quarter", kind=Cycle.Kind.QUARTER,
        start_date=end - dt.timedelta(days=89), end_date=end, state=Cycle.State.ACTIVE,
    )  # fmt: skip


def session_writes(client, path, params) -> list[str]:
    """The statements of one request that write the session table."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code)
    return [
        q["sql"]
        for q in captured.captured_queries
        if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args", "extra"), PAGES, ids=[p[0] for p in PAGES])
def test_the_chosen_cycle_is_written_to_the_session_only_when_it_changes(
    client_for, world, name, args, extra
):
    past = last_quarter(world)
    make_objective(world.alice, world.cycle, "Alice's goal")
    client = client_for(world.admin)
    path = reverse(name, args=args)
    assert session_writes(client, path, {"cycle": past.pk, **extra}), "a new choice is kept"
    assert client.session[CYCLE_SESSION_KEY] == past.pk
    assert session_writes(client, path, {"cycle": past.pk, **extra}) == []
    assert session_writes(client, path, extra) == []  # the remembered one, read
    assert session_writes(client, path, {"cycle": world.cycle.pk, **extra})
    assert client.session[CYCLE_SESSION_KEY] == world.cycle.pk
    assert session_writes(client, path, {"cycle": world.cycle.pk, **extra}) == []


def run_together(jobs, rounds: int) -> list[tuple[str, int]]:
    """Each round sends every job at the same moment (a barrier), each from its own thread
    and HTTP connection, as a browser's parallel fetches; the statuses answered."""
    answers: list[tuple[str, int]] = []
    failures: list[BaseException] = []
    barrier = threading.Barrier(len(jobs))

    def runner(http: httpx.Client, url: str):
        try:
            for _ in range(rounds):
                barrier.wait(timeout=60)
                answers.append((url, http.get(url).status_code))
        except BaseException as error:  # re-raised below: a thread must not swallow it
            failures.append(error)
            barrier.abort()

    clients = [http for http, _url in jobs]
    threads = [threading.Thread(target=runner, args=job) for job in jobs]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:  # the server's threads keep their database sessions while a client is connected
        for http in clients:
            http.close()
    assert not failures, failures
    return answers


@pytest.fixture
def server(transactional_db):
    """A live server whose request threads each open their own database connection, as a
    deployment's server threads and processes do. (pytest-django's live_server hands an
    in-memory SQLite database's one connection to every request thread: requests at the same
    moment then share one connection and its statements, and fail whatever the code does.)"""
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override={})
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


def test_the_maps_parallel_fetches_with_a_cycle_are_never_refused(server):
    """The map's levels, hidden and archived placeholders and search, fetched at once with the
    same ?cycle= over one session, many rounds: every answer a 200, on SQLite as on
    PostgreSQL (the session row is written by the first request alone)."""
    world = make_world("parallel")
    company = make_objective(world.admin, world.cycle, "Company goal", owner_type="organization")
    team = make_objective(world.lead, world.cycle, "Team goal", owner_type="team",
                          owner_team=world.product, parent_objective=company)  # fmt: skip
    make_objective(world.alice, world.cycle, "Alice's goal", parent_objective=team)
    signed_in = Client()
    signed_in.force_login(world.lead.user)
    cookies = {"sessionid": signed_in.cookies["sessionid"].value}
    cycle = world.cycle.pk
    urls = [
        f"{reverse('alignment_map')}?cycle={cycle}",
        f"{reverse('alignment_map_hidden')}?cycle={cycle}",
        f"{reverse('alignment_map_archived')}?cycle={cycle}",
        f"{reverse('alignment_map_search')}?cycle={cycle}&q=goal",
        f"{reverse('alignment_map_children', args=[company.pk])}?cycle={cycle}",
        f"{reverse('alignment')}?cycle={cycle}",
    ]
    base = server
    # The page's own request chose the cycle (and wrote it) before its fetches start.
    first = httpx.get(f"{base}{urls[-1]}", cookies=cookies, timeout=60)
    assert first.status_code == 200
    jobs = [(httpx.Client(base_url=base, cookies=cookies, timeout=60), url) for url in urls]
    answers = run_together(jobs, rounds=15)
    refused = [(url, status) for url, status in answers if status != 200]
    assert not refused, refused
    assert len(answers) == 15 * len(urls)
