"""Issue 10 (h10k): three shapes left from earlier rounds, fixed as kinds.

- "Ensure that …" / "Make sure that …" frame a clause that states the measure: the frame is no
  part of the metric ("Ensure that all APIs respond within 400ms" measures APIs).
- A base-form verb after a plural subject agrees with it and is the predicate, not the measure's
  last word ("All APIs respond within 400ms", "pages load in under 2 seconds"); a base form after
  a singular noun still names the measure ("monthly spend", "page load").
- 约 is "about" only on its own: at the end of a word ("签约", "预约") it stays, so a partner
  counted before it is read whole ("和10家供应商签约" measures 供应商).
"""

import pytest

from mubiao.okrtext import read_key_result

METRICS = [
    ("Ensure that all APIs respond within 400ms", "APIs"),
    ("All APIs respond within 400ms", "APIs"),
    ("Ensure all pages load in under 2 seconds", "pages"),
    ("Make sure that checkout errors stay below 1%", "checkout errors"),
    ("Ensure that all dashboards refresh within 5 seconds", "dashboards"),
    ("Make sure search results appear in under 300ms", "search results"),
    ("Ensure that 95% of tickets are answered within 24 hours", "tickets"),
    ("Build time brought down to 4 minutes", "Build time"),
    ("Keep monthly spend under $5k", "monthly spend"),
    ("和10家供应商签约", "供应商"),
    ("与至少8家渠道商签约", "渠道商"),
    ("与5位专家预约访谈", "专家"),
]


@pytest.mark.parametrize(("line", "metric"), METRICS)
def test_the_metric_is_the_subject_not_its_frame_or_predicate(line, metric):
    assert read_key_result(line, year=2026).metric == metric


@pytest.mark.parametrize(
    ("line", "target", "unit"),
    [
        ("和10家供应商签约", 10, "家"),
        ("达到约 50% 的覆盖率", 50, "%"),
        ("客户数约 300 家", 300, "家"),
    ],
)
def test_about_is_still_read_before_a_number(line, target, unit):
    reading = read_key_result(line, year=2026)
    assert (reading.target, reading.unit) == (target, unit)
