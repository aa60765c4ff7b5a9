"""The rule catalogue of okr-rules.md §4: stable ids, default severities, titles in both languages.

Other code (web UI, API) lists `RULES` to show and configure the checks.
"""

from dataclasses import dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: dict[str, str]  # by language: "zh-hans", "en"


def _rule(rule_id: str, severity: str, zh: str, en: str) -> tuple[str, Rule]:
    return rule_id, Rule(rule_id, severity, {"zh-hans": zh, "en": en})


RULES: dict[str, Rule] = dict(
    [
        _rule(
            "OKR-S01", ERROR, "每个目标至少有一个关键结果", "Every objective has at least one KR"
        ),
        _rule("OKR-S02", WARNING, "每个目标 2–5 个关键结果", "2–5 KRs per objective"),
        _rule(
            "OKR-S03",
            WARNING,
            "每人每周期最多 5 个目标",
            "At most 5 objectives per owner and cycle",
        ),
        _rule("OKR-S04", INFO, "每人关键结果总数不宜过多", "Total KRs per owner stays small"),
        _rule("OKR-S05", WARNING, "目标一行写得下", "The objective fits on one line"),
        _rule("OKR-S06", INFO, "一个关键结果只衡量一件事", "One measurable idea per KR"),
        _rule(
            "OKR-O01",
            INFO,
            "目标是定性的方向，数字放在关键结果里",
            "The objective is direction, not a metric",
        ),
        _rule("OKR-O02", WARNING, "目标不是日常维持工作", "No business-as-usual objective"),
        _rule(
            "OKR-O03",
            INFO,
            "目标写出要达到的状态，而不是一个主题",
            "The objective states an end state, not a topic",
        ),
        _rule(
            "OKR-O04", INFO, "目标不靠空泛的形容词", "No vague superlatives carrying the meaning"
        ),
        _rule(
            "OKR-O05",
            WARNING,
            "目标承诺价值，而不只是上线",
            'The objective promises value (not "Who cares?")',
        ),
        _rule("OKR-O06", INFO, "目标不要写得畏手畏脚", "Don't write objectives timidly"),
        _rule("OKR-M01", ERROR, "关键结果可衡量", "Every KR is measurable"),
        _rule(
            "OKR-M02",
            WARNING,
            "不用没有数量的模糊动词",
            "No vague improvement verb without a quantity",
        ),
        _rule("OKR-M03", WARNING, "不用“尽量”“争取”之类的词", "No hedging or trying words"),
        _rule(
            "OKR-M04",
            INFO,
            "指标型关键结果写明基线和目标",
            "A metric KR has a baseline and a target",
        ),
        _rule("OKR-M05", INFO, "相对目标写明比较的基数", "A relative target names its base"),
        _rule("OKR-M06", INFO, "指标定义清楚", "The metric is unambiguously defined"),
        _rule(
            "OKR-M07",
            WARNING,
            "目标值是真实数字，不是占位符",
            "The target is a number, not a placeholder",
        ),
        _rule("OKR-M08", INFO, "完成与否有据可查", "Completion can be verified"),
        _rule("OKR-M09", INFO, "用清楚的比较词", "Use a clear comparator"),
        _rule(
            "OKR-A01", WARNING, "关键结果是结果，不是动作", "The KR is an outcome, not an activity"
        ),
        _rule(
            "OKR-A02", WARNING, "关键结果不全是交付里程碑", "Not every KR is a delivery milestone"
        ),
        _rule("OKR-A03", WARNING, "里程碑型关键结果有日期", "A milestone KR carries a date"),
        _rule("OKR-A04", WARNING, "关键结果不是例行待办", "A KR is not a recurring routine"),
        _rule(
            "OKR-A05",
            INFO,
            "用客户和业务的语言，而不是内部代号",
            "Customer terms, not team-internal terms",
        ),
        _rule("OKR-T01", WARNING, "有时间限制", "Every OKR is time-bound"),
        _rule("OKR-T02", INFO, "日期真实，不都在最后一天", "Real dates, not all on the last day"),
        _rule(
            "OKR-T03", WARNING, "关键结果的截止日期在周期内", "KR deadlines fall inside the cycle"
        ),
        _rule("OKR-C01", INFO, "标明承诺型或挑战型", "Mark each OKR committed or aspirational"),
        _rule("OKR-C02", WARNING, "评分与类型相符", "Grades match the type"),
        _rule("OKR-C03", WARNING, "不要保守设定（sandbagging）", "No sandbagging"),
        _rule(
            "OKR-C04",
            INFO,
            "承诺型目标的关键结果足够",
            "A committed objective's KRs are sufficient",
        ),
        _rule("OKR-C05", INFO, "初始信心指数合理", "Starting confidence is realistic"),
        _rule(
            "OKR-C06", ERROR, "评分是 0–1 之间的一位小数", "Grades are in [0, 1] with one decimal"
        ),
        _rule("OKR-P01", INFO, "没有重复的关键结果", "No duplicate KRs"),
        _rule("OKR-P02", INFO, "团队 OKR 对齐上级", "Team OKRs align to a parent"),
        _rule(
            "OKR-P03", INFO, "约一半 OKR 自下而上产生", "About half of OKRs come from the bottom up"
        ),
        _rule("OKR-P04", INFO, "关键结果不加权", "Don't weight KRs"),
        _rule(
            "OKR-P05",
            INFO,
            "数量型关键结果配一个质量型关键结果",
            "Pair a volume KR with a quality KR",
        ),
    ]
)
