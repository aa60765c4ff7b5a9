"""h9g (issue 9 §7): `mubiao runserver` with MUBIAO_DEBUG off answered every page with a 500
when static files had not been collected (WhiteNoise's manifest names each file). It now says
so and how to collect them before it starts, as `mubiao serve --no-collectstatic` does;
`mubiao serve` collects them itself."""

import os
import subprocess
import sys

import pytest

from tests.core.test_serve import free_port

MUBIAO = [sys.executable, "-m", "mubiao"]


def _env(tmp_path, **more):
    return {**os.environ, "MUBIAO_VAR_DIR": str(tmp_path), "MUBIAO_DEBUG": "0",
            "MUBIAO_DATABASE_URL": f"sqlite:///{tmp_path}/static.db", **more}  # fmt: skip


@pytest.mark.parametrize(
    "command",
    [
        lambda port: ["runserver", "--noreload", str(port)],
        lambda port: ["serve", "--no-collectstatic", "--workers", "1", "--port", str(port)],
    ],
    ids=["runserver", "serve"],
)
def test_serving_uncollected_static_files_is_refused_saying_how(tmp_path, command):
    done = subprocess.run([*MUBIAO, *command(free_port())], env=_env(tmp_path),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode != 0
    assert "mubiao collectstatic" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_the_refusal_speaks_chinese(tmp_path):
    done = subprocess.run(
        [*MUBIAO, "runserver", "--noreload", str(free_port())],
        env=_env(tmp_path, MUBIAO_LANGUAGE="zh-hans"), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert "静态文件" in done.stderr, done.stderr
