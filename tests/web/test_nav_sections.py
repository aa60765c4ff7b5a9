"""The rail's current item is the section a page belongs to (issue 12: /grading/review marked
"My OKRs"). One table over the URL names (mubiao.web.nav); here every page's URL name is
classified, and each page a person can open is rendered and its aria-current item read."""

import re

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from mubiao.web.nav import SECTION_OF, SECTIONS
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

# URL names that are not a page under a rail item: pages of no item (the person's own
# settings, notifications, search, signing in) and what answers with no page (exports,
# fragments, form posts, callbacks).
NO_ITEM = {
    "search", "mentions", "notifications", "notifications_read", "preferences",
    "api_token_create", "api_token_revoke", "notify_preferences", "twofactor_setup",
    "twofactor_change", "twofactor_verify", "login", "logout", "password_reset",
    "password_reset_done", "password_reset_confirm", "password_reset_complete", "set_language",
    "switch_organization", "accept_invitation", "setup", "organization_create", "healthz",
    "sso_find", "sso_start", "sso_callback", "sso_app_start", "sso_app_callback",
    "notify_check_in", "notify_slack_press", "notify_feishu_press", "notify_chat_link",
    "settings_sso_remove", "settings_sso_verify", "settings_directory_sync",
    "settings_directory_remove", "settings_cycle_state", "settings_next_cycle",
    "settings_invitation_resend", "settings_invitations_resend_unsent",
    "settings_invitation_revoke", "people_import_confirm", "people_export", "export",
    "import_blank_sheet", "report_markdown", "report_xlsx", "adoption_csv", "adoption_xlsx",
    "grading_review_csv", "grading_review_xlsx", "alignment_children", "alignment_map_children",
    "lint_advice", "align_options", "objective_comment", "key_result_row", "check_in",
    "kr_comment", "check_in_comment", "notify_channel", "team_options",
}  # fmt: skip


def url_names(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) not in ("admin/", "api/v1/"):
                yield from url_names(pattern.url_patterns)
        elif pattern.name and not str(pattern.pattern).startswith(("admin/", "api/")):
            yield pattern.name


def test_every_page_is_classified():
    """A new page must say which rail item it belongs to (or that it has none)."""
    names = set(url_names())
    assert names - set(SECTION_OF) - NO_ITEM == set()
    assert not set(SECTION_OF) & NO_ITEM
    assert set(SECTION_OF) <= names  # no stale name


RAIL = {
    "home": "/",
    "team": "/teams/",
    "company": "/company",
    "alignment": "/alignment",
    "templates": "/templates/",
    "reports": "/reports/",
    "transfer": "/transfer/",
    "adoption": "/adoption",
    "settings": "/settings/",
}


def current_item(html: str) -> str | None:
    rail = html[html.index('class="rail"') :]
    rail = rail[: rail.index("</nav>")]
    found = re.findall(r'<a href="([^"]*)" aria-current="page">', rail)
    assert len(found) <= 1, found
    return {href: item for item, href in RAIL.items()}.get(found[0]) if found else None


@pytest.fixture
def pages(world):
    objective = make_objective(world.admin, world.cycle, "Ship it")
    kr = objective.key_results.get()
    return {
        "home": [], "objective_create": [], "objective": [objective.pk],
        "objective_edit": [objective.pk], "key_result": [kr.pk], "check_mine": [],
        "grading": [], "objective_grade": [objective.pk], "calibration": [world.admin.pk],
        "teams": [], "team": ["product"], "team_check": ["product"], "company": [],
        "alignment": [], "alignment_map": [], "alignment_map_hidden": [],
        "alignment_map_archived": [], "alignment_map_search": [], "templates": [],
        "template_create": [], "reports": [],
        "transfer": [], "adoption": [], "grading_review": [], "settings": [],
        "settings_cycles": [], "settings_teams": [], "settings_team": [world.product.pk],
        "settings_people": [], "settings_member": [world.alice.pk], "settings_quality": [],
        "settings_directory": [], "settings_sso": [], "people_import": [],
        "notify_channels": [], "search": [], "notifications": [], "mentions": [],
        "preferences": [], "notify_preferences": [],
    }  # fmt: skip


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_page_marks_its_section(world, client_for, pages, language):
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    client = client_for(world.admin)
    rendered = 0
    for name, args in pages.items():
        answer = client.get(reverse(name, args=args), headers={"accept-language": language})
        assert answer.status_code == 200, (name, answer.status_code)
        if 'class="rail"' not in answer.content.decode():
            continue
        rendered += 1
        assert current_item(answer.content.decode()) == SECTION_OF.get(name), name
    assert rendered >= len(pages) - 5
    # Every section of the table was seen marked on some page.
    assert {SECTION_OF[name] for name in pages if name in SECTION_OF} == set(SECTIONS)
