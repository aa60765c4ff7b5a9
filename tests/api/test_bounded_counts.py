"""List totals are counted only so far past the page: a million rows are never counted whole."""

from mubiao.api import common
from tests.conftest import make_objective


def test_counting_stops_past_the_page_and_says_so(world, api, monkeypatch):
    for n in range(6):
        make_objective(world.alice, world.cycle, f"Goal {n}")
    client = api(world.alice)
    exact = client.get("/objectives", {"limit": 2}).json()
    assert (exact["count"], exact["count_capped"], len(exact["items"])) == (6, False, 2)
    monkeypatch.setattr(common, "COUNT_AHEAD", 1)
    first = client.get("/objectives", {"limit": 2}).json()
    assert (first["count"], first["count_capped"]) == (3, True)
    last = client.get("/objectives", {"limit": 2, "offset": 4}).json()
    assert (last["count"], last["count_capped"], len(last["items"])) == (6, False, 2)
    krs = client.get("/key-results", {"limit": 1}).json()
    assert (krs["count"], krs["count_capped"]) == (2, True)
