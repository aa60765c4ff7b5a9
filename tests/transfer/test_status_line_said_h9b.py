"""A status written for a key result, on a detail line under it (`- Status: at risk`,
`- 状态：有风险`) or on its own line (`… (Status: at risk)`, `… — Status: at risk`), is not
imported (Mubiao works a status out from the check-ins and the pace): it is said at its line,
"not imported", in the person's language, on every route that reads text (okrtext, the web
preview, `mubiao import --dry-run`), never dropped in silence (issue 9 leftover, h9b)."""

import pytest

from mubiao.okrtext import parse
from mubiao.okrtext.parser import STATUS_NOT_READ
from tests.transfer.conftest import cli_dry_run, web_preview

pytestmark = pytest.mark.postgres

KR = "- KR1: Cut release time from 8 weeks to 4 weeks"
KR_ZH = "- KR1: 发布周期从 8 周缩短到 4 周"
# (text, the line the status is said at)
CASES = [
    (f"O1: Ship faster\n{KR}\n  - Status: at risk\n", 3),
    (f"O1: Ship faster\n{KR}\n- Status: on track\n", 3),
    (f"O1: Ship faster\n{KR}\n  - status: 🟡\n", 3),
    (f"O1: Ship faster\n{KR} (Status: at risk)\n", 2),
    (f"O1: Ship faster\n{KR} — Status: at risk\n", 2),
    (f"O1: Ship faster\n{KR} | Target: 4 weeks | Status: ⏳\n", 2),
    (f"O1: 提速\n{KR_ZH}\n  - 状态：有风险\n", 3),
    (f"O1: 提速\n{KR_ZH} | 状态：正常\n", 2),
    # A status in brackets, in Chinese as in English (probe 28: kept inside the title).
    (f"O1: 提速\n{KR_ZH}（状态：有风险）\n", 2),
    (f"O1: 提速\n{KR_ZH}【状态：正常】\n", 2),
    (f"O1: 提速\n{KR_ZH}(状态: 已完成)\n", 2),
    (f"O1: 提速\n{KR_ZH} [状态：进行中]\n", 2),
    (f"O1: 提速\n{KR_ZH}（狀態：有風險）\n", 2),
    # Not a status word: said all the same, never kept in the title.
    (f"O1: 提速\n{KR_ZH}（状态：蓝色）\n", 2),
    (f"O1: Ship faster\n{KR} (Status: purple)\n", 2),
]  # fmt: skip
# 状态 that is part of the title, not a label in brackets: kept, nothing said.
KEPT = ["- KR1: 服务状态页从 0 个上线到 3 个（状态页）", "- KR1: 状态监控覆盖率从 50% 提升到 90%"]
SAID = {"en": "not imported", "zh-hans": "未导入"}


@pytest.mark.parametrize(("text", "line"), CASES)
def test_okrtext_says_the_status_at_its_line(text, line):
    document = parse(text)
    (objective,) = document.objectives
    (kr,) = objective.key_results
    assert "status" not in kr.text.lower() and "状态" not in kr.text
    assert [(p.line, p.message) for p in document.problems] == [(line, STATUS_NOT_READ)]


@pytest.mark.parametrize("line", KEPT)
def test_a_title_that_names_a_status_keeps_it(line):
    document = parse(f"O1: 提速\n{line}\n")
    (kr,) = document.objectives[0].key_results
    assert "状态" in kr.text and document.problems == []


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("text", "line"), CASES[::3])
def test_the_previews_say_it(client, world, autumn, tmp_path, lang, text, line):
    page = web_preview(client, text, autumn, world.alice, lang)
    assert SAID[lang] in page
    printed = cli_dry_run(text, tmp_path, autumn, world.alice, lang)
    said = [row for row in printed.splitlines() if SAID[lang] in row]
    assert said and str(line) in said[0], printed


# A key result's cell ending in a status in brackets (a CSV or a sheet, probe 28: kept in the
# title): the title is stored without it and the status is said at the cell, "not imported".
CELLS = [
    ("Reach 500 users (Status: at risk)", "Reach 500 users"),
    ("Reach 500 users [status: on track]", "Reach 500 users"),
    ("新用户达到 500 人（状态：有风险）", "新用户达到 500 人"),
    ("新用户达到 500 人【状态：正常】", "新用户达到 500 人"),
    ("新用户达到 500 人(状态: 已完成)", "新用户达到 500 人"),
    ("新用户达到 500 人（状态：蓝色）", "新用户达到 500 人"),
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("cell", "title"), CELLS)
def test_a_cell_says_the_status_and_keeps_the_title(world, autumn, fmt, cell, title):
    from mubiao.okrs.models import KeyResult
    from mubiao.okrs.transfer.importer import import_okrs
    from tests.transfer.conftest import workbook_bytes

    rows = [["objective", "key result", "start", "target"], ["Grow", cell, 0, 500]]
    if fmt == "csv":
        data = "\n".join(",".join(str(c) for c in row) for row in rows).encode()
    else:
        data = workbook_bytes({"Sheet": rows})
    result = import_okrs(world.alice, file_name=f"okrs.{fmt}", data=data, cycle=autumn)
    (kr,) = KeyResult.objects.filter(objective__in=result.created)
    assert kr.title == title
    said = [p for p in result.problems if "not imported" in p and "status" in p]
    assert len(said) == 1 and "row 2" in said[0] and "key result" in said[0], result.problems
