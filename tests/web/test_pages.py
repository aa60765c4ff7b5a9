"""Every page renders for the people who may see it, in both languages, and answers 404 for
what visibility hides or another organization owns."""

import pytest
from django.urls import reverse

from mubiao.okrs import services
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def test_sign_in_required(client, world):
    # With no organization at all, `/` leads to /setup instead (test_onboarding.py).
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_sign_in_with_email_and_password(client, world):
    response = client.post(
        reverse("login"), {"username": "alice@acme.test", "password": "pw-Mubiao-2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_shows_error(client, world):
    response = client.post(reverse("login"), {"username": "alice@acme.test", "password": "nope"})
    assert response.status_code == 200
    assert b"error-box" in response.content


def test_home_shows_my_objectives_with_their_key_results(client_for, world):
    objective = make_objective(world.alice, world.cycle, "Delight customers", krs=2)
    response = client_for(world.alice).get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Delight customers" in html
    assert f'data-objective-summary="{objective.pk}"' in html
    assert html.count('class="kr-row') == 2
    assert 'hx-get="/krs/' in html  # the value opens the inline check-in


def test_empty_home_teaches(client_for, world):
    html = client_for(world.bob).get(reverse("home")).content.decode()
    assert "Set your first OKRs" in html
    assert "/templates/" in html


def test_home_in_chinese(client_for, world):
    world.alice.user.language = "zh-hans"
    world.alice.user.save()
    make_objective(world.alice, world.cycle, "让新用户上手更顺畅")
    html = client_for(world.alice).get(reverse("home")).content.decode()
    assert "我的 OKR" in html
    assert "未开始" in html or "正常" in html or "落后" in html or "有风险" in html


@pytest.mark.parametrize(
    "name",
    ["home", "company", "alignment", "teams", "search", "notifications", "grading",
     "objective_create", "preferences"],
)  # fmt: skip
def test_pages_render(client_for, world, aligned, name):
    response = client_for(world.alice).get(reverse(name), {"q": "editor"})
    assert response.status_code == 200


def test_objective_and_key_result_pages(client_for, world, aligned):
    team_obj, _parent_kr, mine = aligned
    client = client_for(world.alice)
    page = client.get(reverse("objective", args=[team_obj.pk])).content.decode()
    assert "Make onboarding delightful" in page  # aligned children are listed
    kr = mine.key_results.first()
    services.check_in(world.alice, kr, value=30)
    response = client.get(reverse("key_result", args=[kr.pk]))
    assert response.status_code == 200
    assert b'id="kr-chart"' in response.content
    assert client.get(reverse("team", args=["product"])).status_code == 200


def test_private_objective_is_404_for_others(client_for, world):
    secret = make_objective(world.alice, world.cycle, "Secret plan", visibility="private")
    kr = secret.key_results.first()
    client = client_for(world.outsider)
    assert client.get(reverse("objective", args=[secret.pk])).status_code == 404
    assert client.get(reverse("key_result", args=[kr.pk])).status_code == 404
    check_in = reverse("check_in", args=[kr.pk])
    assert client.get(check_in, HTTP_HX_REQUEST="true").status_code == 404
    # Opened as a page, the form goes to the key result's page (fragment_of), as for any id.
    assert client.get(check_in, follow=True).status_code == 404
    for name in ("home", "company", "alignment"):
        assert b"Secret plan" not in client.get(reverse(name)).content
    assert b"Secret plan" not in client.get(reverse("search"), {"q": "Secret"}).content
    # the manager chain sees it
    assert client_for(world.lead).get(reverse("objective", args=[secret.pk])).status_code == 200


def test_other_organization_is_404(client_for, world, other_world):
    theirs = make_objective(other_world.alice, other_world.cycle, "Their plan")
    client = client_for(world.admin)
    assert client.get(reverse("objective", args=[theirs.pk])).status_code == 404
    kr = theirs.key_results.first()
    assert client.get(reverse("key_result", args=[kr.pk])).status_code == 404
    assert client.post(reverse("check_in", args=[kr.pk]), {"value": "5"}).status_code == 404
    assert client.get(reverse("team", args=["product"])).status_code == 200  # their own
    assert b"Their plan" not in client.get(reverse("search"), {"q": "Their"}).content


def test_settings_is_for_admins_only(client_for, world):
    assert client_for(world.alice).get(reverse("settings")).status_code == 404
    for name in ("settings", "settings_cycles", "settings_teams", "settings_people"):
        assert client_for(world.admin).get(reverse(name)).status_code == 200


def test_page_totals_stop_counting_past_the_page(world, client_for, monkeypatch):
    """'Page 1 of 2+' when the list goes on beyond what was counted; exact near the end."""
    from mubiao.web.views import base

    for n in range(2 * base.PAGE_SIZE + 1):
        make_objective(world.alice, world.cycle, f"Goal {n}")
    client = client_for(world.alice)
    assert "Page 1 of 3</span>" in client.get("/").content.decode()
    monkeypatch.setattr(base, "LOOKAHEAD_PAGES", 1)
    assert "Page 1 of 2+</span>" in client.get("/").content.decode()
    assert "Page 3 of 3</span>" in client.get("/?page=3").content.decode()
    # A page past the last is refused, never the last page under the number asked for.
    past = client.get("/?page=99")
    assert past.status_code == 422
    assert "page: there is no page 99 (the last is page 3)." in past.content.decode()


def test_boards_list_people_silent_for_a_week_never_first(world, client_for):
    import datetime as dt

    from django.utils import timezone

    from mubiao.okrs.models import KeyResult

    def pills(html: str) -> str:
        return html.split('class="glance-stale"')[1].split("</div>")[0]

    fresh = make_objective(world.alice, world.cycle, "Fresh")
    services.check_in(world.alice, fresh.key_results.first(), value=10)
    make_objective(world.bob, world.cycle, "Never checked in")
    old = make_objective(world.lead, world.cycle, "Old news")
    KeyResult.objects.filter(objective=old).update(
        last_check_in_at=timezone.now() - dt.timedelta(days=10)
    )
    for url in (reverse("team", args=["product"]), reverse("company")):
        stale = pills(client_for(world.lead).get(url).content.decode())
        assert "Alice" not in stale
        assert stale.index("Bob") < stale.index("Li Lead"), stale


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-hans", "页面不存在"), ("en", "Page not found")]
)
def test_a_page_that_is_not_there_says_so_in_the_readers_language(
    world, client_for, language, heading
):
    """Every 404 of the web (a person's calibration the reader may not see, an objective
    that is not there) is the project's page in the reader's language, not Django's English
    one."""
    world.alice.user.language = language
    world.alice.user.save()
    client = client_for(world.alice)
    for url in (f"/people/{world.bob.pk}/calibration", "/okrs/999999"):
        response = client.get(url)
        assert response.status_code == 404
        body = response.content.decode()
        assert f"<h1>{heading}</h1>" in body and "requested resource" not in body


def test_the_padlock_is_drawn_not_an_emoji(client_for, world):
    """A phone without an emoji font showed the 🔒 placeholder as a blank box: templates and
    scripts draw the padlock as an SVG (web/_lock.html) or say it in words."""
    from pathlib import Path

    import mubiao

    root = Path(mubiao.__file__).parent
    sources = [*root.rglob("*.html"), *root.glob("*/static/*/*.js")]
    assert [str(p.relative_to(root)) for p in sources if "🔒" in p.read_text()] == []
    from tests.conftest import make_objective

    secret = make_objective(world.bob, world.cycle, "Bob secret plan", visibility="private")
    body = client_for(world.bob).get(f"/okrs/{secret.pk}").content.decode()
    assert 'class="icon-lock"' in body and "🔒" not in body
