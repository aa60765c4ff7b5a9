"""Issue 13 (h13v): a message telling people to ask an administrator is not shown to the
administrator: on their own pages it says what they can do and links there (no cycle yet, a
cycle not in grading, an identity provider that cannot be reached when saving its settings)."""

import pytest
from django.urls import reverse

from mubiao.okrs.models import Cycle
from tests.sso.conftest import free_port
from tests.sso.test_settings import form

pytestmark = pytest.mark.django_db

# What a member reads, in both languages; never what an admin reads.
ASK_AN_ADMIN = ("An administrator", "ask your admin", "管理员可在", "联系管理员")


def shown(client, url, language="en") -> str:
    answer = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 200, url
    return answer.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("page", ["home", "company", "grading", "alignment", "adoption"])
def test_without_a_cycle_an_admin_is_shown_how_to_create_one(world, client_for, page, language):
    Cycle.objects.filter(organization=world.org).delete()
    admin_page = shown(client_for(world.admin), reverse(page), language)
    assert not [said for said in ASK_AN_ADMIN if said in admin_page]
    assert reverse("settings_cycles") in admin_page
    if page != "adoption":  # the adoption page is the admins'
        member_page = shown(client_for(world.alice), reverse(page), language)
        assert any(said in member_page for said in ASK_AN_ADMIN)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_cycle_not_in_grading_tells_the_admin_where_to_start_grading(world, client_for, language):
    admin_page = shown(client_for(world.admin), reverse("grading"), language)
    assert not [said for said in ASK_AN_ADMIN if said in admin_page]
    assert reverse("settings_cycles") in admin_page
    member_page = shown(client_for(world.alice), reverse("grading"), language)
    assert any(said in member_page for said in ASK_AN_ADMIN)


def test_saving_an_unreachable_issuer_tells_the_admin_what_to_check(world, client_for):
    issuer = f"http://127.0.0.1:{free_port()}/realms/acme"
    page = client_for(world.admin).post("/settings/sso", form(issuer)).content.decode()
    assert "Check the issuer URL, and that this server may connect to it" in page
    assert "ask your admin" not in page
