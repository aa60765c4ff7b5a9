"""Calibration (issue 12 §7): a person's last confidence before grading against the final
scores, per cycle; seen by that person and their direct manager only (issue 12's words), never by a
skip-level manager, an admin or a lead of a team above."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mubiao.insights import calibration
from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from mubiao.orgs.models import TeamMember
from tests.conftest import custom_cycle, make_member, make_objective

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(world):
    """Alice's three key results: confidence 7 twice (scores 0.4 and 0.5), 3 once (0.9); a
    confidence given after the cycle's end does not count."""
    objective = make_objective(world.alice, world.cycle, "Grow", krs=3,
                               visibility="private")  # fmt: skip
    krs = list(objective.key_results.order_by("position"))
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    for kr, confidence in zip(krs, (7, 7, 3), strict=True):
        services.check_in(world.alice, kr, value=10, confidence=confidence, at=two_days_ago)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    custom_cycle(world)  # ended yesterday: no longer a quarter
    services.update_cycle(world.admin, world.cycle, end_date=yesterday)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    services.grade_objective(
        world.alice, objective,
        scores={krs[0].pk: ("0.4", ""), krs[1].pk: ("0.5", ""), krs[2].pk: ("0.9", "")},
        retrospective="Learned a lot",
    )  # fmt: skip
    # Today, after the cycle's end: not a confidence given before grading.
    services.check_in(world.alice, krs[2], value=10, confidence=10)
    return world


def test_the_table_pairs_the_last_confidence_with_the_scores(graded):
    (cycle,) = calibration.table(graded.alice)
    assert cycle["name"] == graded.cycle.name
    rows = {
        row["confidence"]: (row["key_results"], Decimal(row["average"])) for row in cycle["rows"]
    }
    assert rows == {3: (1, Decimal("0.9")), 7: (2, Decimal("0.45"))}


def test_a_confidence_given_only_after_the_end_still_counts(graded):
    """A key result whose only confidence came after the cycle's end (checked in while
    grading): that confidence, not "not given"."""
    from mubiao.okrs.models import CheckIn

    kr = CheckIn.objects.filter(confidence=3).get().key_result
    CheckIn.objects.filter(key_result=kr).exclude(confidence=10).delete()
    (cycle,) = calibration.table(graded.alice)
    rows = {row["confidence"]: row["key_results"] for row in cycle["rows"]}
    assert rows == {10: 1, 7: 2}


@pytest.mark.parametrize("who", ["alice", "lead"])
def test_the_person_and_their_manager_see_it(client_for, graded, who):
    page = client_for(getattr(graded, who)).get(reverse("calibration", args=[graded.alice.pk]))
    assert page.status_code == 200
    assert "confidence 7/10 ended at 0.45 on average" in page.content.decode()
    # The section names its cycle (probe 12: the heading was empty).
    assert f'id="cycle-1">{graded.cycle.shown_name}</h2>' in page.content.decode()
    # Every average with its two places: 0.9 is "0.90", never a bare "0.9" beside "0.45"
    # (probe12 read "ended at 1 on average" beside a column of 0.6).
    assert "confidence 3/10 ended at 0.90 on average" in page.content.decode()


@pytest.mark.parametrize("who", ["bob", "outsider", "admin"])
def test_anyone_else_gets_a_404(client_for, graded, who):
    page = client_for(getattr(graded, who)).get(reverse("calibration", args=[graded.alice.pk]))
    assert page.status_code == 404


def test_an_admin_outside_the_chain_gets_a_404(client_for, graded):
    # The lead reports to the admin; Bob's manager chain is the lead, then the admin. Olga, an
    # admin of her own, manages nobody.
    graded.outsider.role = "admin"
    graded.outsider.save()
    page = client_for(graded.outsider).get(reverse("calibration", args=[graded.alice.pk]))
    assert page.status_code == 404


def test_another_organizations_person_is_not_there(client_for, graded, other_world):
    page = client_for(other_world.admin).get(reverse("calibration", args=[graded.alice.pk]))
    assert page.status_code == 404


def test_in_chinese(client_for, graded):
    page = client_for(graded.alice).get(
        reverse("calibration", args=[graded.alice.pk]), headers={"accept-language": "zh-hans"}
    )
    assert "信心 7/10 最终平均评分 0.45" in page.content.decode()


@pytest.mark.parametrize("viewer", ["lead", "alice", "admin"])
def test_the_people_table_links_calibration_for_those_allowed(client_for, world, viewer):
    """Each person's row links their calibration page only when the reader may open it (the
    person themselves, their manager chain), and the link opens."""
    pat = make_member(world.org, "pat@acme.test", "Pat")
    TeamMember.objects.create(team=world.product, membership=pat)
    for person in (world.alice, pat):
        make_objective(person, world.cycle, f"{person.user.name} goal")
    reader = getattr(world, viewer)
    client = client_for(reader)
    page = client.get(reverse("team", args=[world.product.slug])).content.decode()
    for person in (world.alice, pat):
        link = reverse("calibration", args=[person.pk])
        assert (link in page) == calibration.may_see(reader, person), (viewer, person)
        if link in page:
            assert client.get(link).status_code == 200


# Who reads Alice's calibration: herself and her direct manager (Li Lead) only. Ada is Li's
# manager (skip-level) and an admin; Sam leads Company, the team above 产品部 (a lead above);
# Pia leads 产品部 itself without managing Alice; Bob is a peer; Olga a stranger.
ROLES = {"alice": True, "lead": True, "admin": False, "sam": False, "pia": False,
         "bob": False, "outsider": False}  # fmt: skip


@pytest.mark.parametrize("who", sorted(ROLES))
def test_every_role_on_the_page_the_api_and_the_people_table(client_for, graded, who):
    from tests.api.conftest import Api

    sam = make_member(graded.org, "sam@acme.test", "Sam", manager=graded.admin)
    TeamMember.objects.create(team=graded.company, membership=sam, is_lead=True)
    pia = make_member(graded.org, "pia@acme.test", "Pia")
    TeamMember.objects.create(team=graded.product, membership=pia, is_lead=True)
    readers = {"sam": sam, "pia": pia}
    reader = readers.get(who) or getattr(graded, who)
    allowed = ROLES[who]
    client = client_for(reader)
    page = client.get(reverse("calibration", args=[graded.alice.pk]))
    assert page.status_code == (200 if allowed else 404)
    answer = Api(reader).get(f"/members/{graded.alice.pk}/calibration")
    assert answer.status_code == (200 if allowed else 404)
    assert calibration.may_see(reader, graded.alice) is allowed
    # The team page's people table links it exactly then (Alice is in 产品部).
    board = client.get(reverse("team", args=[graded.product.slug]), {"cycle": graded.cycle.pk})
    link = reverse("calibration", args=[graded.alice.pk])
    assert (f'href="{link}"' in board.content.decode()) is allowed
