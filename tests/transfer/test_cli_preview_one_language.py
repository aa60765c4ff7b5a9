"""The CLI preview speaks one language (issue 9 C4, probe 15): its lines were in English (the
organization's language) while the advice and notes were in Chinese, with the rule ids shown."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

TEXT = "O: 提升产品质量\nKR1: 上线新版 pipe\nKR2: 把周活跃用户提升到 3000\n随便写的一行说明\n"


def _preview(world, tmp_path, *options) -> str:
    path = tmp_path / "okrs.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = io.StringIO()
    call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                 "--dry-run", *options, stdout=out)  # fmt: skip
    return out.getvalue()


@pytest.fixture
def chinese_admin(world):
    # The organization speaks English; the member it acts as (its first owner) Chinese.
    world.admin.user.language = "zh-hans"
    world.admin.user.save()
    return world


# (options, what the preview shows, what it never shows)
PREVIEWS = [
    ((), ["Dry run: nothing was saved.", "[Info] KR1: The milestone names no evidence",
          "2 notes:", "okrs.txt, line 4: prose"], ["试运行", "里程碑", "第 4 行", "OKR-"]),
    (("--language", "zh-hans"), ["试运行：没有保存任何内容。", "[提示] KR1: 里程碑没有说明",
          "okrs.txt，第 4 行"], ["Dry run", "milestone", "OKR-", "[info]"]),
    (("-v", "2"), ["[Info] OKR-M08 KR1: The milestone"], ["里程碑"]),
]  # fmt: skip


@pytest.mark.parametrize(("options", "shown", "never"), PREVIEWS)
def test_the_preview_speaks_one_language(chinese_admin, tmp_path, options, shown, never):
    preview = _preview(chinese_admin, tmp_path, *options)
    for text in shown:
        assert text in preview, preview
    for text in never:
        assert text not in preview, preview
