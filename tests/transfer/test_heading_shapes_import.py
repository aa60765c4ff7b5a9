"""A pasted text whose headings name a team beside a person, or a role before a linked title, and
whose key results carry indented detail lines (issue 10 §2, h10h): the import stores each
objective under the owner okrtext reads, with every key result and its stated start."""

from decimal import Decimal

from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import import_okrs

TEXT = """# Q3 OKRs

## Docs — Bob

### h10h Write the API guide
- Publish 12 guide pages
  Baseline: 4
  Owner: Alice
- Cut doc bugs from 30 to 10

## 2. Support: [h10h 缩短首次响应时间](https://example.com/cs)
- 首次响应时间从 4 小时缩短到 1 小时
  负责人：Alice
- 满意度从 85% 提升到 92%
"""


def test_team_person_headings_role_links_and_details_import(world):
    import_okrs(world.admin, file_name="", data=TEXT.encode(), cycle=world.cycle)
    guide = Objective.objects.get(title="h10h Write the API guide")
    assert (guide.owner_type, guide.owner_member) == ("person", world.bob)
    support = Objective.objects.get(title="h10h 缩短首次响应时间")
    assert (support.owner_type, support.owner_team.name) == ("team", "Support")
    stored = KeyResult.objects.filter(objective__title__contains="h10h").order_by(
        "objective__title", "position", "pk"
    )
    assert [(kr.title, kr.start_value) for kr in stored] == [
        ("Publish 12 guide pages @Alice", Decimal(4)),
        ("Cut doc bugs from 30 to 10", Decimal(30)),
        ("首次响应时间从 4 小时缩短到 1 小时 @Alice", Decimal(4)),
        ("满意度从 85% 提升到 92%", Decimal(85)),
    ]
