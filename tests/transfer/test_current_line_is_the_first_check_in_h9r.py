"""A document's `Current:` line under a key result whose start is stated (`Baseline:`, or the
title's "from 30 to 60"), in any order, is its current value on import: the key result's first
check-in, never dropped as "not imported" (issue 9 leftover, h9r). Where no start is stated the
current value is the start, as before, and no check-in is made."""

import pytest
from django.utils import translation

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import import_okrs

pytestmark = pytest.mark.django_db

# (document, start, target, current)
DOCUMENTS = [
    ("# O1: Grow paying customers\n## KR1: Paying customers\n- **Current:** 40\n"
     "- **Baseline:** 30\n- **Target:** 60\n", 30, 60, 40),
    ("# O1: Grow paying customers\n## KR1: Paying customers\n- **Baseline:** 30\n"
     "- **Target:** 60\n- **Current:** 40\n", 30, 60, 40),
    ("O1: 提升客户规模\n- KR1: 付费客户从 30 家增长到 60 家\n  - 当前值：40 家\n", 30, 60, 40),
    # No start stated: the current value is the start (no check-in).
    ("O1: 增长\n- KR1: 月活达到 12 万\n  - 当前：9 万\n", 90000, 120000, 90000),
]  # fmt: skip


@pytest.mark.parametrize(("document", "start", "target", "current"), DOCUMENTS)
def test_the_current_value_is_imported(world, document, start, target, current):
    with translation.override("en"):
        preview = import_okrs(world.alice, file_name="okrs.md", data=document.encode(),
                              cycle=world.cycle, dry_run=True)  # fmt: skip
    (planned,) = preview.objectives[0].key_results
    assert planned.fields.get("current_value", planned.fields["start_value"]) == current
    assert not any("not imported" in p for p in preview.problems), preview.problems
    import_okrs(world.alice, file_name="okrs.md", data=document.encode(), cycle=world.cycle)
    (objective,) = Objective.objects.filter(cycle=world.cycle)
    (kr,) = objective.key_results.all()
    assert (kr.start_value, kr.target_value, kr.current_value) == (start, target, current)
    assert (kr.last_check_in_at is not None) == (current != start)
