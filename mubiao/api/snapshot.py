"""Write the API's OpenAPI document to docs/openapi.json (the committed snapshot).

    .venv/bin/python -m mubiao.api.snapshot          # regenerate after a deliberate change
    .venv/bin/python -m mubiao.api.snapshot --check  # exit 1 when the snapshot is stale

tests/api/test_openapi.py compares the live schema with the snapshot, so that a change to
the public API shows up in review instead of slipping through.
"""

import json
import os
import sys
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def render() -> str:
    from mubiao.api.main import api

    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mubiao.settings")
    import django

    django.setup()
    current = render()
    if "--check" in argv:
        stale = not SNAPSHOT.exists() or SNAPSHOT.read_text() != current
        if stale:
            print(f"{SNAPSHOT} is out of date: run python -m mubiao.api.snapshot", file=sys.stderr)
        return int(stale)
    SNAPSHOT.write_text(current)
    print(f"wrote {SNAPSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
