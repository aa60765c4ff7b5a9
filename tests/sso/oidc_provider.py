"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit with OIDC
switched on, RS256-signed ID tokens, PKCE required, in a process of its own on loopback.

    python oidc_provider.py CONFIG.json

CONFIG names the port, a work folder (its SQLite database), the PEM of the signing key, one
client (id, secret, redirect URIs) and the provider's people (username, password, email). Its
sign-in page is a bare form; consent is skipped for the one client, as a company's identity
provider does for its own applications.
"""

import json
import sys
from html import escape
from pathlib import Path

import django
from django.conf import settings

CONFIG = json.loads(Path(sys.argv[1]).read_text())

settings.configure(
    DEBUG=False,
    SECRET_KEY="loopback-oidc-provider",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "oauth2_provider",
    ],
    MIDDLEWARE=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(CONFIG["folder"]) / "provider.sqlite3"),
        }
    },
    # The browser holds Mubiao's cookies for the same host name as well.
    SESSION_COOKIE_NAME="provider_session",
    LOGIN_URL="/login/",
    USE_TZ=True,
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    OAUTH2_PROVIDER={
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": CONFIG["private_key"],
        "PKCE_REQUIRED": True,
        "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
        "SCOPES": {"openid": "OpenID", "email": "E-mail", "profile": "Profile"},
        "OAUTH2_VALIDATOR_CLASS": f"{__name__}.Validator",
    },
    TEMPLATES=[],
)
django.setup()

from django.contrib.auth import authenticate, get_user_model, login  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import run  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse, HttpResponseRedirect  # noqa: E402
from django.urls import include, path  # noqa: E402
from oauth2_provider.oauth2_validators import OAuth2Validator  # noqa: E402


class Validator(OAuth2Validator):
    def get_additional_claims(self, request):
        # A person without an e-mail address gets an ID token without the claim.
        claims = {"name": request.user.get_full_name() or request.user.username}
        if request.user.email:
            claims |= {"email": request.user.email, "email_verified": True}
        return claims

    def get_userinfo_claims(self, request):
        # A provider whose UserInfo answer is about someone else (or names no one): what a
        # substituted access token gives (OIDC Core §5.3.2).
        answer = USERINFO.get(request.user.username)
        return answer if answer is not None else super().get_userinfo_claims(request)


USERINFO = {p["username"]: p["userinfo"] for p in CONFIG["people"] if "userinfo" in p}


def sign_in(request):
    next_url = request.GET.get("next") or request.POST.get("next") or "/"
    problem = ""
    if request.method == "POST":
        user = authenticate(
            request, username=request.POST.get("username"), password=request.POST.get("password")
        )
        if user:
            login(request, user)
            return HttpResponseRedirect(next_url)
        problem = "<p role=alert>Wrong username or password</p>"
    return HttpResponse(
        f"<!doctype html><title>Loopback identity provider</title><h1>Identity provider</h1>"
        f"{problem}<form method=post><input type=hidden name=next value='{escape(next_url)}'>"
        f"<label>Username <input name=username></label>"
        f"<label>Password <input name=password type=password></label>"
        f"<button>Sign in</button></form>"
    )


urlpatterns = [
    path("login/", sign_in),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]


def main():
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    User = get_user_model()
    for person in CONFIG["people"]:
        user = User.objects.create_user(person["username"], "", person["password"])
        # As given, spaces included (create_user would strip them).
        User.objects.filter(pk=user.pk).update(email=person.get("email", ""))
    client = CONFIG["client"]
    Application.objects.create(
        name="Mubiao",
        client_id=client["id"],
        client_secret=client["secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    print("ready", flush=True)
    run("127.0.0.1", CONFIG["port"], get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
