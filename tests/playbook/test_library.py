"""The template library: built-ins (coverage, lint-clean, sync), search, services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mubiao.okrs import services as okr_services
from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrtext import lint
from mubiao.playbook import builtins, selectors, services
from mubiao.playbook.models import Template
from mubiao.playbook.search import stem, words

BUILTINS = builtins.load()


def test_built_ins_cover_the_roles_in_both_languages():
    by_language = {}
    for template in BUILTINS:
        by_language.setdefault(template.language, set()).add(template.key)
        assert 3 <= len(template.key_results) <= 4, template.key
        assert template.tags and template.role and template.department
    assert by_language["zh-hans"] == by_language["en"]
    assert len(by_language["en"]) >= 22
    zh_roles = {t.role for t in BUILTINS if t.language == "zh-hans"}
    for role in (
        "产品经理",
        "产品主管",
        "文档撰写者",
        "研发工程师",
        "运维/SRE",
        "销售",
        "市场",
        "运营",
        "客服",
        "人力资源",
        "招聘",
        "财务",
        "法务",
        "行政",
        "CEO/公司级",
        "部门负责人",
    ):
        assert role in zh_roles


@pytest.mark.parametrize("template", BUILTINS, ids=lambda t: f"{t.language}-{t.key}")
def test_every_built_in_passes_the_linter_without_warnings(template):
    findings = lint(template.body, lang=template.language)
    assert [f.rule for f in findings if f.severity in ("warning", "error")] == []


@pytest.mark.django_db
def test_migrate_loaded_the_built_ins_and_sync_is_idempotent():
    assert Template.objects.filter(organization__isnull=True).count() == len(BUILTINS)
    again = builtins.sync()
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    changed = Template.objects.get(key="sales", language="en", organization__isnull=True)
    changed.title = "Something else"
    changed.save()
    Template.objects.create(key="retired", language="en", role="Gone", title="x", body="O: x")
    result = builtins.sync()
    assert (result.created, result.updated, result.deleted) == (0, 1, 1)
    assert Template.objects.filter(organization__isnull=True).count() == len(BUILTINS)
    changed.refresh_from_db()
    assert changed.title == "Win mid-sized companies in the East region"


def test_index_words():
    assert words("客户满意度") == ["客户", "户满", "满意", "意度"]
    assert words("續費率 Renewals") == ["续费", "费率", "renewal"]
    assert stem("testing") == "test" and stem("processes") == "process" and stem("bus") == "bus"


def _keys(qs):
    return {(t.key, t.language) for t in qs}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("客户满意", ("customer-service", "zh-hans")),
        ("满意度 客户", ("customer-service", "zh-hans")),
        ("续费", ("product-manager", "zh-hans")),
        ("續費", ("product-manager", "zh-hans")),
        ("customer satisfaction", ("customer-service", "en")),
        ("renewals", ("product-manager", "en")),
        ("vulnerabilities fix", ("security", "en")),
    ],
)
def test_search_matches_words(world, query, expected):
    assert expected in _keys(selectors.search_templates(world.alice, query=query))


@pytest.mark.django_db
def test_search_needs_every_word_and_filters(world):
    assert not selectors.search_templates(world.alice, query="续费 漏洞").exists()
    zh_sales = selectors.search_templates(world.alice, role="销售", language="zh-hans")
    assert _keys(zh_sales) == {("sales", "zh-hans")}
    product = selectors.search_templates(world.alice, department="Product", language="en")
    assert _keys(product) == {
        ("product-manager", "en"),
        ("product-lead", "en"),
        ("technical-writer", "en"),
    }
    assert selectors.search_templates(world.alice, tag="SRE").filter(key="sre").count() == 2


@pytest.mark.django_db
def test_other_organizations_templates_are_invisible(world, other_world):
    mine = services.create_template(
        world.alice, text="O: 让客户更满意\nKR1: 满意度从 80% 提升至 90%", role="客服"
    )
    theirs = services.create_template(
        other_world.alice, text="O: 让客户更满意\nKR1: 满意度从 70% 提升至 95%", role="客服"
    )
    found = list(selectors.search_templates(world.bob, query="满意度", scope="organization"))
    assert found == [mine]
    assert theirs not in selectors.search_templates(world.bob, query="满意度")
    with pytest.raises(Template.DoesNotExist):
        selectors.get_template(world.bob, theirs.pk)
    facets = selectors.facets(world.bob)
    assert "客服" in facets["roles"]


@pytest.mark.django_db
def test_create_update_delete_permissions(world, other_world):
    template = services.create_template(
        world.alice,
        text="- O1: Delight new users\n  - KR1: Raise activation from 30% to 45%",
        role="PM",
        tags="growth, onboarding",
    )
    assert template.language == "en"
    assert template.body == "O: Delight new users\nKR1: Raise activation from 30% to 45%"
    assert template.tags == ["growth", "onboarding"]
    assert " activation" in template.search_text
    with pytest.raises(PermissionDenied):
        services.update_template(world.bob, template, role="Other")
    services.update_template(world.admin, template, role="Product Manager")
    template.refresh_from_db()
    assert template.role == "Product Manager" and "product" in template.search_text
    builtin = Template.objects.filter(organization__isnull=True).first()
    with pytest.raises(PermissionDenied):
        services.update_template(world.admin, builtin, role="x")
    with pytest.raises(Template.DoesNotExist):
        services.delete_template(other_world.admin, template)
    services.delete_template(world.alice, template)
    assert not Template.objects.filter(pk=template.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("just prose", "text"),
        ("O: 一个目标", "text"),
        ("O: 一\nKR1: 1 个\nO: 二\nKR1: 2 个", "text"),
    ],
)
def test_template_text_must_be_one_objective_with_key_results(world, text, field):
    with pytest.raises(ValidationError) as error:
        services.create_template(world.alice, text=text, role="x")
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_save_objective_as_template(world):
    objective = okr_services.create_objective(
        world.alice,
        cycle=world.cycle,
        title="让老客户续费",
        key_results=[
            {"title": "续费率从 80% 提升至 88%", "start_value": 80, "target_value": 88},
            {
                "title": "流失客户数从 40 家降至 25 家",
                "start_value": 40,
                "target_value": 25,
                "direction": "decrease",
            },
        ],
    )
    template = services.save_objective_as_template(world.alice, objective, tags=["续费"])
    assert template.organization_id == world.org.pk and template.created_by == world.alice
    assert template.role == "产品经理" and template.department == "产品部"
    assert (
        template.body
        == "O: 让老客户续费\nKR1: 续费率从 80% 提升至 88%\nKR2: 流失客户数从 40 家降至 25 家"
    )
    assert template in selectors.search_templates(world.bob, query="流失 续费")


@pytest.mark.django_db
def test_draft_from_template_prefills_without_saving(world, other_world):
    template = Template.objects.get(
        key="product-manager", language="zh-hans", organization__isnull=True
    )
    before = (Objective.objects.count(), KeyResult.objects.count())
    draft = services.draft_from_template(world.alice, template, world.cycle)
    assert (Objective.objects.count(), KeyResult.objects.count()) == before
    assert draft["title"] == "让付费客户更愿意续费"
    first, *_middle, coverage = draft["key_results"]
    assert first["metric_type"] == "percent"
    assert (first["start_value"], first["target_value"], first["direction"]) == (62, 66, "increase")
    decrease = draft["key_results"][2]
    assert (decrease["start_value"], decrease["target_value"], decrease["direction"]) == (
        9,
        6,
        "decrease",
    )
    # "上线…看板，覆盖 100% 付费账户": the coverage is the measure.
    assert (coverage["metric_type"], coverage["target_value"]) == ("percent", 100)
    own = services.create_template(other_world.alice, text="O: x\nKR1: 1 个", role="r")
    with pytest.raises(Template.DoesNotExist):
        services.draft_from_template(world.alice, own, world.cycle)
