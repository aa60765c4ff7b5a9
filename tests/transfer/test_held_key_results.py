"""A key result marked on hold in pasted text (issue 10): `(on hold)`, `[paused]`, `（暂停）`,
`【搁置】`, `暂缓：`, `— deferred`, `，延期` … The paste-import stores it (its title without the
mark, its numbers as read) and says in a note, in the person's language, that it was on hold;
a hold word inside a measure (`延期率从 10% 降到 5%`) is no mark. The layouts of the same issue
import alike: checkbox items, reStructuredText directives with their owner fields."""

from decimal import Decimal

import pytest
from django.utils import translation

from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import import_okrs

pytestmark = pytest.mark.django_db

# (line as written, the title stored, its target)
HELD = [
    ("Launch the partner portal (on hold)", "Launch the partner portal", Decimal(100)),
    ("[paused] Reach 1000 signups", "Reach 1000 signups", Decimal(1000)),
    ("上线新官网（暂停）", "上线新官网", Decimal(100)),
    ("【搁置】新签 10 家客户", "新签 10 家客户", Decimal(10)),
    ("暂缓：新签 10 家客户", "新签 10 家客户", Decimal(10)),
    ("Reach 1000 signups — deferred", "Reach 1000 signups", Decimal(1000)),
    ("新签 10 家客户，延期", "新签 10 家客户", Decimal(10)),
    ("新签 10 家客户 推迟", "新签 10 家客户", Decimal(10)),
]
NOTE = {"en": "on hold", "zh-hans": "暂停"}


def _import(world, text: str, **options):
    return import_okrs(
        world.admin, file_name="okrs.md", data=text.encode(), cycle=world.cycle, **options
    )


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("line", "title", "target"), HELD)
def test_a_held_key_result_is_stored_with_a_note(world, lang, line, title, target):
    text = f"O1: 提升增长\n- 续费率从 60% 提升到 75%\n- {line}\n"
    with translation.override(lang):
        preview = _import(world, text, dry_run=True)
        result = _import(world, text)
    for said in (preview, result):
        held = [p for p in said.problems if NOTE[lang] in p]
        assert len(held) == 1, said.problems
        assert "line 3" in held[0] or "第 3 行" in held[0]
        assert title in held[0]
    stored = KeyResult.objects.filter(objective__cycle=world.cycle).order_by("position")
    assert [(kr.title, kr.target_value) for kr in stored] == [
        ("续费率从 60% 提升到 75%", Decimal(75)),
        (title, target),
    ]


@pytest.mark.parametrize("line", ["延期率从 10% 降到 5%", "Cut postponed shipments from 40 to 10"])
def test_a_hold_word_inside_a_measure_is_no_hold(world, line):
    result = _import(world, f"O1: 准时交付\n- {line}\n")
    assert not [p for p in result.problems if "on hold" in p]
    assert KeyResult.objects.get().title == line


def test_checkbox_items_import_as_key_results(world):
    _import(world, "O1: 提升增长\n- [x] 续费率从 60% 提升到 75%\n- [ ] Reach 1000 signups\n")
    stored = KeyResult.objects.order_by("position")
    assert [(kr.title, kr.target_value) for kr in stored] == [
        ("续费率从 60% 提升到 75%", Decimal(75)),
        ("Reach 1000 signups", Decimal(1000)),
    ]


def test_restructuredtext_directives_import_with_their_owner(world):
    text = (
        ".. objective:: 提升文档质量\n"
        "   :团队: Docs\n"
        "   :priority: high\n"
        ".. kr:: 文档满意度从 3.5 提升到 4.5\n"
        ".. kr:: Publish 12 tutorials (on hold)\n"
    )
    with translation.override("zh-hans"):
        result = _import(world, text)
    objective = Objective.objects.get()
    assert (objective.title, objective.owner_team) == ("提升文档质量", world.docs)
    assert [kr.title for kr in objective.key_results.order_by("position")] == [
        "文档满意度从 3.5 提升到 4.5",
        "Publish 12 tutorials",
    ]
    # The field that is not read is said at its line, in the person's language.
    assert [p for p in result.problems if "第 3 行" in p and "字段" in p], result.problems
    assert [p for p in result.problems if "第 5 行" in p and "暂停" in p], result.problems
