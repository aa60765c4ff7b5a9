"""h14t: a team dashboard's at-risk list reads the team's lowest objectives of each status, not
the organization's. Its "lowest progress per status" read walked the cycle's
(cycle, status, progress) index from the lowest progress up and dropped every row outside the
team's subtree: the more objectives elsewhere fell lower than the team's, the more it read (a
2,000-person department at 100,000 people: issue 14)."""

from decimal import Decimal

import pytest
from django.db import connection

from mubiao.insights import selectors as insights
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import Objective, Status
from tests.insights.test_team_people_work import _pinned_at_scale
from tests.insights.test_visible_lines_from_team_rows import _buffers

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL buffers"),
]


def _objectives(world, count: int, *, owner, team, progress: str, start: int = 0) -> None:
    Objective.objects.bulk_create(
        Objective(
            organization=world.org, cycle=world.cycle, owner_type="person", owner_member=owner,
            team=team, title=f"Goal {team.slug} {i}", position=i, state="active",
            status=Status.OFF_TRACK if i % 2 else Status.AT_RISK, progress=Decimal(progress),
        )
        for i in range(start, start + count)
    )  # fmt: skip


# Measured before the per-team read: 513 → 3,550 buffers (admin) from 200 to 3,000 lower
# objectives elsewhere; with an index (cycle, team, status, progress, id) alone 1,243 → 11,296
# (the planner still walked the cycle's index, and the candidates' `progress <= boundary` range
# read every lower row of the organization). The subtree's teams are now read one by one
# (a LATERAL top-N per team, the boundary and the candidates alike: h14r).
@pytest.mark.parametrize("reader", ["admin", "lead"])
def test_a_teams_at_risk_list_does_not_read_the_rest_of_the_organization(world, reader):
    actor = getattr(world, reader)
    # 产品部's own: 60 behind, at 50%.
    _objectives(world, 60, owner=world.alice, team=world.product, progress="0.5")

    def work() -> int:
        _pinned_at_scale()
        scope = okr_selectors.in_team_subtree_q(world.product)
        read = _buffers(
            lambda: insights.at_risk(actor, world.cycle, scope, Decimal("0.6"), world.product)
        )
        assert len(insights.at_risk(actor, world.cycle, scope, Decimal("0.6"), world.product)) == 20
        return read

    elsewhere = 0
    sizes = []
    for count in (200, 3000):
        # Support's, all lower than 产品部's: read first by a walk of the whole cycle's index.
        _objectives(world, count - elsewhere, owner=world.outsider, team=world.extra["support"],
                    progress="0.1", start=elsewhere)  # fmt: skip
        elsewhere = count
        sizes.append(work())
    assert sizes[1] <= sizes[0] * 1.2, sizes
