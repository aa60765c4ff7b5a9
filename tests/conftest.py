"""Fixtures shared by the whole suite.

`world` builds a small organization through the real services: a company with a product
department and a sub-team, an admin, a lead, members with managers, and a quarter cycle.
Tests that need a second tenant call `make_world("other")` for an identical twin.
"""

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from mubiao.accounts.models import User
from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective
from mubiao.orgs import rules
from mubiao.orgs.models import Membership, Organization, Team, TeamMember
from mubiao.orgs.rules import today_for
from tests.directory.servers import SERVERS, acme_directory

# Every property test's defaults. The suite runs on a loaded two-core machine beside other work:
# no per-example time limit (Hypothesis' 200 ms deadline and its too-slow health check fail on
# load, not on a wrong answer). In CI (`CI=true`) the examples are the same on every run, so a
# red build reproduces and a green one stays green; on a laptop they stay random, to keep looking.
hypothesis_settings.register_profile(
    "mubiao",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=os.environ.get("CI") == "true",
)
hypothesis_settings.load_profile("mubiao")

# The article Mubiao grew from (shared/seed/), pasted whole: the parser's reference input.
SEED_ARTICLE = Path(__file__).parent / "data" / "seed_article.txt"


def pytest_configure(config):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The vendors the tests fake (chat receivers, directories, OIDC providers) listen on loopback.
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = True
    # WhiteNoise warns on every request when the collected-static folder does not exist.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


# pytest-django's fixtures through which a test reaches the database (the suite's own, such as
# `world`, are built on them and show in a test's fixture closure).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences",
                     "django_db_serialized_rollback", "live_server"}  # fmt: skip


def reaches_the_database(item) -> bool:
    return bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        or item.get_closest_marker("django_db")
        or item.get_closest_marker("postgres")
        or item.get_closest_marker("database")
    )


def pytest_collection_modifyitems(config, items):
    """The PostgreSQL pass runs the tests that reach a database, and of a table test (one
    function, many parametrized cases) its first case only, unless the table is marked
    `every_case` or `postgres`.

    A test that never reaches a database (a rule, a parser, a vendor's signature) runs the same
    on either and ran in the SQLite pass. A table's cases mostly vary what a person typed through
    the same queries: the SQLite pass runs them all, and one case here shows that the queries of
    that path work on PostgreSQL, at a tenth of the CI minutes (the whole suite twice no longer
    fitted CI's 90 minutes). Tables whose cases differ in what PostgreSQL does — NUL bytes,
    64-bit bounds, per-role query shapes, locks — are marked `every_case` and run whole. Without
    a database fixture pytest-django refuses any query, so a test that needs one cannot be left
    out unnoticed: it fails in the SQLite pass. A test whose database is reached another way (a
    server process on a database of its own) is marked `database`."""
    if connection.vendor != "postgresql":
        return
    kept, left, tables = [], [], set()
    for item in items:
        case = (item.nodeid.split("[", 1)[0], *_cases_that_differ(item))
        if not reaches_the_database(item) or case in tables:
            left.append(item)
        else:
            kept.append(item)
            tables.add(case)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def _cases_that_differ(item) -> tuple:
    """What tells this case from the table's others on PostgreSQL: all its parameters where the
    table is marked `postgres` or a bare `every_case`; those named where it is marked
    `every_case("route", ...)` (a language, say, changes the messages, not the queries: the
    first language of each route runs); none for an unmarked table (its first case runs)."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    marker = item.get_closest_marker("every_case")
    if item.get_closest_marker("postgres") or (marker and not marker.args):
        return tuple(sorted((name, repr(value)) for name, value in params.items()))
    if marker:
        return tuple((name, repr(params.get(name))) for name in marker.args)
    return ()


@dataclass
class World:
    org: Organization
    admin: Membership
    lead: Membership
    alice: Membership
    bob: Membership
    outsider: Membership
    company: Team
    product: Team
    docs: Team
    cycle: Cycle
    extra: dict = field(default_factory=dict)


def make_member(org, email, name, *, role="member", manager=None, title=""):
    user = User.objects.create_user(email=email, password="pw-Mubiao-2026", name=name)
    return Membership.objects.create(
        organization=org, user=user, role=role, manager=manager, title=title
    )


def make_world(slug: str = "acme", *, today: dt.date | None = None) -> World:
    org = Organization.objects.create(name=f"{slug.title()} Inc", slug=slug)
    # The organization's day, as the code reckons it (not the test machine's local date).
    today = today or today_for(org)
    admin = make_member(org, f"admin@{slug}.test", "Ada Admin", role="admin")
    lead = make_member(org, f"lead@{slug}.test", "Li Lead", manager=admin, title="产品总监")
    alice = make_member(org, f"alice@{slug}.test", "Alice", manager=lead, title="产品经理")
    bob = make_member(org, f"bob@{slug}.test", "Bob", manager=lead, title="文档撰写者")
    outsider = make_member(org, f"olga@{slug}.test", "Olga Outsider")
    company = Team.objects.create(organization=org, name="Company", slug="company")
    product = Team.objects.create(organization=org, name="产品部", slug="product", parent=company)
    docs = Team.objects.create(organization=org, name="Docs", slug="docs", parent=product)
    support = Team.objects.create(organization=org, name="Support", slug="support", parent=company)
    TeamMember.objects.create(team=product, membership=lead, is_lead=True)
    TeamMember.objects.create(team=product, membership=alice)
    TeamMember.objects.create(team=docs, membership=bob)
    TeamMember.objects.create(team=support, membership=outsider)
    start = today - dt.timedelta(days=30)
    cycle = services.create_cycle(
        admin,
        name=f"{slug} quarter",
        kind=Cycle.Kind.QUARTER,
        start_date=start,
        end_date=start + dt.timedelta(days=89),
        state=Cycle.State.ACTIVE,
    )
    return World(org, admin, lead, alice, bob, outsider, company, product, docs, cycle,
                 {"support": support})  # fmt: skip


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in Chinese leaves Chinese active in
    the process (Django's LocaleMiddleware activates, nothing deactivates), and a later test on
    the same xdist worker then read Chinese messages where it expected English."""
    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()
    yield
    translation.activate(settings.LANGUAGE_CODE)
    # Likewise the current time zone (a request by someone in Asia/Shanghai activates theirs).
    timezone.deactivate()


