"""Issue 13, tester's finding 8: an e-mail address is matched without regard to case (and
full-width letters or ＠) everywhere: sign-in, the sign-in lockout, invitations, the people
import, the command line; the sign-in page says nothing that suggests otherwise."""

import pytest
from django.core.management import call_command
from django.test import Client

from mubiao.accounts import services as people
from mubiao.accounts.models import User
from mubiao.orgs.models import Membership
from mubiao.people.services import import_people

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Mubiao-2026"
TYPED = ["alice@acme.test", "Alice@Acme.test", "ALICE@ACME.TEST", " alice@acme.test ",
         "ａｌｉｃｅ＠ａｃｍｅ．ｔｅｓｔ", "Alice＠acme.test"]  # fmt: skip


@pytest.mark.parametrize("typed", TYPED)
def test_sign_in_whatever_the_case(world, typed):
    client = Client()
    answer = client.post("/accounts/login/", {"username": typed, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:500]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_wrong_password_does_not_say_the_address_is_case_sensitive(world, language):
    page = Client().post(
        "/accounts/login/",
        {"username": "alice@acme.test", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    text = page.content.decode()
    assert "case-sensitive" not in text and "区分大小写。请" not in text
    assert ("Capital letters in the address do not matter" in text) or (
        "邮箱地址不区分大小写" in text
    )


def test_the_lockout_counts_one_account_however_it_is_typed(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    from axes.models import AccessAttempt

    for typed in TYPED[1:4]:
        Client(REMOTE_ADDR="198.51.100.1").post(
            "/accounts/login/", {"username": typed, "password": "wrong"}
        )
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"alice@acme.test"}


@pytest.mark.parametrize("typed", TYPED)
def test_inviting_an_existing_member_in_another_case_is_refused(world, typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        people.invite_member(world.admin, email=typed)
    assert User.objects.filter(email__iexact="alice@acme.test").count() == 1


@pytest.mark.parametrize("typed", ["Wang@ACME.test", "ｗａｎｇ＠ａｃｍｅ．ｔｅｓｔ"])
def test_an_invitation_and_an_import_in_another_case_are_one_person(world, typed):
    people.invite_member(world.admin, email=typed)
    user = User.objects.get(email="wang@acme.test")
    result = import_people(
        world.admin, file_name="p.csv", data="邮箱,职位\nWANG@acme.TEST,编辑\n".encode()
    )
    assert [row.action for row in result.rows] == ["update"]
    assert User.objects.filter(email__iexact="wang@acme.test").count() == 1
    assert Membership.objects.get(user=user).title == "编辑"


def test_the_command_line_finds_the_admin_whatever_the_case(world, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text("邮箱\nzhao@acme.test\n", encoding="utf-8")
    call_command("people", "import", str(source), "--org", "acme", "--as", "ADMIN@Acme.Test")
    assert Membership.objects.filter(user__email="zhao@acme.test").exists()


@pytest.mark.parametrize("typed", TYPED)
def test_a_password_reset_is_sent_whatever_the_case(world, typed):
    from django.core import mail

    answer = Client().post("/accounts/password-reset/", {"email": typed})
    assert answer.status_code == 302
    assert [m.to for m in mail.outbox] == [["alice@acme.test"]]
