"""A pasted or uploaded text whose list items wrap onto an indented line (issue 10, F6) imports
each item whole, and the key results after it too: the import reads as okrtext.parse reads."""

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs

TEXTS = [
    (
        "O1: h10l grow revenue\n- Reach 100 paying customers in\n  the enterprise segment\n"
        "- Sign 20 partners\n",
        ["Reach 100 paying customers in the enterprise segment", "Sign 20 partners"],
    ),
    (
        "O1：h10l 提升收入\n1. 新签企业客户达到 100 家，重点覆盖\n"
        "   华东和华南地区\n2. 签约 20 家合作伙伴\n",
        ["新签企业客户达到 100 家，重点覆盖华东和华南地区", "签约 20 家合作伙伴"],
    ),
]


@pytest.mark.parametrize(("text", "titles"), TEXTS)
def test_a_wrapped_item_is_imported_whole(world, text, titles):
    import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    stored = KeyResult.objects.filter(objective__title__contains="h10l").order_by("position", "pk")
    assert [kr.title for kr in stored] == titles
