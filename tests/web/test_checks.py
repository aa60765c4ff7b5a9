"""Check OKRs: the linter's findings for the person's objectives or a team's subtree in a cycle,
grouped by objective, respecting visibility, in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.okrs import services
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def findings_by_title(response) -> dict[str, list[str]]:
    return {
        g["objective"].title: [s.finding.rule for s in g["findings"]]
        for g in response.context["groups"]
    }


def test_my_check_groups_findings_by_objective(client_for, world):
    # A done/not-done key result named without a number is a finding about the key result
    # (OKR-M01; one with a start and a target is measured by them, h9v).
    services.create_objective(
        world.alice, cycle=world.cycle, title="Make onboarding delightful",
        key_results=[{"title": "KR 1", "metric_type": "boolean"}],
    )  # fmt: skip
    make_objective(world.bob, world.cycle, "Bob's objective", krs=1)
    response = client_for(world.alice).get(reverse("check_mine"), {"cycle": world.cycle.pk})
    assert response.status_code == 200
    found = findings_by_title(response)
    assert list(found) == ["Make onboarding delightful"]  # only Alice's own
    assert "OKR-S02" in found["Make onboarding delightful"]  # one key result
    html = response.content.decode()
    assert "OKR-S02" in html and "KR1: KR 1" in html  # the key result a finding is about
    assert response.context["checked"] == 1


def test_team_check_covers_the_subtree_and_hides_private_objectives(client_for, world):
    make_objective(world.bob, world.cycle, "Docs are findable", krs=1)  # docs ⊂ product
    make_objective(world.alice, world.cycle, "Secret plan", krs=1, visibility="private")
    make_objective(world.outsider, world.cycle, "Support answers", krs=1)  # another team
    url = reverse("team_check", args=["product"])
    seen_by_bob = findings_by_title(client_for(world.bob).get(url))
    assert set(seen_by_bob) == {"Docs are findable"}
    seen_by_lead = findings_by_title(client_for(world.lead).get(url))
    assert set(seen_by_lead) == {"Docs are findable", "Secret plan"}


def test_a_switched_off_rule_is_not_reported(client_for, world):
    make_objective(world.alice, world.cycle, "Make onboarding delightful", krs=1)
    world.org.settings = {"lint": {"rules": {"OKR-S02": "off"}}}
    world.org.save()
    response = client_for(world.alice).get(reverse("check_mine"))
    assert "OKR-S02" not in str(findings_by_title(response))


def test_well_written_okrs_get_a_clean_bill(client_for, world):
    # Not aligned and no aspirational objective: switched off to leave nothing to say.
    world.org.settings = {"lint": {"rules": {"OKR-P02": "off", "OKR-C03": "off"}}}
    world.org.save()
    services.create_objective(
        world.alice,
        cycle=world.cycle,
        title="让付费客户更愿意续费",
        key_results=[
            {"title": "付费客户日续费率从 62% 提升至 66%"},
            {"title": "续费页转化率从 18% 提升至 24%"},
        ],
    )
    response = client_for(world.alice).get(reverse("check_mine"))
    assert response.context["groups"].paginator.count == 0
    assert "No advice: these OKRs read well." in response.content.decode()


def test_unknown_team_is_not_found(client_for, world):
    assert client_for(world.alice).get(reverse("team_check", args=["nope"])).status_code == 404


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_constant_queries(client_for, world):
    client = client_for(world.lead)
    urls = [reverse("team_check", args=["product"]), reverse("check_mine")]

    def grow(n):
        for i in range(n):
            make_objective(world.alice, world.cycle, f"Alice {i}", krs=1)
            make_objective(world.lead, world.cycle, f"Lead {i}", krs=3)
            make_objective(world.lead, world.cycle, f"Team {i}", owner_type="team",
                           owner_team=world.product, krs=2)  # fmt: skip

    grow(2)
    small = [count(client, url) for url in urls]
    grow(20)
    assert [count(client, url) for url in urls] == small


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Duplicates the key result “续费率从 60% 提升到 75%” of the objective “提升续费”."),
        ("zh-hans", "与目标“提升续费”的关键结果“续费率从 60% 提升到 75%”重复或几乎相同。"),
    ],
)
def test_a_duplicate_is_named_by_title_and_linked(client_for, world, language, expected):
    """The page lists objectives by title: "duplicates key result 1 of objective 1" named
    nothing a reader could find (issue 9, fresh tester)."""
    kr = {"title": "续费率从 60% 提升到 75%", "start_value": 60, "target_value": 75, "unit": "%"}
    first = services.create_objective(
        world.alice, cycle=world.cycle, title="提升续费", key_results=[kr]
    )
    services.create_objective(world.alice, cycle=world.cycle, title="提升满意度", key_results=[kr])
    client = client_for(world.alice)
    response = client.get(reverse("check_mine"), headers={"accept-language": language})
    duplicates = [
        stored
        for group in response.context["groups"]
        for stored in group["findings"]
        if stored.finding.rule == "OKR-P01"
    ]
    assert [s.finding.message for s in duplicates] == [expected]
    assert duplicates[0].related == first
    assert f'href="{reverse("objective", args=[first.pk])}"' in response.content.decode()
