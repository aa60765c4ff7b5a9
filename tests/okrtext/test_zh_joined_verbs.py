"""h10t (issue 10 §5): Chinese verbs joined by 并 / 和 / 及 share one object, and the deliverable is
that object: `设定并执行容器镜像安全扫描流程` → 容器镜像安全扫描流程 (main: 设定, an unknown verb),
`制定并执行招聘计划` → 招聘计划 (main: 执行招聘计划). 设定 is a deliverable verb as 设置 is, 执行
work as 进行 is."""

import pytest

from tests.okrtext.real_corpus import assert_work_delivering

CASES = [
    # (key result, metric)
    ("设定并执行容器镜像安全扫描流程", "容器镜像安全扫描流程"),
    ("制定并执行招聘计划", "招聘计划"),
    ("设计和实施新的绩效体系", "新的绩效体系"),
    ("梳理并更新产品文档", "产品文档"),
    ("设定新的报销流程", "新的报销流程"),
    ("执行季度库存盘点", "季度库存盘点"),
]


@pytest.mark.parametrize(("kr", "metric"), CASES)
def test_joined_verbs_share_the_object(kr, metric):
    assert_work_delivering(kr, metric)
