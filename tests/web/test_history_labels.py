"""A check-in's history line labels its progress beside the value (issue 9): "45 （25%）" read
as two values."""

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "label"), [("en", "progress 45%"), ("zh-hans", "进度 45%")])
def test_the_history_labels_the_progress(world, client_for, language, label):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    services.check_in(world.alice, kr, value=45)
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    with translation.override(language):
        page = client_for(world.alice).get(reverse("key_result", args=[kr.pk])).content.decode()
    history = page[page.index('class="history"') :]
    assert label in history
    assert "（45%）" not in history and "(45%)" not in history
