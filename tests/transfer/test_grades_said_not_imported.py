"""issue 9, M5: an export of a graded cycle imported into another cycle: its scores and
retrospectives are not imported (a grade is given in its cycle's grading), and the preview says
so, per file, in the person's language; never dropped without a word."""

import pytest
from django.utils import translation

from mubiao.okrs.transfer import export_okrs, import_okrs
from tests.conftest import twin_cycle
from tests.transfer.test_export import graded_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "{n} scores and retrospectives in this file are not imported"),
        ("zh-hans", "此文件中的 {n} 项评分和复盘不会导入"),
    ],
)
def test_the_preview_says_the_grades_are_not_imported(world, fmt, language, said):
    docs = graded_world(world)
    graded = 2 + docs.key_results.count()  # the objective's score, its retrospective, each KR's
    # The same days in another kind of cycle: every due date fits; not in grading.
    target = twin_cycle(world, "Other")
    with translation.override(language):
        data = export_okrs(world.admin, cycle=world.cycle, fmt=fmt)
        result = import_okrs(
            world.admin, file_name=f"graded.{fmt}", data=data, cycle=target, dry_run=True
        )
    assert [p for p in result.problems if said.format(n=graded) in p], result.problems


def test_a_file_without_grades_says_nothing_of_them(world):
    from tests.transfer.test_export import fill

    fill(world)
    data = export_okrs(world.admin, cycle=world.cycle, fmt="csv")
    result = import_okrs(
        world.admin, file_name="plain.csv", data=data, cycle=world.cycle, dry_run=True
    )
    assert not [p for p in result.problems if "not imported: grades" in p]
