"""The project's own set-up: settings from the environment, the interpreter finder, the CLI."""

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mubiao import settings as mubiao_settings
from mubiao.settings import database_from_url

ROOT = Path(__file__).resolve().parents[2]


def test_database_url_postgres():
    db = database_from_url("postgres://okr:s%40cret@db.internal:6543/mubiao?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "okr", "s@cret", "db.internal", "6543", "mubiao",
    )  # fmt: skip
    assert db["OPTIONS"] == {"options": "-c jit=off", "sslmode": "require"}


def test_database_url_sqlite_and_unknown(tmp_path):
    assert database_from_url(f"sqlite://{tmp_path}/x.db")["NAME"] == f"{tmp_path}/x.db"
    with pytest.raises(ValueError, match="unsupported scheme"):
        database_from_url("mysql://root@localhost/x")


def test_find_python_says_clearly_when_there_is_none(tmp_path):
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path)}
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "scripts/find-python")], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr


def test_find_python_finds_a_recent_one():
    result = subprocess.run(
        [str(ROOT / "scripts/find-python")], capture_output=True, text=True, check=True
    )
    version = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert version.stdout.strip() == "True"


def test_cli_reaches_django_and_our_commands(tmp_path):
    env = {**os.environ, "MUBIAO_VAR_DIR": str(tmp_path), "MUBIAO_DATABASE_URL": ""}
    result = subprocess.run(
        [sys.executable, "-m", "mubiao", "help"], env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    for command in ("migrate", "createsuperuser", "demo", "serve", "worker"):
        assert command in result.stdout
    assert (tmp_path / "secret_key").exists()


def test_migrations_match_the_models(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _secret_key_after(barrier, keys, var_dir):
    mubiao_settings.VAR_DIR = var_dir
    barrier.wait()
    keys.put(mubiao_settings._secret_key())


def test_processes_starting_together_agree_on_one_secret_key(tmp_path, monkeypatch):
    """Workers starting at once on a fresh var/ once read a half-written key file (an empty
    key) or each kept its own key (sessions and signed links valid on one worker only)."""
    monkeypatch.delenv("MUBIAO_SECRET_KEY", raising=False)
    # Not a fork of this (multi-threaded) process: forks of a fresh server with this module loaded.
    fork = multiprocessing.get_context("forkserver")
    fork.set_forkserver_preload([__name__])
    for trial in range(20):
        var_dir = tmp_path / str(trial)
        var_dir.mkdir()
        barrier, keys = fork.Barrier(8), fork.Queue()
        processes = [
            fork.Process(target=_secret_key_after, args=(barrier, keys, var_dir)) for _ in range(8)
        ]
        for process in processes:
            process.start()
        seen = {keys.get(timeout=60) for _ in processes}
        for process in processes:
            process.join()
        assert len(seen) == 1 and "" not in seen, (trial, seen)
        assert seen == {(var_dir / "secret_key").read_text()}
        assert [p.name for p in var_dir.iterdir()] == ["secret_key"]
