"""A pasted text whose headings name a team beside a person, or a role before a linked title, and
whose key results carry indented detail lines (issue 10 §2, h10h): the import stores each
objective under the owner okrtext reads, with every key result and its stated start."""

from datetime import date
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


# A team heading over a cycle heading over objectives (h10): the team owns them, the cycle's end
# is the due date of each key result that states none; neither heading is an objective.
TREE = """## Support

### Q3 2026

### Objective: h10 Answer customers faster
- Cut first-response time from 4 hours to 1 hour
- Raise CSAT from 82% to 90% by Aug 15

## Docs

### Bob

#### 2026年第三季度

**h10 写完接口指南**
- 发布 12 篇指南
"""


def test_a_tree_of_team_person_and_cycle_headings_imports(world, year):
    import_okrs(world.admin, file_name="", data=TREE.encode(), cycle=year)
    assert not Objective.objects.filter(title__in=["Support", "Q3 2026", "Docs", "Bob"]).exists()
    support = Objective.objects.get(title="h10 Answer customers faster")
    assert (support.owner_type, support.owner_team.name) == ("team", "Support")
    assert [kr.due_date for kr in support.key_results.order_by("position", "pk")] == [
        date(2026, 9, 30),
        date(2026, 8, 15),
    ]
    guide = Objective.objects.get(title="h10 写完接口指南")
    assert (guide.owner_type, guide.owner_member) == ("person", world.bob)
    assert [kr.due_date for kr in guide.key_results.all()] == [date(2026, 9, 30)]
