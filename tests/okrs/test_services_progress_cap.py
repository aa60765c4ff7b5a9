"""A wildly over-achieved value (the largest okrs.limits allows) is stored with capped progress
instead of overflowing."""

from decimal import Decimal

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from tests.conftest import make_objective


def test_huge_check_in_caps_stored_progress(world):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.first()
    entry = services.check_in(world.alice, kr, value=10**15 - 1)
    kr = KeyResult.objects.get(pk=kr.pk)  # reading it back must not fail either
    assert kr.progress == entry.progress == services.MAX_STORED_PROGRESS
    assert kr.current_value == Decimal(10**15 - 1)
    objective.refresh_from_db()
    assert objective.progress == 1  # roll-ups clamp to 1 as before


def test_huge_current_value_on_update_caps_progress(world):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    services.update_key_result(world.alice, kr, current_value=10**15 - 1, target_value=1)
    assert KeyResult.objects.get(pk=kr.pk).progress == services.MAX_STORED_PROGRESS
