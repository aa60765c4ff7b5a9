"""Template pages: list (filters, search, query counts), preview, use, add, edit, delete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.okrs.models import Objective
from mubiao.playbook import services
from mubiao.playbook.models import Template


@pytest.fixture
def alice_client(client, world):
    client.force_login(world.alice.user)
    return client


def test_list_searches_and_filters(alice_client):
    page = alice_client.get(reverse("templates"), {"q": "满意度 客户", "language": "zh-hans"})
    assert page.status_code == 200
    assert "让客户每次求助都得到又快又好的答复".encode() in page.content
    assert "让付费客户更愿意续费".encode() not in page.content
    english = alice_client.get(reverse("templates"), {"role": "Recruiter", "language": "en"})
    assert b"Staff the engineering team" in english.content


def test_list_query_count_does_not_grow(alice_client, world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(reverse("templates"), {"language": ""}).status_code == 200
        return len(queries)

    small = count()
    for i in range(30):
        services.create_template(
            world.alice,
            text=f"O: 目标 {i}\nKR1: 从 {i} 个提升至 50 个",
            role=f"角色 {i}",
            tags=["a", "b"],
        )
    assert count() == small


def test_other_organizations_templates_are_404(alice_client, other_world):
    theirs = services.create_template(other_world.alice, text="O: x\nKR1: 3 个", role="r")
    for name in ("template", "template_use", "template_edit"):
        assert alice_client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert alice_client.post(reverse("template_delete", args=[theirs.pk])).status_code == 404
    assert Template.objects.filter(pk=theirs.pk).exists()


def test_preview_and_use(alice_client, world):
    builtin = Template.objects.get(key="sales", language="zh-hans", organization__isnull=True)
    page = alice_client.get(reverse("template", args=[builtin.pk]))
    assert page.status_code == 200 and "华东".encode() in page.content
    assert b"/edit" not in page.content  # built-ins cannot be edited
    used = alice_client.get(reverse("template_use", args=[builtin.pk]))
    assert used.status_code == 302
    assert used["Location"] == f"/okrs/new?template={builtin.pk}&cycle={world.cycle.pk}"


def test_add_edit_delete(alice_client, world, client):
    response = alice_client.post(
        reverse("template_create"),
        {
            "role": "客服",
            "department": "",
            "language": "zh-hans",
            "tags": "满意度, 工单",
            "text": "O: 让客户更满意\nKR1: 满意度从 80% 提升至 90%",
        },
    )
    template = Template.objects.get(organization=world.org)
    assert response.status_code == 302 and template.tags == ["满意度", "工单"]
    bad = alice_client.post(
        reverse("template_edit", args=[template.pk]),
        {"role": "客服", "language": "zh-hans", "text": "随便写写"},
    )
    assert bad.status_code == 200 and b"O:" in bad.content
    client.force_login(world.bob.user)
    assert client.get(reverse("template_edit", args=[template.pk])).status_code == 404
    client.force_login(world.alice.user)
    assert client.post(reverse("template_delete", args=[template.pk])).status_code == 302
    assert not Template.objects.filter(pk=template.pk).exists()


def test_save_objective_as_template(alice_client, world):
    from tests.conftest import make_objective

    objective = make_objective(world.alice, world.cycle, "让老客户续费")
    response = alice_client.post(reverse("template_from_objective", args=[objective.pk]))
    template = Template.objects.get(organization=world.org)
    assert response["Location"] == reverse("template", args=[template.pk])
    hidden = make_objective(world.admin, world.cycle, "秘密", visibility="private")
    assert (
        alice_client.post(reverse("template_from_objective", args=[hidden.pk])).status_code == 404
    )
    assert Objective.objects.count() == 2
