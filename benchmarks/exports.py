"""OKR exports at 100,000 people? `python -m benchmarks.exports [--small 100] [--large 100000]`.

The export of a cycle (web route, every format), as an admin (everything) and as a member (what
a member sees), side by side in the two organizations of benchmarks.scale (generated there, or
here on a fresh database), through the same gunicorn server, the sizes interleaved. Prints per
endpoint the query count (small/large), p50 and p95 of each size and the ratio; then, in
process, each format's queries and peak Python memory (tracemalloc) at both sizes. An export
grows with what it exports (its time is linear in the rows); its queries and its memory must
not (issue 14: 351 s and 1.8 GB for a CSV at 20,000 people). A measurement, not a test.
"""

import time
import tracemalloc

from benchmarks.scale import arguments, measure

FORMATS = ("csv", "md", "json", "xlsx")


def _requests(world: dict) -> dict:
    """name -> (who, method, path, body)."""
    c = world["cycle"].pk
    return {
        **{
            f"export {fmt} (admin)": (
                "admin",
                "GET",
                f"/transfer/export?format={fmt}&cycle={c}",
                None,
            )
            for fmt in FORMATS
        },
        **{
            f"export {fmt} (member)": (
                "member",
                "GET",
                f"/transfer/export?format={fmt}&cycle={c}",
                None,
            )
            for fmt in ("csv", "json")
        },
    }


def in_process(worlds: dict) -> None:
    """Each format's queries, peak traced memory and time, exported as each world's admin."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mubiao.okrs.models import Objective
    from mubiao.okrs.transfer.exporter import stream_okrs

    print("\n| export (admin), in process | objectives | queries | peak MB | s |")
    print("|---|---|---|---|---|")
    for size, world in worlds.items():
        actor, cycle = world["admin"], world["cycle"]
        count = Objective.objects.filter(cycle=cycle).count()
        for fmt in FORMATS:
            tracemalloc.start()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                total = sum(len(piece) for piece in stream_okrs(actor, cycle=cycle, fmt=fmt))
            took = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            print(
                f"| {fmt} {size} ({total:,} bytes) | {count:,} | {len(queries)} | "
                f"{peak:.1f} | {took:.1f} |"
            )


def main() -> None:
    options = arguments(__doc__).parse_args()
    measure(options, _requests, after=in_process)


if __name__ == "__main__":
    main()
