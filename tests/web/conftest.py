import pytest

from mubiao.okrs import services
from tests.conftest import make_objective


@pytest.fixture
def aligned(world):
    """A team objective whose first key result takes its progress from aligned objectives,
    and Alice's objective aligned to that key result."""
    team_obj = services.create_objective(
        world.lead,
        cycle=world.cycle,
        title="Ship the new editor",
        owner_type="team",
        owner_team=world.product,
        key_results=[
            {"title": "Teams' objectives done", "progress_source": "children"},
            {"title": "Editor NPS", "start_value": 10, "target_value": 50},
        ],
    )
    parent_kr = team_obj.key_results.order_by("position").first()
    mine = make_objective(world.alice, world.cycle, "Make onboarding delightful", krs=2)
    services.align_objective(world.alice, mine, parent_key_result=parent_kr)
    return team_obj, parent_kr, mine
