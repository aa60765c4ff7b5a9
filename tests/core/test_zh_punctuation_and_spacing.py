"""Issue 9: Chinese messages are typeset as Chinese (the common Chinese typography the house
follows, UI.md): full-width brackets, semicolons and question marks （）；？ inside Chinese text,
never the half-width ( ) ; ? beside a Chinese character (“（读作? → 3 分钟 (降低到)）”); and
no space between a number and % (“50%”, not “50 %”). Read from every app's zh_Hans django.po;
placeholders (%(name)s, {name}) and URLs are not text and may hold what they like."""

import re

import pytest

from tests.core.catalogues import every_entry

CJK = "\u3400-\u9fff"
# A Chinese character, full-width punctuation or Chinese quotation marks.
CHINESE = rf"[{CJK}\u3000-\u303f\uff00-\uffef“”‘’…—]"
NOT_TEXT = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{[\w.]*\}|https?://\S+|<[^>]+>|--[\w-]+")
HALF = re.compile(rf"{CHINESE} ?[();?]|[();?] ?{CHINESE}")
NAMED = re.compile(r"、[();?]、")
SPACED_PERCENT = re.compile(r"(?:\d|%\(\w+\)s) %%")


def half_width(msgstr: str) -> list[str]:
    if not re.search(f"[{CJK}]", msgstr):
        return []
    text = NAMED.sub("、\x00、", NOT_TEXT.sub("\x00", msgstr))
    return [m.group() for m in HALF.finditer(text)] + SPACED_PERCENT.findall(msgstr)


@pytest.mark.parametrize(
    ("msgstr", "bad"),
    [
        ("“%(title)s”（%(date)s）；“%(other)s”", False),
        ("见“%(title)s” (%(date)s); “%(other)s”", True),
        ("不能包含 /、..、?、#", False),  # a character named in a list of characters
        ("（读作? → 3 分钟 (降低到)）", True),
        ("是不是 %(value)s %%？", True),
        ("是不是 %(value)s%%？", False),
        ("打开 https://example.com/a?b=1 查看", False),
        ("%(name)s (%(email)s)", False),  # no Chinese text: a name and an address
        ("请输入数字（例如 10）。", False),
    ],
)
def test_the_rule(msgstr, bad):
    assert bool(half_width(msgstr)) == bad


def test_chinese_messages_use_full_width_punctuation():
    wrong = [
        (po.parent.parent.parent.parent.name, msgid, msgstr, half_width(msgstr))
        for po, msgid, _plural, msgstr in every_entry()
        if half_width(msgstr)
    ]
    assert wrong == [], "\n".join(map(repr, wrong))


def test_lists_and_brackets_joined_in_code_are_chinese(world):
    """The code that joins a Chinese sentence's parts (a list of key results, a reading's
    direction in brackets) joins them with the language's punctuation (issue 9:
    “KR 丙” (2026-12-30); “KR 甲” …, （读作? → 3 分钟 (降低到)））."""
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import translation

    from mubiao.okrs import services
    from mubiao.okrs.transfer.readings import describe_numbers
    from tests.conftest import make_objective

    objective = make_objective(world.admin, world.cycle, title="提升质量", krs=2)
    last = world.cycle.end_date
    for kr, title in zip(objective.key_results.order_by("position"), ("KR 甲", "KR 丙")):
        kr.title, kr.due_date = title, last
        kr.save(update_fields=["title", "due_date"])
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            services.update_cycle(world.admin, world.cycle, end_date=last - dt.timedelta(days=1))
        said = " ".join(refused.value.messages)
        assert "（" in said and "；" in said and not half_width(said), said
        read = describe_numbers(
            {"metric_type": "number", "direction": "decrease", "start_value": None,
             "target_value": "3", "unit": "分钟"}
        )  # fmt: skip
        assert read.startswith("？ → 3") and read.endswith("）") and "(" not in read, read
    world.cycle.refresh_from_db()
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            services.update_cycle(world.admin, world.cycle, end_date=last - dt.timedelta(days=1))
        assert f"“KR 甲” ({last.isoformat()}); “KR 丙”" in " ".join(refused.value.messages)
