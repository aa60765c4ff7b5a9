"""id_sets.listed_when_few: the ids listed when at most `limit`, else the subquery; never an
empty list (a statement filtering by it is sent either way)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mubiao.id_sets import NO_ID, listed_when_few
from mubiao.orgs.models import Membership


@pytest.mark.parametrize(("limit", "listed"), [(6, True), (5, True), (4, False), (0, False)])
def test_listed_when_few(world, limit, listed):
    ids = Membership.objects.filter(organization=world.org).values_list("pk", flat=True)
    everyone = sorted(ids.all())  # make_world's four people and the outsider
    assert len(everyone) == 5
    with CaptureQueriesContext(connection) as queries:
        got = listed_when_few(ids, limit)
    assert len(queries) == 1
    assert got == everyone if listed else got is ids
    assert sorted(Membership.objects.filter(pk__in=got).values_list("pk", flat=True)) == everyone


def test_none_listed_is_an_id_no_row_has(world):
    nobody = Membership.objects.filter(organization=world.org, pk__lt=0).values_list(
        "pk", flat=True
    )
    assert listed_when_few(nobody, 10) == [NO_ID]
    assert not Membership.objects.filter(pk=NO_ID).exists()


def test_known_ids_are_not_read_again(world):
    ids = Membership.objects.values_list("pk", flat=True)
    with CaptureQueriesContext(connection) as queries:
        assert listed_when_few(ids, 2, known={7, 3}) == [3, 7]
        assert listed_when_few(ids, 1, known={7, 3}) is ids
        assert listed_when_few(ids, 1, known=set()) == [NO_ID]
    assert len(queries) == 0
