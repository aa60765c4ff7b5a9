"""A digest's "behind" and "not updated" lists stop at their first rows and say how many more
there are, with a link to the full list: the lead's e-mail and the team group's message alike
(a 2,000-person organization's digest is not ten names with no total)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mubiao.notify import compose, selectors
from mubiao.notify.selectors import DIGEST_ITEMS
from mubiao.okrs.models import KeyResult
from mubiao.orgs import permissions
from mubiao.orgs.models import TeamMember
from tests.conftest import make_member, make_objective

PEOPLE = DIGEST_ITEMS + 3


@pytest.mark.parametrize("group", [False, True])
def test_cut_lists_say_the_rest_and_link_to_all_of_it(world, group):
    for i in range(PEOPLE):
        member = make_member(world.org, f"p{i}@acme.test", f"Person {i}")
        TeamMember.objects.create(team=world.product, membership=member)
        make_objective(member, world.cycle, f"Objective {i}", team=world.product)
    KeyResult.objects.filter(objective__team=world.product).update(status="at_risk")
    later = timezone.now() + timedelta(days=10)
    data = selectors.digest(world.lead, later, 7, public_only=group,
                            team_ids=permissions.led_teams_subquery(world.lead))  # fmt: skip
    assert (data.behind_total, data.not_updated_total) == (PEOPLE, PEOPLE)
    message = compose.digest("team_digest", world.lead, "产品部", data, group=group,
                             team_slugs=["product"])  # fmt: skip
    texts = [line.text for line in message.lines]
    assert sum(t.startswith("Behind:") for t in texts) == DIGEST_ITEMS
    assert sum(t.startswith("Not updated:") for t in texts) == DIGEST_ITEMS
    more = [line for line in message.lines if line.text.startswith("…and")]
    assert [line.text for line in more] == [
        "…and 3 more key results behind",
        "…and 3 more people not updated",
    ]
    assert {line.url for line in more} == {compose.page_url("team", "product")}


def test_the_rest_is_counted_in_the_readers_language_with_thousands(world):
    data = selectors.Digest(key_results=2000, behind_total=1997, not_updated_total=1)
    data.not_updated = [(world.alice, 1)]
    world.lead.user.language = "zh-hans"
    message = compose.digest("team_digest", world.lead, "产品部", data)
    assert "…还有 1,997 个关键结果落后" in [line.text for line in message.lines]
