"""`mubiao serve` really serves: gunicorn answers over HTTP, WhiteNoise serves static files."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def server(tmp_path):
    env = {
        **os.environ,
        "MUBIAO_VAR_DIR": str(tmp_path),
        "MUBIAO_DATABASE_URL": f"sqlite:///{tmp_path}/serve.db",
    }
    mubiao = [sys.executable, "-m", "mubiao"]
    subprocess.run([*mubiao, "migrate", "-v", "0"], env=env, check=True)
    port = free_port()
    process = subprocess.Popen(
        [*mubiao, "serve", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(base + "/admin/login/")
            break
        except OSError:
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_serve_answers_with_security_headers_and_static_files(server):
    status, headers, _ = get(server + "/admin/login/")
    assert status == 200
    assert "gunicorn" in headers.get("Server", "")
    assert "nonce-" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    status, headers, _ = get(server + "/static/admin/css/base.css")
    assert status == 200
    assert "max-age" in headers.get("Cache-Control", "")
    status, headers, _ = get(server + "/")
    assert status in (200, 302)
