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
]  # fmt: skip
SAID = {"en": "not imported", "zh-hans": "未导入"}


@pytest.mark.parametrize(("text", "line"), CASES)
def test_okrtext_says_the_status_at_its_line(text, line):
    document = parse(text)
    (objective,) = document.objectives
    (kr,) = objective.key_results
    assert "status" not in kr.text.lower() and "状态" not in kr.text
    assert [(p.line, p.message) for p in document.problems] == [(line, STATUS_NOT_READ)]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("text", "line"), CASES[::3])
def test_the_previews_say_it(client, world, autumn, tmp_path, lang, text, line):
    page = web_preview(client, text, autumn, world.alice, lang)
    assert SAID[lang] in page
    printed = cli_dry_run(text, tmp_path, autumn, world.alice, lang)
    said = [row for row in printed.splitlines() if SAID[lang] in row]
    assert said and str(line) in said[0], printed
