"""Issue 9 (probe 19, F): a preview of an import into another cycle than the one chosen in the
navigation said, in its export part, "Everything you can see in 2026 Q4" with links exporting
that cycle: the preview's page (its cycle switcher and export part) is of the cycle the file is
imported into, on the preview and on a refused confirmation's preview again."""

import re

import pytest
from django.urls import reverse

from tests.conftest import twin_cycle

pytestmark = pytest.mark.postgres

TEXT = "O1: Grow\nKR1: Reach 40% of users {metric=percent start=0.1 target=0.4}\n"


def _export_cycles(html: str) -> set[str]:
    return set(re.findall(r"\?cycle=(\d+)&amp;format=", html))


def test_the_preview_page_is_of_the_cycle_imported_into(client, world):
    other = twin_cycle(world, "P19 cyc")
    client.force_login(world.alice.user)
    chosen = client.get(reverse("transfer")).content.decode()
    assert _export_cycles(chosen) == {str(world.cycle.pk)}  # the navigation's cycle
    preview = client.post(reverse("import_preview"), {"cycle": other.pk, "text": TEXT})
    html = preview.content.decode()
    assert preview.status_code == 200, html
    assert _export_cycles(html) == {str(other.pk)} and "P19 cyc" in html
    token = re.search(r'name="preview" value="(\w+)"', html).group(1)
    again = client.post(reverse("import_confirm"), {"preview": token})  # its question unanswered
    assert again.status_code == 400
    assert _export_cycles(again.content.decode()) == {str(other.pk)}
