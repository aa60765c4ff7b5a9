"""`mubiao serve`: Mubiao behind gunicorn, static files by WhiteNoise.

Gunicorn's threaded workers suit a server-rendered app whose requests wait on the database; it
needs no compiler and runs wherever Python does.
"""

import os
import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils.translation import gettext as _

from mubiao.orgs.cli import SpeakingCommand


def site_url_warning() -> str:
    """What `serve`, the worker and the commands that send links say at their start when
    MUBIAO_SITE_URL is unset (site_url_unset)."""
    return _(
        "Warning: MUBIAO_SITE_URL is not set. Links in e-mails sent while answering a request "
        "will start with the address that request came to; links in e-mails sent by the "
        "command line or the worker will start with %(default)s. Set MUBIAO_SITE_URL to the "
        "address people use, e.g. MUBIAO_SITE_URL=https://okr.example.com."
    ) % {"default": settings.SITE_URL}


def site_url_unset(host: str = "127.0.0.1") -> bool:
    """Whether to warn that MUBIAO_SITE_URL is unset: in a deployment (not MUBIAO_DEBUG), and
    whenever the server listens beyond this machine. A deployment on 127.0.0.1 behind a reverse
    proxy is reached at another address too, so the loopback host alone is no excuse."""
    if settings.SITE_URL_CONFIGURED:
        return False
    return not settings.DEBUG or host not in ("127.0.0.1", "localhost", "::1")


def uncollected_static() -> str | None:
    """What to say before serving when static files were never collected and nothing else
    serves them (MUBIAO_DEBUG off): WhiteNoise's manifest names every file a page links, so
    without it every page answers 500 (h9g). None when they are there, or in debug, where
    Django serves them from the apps."""
    if settings.DEBUG or (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        return None
    return _(
        "Static files have not been collected into %(root)s, and with MUBIAO_DEBUG off every "
        "page would fail without them. Run `mubiao collectstatic --noinput` first, or start "
        "with `mubiao serve`, which collects them."
    ) % {"root": settings.STATIC_ROOT}


class Command(SpeakingCommand):
    help = "Serve Mubiao with gunicorn (production-grade), static files included."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("MUBIAO_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("MUBIAO_PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("MUBIAO_WORKERS", "2"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("MUBIAO_THREADS", "4"))
        )
        parser.add_argument(
            "--no-collectstatic", action="store_true", help="Skip collecting static files."
        )

    def handle(self, *args, host, port, workers, threads, no_collectstatic, **options):
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        elif problem := uncollected_static():
            raise CommandError(problem)
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        argv = [
            gunicorn,
            "mubiao.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", str(workers),
            "--threads", str(threads),
            "--worker-class", "gthread",
            "--access-logfile", "-",
            "--forwarded-allow-ips", os.environ.get("MUBIAO_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]  # fmt: skip
        if site_url_unset(host):
            self.stderr.write(site_url_warning())
        self.stdout.write(_("Mubiao at %(url)s") % {"url": f"http://{host}:{port}/"})
        # exec replaces the process without flushing Python's buffers.
        self.stdout.flush()
        self.stderr.flush()
        os.execv(gunicorn, argv)  # noqa: S606 (gunicorn replaces this process)
