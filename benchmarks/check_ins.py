"""How many concurrent check-ins per second: `python -m benchmarks.check_ins [--threads N]`.

Builds a throwaway organization with one alignment chain (company ← department ← team, each
rolling up through a key result whose progress comes from its children) and times N threads
that check in at once, each on its own connection: first all on one key result, then spread
over the chain's levels (the team's key results and the company's manual one). Mixed levels
share the rows they roll up into, so they serialize on those, but not on the cycle's row.
Reports requests per second and any failure. Run against PostgreSQL with
MUBIAO_DATABASE_URL=postgres://… (migrated). A measurement, not a test.
"""

import argparse
import os
import threading
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--check-ins", type=int, default=25, help="per thread")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mubiao.settings")
    import django

    django.setup()
    from django.db import connection

    from benchmarks.import_10k import _cycle, _delete, _organization

    org, admin = _organization()
    try:
        krs = _chain(admin, _cycle(admin, "check-ins"))
        print(f"{options.threads} threads × {options.check_ins} check-ins, {connection.vendor}")
        for name, targets in (("one key result", krs[:1]), ("mixed levels", krs)):
            seconds, failures = _run(admin, targets, options.threads, options.check_ins)
            total = options.threads * options.check_ins
            print(f"  {name:15} {total / seconds:7.1f} check-ins/s  {len(failures)} failed"
                  + (f" ({failures[0]!r})" if failures else ""))  # fmt: skip
    finally:
        _delete(org)


def _chain(admin, cycle):
    """The key results to check in on: the team's two, and the company's manual one."""
    from mubiao.okrs import services

    def objective(title, parent=None):
        return services.create_objective(
            admin, cycle=cycle, title=title, parent_key_result=parent,
            key_results=[{"title": f"{title} KR {i}", "target_value": 100} for i in range(2)],
        )  # fmt: skip

    company = objective("Company")
    company_kr, company_manual = company.key_results.order_by("position")
    services.update_key_result(admin, company_kr, progress_source="children")
    department_kr = objective("Department", company_kr).key_results.order_by("position")[0]
    services.update_key_result(admin, department_kr, progress_source="children")
    team = objective("Team", department_kr)
    return [*team.key_results.order_by("position"), company_manual]


def _run(admin, targets, threads: int, per_thread: int) -> tuple[float, list[Exception]]:
    from django.db import connections

    from mubiao.okrs import services

    barrier = threading.Barrier(threads + 1)
    failures: list[Exception] = []

    def work(index: int) -> None:
        barrier.wait()
        try:
            for i in range(per_thread):
                services.check_in(admin, targets[(index + i) % len(targets)], value=i % 100)
        except Exception as error:  # reported, not raised: the measurement goes on
            failures.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    start = time.perf_counter()
    for worker in workers:
        worker.join()
    return time.perf_counter() - start, failures


if __name__ == "__main__":
    main()
