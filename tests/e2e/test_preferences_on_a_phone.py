"""/settings/notifications on a 390-px phone, in English and in Chinese: the "Where to tell me"
table was 492 px wide in a 332 px box, its checkboxes off screen and its labels cut. Each event's
label wraps on its own line above its checkboxes, and every checkbox is on screen."""

import pytest

from mubiao.accounts.models import User
from tests.conftest import make_world
from tests.e2e.conftest import PHONE, shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "locale"), [("en", "en-US"), ("zh-hans", "zh-CN")])
def test_where_to_tell_me_fits_a_phone(open_page, language, locale):
    world = make_world(f"prefs{language[:2]}")
    User.objects.filter(pk=world.alice.user_id).update(language=language)
    page = open_page(viewport=PHONE, locale=locale)
    sign_in(page, world.alice.user.email)
    page.goto(page.base + "/settings/notifications")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    widths = page.evaluate(
        "[...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth)"
    )
    assert max(widths) <= 0, widths
    boxes = page.locator("input[type=checkbox]")
    assert boxes.count() > 0
    for i in range(boxes.count()):
        box = boxes.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (i, box)
    # Each label whole: no heading cut by its cell.
    cut = page.evaluate(
        "[...document.querySelectorAll('.table th')].filter(th => th.scrollWidth > th.clientWidth)"
        ".map(th => th.textContent)"
    )
    assert cut == [], cut
    shoot(page, f"preferences-390-{language}")
    assert page.errors == []
