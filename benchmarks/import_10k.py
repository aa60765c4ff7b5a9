"""How fast 10,000 key results import: `python -m benchmarks.import_10k [--key-results N]`.

Builds a throwaway organization (50 people, 5 teams) in the configured database, writes the
same OKRs as CSV, Excel, Markdown and JSON, imports each into a fresh cycle and reports the
time, the throughput and each format's ratio to CSV. Everything is deleted afterwards. Run it
against PostgreSQL with MUBIAO_DATABASE_URL=postgres://… (the database must be migrated).

This is a measurement, not a test: the suite never asserts a timing.
"""

import argparse
import datetime as dt
import os
import time
import uuid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--key-results", type=int, default=10_000)
    parser.add_argument("--formats", default="csv,xlsx,md,json")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mubiao.settings")
    import django

    django.setup()
    from django.db import connection

    org, admin = _organization()
    try:
        source = _cycle(admin, "source")
        data = _files(admin, source, options.key_results)
        print(f"{options.key_results:,} key results, database: {connection.vendor}")
        baseline = None
        for fmt in options.formats.split(","):
            seconds = _import(admin, data[fmt], fmt)
            baseline = baseline or seconds
            print(
                f"  {fmt:5} {seconds:7.2f} s  {options.key_results / seconds:8,.0f} KR/s  "
                f"{seconds / baseline:5.2f}× csv  ({len(data[fmt]):,} bytes)"
            )
    finally:
        _delete(org)


def _organization():
    from mubiao.accounts.models import User
    from mubiao.orgs import closures
    from mubiao.orgs.models import Membership, Organization, Team, TeamMember

    slug = f"bench-{uuid.uuid4().hex[:8]}"
    org = Organization.objects.create(name="Benchmark", slug=slug)
    users = User.objects.bulk_create(
        User(email=f"p{i}@{slug}.test", username=f"p{i}@{slug}.test", name=f"Person {i}")
        for i in range(50)
    )
    members = Membership.objects.bulk_create(
        Membership(
            organization=org, user=u, role="admin" if i == 0 else "member", title=f"Role {i}"
        )
        for i, u in enumerate(users)
    )
    teams = Team.objects.bulk_create(
        Team(organization=org, name=f"Team {i}", slug=f"team-{i}") for i in range(5)
    )
    TeamMember.objects.bulk_create(
        TeamMember(team=teams[i % 5], membership=m) for i, m in enumerate(members)
    )
    closures.rebuild(org.pk)  # bulk_create sends no signals: place the new teams and people
    members[0].user = users[0]
    members[0].organization = org
    return org, members[0]


def _cycle(admin, name):
    from mubiao.okrs import services

    start = dt.date.today().replace(day=1)
    return services.create_cycle(
        admin,
        name=name,
        kind="custom",
        start_date=start,
        end_date=start + dt.timedelta(days=89),
        state="active",
    )


def _files(admin, cycle, key_results: int) -> dict[str, bytes]:
    """Write the OKRs as CSV, import that once, and export the other formats from it."""
    from mubiao.okrs.transfer import export_okrs, import_okrs

    lines = ["owner,objective,key result,metric type,start,target,unit"]
    for i in range(key_results):
        person = i // 4 // 5 % 50
        lines.append(
            f"p{person}@{admin.organization.slug}.test,Objective {i // 4},"
            f"Raise metric {i} from {i % 40} to {i % 40 + 10},number,{i % 40},{i % 40 + 10},"
        )
    csv_data = "\n".join(lines).encode()
    import_okrs(admin, file_name="okrs.csv", data=csv_data, cycle=cycle)
    return {
        "csv": csv_data,
        **{fmt: export_okrs(admin, cycle=cycle, fmt=fmt) for fmt in ("xlsx", "md", "json")},
    }


def _import(admin, data: bytes, fmt: str) -> float:
    from mubiao.okrs.transfer import import_okrs

    cycle = _cycle(admin, f"target {fmt} {uuid.uuid4().hex[:6]}")
    started = time.perf_counter()
    import_okrs(admin, file_name=f"okrs.{fmt}", data=data, cycle=cycle)
    return time.perf_counter() - started


def _delete(org) -> None:
    from mubiao.accounts.models import User
    from mubiao.okrs.models import Activity, Cycle, KeyResult, Objective

    Activity.objects.filter(organization=org).delete()
    KeyResult.objects.filter(organization=org).delete()
    Objective.objects.filter(organization=org).delete()
    Cycle.objects.filter(organization=org).delete()
    user_ids = list(org.memberships.values_list("user_id", flat=True))
    org.delete()
    User.objects.filter(pk__in=user_ids).delete()


if __name__ == "__main__":
    main()
