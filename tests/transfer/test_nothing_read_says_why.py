"""A text that yields no objective says why on each line (issue 10, probe p10 S1: the preview
said only "no objectives were found" for a layout it could not read). Every line's problem is
listed with its line number, as the parse API lists them, in the person's language."""

import pytest
from django.utils import translation

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs

# (text, lang, the located lines expected after the first message)
CASES = [
    (
        "Key results:\n- Ship the billing page\n- 30 paying teams\n",
        "en",
        ["line 1: label line", "line 2: bullet outside an objective", "line 3: bullet outside"],
    ),
    (
        "这里只是说明。\n\n- 续费率达到 90%\n",
        "zh-hans",
        ["第 1 行：", "第 3 行："],
    ),
    (
        "KR1：首次回覆時間縮短到 2 小時\nKR2：滿意度達到 4.6 分\n",
        "zh-hans",
        ["第 1 行：", "第 2 行："],
    ),
]


@pytest.mark.parametrize(("text", "lang", "located"), CASES)
def test_no_objective_found_lists_each_lines_problem(world, text, lang, located):
    with translation.override(lang), pytest.raises(ImportFailed) as error:
        import_okrs(
            world.admin, file_name="okrs.txt", data=text.encode(), cycle=world.cycle, dry_run=True
        )
    first, *lines = error.value.texts
    nothing = "文件中没有找到目标" if lang == "zh-hans" else "no objectives were found"
    assert nothing in first
    assert len(lines) == len(located)
    for line, where in zip(lines, located, strict=True):
        assert where in line, line
    assert not Objective.objects.exists()
