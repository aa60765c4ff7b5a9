"""Issue 10: `mubiao import` prints every note the preview has, as the web preview lists them
all: it printed the first 20 and "…", so the rest of a large file's notes were never seen."""

import io
import json

from django.core.management import call_command


def test_the_cli_prints_every_note(world, tmp_path):
    # Each key result states its start: one note per objective, its team's (a start not given
    # is said too since h9r).
    objectives = [
        {"title": f"Grow region {n}", "team": f"nowhere-{n}",
         "key_results": [{"title": "Win customers from 10 to 30"}]}
        for n in range(1, 26)
    ]  # fmt: skip
    path = tmp_path / "okrs.json"
    path.write_text(json.dumps({"format": "mubiao.okrs", "version": 1, "objectives": objectives}))
    out = io.StringIO()
    call_command(
        "import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name, "--dry-run",
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    said = out.getvalue()
    assert "25 notes:" in said, said
    for n in range(1, 26):
        assert f"no team “nowhere-{n}” in this organization" in said, (n, said)
