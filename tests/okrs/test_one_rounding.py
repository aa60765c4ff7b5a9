"""Issue 9 (probe 9c, 12): pages showed 0.125 as "12%" and 0.625 as "62%" (Decimal's quantize
rounds half to even) while grade suggestions round half up (25% → 0.3), and the xlsx export's
0% cells show 13% (Excel rounds halves up). One rule, the design's (a score suggestion is
progress "rounded to one decimal", okrs.rules.suggested_score: half up), for every number shown:
pages, template filters, chat messages, dashboards; a table over halves."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.insights.rules import confidence_drop
from mubiao.notify import compose
from mubiao.okrs import display, rules, services
from mubiao.web.templatetags import okr_ui

D = Decimal

# progress, as a shown percentage, its bar's width class, the suggested score
HALVES = [
    (D("0.125"), "13%", 13, D("0.1")),
    (D("0.625"), "63%", 63, D("0.6")),
    (D("0.005"), "1%", 1, D("0.0")),
    (D("0.245"), "25%", 25, D("0.2")),
    (D("0.25"), "25%", 25, D("0.3")),
    (D("0.35"), "35%", 35, D("0.4")),
    # Short of done never reads 100%, nor does its bar (issue 9 m5: aria-valuenow said 100).
    (D("0.995"), "99.5%", 99, D("1.0")),
    (D("0.999"), "99.9%", 99, D("1.0")),
    (D("1.125"), "113%", 100, D("1.0")),
    (D("0.12"), "12%", 12, D("0.1")),
]


@pytest.mark.parametrize(("progress", "shown", "width", "suggested"), HALVES)
def test_every_shown_percentage_rounds_halves_up(progress, shown, width, suggested):
    assert display.percent_text(progress) == shown
    assert okr_ui.pct(progress) == shown
    assert compose._percent(progress) == shown  # chat and e-mail messages
    assert okr_ui.pclass(progress) == width
    # The bar's value is the number shown beside it, within 0–100.
    assert okr_ui.bar_value(progress) == min(D(shown.rstrip("%")), D(100))
    assert rules.suggested_score(progress) == suggested


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [(D("2.25"), 1, "2.3"), (D("2.35"), 1, "2.4"), (D("0.5"), 0, "1"), (D("2.5"), 0, "3")],
)
def test_numbers_shown_to_fewer_places_round_halves_up(value, places, shown):
    assert okr_ui.number(value, places) == shown


@pytest.mark.parametrize(("value", "shown"), [(D("0.25"), "0.3"), (D("0.65"), "0.7")])
def test_scores_shown_round_halves_up(value, shown):
    assert okr_ui.score(value) == shown


def test_a_confidence_drop_rounds_halves_up():
    assert confidence_drop(0.25) == D("0.3") and confidence_drop(1.45) == D("1.5")


def test_the_objective_page_shows_halves_rounded_up(world, client_for):
    eighths = {"title": "Eighths", "start_value": 0, "target_value": 8}
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Grow", key_results=[eighths]
    )
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value=1)
    kr.refresh_from_db()
    assert kr.progress == D("0.125")
    page = client_for(world.alice).get(reverse("objective", args=[objective.pk]))
    assert ">13%<" in page.content.decode() and ">12%<" not in page.content.decode()


def test_a_bar_short_of_done_says_what_its_text_says(world, client_for):
    """999 of 1000 is shown as 99.9%: its progress bar said aria-valuenow="100" (done)."""
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Almost",
        key_results=[{"title": "Sign 1000 customers", "start_value": 0, "target_value": 1000}],
    )  # fmt: skip
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value=999)
    client = client_for(world.alice)
    for url in (reverse("objective", args=[objective.pk]), reverse("key_result", args=[kr.pk])):
        html = client.get(url).content.decode()
        assert 'aria-valuenow="99.9"' in html and "99.9%" in html
        assert 'aria-valuenow="100"' not in html and "p-100" not in html
