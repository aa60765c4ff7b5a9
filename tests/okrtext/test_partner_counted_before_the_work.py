"""Issue 10 (h10e): a partner counted after 与/和/跟/同/向 is the measure, the work after it is not.

"与80家风险投资公司开会", "與3位客戶聯繫": the count is of the partners met or contacted; the
verb that follows them (开会, 联系, 沟通, 建立…) is the work done with them, never part of the
metric. Without the preposition the count's noun is read as before ("新签10家供应商").
"""

import pytest

from mubiao.okrtext import read_key_result

PARTNERS = [
    ("第三季度与80家风险投资公司开会", "风险投资公司", 80, "家"),
    ("與3位客戶聯繫，證明材料可以使用", "客戶", 3, "位"),
    ("跟5位行业专家沟通", "行业专家", 5, "位"),
    ("与3家银行建立合作关系", "银行", 3, "家"),
    ("本月与至少15家渠道商沟通合作", "渠道商", 15, "家"),
]

UNCHANGED = [
    ("新签10家供应商", "供应商", 10, "家"),
    ("拜访至少10家机构", "机构", 10, "家"),
]


@pytest.mark.parametrize(("line", "metric", "target", "unit"), PARTNERS + UNCHANGED)
def test_the_partner_is_measured_not_the_work_done_with_it(line, metric, target, unit):
    reading = read_key_result(line, year=2026)
    assert (reading.metric, reading.target, reading.unit) == (metric, target, unit)
