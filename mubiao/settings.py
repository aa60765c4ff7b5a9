"""Mubiao settings, read from MUBIAO_* environment variables.

The defaults are safe for a laptop: SQLite under var/, a secret key generated once and kept in
var/, DEBUG off. Production sets MUBIAO_DATABASE_URL (PostgreSQL), MUBIAO_SECRET_KEY and
MUBIAO_ALLOWED_HOSTS.
"""

import datetime as dt
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MUBIAO_VAR_DIR", BASE_DIR.parent / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Use MUBIAO_SECRET_KEY, else a key generated on first start and kept in var/."""
    if key := os.environ.get("MUBIAO_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Processes starting together on a fresh var/ (server workers, the test suite's workers)
        # must agree on one key and never read a half-written file: each writes a whole key to
        # a file of its own, the first to link one into place wins, the others read the winner's.
        descriptor, draft = tempfile.mkstemp(dir=VAR_DIR, prefix=".secret_key.")  # mode 0600
        try:
            os.write(descriptor, secrets.token_urlsafe(50).encode())
            os.close(descriptor)
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return path.read_text().strip()


def database_from_url(url: str) -> dict:
    """Turn postgres://user:pass@host:port/name?opt=v or sqlite:///path into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "mubiao",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # PostgreSQL's JIT compiles hundreds of functions for queries that run in
            # milliseconds (seconds of compilation on a permission-scoped list): off, unless
            # the URL sets `options` itself.
            "OPTIONS": {"options": "-c jit=off", **dict(parse_qsl(parts.query))},
            "CONN_MAX_AGE": int(os.environ.get("MUBIAO_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    if parts.scheme == "sqlite":
        return sqlite_database(Path(unquote(parts.path)) if parts.path else VAR_DIR / "mubiao.db")
    raise ValueError(
        f"MUBIAO_DATABASE_URL: unsupported scheme {parts.scheme!r} (use postgres or sqlite)"
    )


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # WAL and IMMEDIATE transactions let the web server and the worker write without
        # "database is locked" errors on a laptop.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            # Seconds a request waits for SQLite's one writer before it is answered 503
            # (web.middleware.server_error).
            "timeout": float(os.environ.get("MUBIAO_SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


SECRET_KEY = _secret_key()
DEBUG = env_bool("MUBIAO_DEBUG")
ALLOWED_HOSTS = env_list("MUBIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("MUBIAO_CSRF_TRUSTED_ORIGINS", "")
# Where people reach this Mubiao, for links in emails. Unset, links use the address of the
# request that sends the email (checked against ALLOWED_HOSTS), and this default only where
# there is no request (the command line, the worker).
SITE_URL_CONFIGURED = bool(os.environ.get("MUBIAO_SITE_URL", "").strip())
SITE_URL = (os.environ.get("MUBIAO_SITE_URL", "").strip() or "http://127.0.0.1:8000").rstrip("/")
# The DNS resolver that checks e-mail domains' verification records (sso.verification), as
# host or host:port; empty: the system's (/etc/resolv.conf).
MUBIAO_DNS_RESOLVER = os.environ.get("MUBIAO_DNS_RESOLVER", "").strip()
# Directory sync holds a run (nothing changes, the admin must confirm) that would deactivate
# more than this share (percent) of the members who follow the directory, or more than this
# many people, or everyone, or that reads an empty directory: a typo in the top department
# must not deactivate the company.
DIRECTORY_HOLD_PERCENT = float(os.environ.get("MUBIAO_DIRECTORY_HOLD_PERCENT", "10"))
DIRECTORY_HOLD_COUNT = int(os.environ.get("MUBIAO_DIRECTORY_HOLD_COUNT", "25"))
# Hosts a Slack button press's response_url may point at: the presser's answer is posted
# there, and nowhere else, even from a request signed with a leaked Signing Secret.
NOTIFY_SLACK_RESPONSE_HOSTS = ["hooks.slack.com"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mubiao.accounts",
    "mubiao.orgs",
    "mubiao.okrs",
    "mubiao.playbook",
    "mubiao.people",
    "mubiao.insights",
    "mubiao.sso",
    "mubiao.directory",
    "mubiao.twofactor",
    "mubiao.notify",
    "mubiao.outbound",
    "mubiao.reports",
    "mubiao.api",
    "mubiao.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mubiao.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "mubiao.web.middleware.RequestSizeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "mubiao.orgs.middleware.OrganizationMiddleware",
    # After OrganizationMiddleware: a person without a time zone of their own sees times in
    # their organization's.
    "mubiao.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "mubiao.web.middleware.RefusedParameterMiddleware",
]

# The largest request body: an import's 10 MB (okrs.transfer.importer.MAX_BYTES, whether a
# file or pasted text) and the form around it. Larger ones are refused from their Content-Length
# (web.middleware), and Django reads no more than this into memory.
MUBIAO_MAX_REQUEST_BYTES = 11 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MUBIAO_MAX_REQUEST_BYTES

ROOT_URLCONF = "mubiao.urls"
WSGI_APPLICATION = "mubiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mubiao.web.nav.section",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(os.environ["MUBIAO_DATABASE_URL"])
    if os.environ.get("MUBIAO_DATABASE_URL")
    else sqlite_database(VAR_DIR / "mubiao.db")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked-out account or address before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Mubiao"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
# The install's default language: a new organization's when its creator chose none, and the
# pages' for a visitor whose browser asks for neither. An unknown value is refused at start-up
# rather than silently becoming English.
LANGUAGE_CODE = os.environ.get("MUBIAO_LANGUAGE", "").strip().lower() or "en"
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ValueError(f"MUBIAO_LANGUAGE must be one of {', '.join(dict(LANGUAGES))}")
# Each app keeps its own catalogue in mubiao/<app>/locale. Listed here as well because the
# catalogues of apps listed earlier in INSTALLED_APPS (Django's admin and auth) override later
# ones: their "Filter" (过滤器), "History" (历史), "Remove" (删除), "Email" (电子邮件) won over
# the glossary's words. LOCALE_PATHS beat every app catalogue.
LOCALE_PATHS = sorted(BASE_DIR.glob("*/locale"))
USE_I18N = True
TIME_ZONE = os.environ.get("MUBIAO_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Console email by default (password resets and invitations appear in the server's log);
# MUBIAO_EMAIL_HOST switches to SMTP.
if os.environ.get("MUBIAO_EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["MUBIAO_EMAIL_HOST"],
                "port": int(os.environ.get("MUBIAO_EMAIL_PORT", "587")),
                "username": os.environ.get("MUBIAO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("MUBIAO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("MUBIAO_EMAIL_USE_TLS", True),
                # Shorter than a notification worker's claim (notify.rules.LEASE): a mail
                # server that stops answering fails the send instead of outliving the claim.
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("MUBIAO_DEFAULT_FROM_EMAIL", "mubiao@localhost")

# A strict policy: scripts and styles only from our own origin (plus a per-request nonce),
# which is why templates carry no inline scripts or event handlers.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("MUBIAO_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Over HTTPS, browsers are told to use nothing else for this host (a year by default; 0: off).
# Django sends it only on requests that arrived over HTTPS (behind a proxy: gunicorn trusts
# X-Forwarded-Proto from MUBIAO_FORWARDED_ALLOW_IPS).
SECURE_HSTS_SECONDS = int(
    os.environ.get("MUBIAO_HSTS_SECONDS", "31536000" if SESSION_COOKIE_SECURE else "0")
)

# Sign-in protection (mubiao/accounts/throttle.py, django-axes): failed sign-ins are counted
# per account and client address together in the database; at the limit that pair is refused
# for the cool-off, and an address on its own at the (much higher) address limit.
# X-Forwarded-For is ignored unless MUBIAO_PROXY_COUNT says how many proxies add it.
AXES_FAILURE_LIMIT = int(os.environ.get("MUBIAO_SIGNIN_FAILURE_LIMIT", "10"))
MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT = int(
    os.environ.get("MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT", "100")
)
AXES_HANDLER = "mubiao.accounts.throttle.Handler"
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("MUBIAO_SIGNIN_COOLOFF_MINUTES", "15")))
# A try refused during the cool-off checks no password, so it does not start the cool-off
# again: the lockout page's "try again in N minutes" is the time left, and trying again then
# works (with axes' default, each refused try restarted it, so that coming back a little early
# locked the person out for the whole cool-off once more).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "mubiao.accounts.throttle.signin_username"
AXES_LOCKOUT_PARAMETERS = "mubiao.accounts.throttle.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "mubiao.accounts.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "mubiao.accounts.throttle.lockout_response"
MUBIAO_PROXY_COUNT = int(os.environ.get("MUBIAO_PROXY_COUNT", "0"))
MUBIAO_RESET_EMAILS_PER_HOUR = int(os.environ.get("MUBIAO_RESET_EMAILS_PER_HOUR", "5"))
# Invitation links work once, for this many days; password-reset links once, for 3 days.
MUBIAO_INVITATION_DAYS = int(os.environ.get("MUBIAO_INVITATION_DAYS", "14"))
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# API: requests per minute per token (0 turns the limit off), counted in the database so that
# the limit holds across server processes and hosts (mubiao/accounts/ratelimit.py).
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("MUBIAO_API_RATE_LIMIT", "600"))
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("MUBIAO_API_TOKEN_DAYS", "365"))

# May any signed-in person without an organization create one from the web? Off: people join by
# invitation, and operators create organizations with `mubiao createorg`. The very first
# organization can always be created at /setup.
MUBIAO_ALLOW_NEW_ORGANIZATIONS = env_bool("MUBIAO_ALLOW_NEW_ORGANIZATIONS")


def outbound_allowance(value: str) -> bool | list[str]:
    """MUBIAO_OUTBOUND_ALLOW_PRIVATE: on/off, or the host names and networks (CIDR) inside the
    server's own networks that organizations' settings may point at (mubiao.outbound.guard)."""
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("", "0", "false", "no", "off"):
        return False
    return [item.strip() for item in value.split(",") if item.strip()]


# May an organization's directory, OIDC issuer, chat group or webhook be inside the server's
# own networks (loopback, 169.254.169.254, 10/8, ...)? Off: an admin could otherwise make the
# server call its neighbours. On (or a list) only where those services really are local: an
# on-premises vendor, the tests' loopback fakes. MUBIAO_NOTIFY_ALLOW_PRIVATE_ADDRESSES is the
# older, chat-channels-only name, still read.
MUBIAO_OUTBOUND_ALLOW_PRIVATE = outbound_allowance(
    os.environ.get("MUBIAO_OUTBOUND_ALLOW_PRIVATE")
    or os.environ.get("MUBIAO_NOTIFY_ALLOW_PRIVATE_ADDRESSES", "")
)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("MUBIAO_CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["MUBIAO_CACHE_URL"],
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MUBIAO_LOG_LEVEL", "WARNING")},
}