@pytest.fixture
def world(db) -> World:
    return make_world("acme")


@pytest.fixture
def other_world(db) -> World:
    return make_world("other")


@pytest.fixture
def analyze():
    """`analyze(*tables)` runs ANALYZE (of those tables, or of every table) for the test; after
    the test, the planner's sizes it changed are put back. PostgreSQL writes a table's and an
    index's row count and pages (pg_class) in place, outliving the test's rollback, so later
    tests were planned on this test's rows (stop 36: test_company_page_work after
    test_alignment_roots_work drove from the wrong table). SQLite's statistics roll back.

    The sizes are put back from a connection of their own: the test's transaction is still
    open when the fixture ends (a `django_db` mark sets the database up before any fixture)."""
    saved = []

    def run(*tables: str) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not saved:
                cursor.execute(_PLANNER_SIZES)
                saved.extend(cursor.fetchall())
            for table in tables or [""]:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table) if table else ''}")

    yield run
    if saved:
        other = connections.create_connection(connection.alias)
        try:
            with other.cursor() as cursor:
                # A test holding a pg_class row (a pinned size) would wait here for ever.
                cursor.execute("SET lock_timeout = '10s'")
                cursor.executemany(
                    "UPDATE pg_class SET reltuples = %s, relpages = %s, relallvisible = %s"
                    " WHERE oid = %s",
                    [(tuples, pages, visible, oid) for oid, tuples, pages, visible in saved],
                )
        finally:
            other.close()


_PLANNER_SIZES = """
    SELECT oid, reltuples, relpages, relallvisible FROM pg_class
    WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'i', 'm', 'p')
"""


@pytest.fixture(params=sorted(SERVERS))
def server(request):
    """acme's directory served by a loopback 飞书 / 企业微信 / 钉钉 contact API
    (tests/directory/servers.py): a test using it runs once per vendor. A module that needs
    more in the directory overrides it, taking this one as its argument."""
    with acme_directory(SERVERS[request.param]()) as running:
        yield running


def year_around(world, name: str = "The year", **fields) -> Cycle:
    """A year (365 days: a kind fits its days, okrs.rules.cycle_kind_fits) from 30 days before
    the world's quarter, holding it and the quarter after it; the caller makes it the quarter's
    parent where the test needs that."""
    start = world.cycle.start_date - dt.timedelta(days=30)
    return services.create_cycle(world.admin, name=name, kind=Cycle.Kind.YEAR, start_date=start,
                                 end_date=start + dt.timedelta(days=364), **fields)  # fmt: skip


def year_of_the_quarter(world, name: str = "The year") -> Cycle:
    """An active year_around made the world's quarter's parent, so that the quarter's objectives
    align to the year's. A fresh row of the quarter is updated: world.cycle would keep the year
    as its parent after the case's rollback."""
    year = year_around(world, name, state=Cycle.State.ACTIVE)
    services.update_cycle(world.admin, Cycle.objects.get(pk=world.cycle.pk), parent=year)
    return year


