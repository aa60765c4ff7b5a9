"""Issue 10: two more document layouts, each read as a kind.

- Checkbox items (`- [ ] text`, `- [x] text`, `1. [ ] text`, `* [X] text`) are plain items: the box
  is never kept in the text, never a number.
- reStructuredText directives (`.. objective:: Title`, `.. 目标:: 标题`, `.. kr:: text`,
  `.. 关键结果:: text`) give the structure; their field lines `:owner:`, `:team:`, `:负责人:`,
  `:团队:`, `:部门:` name the owner, any other field is reported as not read (UNREAD_FIELD).
"""

import pytest

from mubiao.okrtext import parse, parser, read_key_result

BOXES = ["- [ ] ", "- [x] ", "- [X] ", "* [ ] ", "1. [ ] ", "2) [x] ", "[ ] ", "[x] "]
ITEMS = [
    ("Reach 1000 signups", 1000),
    ("新签 10 家客户", 10),
    ("Launch the new onboarding flow", None),
]


@pytest.mark.parametrize("box", BOXES)
@pytest.mark.parametrize(("item", "target"), ITEMS)
def test_a_checkbox_is_never_kept_or_read(box, item, target):
    reading = read_key_result(box + item)
    assert reading.text == item
    assert reading.target == target
    assert "[" not in (reading.metric or "")


@pytest.mark.parametrize("box", [b for b in BOXES if b[0] in "-*1"])
def test_checkbox_items_under_an_objective_are_its_key_results(box):
    text = f"O1: 提升增长\n{box}续费率从 60% 提升到 75%\n{box}Reach 1000 signups\n"
    krs = parse(text).objectives[0].key_results
    assert [(kr.text, kr.target) for kr in krs] == [
        ("续费率从 60% 提升到 75%", 75),
        ("Reach 1000 signups", 1000),
    ]


def test_checkbox_objectives_with_nested_checkbox_key_results():
    text = "- [ ] Grow the business\n  - [x] Reach 1000 signups\n  - [ ] Win 5 accounts\n"
    document = parse(text)
    assert [o.title for o in document.objectives] == ["Grow the business"]
    assert [kr.text for kr in document.objectives[0].key_results] == [
        "Reach 1000 signups",
        "Win 5 accounts",
    ]


RST = [
    (
        ".. objective:: Grow revenue\n"
        "   :owner: Sales team\n"
        "\n"
        ".. kr:: Reach $5M in new bookings\n"
        ".. kr:: Win 20 new accounts\n",
        [("Sales team", "Grow revenue", ["Reach $5M in new bookings", "Win 20 new accounts"])],
    ),
    (
        ".. 目标:: 提升客户满意度\n"
        "   :负责人: 客服部\n"
        ".. 关键结果:: NPS 从 30 提升到 45\n"
        ".. 关键结果:: 首次响应时间缩短到 2 小时\n"
        "\n"
        ".. 目标:: 降低成本\n"
        "   :部门: 财务部\n"
        ".. 关键结果:: 差旅费用降低到 50 万元（当前 80 万元）\n",
        [
            ("客服部", "提升客户满意度", ["NPS 从 30 提升到 45", "首次响应时间缩短到 2 小时"]),
            ("财务部", "降低成本", ["差旅费用降低到 50 万元（当前 80 万元）"]),
        ],
    ),
    (
        ".. objective:: Ship a faster product\n"
        "   :team: Platform\n"
        "\n"
        "   .. kr:: Cut p95 latency from 800ms to 300ms\n",
        [("Platform", "Ship a faster product", ["Cut p95 latency from 800ms to 300ms"])],
    ),
    (
        ".. 目标:: 扩大渠道\n   :团队: 渠道组\n.. 关键结果:: 新签 10 家代理商\n",
        [("渠道组", "扩大渠道", ["新签 10 家代理商"])],
    ),
    (
        ".. objective:: Grow revenue\n.. kr:: Win 20 new accounts\n",
        [(None, "Grow revenue", ["Win 20 new accounts"])],
    ),
]


def _structure(document):
    return [
        (section.owner, objective.title, [kr.text for kr in objective.key_results])
        for section in document.sections
        for objective in section.objectives
    ]


@pytest.mark.parametrize(("text", "structure"), RST)
def test_restructuredtext_directives_give_the_structure(text, structure):
    document = parse(text)
    assert _structure(document) == structure
    assert not [p for p in document.problems if p.message == parser.UNREAD_FIELD]


def test_the_numbers_of_a_directive_key_result_are_read():
    kr = (
        parse(".. objective:: Grow\n.. kr:: Raise NPS from 30 to 45\n").objectives[0].key_results[0]
    )
    assert (kr.start, kr.target, kr.line) == (30, 45, 2)


@pytest.mark.parametrize(
    ("field", "under"),
    [(":priority: high", "objective"), (":weight: 30%", "kr"), (":进度: 40%", "kr"),
     (":confidence: 0.7", "objective"), (":截止: 6 月底", "objective")],
)  # fmt: skip
def test_any_other_field_is_reported_unread(field, under):
    text = (
        ".. objective:: Grow revenue\n"
        + ("   " + field + "\n" if under == "objective" else "")
        + ".. kr:: Win 20 new accounts\n"
        + ("   " + field + "\n" if under == "kr" else "")
    )
    document = parse(text)
    assert _structure(document) == [(None, "Grow revenue", ["Win 20 new accounts"])]
    assert document.objectives[0].key_results[0].target == 20  # no field's number is read
    unread = [p for p in document.problems if p.message == parser.UNREAD_FIELD]
    assert [(p.line, p.key) for p in unread] == [(2 if under == "objective" else 3,
                                                  field.split(":")[1])]  # fmt: skip
    assert unread[0].to_dict()["column"] == 4


def test_an_owner_field_under_a_key_result_is_not_its_objectives_owner():
    text = (
        ".. objective:: Grow revenue\n   :owner: Sales\n"
        ".. kr:: Win 20 new accounts\n   :owner: Bob\n"
    )
    document = parse(text)
    assert _structure(document) == [("Sales", "Grow revenue", ["Win 20 new accounts"])]
    assert [(p.line, p.key) for p in document.problems if p.message == parser.UNREAD_FIELD] == [
        (4, "owner")
    ]


def test_two_objectives_of_one_owner_are_one_section():
    text = (
        ".. objective:: A\n   :owner: Sales\n.. kr:: Win 20 new accounts\n"
        ".. objective:: B\n   :owner: Sales\n.. kr:: Win 5 partners\n"
    )
    document = parse(text)
    assert [(s.owner, [o.title for o in s.objectives]) for s in document.sections] == [
        ("Sales", ["A", "B"])
    ]
