"""Limits that hold across server processes, and HSTS, against real `mubiao serve` processes.

Two servers (one with two gunicorn workers) share one database, as two hosts behind a load
balancer would: the API rate limit counts every request once, whichever process answers. The
database is a file on the SQLite pass and a scratch database on the PostgreSQL pass.
"""

import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from tests.core.test_serve import free_port

LIMIT = 5
MUBIAO = [sys.executable, "-m", "mubiao"]
pytestmark = pytest.mark.database


def fetch(url: str, headers: dict) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, dict(r.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A database of its own for the servers, of the kind this test pass uses."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path_factory.mktemp('shared')}/shared.db"
        return
    import psycopg

    db = settings.DATABASES["default"]
    name = f"mubiao_shared_{secrets.token_hex(4)}"
    admin = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"],
             "password": db["PASSWORD"], "dbname": "postgres", "autocommit": True}  # fmt: skip
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    credentials = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    yield f"postgres://{credentials}{db['HOST']}:{db['PORT'] or 5432}/{name}"
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def servers(database_url, tmp_path_factory):
    """Two servers on one database, and an owner's API tokens made with the command line."""
    env = {
        **os.environ,
        "MUBIAO_VAR_DIR": str(tmp_path_factory.mktemp("var")),
        "MUBIAO_DATABASE_URL": database_url,
        "MUBIAO_SECRET_KEY": "shared-limits-test",
        "MUBIAO_API_RATE_LIMIT": str(LIMIT),
        "MUBIAO_SECURE_COOKIES": "1",
        "MUBIAO_HSTS_SECONDS": "600",
    }
    subprocess.run([*MUBIAO, "migrate", "-v", "0"], env=env, check=True)
    # Once, before both servers start: `serve --no-collectstatic` refuses without them.
    subprocess.run([*MUBIAO, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run(
        [*MUBIAO, "createorg", "--name", "Acme", "--slug", "acme", "--owner", "boss@acme.test",
         "--password-from-stdin"],
        env=env, check=True, input="Shared-limits-2026\n", text=True, capture_output=True,
    )  # fmt: skip

    def token() -> str:
        return subprocess.run(
            [*MUBIAO, "token", "create", "--org", "acme", "--user", "boss@acme.test"],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip

    processes, bases = [], []
    for workers in (2, 1):
        port = free_port()
        command = [*MUBIAO, "serve", "--port", str(port), "--workers", str(workers)]
        processes.append(
            subprocess.Popen(
                [*command, "--no-collectstatic"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    for base in bases:
        while True:
            try:
                fetch(base + "/api/v1/me", {})
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    yield bases, token
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=20)


def test_the_api_rate_limit_holds_across_processes_one_after_another(servers):
    bases, token = servers
    auth = {"Authorization": f"Bearer {token()}"}
    answers = [fetch(bases[n % 2] + "/api/v1/me", auth) for n in range(3 * LIMIT)]
    statuses = [status for status, _headers in answers]
    assert statuses == [200] * LIMIT + [429] * (2 * LIMIT)
    assert all(1 <= int(headers["Retry-After"]) <= 60 for _s, headers in answers[LIMIT:])


def test_the_api_rate_limit_holds_across_processes_all_at_once(servers):
    bases, token = servers
    auth = {"Authorization": f"Bearer {token()}"}
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda n: fetch(bases[n % 2] + "/api/v1/me", auth)[0], range(40)))
    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == 40 - LIMIT


def test_hsts_is_sent_over_https_behind_the_proxy(servers):
    bases, token = servers
    auth = {"Authorization": f"Bearer {token()}"}
    _status, headers = fetch(bases[0] + "/api/v1/me", {**auth, "X-Forwarded-Proto": "https"})
    assert headers["Strict-Transport-Security"] == "max-age=600"
    # Over plain HTTP browsers would ignore it, and Django does not send it.
    _status, headers = fetch(bases[1] + "/api/v1/me", auth)
    assert "Strict-Transport-Security" not in headers


@pytest.mark.parametrize(
    ("environment", "seconds"),
    [
        ({}, 0),
        ({"MUBIAO_SECURE_COOKIES": "1"}, 365 * 24 * 3600),
        ({"MUBIAO_SECURE_COOKIES": "1", "MUBIAO_HSTS_SECONDS": "0"}, 0),
        ({"MUBIAO_SECURE_COOKIES": "1", "MUBIAO_HSTS_SECONDS": "86400"}, 86400),
    ],
)
def test_hsts_setting(environment, seconds, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("MUBIAO_")}
    env |= {"MUBIAO_VAR_DIR": str(tmp_path), **environment}
    printed = subprocess.run(
        [sys.executable, "-c",
         "import mubiao.settings as s; print(s.SECURE_HSTS_SECONDS)"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert int(printed) == seconds


def test_serve_warns_when_the_site_url_is_unset_on_a_public_address(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "MUBIAO_SITE_URL"}
    env |= {"MUBIAO_VAR_DIR": str(tmp_path), "MUBIAO_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    subprocess.run([*MUBIAO, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)

    def warning(host: str, site_url: str = "", debug: str = "") -> bool:
        process = subprocess.Popen(
            [*MUBIAO, "serve", "--no-collectstatic", "--host", host, "--port", str(free_port())],
            env={**env, "MUBIAO_SITE_URL": site_url, "MUBIAO_DEBUG": debug},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert process.stdout.readline().startswith(
            "Mubiao at "
        )  # written after the warning, just before gunicorn
        process.terminate()
        return "MUBIAO_SITE_URL is not set" in process.communicate(timeout=20)[1]

    assert warning("0.0.0.0")
    # On the loopback address a deployment is reached through a proxy at another address: only
    # a developer's debug server goes without the warning.
    assert warning("127.0.0.1")
    assert not warning("127.0.0.1", debug="1")
    assert warning("0.0.0.0", debug="1")
    assert not warning("0.0.0.0", "https://okr.example.com")
