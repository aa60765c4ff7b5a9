"""The import preview shows the key results the dry run wrote (h9z2, importer._write): they are
read back once per batch of the dry run, not once an objective, and an objective aligned to
a key result of the file is found without reading every objective's key results. Counted as
the SELECTs of key results for files of 2 and 8 objectives, text (no refs) and JSON (every
objective and key result with a ref, one objective aligned to a key result)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.conftest import make_objective

SMALL, LARGE = 2, 8


def _text(count: int) -> tuple[str, bytes]:
    lines = [f"O{i}: Goal {i}\nKR1: Users from 100 to 500\nKR2: Churn from 5% to 3%\n"
             for i in range(1, count + 1)]  # fmt: skip
    return "okrs.md", "".join(lines).encode()


def _json(count: int) -> tuple[str, bytes]:
    objectives = [
        {"ref": f"O{i}", "title": f"Goal {i}",
         "aligned_to": "O1.KR1" if i == 2 else None,
         "key_results": [{"ref": f"O{i}.KR{k}", "title": f"Users {k}", "metric_type": "number",
                          "start": "100", "target": "500"} for k in (1, 2)]}
        for i in range(1, count + 1)
    ]  # fmt: skip
    body = {"format": "mubiao.okrs", "version": 1, "objectives": objectives}
    return "okrs.json", json.dumps(body).encode()


def _reads_of_key_results(world, file_name: str, data: bytes) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = import_okrs(world.alice, file_name=file_name, data=data, cycle=world.cycle,
                             dry_run=True)  # fmt: skip
    assert all(kr.stored is not None for o in result.objectives for kr in o.key_results)
    assert not KeyResult.objects.exists()
    table = KeyResult._meta.db_table
    return sum(
        1 for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and f'FROM "{table}"' in query["sql"]
    )  # fmt: skip


@pytest.mark.parametrize("shape", [_text, _json], ids=["text", "json"])
def test_the_dry_run_reads_key_results_once(world, shape, monkeypatch):
    # One batch whatever the machine's speed, so that the count is the file's, not the clock's.
    monkeypatch.setattr("mubiao.okrs.transfer.importer.DRY_RUN_BATCH_SECONDS", 3600)
    small = _reads_of_key_results(world, *shape(SMALL))
    large = _reads_of_key_results(world, *shape(LARGE))
    assert small == large, (small, large)


def test_alignments_to_existing_key_results_are_read_once(world, monkeypatch):
    """`#12.KR2` on every objective of a file (h9c): the key results of the objectives named
    are read once for the file to resolve them (transfer.parents), and once for the preview to
    name them (importer._alignments), not once an objective."""
    monkeypatch.setattr("mubiao.okrs.transfer.importer.DRY_RUN_BATCH_SECONDS", 3600)
    existing = make_objective(world.alice, world.cycle, "Existing", krs=2)
    first, second = existing.key_results.order_by("position", "id")

    def file(count: int) -> bytes:
        objectives = [
            {"title": f"Goal {i}", "aligned_to": f"#{existing.pk}.KR{1 + i % 2}",
             "key_results": [{"title": "Users", "metric_type": "number", "start": "100",
                              "target": "500"}]}
            for i in range(count)
        ]  # fmt: skip
        body = {"format": "mubiao.okrs", "version": 1, "objectives": objectives}
        return json.dumps(body).encode()

    table = KeyResult._meta.db_table
    counts = []
    for count in (SMALL, LARGE):
        with CaptureQueriesContext(connection) as queries:
            result = import_okrs(world.alice, file_name="okrs.json", data=file(count),
                                 cycle=world.cycle, dry_run=True)  # fmt: skip
        said = [o.alignment for o in result.objectives]
        assert said == [
            f"Aligned to #{existing.pk}.KR{1 + i % 2}: {(first, second)[i % 2].title}"
            for i in range(count)
        ]
        counts.append(
            sum(1 for query in queries.captured_queries
                if query["sql"].startswith("SELECT") and f'FROM "{table}"' in query["sql"])
        )  # fmt: skip
    # Beside them, the service writing each objective reads its parent key result twice
    # (services.create_objective: the parent checked, then rolled up), as for any alignment.
    assert counts[1] - counts[0] == 2 * (LARGE - SMALL), counts
