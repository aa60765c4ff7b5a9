"""h10u (issue 10 §5): `Each team has …` / `每个团队都有…` opens with who is meant, not with what is
measured. With no number, every team (department, squad, 小组) having a deliverable (`documented
KPIs`, `a quarterly budget plan`, `明确的OKR`) is work the teams do: the metric is the deliverable,
never `Each team` or `团队` (the dev corpus's `Each team has documented KPIs in the handbook, …`
is annotated so). With a number the measure is read as before (`Each team has an NPS above 40`).
"""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import assert_work_delivering

HAVE = [
    # (key result, metric)
    ("Each team has documented KPIs in the handbook", "documented KPIs"),
    ("Every squad has a published on-call rotation", "published on-call rotation"),
    ("Each department has a quarterly budget plan, reviewed by finance", "quarterly budget plan"),
    ("All teams have a written incident playbook", "incident playbook"),
    ("每个团队都有明确的OKR", "明确的OKR"),
    ("每个部门都有季度复盘报告", "季度复盘报告"),
    ("每個小組都有書面的值班制度", "書面的值班制度"),
    ("各事业部均有年度预算方案", "年度预算方案"),
]


@pytest.mark.parametrize(("kr", "metric"), HAVE)
def test_what_every_team_has_is_the_deliverable(kr, metric):
    assert_work_delivering(kr, metric)


MEASURED = [
    ("Each team has an NPS above 40", "NPS", 40),
    ("每个团队都有至少2名认证讲师", "认证讲师", 2),
]


@pytest.mark.parametrize(("kr", "metric", "target"), MEASURED)
def test_with_a_number_the_measure_is_read(kr, metric, target):
    reading = read_key_result(kr, year=2026)
    assert (reading.metric, reading.target, reading.is_activity) == (metric, target, False)
