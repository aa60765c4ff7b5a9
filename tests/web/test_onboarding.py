"""Getting in without an organization: the first run at /setup, the sign-in page's pointer to
it, and the no-organization page's "Create an organization" (MUBIAO_ALLOW_NEW_ORGANIZATIONS)."""

import pytest
from django.test import Client
from django.urls import reverse

from mubiao.accounts.models import User
from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Organization

pytestmark = pytest.mark.django_db

PASSWORD = "Ok-2026-passw"
SETUP = {
    "name": "张伟",
    "email": "zhang.wei@example.cn",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "organization_name": "北京目标科技",
    "cycle_kind": "quarter",
}


def html(response) -> str:
    return response.content.decode()


def assert_no_inline_code(response):
    """The strict CSP allows no inline script, style or event handler."""
    page = html(response)
    assert "<script>" not in page and " style=" not in page and " onclick=" not in page
    assert "Content-Security-Policy" in response.headers


def nothing_created():
    return not User.objects.exists() and not Organization.objects.exists()


# --------------------------------------------------------------------------------------------
# The first run


def test_an_empty_database_sends_visitors_to_setup(client):
    assert client.get("/").headers["Location"] == reverse("setup")
    response = client.get(reverse("setup"))
    assert response.status_code == 200
    assert_no_inline_code(response)
    login = client.get(reverse("login"))
    assert f'href="{reverse("setup")}"' in html(login)


def test_setup_signs_in_on_an_empty_my_okrs_in_the_visitors_language(client):
    response = client.post(reverse("setup"), SETUP, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    owner = Membership.objects.select_related("user", "organization").get()
    assert (owner.role, owner.user.name, owner.user.language) == ("owner", "张伟", "zh-hans")
    assert owner.organization.name == "北京目标科技"
    home = client.get("/")
    assert home.status_code == 200
    assert "我的 OKR" in html(home) and "制定你的第一组 OKR" in html(home)  # the empty state
    assert Cycle.objects.get().name in html(home)


def test_setup_is_gone_once_an_organization_exists(client, world):
    assert client.get(reverse("setup")).status_code == 404
    assert client.post(reverse("setup"), {**SETUP, "email": "eve@example.com"}).status_code == 404
    assert not User.objects.filter(email="eve@example.com").exists()
    assert client.get("/").headers["Location"].startswith(reverse("login"))
    assert f'href="{reverse("setup")}"' not in html(client.get(reverse("login")))


@pytest.mark.parametrize(
    ("changes", "field", "english", "chinese"),
    [
        ({"password2": "Ok-2026-other"}, "password2", "do not match", "不一致"),
        ({"password1": "12345678", "password2": "12345678"}, "password1", "too common", "太常见"),
        ({"password1": "zhang.wei", "password2": "zhang.wei"}, "password1", "similar", "相似"),
        ({"email": "not-an-email"}, "email", "valid email", "有效的邮箱地址"),
        ({"organization_name": "   "}, "organization_name", "required", "必填"),
        ({"cycle_kind": "decade"}, "cycle_kind", "valid choice", "有效的选项"),
        ({"name": ""}, "name", "required", "必填"),
    ],
)
def test_bad_input_shows_the_fields_error_and_creates_nothing(changes, field, english, chinese):
    for language, message in (("en", english), ("zh-hans", chinese)):
        response = Client().post(
            reverse("setup"), {**SETUP, **changes}, HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert list(errors) == [field] and message in " ".join(errors[field])
        assert message in html(response)
        assert_no_inline_code(response)
    assert nothing_created()


def test_an_email_with_an_account_is_refused_and_nothing_is_created(client):
    User.objects.create_user(email="zhang.wei@example.cn", password=PASSWORD)
    response = client.post(reverse("setup"), SETUP)
    assert response.status_code == 400
    assert "already exists" in " ".join(response.context["form"].errors["email"])
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {key: "" for key in SETUP},
        {**SETUP, "name": "x" * 10_000, "organization_name": "y" * 10_000},
        {**SETUP, "organization_name": "Acme\x00Inc"},
        {**SETUP, "email": "a@" + "b" * 300 + ".com"},
        {**SETUP, "cycle_kind": ["quarter", "year", "x"]},
    ],
)
def test_nonsense_is_a_400_never_a_500(client, data):
    assert client.post(reverse("setup"), data).status_code == 400
    assert nothing_created()


