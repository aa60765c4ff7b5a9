from decimal import Decimal

import pytest

from mubiao.okrs import selectors, services
from mubiao.okrs.models import Activity, KeyResult, Objective
from tests.conftest import make_objective


def test_check_in_moves_progress(world):
    obj = make_objective(world.alice, world.cycle, krs=2)
    kr = obj.key_results.first()
    services.check_in(world.alice, kr, value=50, confidence=7, note="half way")
    kr.refresh_from_db()
    obj.refresh_from_db()
    assert kr.current_value == Decimal(50)
    assert kr.progress == Decimal("0.5")
    assert obj.progress == Decimal("0.25")
    assert Activity.objects.filter(verb="key_result.checked_in").count() == 1


def test_private_objective_hidden(world):
    obj = make_objective(world.alice, world.cycle, visibility=Objective.Visibility.PRIVATE)
    assert selectors.visible_objectives(world.lead).filter(pk=obj.pk).exists()  # manager
    assert selectors.visible_objectives(world.admin).filter(pk=obj.pk).exists()
    assert not selectors.visible_objectives(world.bob).filter(pk=obj.pk).exists()
    assert not selectors.visible_objectives(world.outsider).filter(pk=obj.pk).exists()


def test_other_org_invisible(world, other_world):
    obj = make_objective(world.alice, world.cycle)
    assert not selectors.visible_objectives(other_world.admin).filter(pk=obj.pk).exists()
    with pytest.raises(KeyResult.DoesNotExist):
        services.check_in(other_world.admin, obj.key_results.first(), value=1)