def custom_cycle_over(world, name: str, start: dt.date, end: dt.date, **fields) -> Cycle:
    """A custom cycle from `start` to `end`: the kind any days fit (okrs.rules.cycle_kind_fits),
    for a test whose dates are its own (a title's deadline in the autumn, across a new year)."""
    return services.create_cycle(world.admin, name=name, kind=Cycle.Kind.CUSTOM,
                                 start_date=start, end_date=end, **fields)  # fmt: skip


def twin_cycle(world, name: str, **fields) -> Cycle:
    """A cycle over the world's quarter's own days, for a test that exports one cycle and
    imports into another where every due date and pace status means the same: custom, the one
    other kind those days fit (cycles of one kind never overlap, DESIGN §3)."""
    return custom_cycle_over(world, name, world.cycle.start_date, world.cycle.end_date, **fields)


def custom_cycle(world) -> Cycle:
    """The world's quarter made custom, for a test that moves its days anywhere (to end
    yesterday, say): a quarter spans 89 to 98 days (okrs.rules.cycle_kind_fits)."""
    return services.update_cycle(world.admin, world.cycle, kind=Cycle.Kind.CUSTOM)


def make_objective(actor, cycle, title="Delight customers", *, krs=1, **fields) -> Objective:
    key_results = [
        {"title": f"KR {i + 1}", "start_value": 0, "target_value": 100} for i in range(krs)
    ]
    return services.create_objective(
        actor, cycle=cycle, title=title, key_results=key_results, **fields
    )


def since_the_first_day(cycle: Cycle, objectives) -> None:
    """The key results of `objectives` made as of the cycle's first day (10:00 there), their
    statuses refreshed: pace judges a key result from the day it was created (h9s2), and a test
    whose world is 30 days into its cycle means objectives that were there all along."""
    from mubiao.okrs.models import KeyResult
    from mubiao.okrs.pace import refresh_cycle_statuses

    first_day = timezone.make_aware(dt.datetime.combine(cycle.start_date, dt.time(10)))
    KeyResult.objects.filter(objective__in=list(objectives)).update(created_at=first_day)
    refresh_cycle_statuses(cycle, today_for(cycle.organization))


@contextlib.contextmanager
def weights_switched_on(world: World):
    """Weights switched on for the block, then back: a weight is set only where weights count
    (with them off it is refused), and a weight set stays when they are switched off."""
    from mubiao.orgs import services as org_services

    previous = world.org.weights_enabled
    org_services.update_organization(world.admin, world.org, name=world.org.name, weights=True)
    yield
    world.org.refresh_from_db()
    org_services.update_organization(world.admin, world.org, name=world.org.name, weights=previous)


def freeze_clock(monkeypatch, instant: dt.datetime) -> dt.datetime:
    """Stop the clock at `instant` (aware) for Django's `timezone.now` and for the organization's
    day (orgs.rules), so that what a test computes and what the code computed a moment earlier
    cannot fall on two sides of midnight."""

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

    monkeypatch.setattr(timezone, "now", lambda: instant)
    monkeypatch.setattr(rules, "datetime", Frozen)
    return instant


@pytest.fixture
def stopped_clock(monkeypatch) -> dt.datetime:
    """The clock stopped at the moment the test starts (see freeze_clock)."""
    return freeze_clock(monkeypatch, timezone.now())


@pytest.fixture
def client_for():
    """A test client signed in as the given member (pages of every app use it)."""
    from django.test import Client

    def make(member):
        client = Client()
        client.force_login(member.user)
        return client

    return make


def trigger_names() -> set[str]:
    """The database's own triggers, by name: those kept by migrations (SQLite drops a table's
    triggers when a migration remakes the table, so tests check they are still there)."""
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {name for (name,) in cursor.fetchall()}


@contextlib.contextmanager
def migrations_at(targets):
    """Run the body with the database migrated to `targets` (a data migration's test), then
    forward to every app's latest migration whatever the body did: a test left behind at an
    older state breaks every later test on its worker with a missing column."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    try:
        yield
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def run_queued_tasks() -> int:
    """Run what the database task queue holds, in this process and connection, as `mubiao
    worker` does (db_worker's own run_task), and return how many ran. The worker command itself
    closes the connection when it ends, which a test transaction on PostgreSQL cannot survive."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="tests", excluded_queue_names=[],
    )  # fmt: skip
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