def test_bytes_that_are_not_utf8_are_a_400(client):
    body = "&".join(f"{k}={v}" for k, v in SETUP.items() if k != "name") + "&name=%ff%fe%00"
    response = client.post(reverse("setup"), body, "application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert nothing_created()


def test_setup_needs_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("setup"), SETUP).status_code == 403
    assert nothing_created()


def test_a_signed_in_person_on_the_first_run_creates_just_the_organization():
    user = User.objects.create_superuser(email="root@example.com", password=PASSWORD)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("setup")).headers["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 403 and 'action="/organizations/new"' in html(page)
    response = client.post(
        reverse("organization_create"), {"organization_name": "Acme", "cycle_kind": "year"}
    )
    assert response.headers["Location"] == "/"
    assert Membership.objects.get().user == user
    assert client.get("/").status_code == 200


# --------------------------------------------------------------------------------------------
# A signed-in person without an organization, once organizations exist


@pytest.fixture
def stranger(world):
    """Signed in, in no organization."""
    client = Client()
    client.force_login(User.objects.create_user(email="new@example.com", password=PASSWORD))
    return client


def test_without_the_setting_the_page_explains_how_to_join(stranger, settings):
    settings.MUBIAO_ALLOW_NEW_ORGANIZATIONS = False
    page = stranger.get("/")
    assert page.status_code == 403
    assert "Ask an administrator" in html(page) and "organization_name" not in html(page)
    response = stranger.post(reverse("organization_create"), {"organization_name": "Mine"})
    assert response.status_code == 404
    assert Organization.objects.count() == 1


def test_with_the_setting_the_page_creates_an_organization(stranger, settings):
    settings.MUBIAO_ALLOW_NEW_ORGANIZATIONS = True
    page = stranger.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 403
    assert "创建组织" in html(page) and 'name="organization_name"' in html(page)
    assert_no_inline_code(page)
    bad = stranger.post(
        reverse("organization_create"),
        {"organization_name": "", "cycle_kind": "quarter"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert bad.status_code == 400 and "此字段为必填项" in html(bad)
    assert Organization.objects.count() == 1
    response = stranger.post(
        reverse("organization_create"), {"organization_name": "Acme", "cycle_kind": "quarter"}
    )
    assert response.headers["Location"] == "/"
    owner = Membership.objects.get(user__email="new@example.com")
    assert owner.role == "owner" and owner.organization.slug == "acme-2"  # acme is the world's
    assert stranger.get("/").status_code == 200
    # A second click does not make a second organization.
    again = stranger.post(
        reverse("organization_create"), {"organization_name": "Acme", "cycle_kind": "quarter"}
    )
    assert again.headers["Location"] == "/" and Organization.objects.count() == 2


def test_members_cannot_use_the_form_to_make_more_organizations(client_for, world, settings):
    settings.MUBIAO_ALLOW_NEW_ORGANIZATIONS = True
    response = client_for(world.alice).post(
        reverse("organization_create"), {"organization_name": "Side project"}
    )
    assert response.headers["Location"] == "/"
    assert Organization.objects.count() == 1


def test_creating_an_organization_needs_a_signed_in_post(client, world, settings):
    settings.MUBIAO_ALLOW_NEW_ORGANIZATIONS = True
    assert (
        client.post(reverse("organization_create"), {"organization_name": "X"}).status_code == 302
    )
    assert Organization.objects.count() == 1
    user = User.objects.create_user(email="new@example.com", password=PASSWORD)
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(user)
    assert signed_in.get(reverse("organization_create")).status_code == 405
    assert (
        signed_in.post(reverse("organization_create"), {"organization_name": "X"}).status_code
        == 403
    )
    assert Organization.objects.count() == 1
