"""h10r (issue 10 §5): 将 / 把 put the object before its verb (`将用户测试整合到发布前的计划中`):
the deliverable is the object, up to the verb and what it does to the object (到, 给, 成 …),
and the line is work the team does. A change verb after the object (`将投诉率降低到3%`) still
names a level, and 将 as "will" (`将会`) puts nothing first (main: the metric ran on through
the verb, `将周报模板同步给所有部门` was an outcome)."""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, target, is_activity)
    ("把客服知识库迁移到新平台", "客服知识库", None, True),
    ("将核心服务部署到海外机房", "核心服务", None, True),
    ("将周报模板同步给所有部门", "周报模板", None, True),
    ("把新人培训材料整理成手册", "新人培训材料", None, True),
    ("將會員體系接入小程序", "會員體系", None, True),
    ("将3个核心系统迁移到云上", "核心系统", 3, True),
    ("Integrate user testing into the pre-release plan", "user testing", None, True),
    ("将新用户次日留存率提升至40%", "新用户次日留存率", 40, False),
    ("把客户投诉率降低到3%", "客户投诉率", 3, False),
]


@pytest.mark.parametrize(("kr", "metric", "target", "activity"), CASES)
def test_the_object_put_first_is_the_deliverable(kr, metric, target, activity):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.is_activity) == (target, activity)
