"""Issue 13 (h13v): an e-mail address is read one way wherever a person types it — the first
run (/setup), an invitation, the member form's manager and a team's leads, the people import,
the members search, sign-in and the password reset — as accounts.addresses.normalise_email
reads it: full-width letters, ＠, ．and 。 from a Chinese input method, spaces around and inside,
invisible characters, any case. Before, the people import took `ａｌｉｃｅ＠…` and the forms
refused it; and the browser's own e-mail input refused it before the form was sent."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mubiao.accounts.models import User
from mubiao.orgs.models import Membership
from mubiao.people.services import import_people
from tests.api.conftest import Api
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Mubiao-2026"  # tests.conftest.make_member's

# How people type <who>@acme.test.
TYPED = [
    "{who}@ACME.test",
    "ａｌｉｃｅ＠ａｃｍｅ．ｔｅｓｔ",
    "{who}@acme。test",
    "{who}＠acme。ｔｅｓｔ",
    "  {who}@acme.test ",
    "{who} @ acme.test",
    "\u3000{who}@acme.test\u200b",
    "{who}@acme.test.",  # the DNS root's dot (finding 8 of probe13d)
]


def typed(form: str, who: str) -> str:
    return form.replace("ａｌｉｃｅ", "".join(chr(ord(c) + 0xFEE0) for c in who)).format(who=who)


def sign_in(world, address):
    client = Client()
    client.post("/accounts/login/", {"username": address, "password": PASSWORD})
    return User.objects.get(pk=client.session["_auth_user_id"]).email


def password_reset(world, address):
    answer = Client().post(reverse("password_reset"), {"email": address})
    assert answer.status_code == 302, answer.content.decode()
    return mail.outbox[-1].to[0]


def invitation(world, address):
    client = Client()
    client.force_login(world.admin.user)
    answer = client.post(reverse("settings_people"), {"email": address, "role": "member"})
    assert answer.status_code == 302, answer.content.decode()
    return Membership.objects.filter(organization=world.org).latest("pk").user.email


def manager_on_the_member_form(world, address):
    client = Client()
    client.force_login(world.admin.user)
    url = reverse("settings_member", args=[world.bob.pk])
    answer = client.post(url, {**load(client, url, "panel"), "manager": address})
    assert answer.status_code == 302, answer.content.decode()
    world.bob.refresh_from_db()
    return world.bob.manager.user.email


def leads_of_a_team(world, address):
    client = Client()
    client.force_login(world.admin.user)
    url = reverse("settings_team", args=[world.docs.pk])
    answer = client.post(url, {**load(client, url, "panel"), "leads": f"{address}，bob@acme.test"})
    assert answer.status_code == 302, answer.content.decode()
    leads = world.docs.team_members.filter(is_lead=True).values_list("membership__user__email")
    return sorted(e for (e,) in leads if e != "bob@acme.test")[0]


def people_import(world, address):
    # The address as the row's person and as a manager: the one member, nobody new.
    before = User.objects.count()
    data = f"邮箱,职位,上级邮箱\n{address},Writer,\nbob@acme.test,,{address}\n".encode()
    import_people(world.admin, file_name="people.csv", data=data)
    assert User.objects.count() == before
    world.bob.refresh_from_db()
    assert world.bob.manager.user.email == Membership.objects.get(title="Writer").user.email
    return world.bob.manager.user.email


def members_search(world, address):
    found = Api(world.admin).get("/members", {"q": address}).json()["items"]
    assert len(found) == 1
    return found[0]["email"]


# Each path: (how it reads a typed address, whose address is typed: an existing member's or a
# newcomer's).
PATHS = {
    "sign-in": (sign_in, "alice"),
    "password reset": (password_reset, "alice"),
    "invitation": (invitation, "nina"),
    "member form's manager": (manager_on_the_member_form, "alice"),
    "team's leads": (leads_of_a_team, "alice"),
    "people import": (people_import, "alice"),
    "members search": (members_search, "alice"),
}


@pytest.mark.parametrize("form", TYPED)
@pytest.mark.parametrize("path", PATHS)
def test_every_path_reads_a_typed_address_alike(world, path, form):
    read, who = PATHS[path]
    assert read(world, typed(form, who)) == f"{who}@acme.test"


@pytest.mark.parametrize("form", TYPED)
def test_the_first_run_reads_a_typed_address_alike(db, form):
    answer = Client().post(
        reverse("setup"),
        {"name": "张伟", "email": typed(form, "zhang"), "password1": "Ok-2026-passw",
         "password2": "Ok-2026-passw", "organization_name": "北京目标科技",
         "cycle_kind": "quarter"},
    )  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()
    assert User.objects.get().email == "zhang@acme.test"


def no_browser_refusal(client, url):
    """The browser's own <input type=email> refuses `ａｌｉｃｅ＠…` before the form is sent."""
    page = client.get(reverse(url)).content.decode()
    assert 'name="email"' in page or 'name="username"' in page
    assert 'type="email"' not in page


@pytest.mark.parametrize("url", ["password_reset", "settings_people", "login"])
def test_no_page_lets_the_browser_refuse_a_full_width_address(world, url):
    client = Client()
    if url == "settings_people":
        client.force_login(world.admin.user)
    no_browser_refusal(client, url)


def test_nor_the_first_run(db):
    no_browser_refusal(Client(), "setup")
