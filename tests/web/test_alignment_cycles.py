"""A quarter's alignment tree starts from the year's company objectives."""

from mubiao.okrs import selectors, services
from mubiao.okrs.models import Cycle
from tests.conftest import make_objective, year_around


def test_quarter_tree_roots_include_the_years_company_objectives(world, client_for):
    year = year_around(world, state=Cycle.State.ACTIVE)
    services.update_cycle(world.admin, world.cycle, parent=year)
    assert selectors.enclosing_cycle_ids(world.cycle) == [world.cycle.pk, year.pk]
    company = make_objective(world.admin, year, "Win the market", owner_type="organization")
    mine = make_objective(world.alice, world.cycle, "Ship onboarding")
    services.align_objective(world.alice, mine, parent_objective=company)
    other_year_root = make_objective(world.admin, year, "Unrelated year goal",
                                     owner_type="organization")  # fmt: skip
    page = client_for(world.bob).get(f"/alignment?cycle={world.cycle.pk}")
    assert page.status_code == 200
    roots = [node.title for node in page.context["roots"]]
    assert roots == ["Win the market", other_year_root.title]
    children = client_for(world.bob).get(
        f"/alignment/{company.pk}/children", HTTP_HX_REQUEST="true"
    )
    assert "Ship onboarding" in children.content.decode()
