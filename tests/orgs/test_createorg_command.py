"""`mubiao createorg`: an organization from the command line, its owner created when missing."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.test import Client

from mubiao.accounts.models import User
from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Organization

pytestmark = pytest.mark.django_db

PASSWORD = "Ok-2026-passw"


def createorg(*args, stdin: str | None = None) -> str:
    out = io.StringIO()
    extra = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("createorg", *args, stdout=out, **extra)
    return out.getvalue()


def test_new_owner_with_a_password_from_stdin_can_sign_in():
    out = createorg(
        "--name", "北京目标科技", "--owner", "Boss@Example.com", "--password-from-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    owner = Membership.objects.select_related("organization", "user").get()
    assert (owner.user.email, owner.role, owner.organization.slug) == (
        "boss@example.com", "owner", "org",
    )  # fmt: skip
    cycle = Cycle.objects.get()
    assert cycle.state == "active" and cycle.kind == "quarter"
    assert "Created the account boss@example.com" in out
    assert f"active cycle {cycle.name}" in out and "slug org" in out
    assert "Sign in at http://" in out and "/accounts/login/" in out
    client = Client()
    assert client.login(request=HttpRequest(), username="boss@example.com", password=PASSWORD)
    assert client.get("/").status_code == 200


def test_new_owner_without_a_password_gets_a_link_to_choose_one():
    out = createorg("--name", "Acme", "--slug", "acme", "--owner", "ann@example.com",
                    "--cycle", "year")  # fmt: skip
    assert not User.objects.get().has_usable_password()
    assert Cycle.objects.get().name.isdigit()
    path = re.search(r"https?://\S+(/accounts/invitation/\S+)", out).group(1)
    client = Client()
    response = client.post(path, {"name": "Ann", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # signed in, in her organization


def test_an_existing_account_becomes_the_owner():
    user = User.objects.create_user(email="ann@example.com", password=PASSWORD)
    createorg("--name", "First", "--owner", "ann@example.com")
    out = createorg("--name", "Second", "--owner", "ANN@example.com")
    assert "Created the account" not in out and "Sign in at" in out
    assert set(user.memberships.values_list("organization__slug", "role")) == {
        ("first", "owner"), ("second", "owner"),
    }  # fmt: skip
    with pytest.raises(CommandError, match="already has an account"):
        createorg("--name", "Third", "--owner", "ann@example.com", "--password-from-stdin",
                  stdin=PASSWORD)  # fmt: skip
    assert Organization.objects.count() == 2


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--name", "Acme", "--slug", "acme"], None, "--slug: An organization with this slug"),
        (["--name", "Acme", "--slug", "no spaces"], None, "--slug: Use only"),
        (["--name", "  "], None, "--name: This field is required."),
        (["--name", "Acme", "--password-from-stdin"], "12345678\n", "password: This password"),
        (["--name", "Acme", "--password-from-stdin"], "", "password: This password is too short"),
    ],
)
def test_bad_input_is_an_error_naming_the_option_and_creates_nothing(args, stdin, message):
    createorg("--name", "Acme", "--owner", "first@example.com")
    with pytest.raises(CommandError) as error:
        createorg(*args, "--owner", "new@example.com", stdin=stdin)
    assert message in str(error.value)
    assert not User.objects.filter(email="new@example.com").exists()
    assert Organization.objects.count() == 1


def test_a_bad_owner_email_is_an_error():
    with pytest.raises(CommandError, match="--owner: Enter a valid email address"):
        createorg("--name", "Acme", "--owner", "nobody")
    assert not Organization.objects.exists()
