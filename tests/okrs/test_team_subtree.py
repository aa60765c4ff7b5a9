"""The recursive team-subtree query works on both databases (PostgreSQL types the seed)."""

from mubiao.okrs import selectors


def test_team_subtree_ids(world):
    subtree = set(selectors.team_subtree_ids(world.company).values_list("id", flat=True))
    assert subtree == {world.company.pk, world.product.pk, world.docs.pk, world.extra["support"].pk}
    assert set(selectors.team_subtree_ids(world.docs).values_list("id", flat=True)) == {
        world.docs.pk
    }
