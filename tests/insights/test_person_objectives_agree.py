"""One definition of "a person's objectives" (issue 12, h12c): their own and those of the teams
they lead, as far as the reader may see them (insights.selectors.okrs_of_person). The team and
company dashboards' people table showed team leads as "0 objectives –" while the adoption page,
its CSV/xlsx and /api/v1/adoption counted their teams' objectives and said "has OKRs". Generated
organizations; every reader; every route's per-person figure against the others' and against a
recomputation from the objectives the reader may see."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mubiao.insights.tasks import write_snapshots
from mubiao.okrs import selectors
from mubiao.okrs.models import Objective
from mubiao.orgs.models import Membership, Team, TeamMember
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.insights.test_adoption_team_objectives import generate

pytestmark = pytest.mark.django_db


def organization(world, seed: int) -> dict:
    """generate()'s organization (teams of people owning public, team and private objectives),
    with team objectives certain: one for T0 (public), one for T1 (team-visible), two for the
    product department (its lead, Li Lead, owns none of his own), none for T2."""
    readers = generate(world, seed)
    for slug, visibility in (("t0", "public"), ("t1", "team")):
        team = Team.objects.get(organization=world.org, slug=slug)
        lead = TeamMember.objects.get(team=team, is_lead=True).membership
        make_objective(lead, world.cycle, f"Team {slug}", owner_type="team", owner_team=team,
                       team=team, visibility=visibility)  # fmt: skip
    for i in range(2):
        make_objective(world.lead, world.cycle, f"Product {i}", owner_type="team",
                       owner_team=world.product, team=world.product)  # fmt: skip
    Objective.objects.filter(owner_member=world.lead).delete()
    return readers


def recomputed(world, reader) -> dict[str, int]:
    """{email: own + led teams' objectives of the cycle the reader sees}."""
    seen = set(selectors.visible_objectives(reader).values_list("pk", flat=True))
    live = [
        o
        for o in Objective.objects.filter(cycle=world.cycle, state__in=("active", "closed"))
        if o.pk in seen
    ]
    found = {}
    for member in Membership.objects.filter(organization=world.org).select_related("user"):
        led = set(
            TeamMember.objects.filter(membership=member, is_lead=True).values_list(
                "team_id", flat=True
            )
        )
        found[member.user.email] = sum(
            1 for o in live if o.owner_member_id == member.pk or o.owner_team_id in led
        )
    return found


def table(client) -> dict[str, tuple[int, int]]:
    """The company dashboard's people table, every page: {email: (objectives, team part)}."""
    rows, page = {}, 1
    while True:
        context = client.get(reverse("company"), {"ppage": page}).context
        for person in context["people"]:
            rows[person.user.email] = (person.objective_count, person.team_objective_count)
        if not context["people"].has_next():
            return rows
        page += 1


@pytest.mark.parametrize("source", ["stored", "live"])
@pytest.mark.parametrize("seed", range(3))
def test_every_route_counts_a_persons_objectives_alike(world, client_for, seed, source):
    readers = organization(world, seed)
    if source == "stored":
        write_snapshots.call()
    team_owned = Objective.objects.filter(cycle=world.cycle, owner_type="team")
    assert team_owned.exists(), "no team objective: the test could not tell"
    for name, reader in readers.items():
        where = (name, seed, source)
        want = recomputed(world, reader)
        client = client_for(reader)
        people = table(client)
        assert {email: n for email, (n, _team) in people.items()} == {
            email: want[email] for email in people
        }, where
        csv_text = client.get(reverse("adoption_csv"))
        lines = list(
            csv.reader(io.StringIO(b"".join(csv_text.streaming_content).decode("utf-8-sig")))
        )
        exported = {line[1]: int(line[2]) for line in lines[1:]}
        assert exported, where
        assert exported == {email: want[email] for email in exported}, where
        assert all(people.get(email, (n,))[0] == n for email, n in exported.items()), where
        xlsx = client.get(reverse("adoption_xlsx"))
        sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
        assert {r[1]: int(r[2]) for r in sheet.iter_rows(min_row=2, values_only=True)} == exported
        api = Api(reader).get("/adoption", {"limit": 200}).json()["people"]["items"]
        assert {p["email"]: p["objectives"] for p in api} == exported, where
        page = client.get(reverse("adoption")).context
        no_okrs = {p.user.email for p in page["no_okrs"]}
        assert no_okrs <= {email for email, n in exported.items() if n == 0}, where
        # A lead whose only objectives are their team's: "N (team)" in the table, has OKRs.
        for email, (n, team) in people.items():
            if team and email in exported:
                assert email not in no_okrs, where
    led = TeamMember.objects.filter(is_lead=True, team__in=team_owned.values("owner_team"))
    assert led.exists()


def test_the_table_shows_the_team_part_in_both_languages(world, client_for):
    """Li Lead owns nothing of his own and leads the product department's two objectives:
    "2 (team)", "2（团队）"; a lead with their own and their team's: "3 (1 team)"."""
    organization(world, 0)
    client = client_for(world.admin)
    en = client.get(reverse("team", args=["product"])).content.decode()
    zh = client.get(reverse("team", args=["product"]), headers={"accept-language": "zh-hans"})
    assert "2 (team)" in en and "2（团队）" in zh.content.decode()
    lead = TeamMember.objects.get(team__slug="t0", is_lead=True).membership
    n = Objective.objects.filter(owner_member=lead, cycle=world.cycle).count() + 1
    assert f"{n} (1 team)" in en
