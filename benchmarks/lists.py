"""Do lists stay as fast at 10,000 objectives as at 10? `python -m benchmarks.lists`.

Builds two throwaway organizations of the same shape, one with 10 objectives and one with
10,000 (three key results each), and times the first page of the pages and API lists that a
person opens most, reporting the query count and the large/small time ratio. A ratio near 1
means the page does not grow with the organization. Run against PostgreSQL with
MUBIAO_DATABASE_URL=postgres://… (migrated). A measurement, not a test.
"""

import argparse
import os
import statistics
import time

ROUNDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=10_000)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mubiao.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = ["*"]
    settings.API_RATE_LIMIT_PER_MINUTE = 0
    from benchmarks.import_10k import _delete, _organization

    small, large = _organization(), _organization()
    try:
        small_urls = _fill(*small, 10)
        large_urls = _fill(*large, options.large)
        print(f"10 vs {options.large:,} objectives, database: {connection.vendor}")
        print(f"  {'page':28} {'queries':>9} {'small ms':>9} {'large ms':>9} {'ratio':>6}")
        for name in small_urls:
            small_ms, small_q = _time(small[1], small_urls[name])
            large_ms, large_q = _time(large[1], large_urls[name])
            print(
                f"  {name:28} {small_q:>4}/{large_q:<4} {small_ms:9.1f} {large_ms:9.1f} "
                f"{large_ms / small_ms:6.2f}"
            )
    finally:
        _delete(small[0])
        _delete(large[0])


def _fill(org, admin, count: int) -> dict[str, str]:
    """Objectives written in bulk (the benchmark's set-up, not the code under test), then
    the URLs to time."""
    import datetime as dt
    from decimal import Decimal

    from mubiao.okrs import services
    from mubiao.okrs.models import KeyResult, Objective
    from mubiao.orgs.models import Membership, Team

    start = dt.date.today().replace(day=1)
    cycle = services.create_cycle(
        admin, name="bench", kind="custom", start_date=start,
        end_date=start + dt.timedelta(days=89), state="active",
    )  # fmt: skip
    members = list(Membership.objects.filter(organization=org))
    teams = list(Team.objects.filter(organization=org))
    objectives = Objective.objects.bulk_create(
        Objective(
            organization=org,
            cycle=cycle,
            owner_type="person",
            owner_member=members[i % len(members)],
            team=teams[i % len(teams)],
            title=f"Objective {i}",
            progress=Decimal(i % 100) / 100,
            position=i,
        )
        for i in range(count)
    )
    KeyResult.objects.bulk_create(
        KeyResult(
            organization=org,
            objective=o,
            title=f"KR {k} of {o.title}",
            owner=o.owner_member,
            start_value=0,
            target_value=100,
            current_value=(o.pk * 7 + k) % 100,
            position=k,
        )
        for o in objectives
        for k in range(3)
    )
    return {
        "web: company": f"/company?cycle={cycle.pk}",
        "web: team": f"/teams/{teams[0].slug}?cycle={cycle.pk}",
        "web: alignment": f"/alignment?cycle={cycle.pk}",
        "api: objectives": f"/api/v1/objectives?cycle={cycle.pk}&limit=50",
        "api: key results": "/api/v1/key-results?limit=50",
    }


def _time(admin, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mubiao.accounts.tokens import create_token

    client = Client()
    client.force_login(admin.user)
    _, secret = create_token(admin)
    headers = {"Authorization": f"Bearer {secret}"} if url.startswith("/api/") else {}
    timings = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(queries.captured_queries)


if __name__ == "__main__":
    main()
