"""The bilingual demo organization (`mubiao demo`).

A company of 23 people in a realistic team tree, a year cycle with its quarters (the one
before the current one graded: okrs.demo_review), company
objectives translated into department objectives (承上启下), the product department's OKRs from
the seed article aligned upward, English-speaking teams, and weeks of check-in history so that
progress, pace and forecasts vary. Dates are relative to today, so the demo always looks alive.
Running it again replaces the previous demo organization.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mubiao.accounts.models import User
from mubiao.notify import services as notify
from mubiao.notify.models import Notification
from mubiao.okrs import rules, services
from mubiao.okrs.demo_review import graded_quarter
from mubiao.okrs.models import Activity, CheckIn, Comment, Cycle, KeyResult, Objective
from mubiao.orgs.models import Membership, Organization, Team, TeamMember
from mubiao.orgs.rules import today_for

SLUG = "demo"
# A Chinese company: its day (pace, due dates, the current cycle) is China's.
DEMO_SETTINGS = {"weights": False, "time_zone": "Asia/Shanghai"}
PASSWORD = "mubiao-demo"
DOMAIN = "mubiao.demo"

# (key, name, email local part, title, role, manager key, language)
PEOPLE = [
    ("ceo", "陈明", "chen.ming", "CEO", "owner", None, "zh-hans"),
    ("hr", "王芳", "wang.fang", "人力资源总监 / OKR 管理员", "admin", "ceo", "zh-hans"),
    ("pd", "周杰", "zhou.jie", "产品总监", "member", "ceo", "zh-hans"),
    ("pm", "林晓", "lin.xiao", "产品经理", "member", "pd", "zh-hans"),
    ("pl", "赵磊", "zhao.lei", "产品主管", "member", "pd", "zh-hans"),
    ("tw", "孙丽", "sun.li", "文档撰写者", "member", "pl", "zh-hans"),
    ("cto", "刘洋", "liu.yang", "研发总监", "member", "ceo", "zh-hans"),
    ("be", "黄伟", "huang.wei", "后端工程师", "member", "cto", "zh-hans"),
    ("qa", "吴静", "wu.jing", "测试工程师", "member", "cto", "zh-hans"),
    ("sre", "郑浩", "zheng.hao", "运维工程师", "member", "cto", "zh-hans"),
    ("plat", "Daniel Kim", "daniel.kim", "Platform Engineering Lead", "member", "cto", "en"),
    ("pe", "Priya Shah", "priya.shah", "Platform Engineer", "member", "plat", "en"),
    ("cs", "何敏", "he.min", "客户支持总监", "member", "ceo", "zh-hans"),
    ("cs1", "马超", "ma.chao", "客服专员", "member", "cs", "zh-hans"),
    ("cs2", "朱琳", "zhu.lin", "客服专员", "member", "cs", "zh-hans"),
    ("mk", "高峰", "gao.feng", "市场总监", "member", "ceo", "zh-hans"),
    ("ops", "罗佳", "luo.jia", "内容运营", "member", "mk", "zh-hans"),
    ("da", "梁晨", "liang.chen", "数据分析师", "member", "mk", "zh-hans"),
    ("vp", "Emma Clarke", "emma.clarke", "VP Sales", "member", "ceo", "en"),
    ("ae", "Liam Turner", "liam.turner", "Account Executive", "member", "vp", "en"),
    ("sdr", "Sophia Patel", "sophia.patel", "Sales Development Representative", "member", "vp",
     "en"),
    ("legal", "谢婷", "xie.ting", "法务", "member", "hr", "zh-hans"),
    ("fin", "韩雪", "han.xue", "财务", "member", "hr", "zh-hans"),
]  # fmt: skip

# (key, name, slug, parent key, lead keys, member keys)
TEAMS = [
    ("company", "源目标科技", "company", None, ["ceo"], ["hr", "legal", "fin"]),
    ("product", "产品部", "product", "company", ["pd"], ["pm", "pl"]),
    ("docs", "文档组", "docs", "product", ["pl"], ["tw"]),
    ("rd", "研发部", "rd", "company", ["cto"], ["be", "qa", "sre"]),
    ("platform", "Platform Engineering", "platform", "rd", ["plat"], ["pe"]),
    ("support", "客户支持部", "support", "company", ["cs"], ["cs1", "cs2"]),
    ("marketing", "市场部", "marketing", "company", ["mk"], ["ops", "da"]),
    ("sales", "Global Sales", "sales", "company", ["vp"], ["ae", "sdr"]),
]


@dataclass
class KR:
    """A demo key result and the story of its check-ins.

    `reach` is the pace: where the value ends up today relative to where it should be by now
    (1 = exactly on pace; a key result already due ends at `reach` of its target);
    `due` is "Q1", "year", a month number (its last day) or None (the cycle's end).
    """

    title: str
    start: float = 0
    target: float = 100
    unit: str = ""
    metric: str = "number"
    direction: str = "increase"
    due: object = None
    reach: float = 0.6
    source: str = "manual"


@dataclass
class Okr:
    key: str
    owner: str  # "org", a team key, or a person key
    title: str
    krs: list
    cycle: str = "quarter"
    kind: str = "committed"
    visibility: str = "public"
    parent: str | None = None  # "<objective key>" or "<objective key>.<kr index>"
    # Where its progress comes from (okrs.rules.part_shares): a leader trying the demo sees
    # a rollup from aligned objectives and its contributions on the objective's page.
    progress: str = "key_results"
    aligned_share: int = 50


OBJECTIVES = [
    # The company (承上启下 starts here).
    Okr(
        "c1",
        "org",
        "成为中小企业首选的 OKR 平台",
        [
            KR("付费客户数从 1200 家提升到 3000 家", 1200, 3000, "家", reach=1.0),
            KR("日续费率从 95% 提升到 98%", 95, 98, "%", "percent", reach=0.85),
            KR("三条产品线的续费提升计划全部落地", source="children", metric="milestone"),
        ],
        cycle="year",
        kind="aspirational",
    ),
    Okr(
        "c2",
        "org",
        "打造高效、可靠的产品交付",
        [
            KR("线上 P0 故障从每季度 12 次降到 3 次", 12, 3, "次", direction="decrease", reach=0.9),
            KR(
                "需求平均交付周期从 30 天缩短到 14 天",
                30,
                14,
                "天",
                direction="decrease",
                reach=0.75,
            ),
        ],
        cycle="year",
    ),
    Okr(
        "c3",
        "org",
        "Grow international revenue",
        [
            KR("Overseas ARR from $0.8M to $2M", 0.8, 2, "M USD", "currency", reach=0.8),
            KR("Win 12 reference customers outside China", 0, 12, "customers", reach=0.88),
        ],
        cycle="year",
        kind="aspirational",
    ),
    # Departments translate the company objectives.
    Okr(
        "p1",
        "product",
        "把续费率目标翻译成可执行的产品计划",
        [
            KR("高级用户 30 日留存从 70% 提升到 85%", 70, 85, "%", "percent", reach=0.8),
            KR("产品线续费提升计划按期交付", source="children", metric="milestone"),
        ],
        cycle="year",
        parent="c1.2",
    ),
    Okr(
        "r1",
        "rd",
        "让交付又快又稳",
        [
            KR(
                "P0 故障平均恢复时间从 90 分钟降到 30 分钟",
                90,
                30,
                "分钟",
                direction="decrease",
                reach=1.0,
            ),
            KR("主干每日可发布率从 40% 提升到 90%", 40, 90, "%", "percent", reach=1.0),
            KR("自动化测试覆盖率从 45% 提升到 75%", 45, 75, "%", "percent", reach=0.65),
        ],
        parent="c2",
        progress="mix",
    ),
    Okr(
        "s1",
        "support",
        "让客户遇到问题时一次就被解决",
        [
            KR("首次联系解决率从 62% 提升到 80%", 62, 80, "%", "percent", reach=0.8),
            KR(
                "工单平均首次响应时间从 4 小时缩短到 1 小时",
                4,
                1,
                "小时",
                direction="decrease",
                reach=1.0,
            ),
            KR(
                "客户满意度 CSAT 保持在 4.5 分以上（当前 4.2 分）",
                4.2,
                4.5,
                "分",
                direction="at_least",
                reach=1,
            ),
        ],
        parent="c1",
    ),
    Okr(
        "m1",
        "marketing",
        "让目标客户主动找到我们",
        [
            KR("官网月均有效线索从 800 条提升到 1500 条", 800, 1500, "条", reach=0.7),
            KR("获客成本从 900 元降到 600 元", 900, 600, "元", "currency", "decrease", reach=0.5),
        ],
        parent="c1",
    ),
    Okr(
        "g1",
        "sales",
        "Make overseas sales repeatable",
        [
            KR("Qualified pipeline from $1.2M to $3M", 1.2, 3, "M USD", "currency", reach=0.92),
            KR("Win rate from 18% to 25%", 18, 25, "%", "percent", reach=0.6),
            KR(
                "Sales cycle from 70 to under 45 days",
                70,
                45,
                "days",
                direction="at_most",
                reach=1.0,
            ),
        ],
        parent="c3",
    ),
    Okr(
        "pl1",
        "platform",
        "Give every team a paved road to production",
        [
            KR(
                "Services on the shared deploy pipeline from 12 to 40",
                12,
                40,
                "services",
                reach=0.95,
            ),
            KR(
                "Median build time from 18 to 8 minutes",
                18,
                8,
                "minutes",
                direction="decrease",
                reach=0.55,
            ),
        ],
        parent="r1",
    ),
    # The seed article: the product department's people, aligned upward.
    Okr(
        "pm1",
        "pm",
        "产品的日续费率增长 3%",
        [
            KR(
                "Q1 拜访 50 个客户,获取用户反馈调研续费或不续费的原因",
                0,
                50,
                "个",
                due="Q1",
                reach=1,
            ),
            KR("2 月在移动客户端上设置 10 个 A/B 测试以驱动续费", 0, 10, "个", due=2, reach=1.0),
            KR(
                "Q1 识别高级用户并记录他们的行为保证有更严谨的数据支撑",
                metric="milestone",
                due="Q1",
                reach=1,
            ),
        ],
        cycle="year",
        parent="p1.1",
    ),
    Okr(
        "pm2",
        "pm",
        "与第三方合作伙伴推出新的集成",
        [
            KR("10 月与合作伙伴进行产品培训", metric="boolean", due=10, reach=1),
            KR("10 月底与外部供应商签署目标,建立共同愿景", metric="boolean", due=10, reach=0),
            KR(
                "截止 12 月之前制定推广和整合计划,与大数据应用和服务团队合作",
                metric="milestone",
                due=11,
                reach=0.9,
            ),
        ],
        cycle="year",
        parent="c3",
    ),
    Okr(
        "pl-seed",
        "pl",
        "管理产品生命周期和产品战略规划",
        [
            KR(
                "1 月与产品干系人、研发、设计、产品、工程师、运维确定最终的产品需求",
                metric="boolean",
                due=1,
                reach=1,
            ),
            KR("2 月与市场团队确定用例文档", metric="boolean", due=2, reach=1),
            KR("Q1 完成整个产品功能优先级和流程的处理", metric="milestone", due="Q1", reach=1.0),
            # The article's "日活跃用户增长 15%" names no start; stored 0 → 15 % it was a share
            # nobody measured. The demo states both levels (15 % up from 2 万).
            KR("Q1 日活跃用户从 2 万增长到 2.3 万", 20000, 23000, "人", due="Q1", reach=1.0),
        ],
        cycle="year",
        parent="p1.1",
    ),
    Okr(
        "tw1",
        "tw",
        "在客户支持门户中重构内容",
        [
            KR("5 月底移除多余的文件", metric="milestone", due=5, reach=1),
            KR(
                "6 月,在客户支持的帮助下,聚焦并改进常见问题的解答 @客户支持部",
                metric="milestone",
                due=6,
                reach=1.0,
            ),
            KR("6 月确定文档格式和风格指南", metric="boolean", due=6, reach=1),
        ],
        cycle="year",
        parent="s1",
    ),
    Okr(
        "tw2",
        "tw",
        "为今年秋季版本创建内容和文档",
        [
            KR("5 月底,与 PM 和主要参与者见面,了解新功能和用例", metric="boolean", due=5, reach=1),
            KR("6 月底撰写 3 份全面的“秋季发行指南”草稿", 0, 3, "份", due=6, reach=1),
        ],
        cycle="year",
        parent="p1",
    ),
    # People's quarter OKRs.
    Okr(
        "be1",
        "be",
        "让核心接口在高峰期也稳定",
        [
            KR(
                "核心接口 P99 延迟从 800ms 降到 300ms",
                800,
                300,
                "ms",
                direction="decrease",
                reach=0.85,
            ),
            KR("慢查询数量从每天 120 条降到 20 条", 120, 20, "条", direction="decrease", reach=1.0),
        ],
        parent="r1.0",
    ),
    Okr(
        "qa1",
        "qa",
        "让每次发布都有底气",
        [
            KR("回归测试自动化率从 50% 提升到 85%", 50, 85, "%", "percent", reach=0.6),
            KR("线上漏测缺陷从 15 个降到 5 个", 15, 5, "个", direction="decrease", reach=0.45),
        ],
        parent="r1.2",
    ),
    Okr(
        "sre1",
        "sre",
        "把可用性做到客户感觉不到故障",
        [
            KR("核心服务可用性从 99.5% 提升到 99.95%", 99.5, 99.95, "%", "percent", reach=1.0),
            KR("告警噪音从每周 300 条降到 50 条", 300, 50, "条", direction="decrease", reach=0.8),
        ],
        parent="r1.0",
    ),
    Okr(
        "pe1",
        "pe",
        "Make deploys boring",
        [
            KR("Deploy success rate from 92% to 99%", 92, 99, "%", "percent", reach=1.0),
            KR(
                "Rollback time from 20 to 5 minutes",
                20,
                5,
                "minutes",
                direction="decrease",
                reach=0.7,
            ),
        ],
        parent="pl1.0",
    ),
    Okr(
        "cs1o",
        "cs1",
        "让常见问题不再需要人工",
        [
            KR("自助解决率从 35% 提升到 55%", 35, 55, "%", "percent", reach=0.9),
            KR(
                "重复咨询工单从每周 200 单降到 120 单",
                200,
                120,
                "单",
                direction="decrease",
                reach=0.8,
            ),
        ],
        parent="s1.0",
    ),
    Okr(
        "cs2o",
        "cs2",
        "让 VIP 客户感受到专属服务",
        [
            KR("VIP 客户回访覆盖率从 40% 提升到 90%", 40, 90, "%", "percent", reach=0.75),
        ],
        parent="s1",
        visibility="team",
    ),
    Okr(
        "ops1",
        "ops",
        "让内容带来线索",
        [
            KR("公众号文章带来的试用注册从每月 60 个提升到 200 个", 60, 200, "个", reach=0.65),
            KR("发布 6 篇客户案例", 0, 6, "篇", reach=0.8),
        ],
        parent="m1.0",
    ),
    Okr(
        "da1",
        "da",
        "让每个决策都有可信的数据",
        [
            KR("核心指标看板覆盖率从 40% 提升到 100%", 40, 100, "%", "percent", reach=1.0),
            KR(
                "数据问题平均修复时间从 5 天缩短到 1 天",
                5,
                1,
                "天",
                direction="decrease",
                reach=0.9,
            ),
        ],
        parent="c1",
    ),
    Okr(
        "ae1",
        "ae",
        "Close the first enterprise deals in Europe",
        [
            KR("Closed-won ARR from $0 to $400k", 0, 400, "k USD", "currency", reach=0.85),
            KR("Signed pilots from 1 to 6", 1, 6, "pilots", reach=0.9),
        ],
        parent="g1.0",
    ),
    Okr(
        "sdr1",
        "sdr",
        "Fill the pipeline with qualified meetings",
        [
            KR("Qualified meetings per month from 20 to 45", 20, 45, "meetings", reach=1.0),
        ],
        parent="g1.0",
    ),
    # The product department's quarter, so that its people see this quarter's work too.
    Okr(
        "p4",
        "product",
        "让高级用户愿意续费",
        [
            KR("高级用户续费率从 88% 提升到 93%", 88, 93, "%", "percent", reach=0.95),
            KR("付费功能周活跃率从 35% 提升到 50%", 35, 50, "%", "percent", reach=0.7),
        ],
        parent="c1.1",
    ),
    Okr(
        "pd4",
        "pd",
        "让产品团队的 OKR 真正承上启下",
        [
            KR("团队成员 OKR 对齐率从 60% 提升到 100%", 60, 100, "%", "percent", reach=1.0),
            KR("每周进展更新率从 50% 提升到 90%", 50, 90, "%", "percent", reach=0.85),
        ],
        parent="p4",
    ),
    Okr(
        "pm4",
        "pm",
        "让续费提醒真正提醒到人",
        [
            KR("续费提醒打开率从 22% 提升到 40%", 22, 40, "%", "percent", reach=1.0),
            KR("续费页面转化率从 8% 提升到 12%", 8, 12, "%", "percent", reach=0.6),
            KR("续费相关客诉从每月 30 单降到 10 单", 30, 10, "单", direction="decrease", reach=0.9),
        ],
        parent="p4.0",
    ),
    Okr(
        "pl4",
        "pl",
        "让 2027 路线图人人讲得清",
        [
            KR("路线图在管理层评审中通过", metric="milestone", reach=0.8),
            KR("路线图内部认同度调查从 20 分提升到 45 分", 20, 45, "分", reach=0.5),
        ],
        parent="p4",
        kind="aspirational",
    ),
    Okr(
        "tw4",
        "tw",
        "让帮助文档替用户回答问题",
        [
            KR("帮助中心搜索无结果率从 18% 降到 8%", 18, 8, "%", "percent", "decrease", reach=0.9),
            KR("文档满意度从 3.9 分提升到 4.4 分", 3.9, 4.4, "分", reach=1.0),
        ],
        parent="s1.0",
    ),
    Okr(
        "ceo4",
        "ceo",
        "就 2027 年战略达成共识",
        [
            KR("2027 战略共识会完成并发布纪要", metric="milestone", reach=0.9),
            KR("部门负责人对战略的理解度评分从 3.2 提升到 4.5", 3.2, 4.5, "分", reach=0.8),
        ],
        kind="aspirational",
    ),
    Okr(
        "hr1",
        "hr",
        "让 OKR 在全公司真正用起来",
        [
            KR("按时完成周进展更新的员工比例从 45% 提升到 85%", 45, 85, "%", "percent", reach=0.8),
            KR("对齐到上级目标的个人 OKR 比例从 50% 提升到 90%", 50, 90, "%", "percent", reach=1.0),
        ],
    ),
    Okr(
        "legal1",
        "legal",
        "让合同审核不再拖慢销售",
        [
            KR(
                "标准合同审核周期从 5 个工作日缩短到 2 个工作日",
                5,
                2,
                "天",
                direction="decrease",
                reach=0.8,
            ),
        ],
        parent="g1",
        visibility="private",
    ),
    Okr(
        "fin1",
        "fin",
        "让预算执行一目了然",
        [
            KR("部门预算月度偏差从 15% 降到 5% 以内", 15, 5, "%", "percent", "at_most", reach=0.7),
        ],
        kind="committed",
    ),
]

COMMENTS = [
    ("pd", "pm1", "这个季度的客户拜访收获很大，@林晓 把访谈纪要整理后发给 @客户支持部 一起看看。"),
    ("cs", "tw1", "常见问题的改版效果很好，工单量明显下降了，谢谢 @孙丽！"),
    ("vp", "g1", "Win rate is lagging: @Liam Turner let's review the lost deals on Friday."),
]


class Builder:
    """Builds the demo organization through the real services."""

    def __init__(self, today: dt.date):
        self.today = today
        self.rng = random.Random(2026)
        self.people: dict[str, Membership] = {}
        self.teams: dict[str, Team] = {}
        self.objectives: dict[str, Objective] = {}

    def build(self) -> Organization:
        self.org = Organization.objects.create(
            name="源目标科技 Mubiao Demo", slug=SLUG, settings=DEMO_SETTINGS
        )
        self._people()
        self._teams()
        self._cycles()
        for spec in OBJECTIVES:
            self._objective(spec)
        for spec in OBJECTIVES:
            self._history(spec)
        graded_quarter(self)
        # Months of history written in a moment are not news to replay into the bells; the
        # comments below are, and stay unread.
        notify.settle_backfill(self.org.pk)
        for author, objective, body in COMMENTS:
            services.add_comment(
                self.people[author], objective=self.objectives[objective], body=body
            )
        return self.org

    def _people(self) -> None:
        # One hash for everyone: hashing is deliberately slow, and the password is public.
        password = make_password(PASSWORD)
        for key, name, local, title, role, manager, language in PEOPLE:
            user, _ = User.objects.update_or_create(
                email=f"{local}@{DOMAIN}",
                defaults={"username": f"{local}@{DOMAIN}", "name": name, "language": language,
                          "password": password, "is_active": True},
            )  # fmt: skip
            self.people[key] = Membership.objects.create(
                organization=self.org,
                user=user,
                role=role,
                title=title,
                manager=self.people[manager] if manager else None,
            )

    def _teams(self) -> None:
        for key, name, slug, parent, leads, members in TEAMS:
            team = Team.objects.create(
                organization=self.org,
                name=name,
                slug=slug,
                parent=self.teams[parent] if parent else None,
            )
            self.teams[key] = team
            TeamMember.objects.bulk_create(
                [TeamMember(team=team, membership=self.people[k], is_lead=True) for k in leads]
                + [TeamMember(team=team, membership=self.people[k]) for k in members]
            )

    def _cycles(self) -> None:
        admin = self.people["hr"]
        year = self.today.year
        self.year = services.create_cycle(
            admin,
            name=f"{year} 年度",
            kind=Cycle.Kind.YEAR,
            start_date=dt.date(year, 1, 1),
            end_date=dt.date(year, 12, 31),
            state=Cycle.State.ACTIVE,
        )
        self.quarters = []
        for q in range(4):
            start = dt.date(year, 3 * q + 1, 1)
            end = quarter_end(year, q + 1)
            state = (
                Cycle.State.CLOSED if end < self.today
                else Cycle.State.ACTIVE if start <= self.today
                else Cycle.State.PLANNING
            )  # fmt: skip
            self.quarters.append(
                services.create_cycle(
                    admin,
                    name=f"{year} Q{q + 1}",
                    kind=Cycle.Kind.QUARTER,
                    start_date=start,
                    end_date=end,
                    parent=self.year,
                    state=state,
                )
            )
        self.quarter = next(c for c in self.quarters if c.state == Cycle.State.ACTIVE)

    def _due(self, kr: KR, cycle: Cycle) -> dt.date | None:
        if kr.due == "Q1":
            return quarter_end(cycle.start_date.year, 1)
        if isinstance(kr.due, int):
            return month_end(cycle.start_date.year, kr.due)
        return None

    def _objective(self, spec: Okr) -> None:
        cycle = self.year if spec.cycle == "year" else self.quarter
        if spec.owner == "org":
            actor, owner = self.people["ceo"], {"owner_type": "organization"}
        elif spec.owner in self.teams:
            team = self.teams[spec.owner]
            lead = TeamMember.objects.filter(team=team, is_lead=True).first().membership
            actor, owner = lead, {"owner_type": "team", "owner_team": team}
        else:
            actor = self.people[spec.owner]
            owner = {"owner_type": "person", "owner_member": actor}
        parent = {}
        if spec.parent:
            key, _, index = spec.parent.partition(".")
            target = self.objectives[key]
            if index:
                parent["parent_key_result"] = target.key_results.order_by("position")[int(index)]
            else:
                parent["parent_objective"] = target
        objective = services.create_objective(
            actor,
            cycle=cycle,
            title=spec.title,
            kind=spec.kind,
            visibility=spec.visibility,
            progress_source=spec.progress,
            aligned_share=spec.aligned_share,
            key_results=[
                {
                    "title": kr.title,
                    "metric_type": kr.metric,
                    "start_value": kr.start,
                    "target_value": kr.target,
                    "unit": kr.unit,
                    "direction": kr.direction,
                    "due_date": self._due(kr, cycle),
                    "progress_source": kr.source,
                    "confidence": self.rng.randint(4, 8),
                }
                for kr in spec.krs
            ],
            **owner,
            **parent,
        )
        self.objectives[spec.key] = objective

    def _history(self, spec: Okr) -> None:
        """Weekly check-ins from the start of the KR's period up to today (or its due date),
        moving towards `reach` with some noise."""
        objective = self.objectives[spec.key]
        cycle = objective.cycle
        actor = objective.owner_member or self.people["ceo"]
        if objective.owner_team_id:
            actor = (
                TeamMember.objects.filter(team_id=objective.owner_team_id, is_lead=True)
                .first()
                .membership
            )
        krs = list(objective.key_results.order_by("position"))
        for kr, story in zip(krs, spec.krs, strict=True):
            if story.source == "children" or (story.reach == 0 and story.metric != "boolean"):
                continue
            end = min(kr.due_date or cycle.end_date, self.today)
            start = (
                cycle.start_date
                if cycle.kind != "year" or not kr.due_date
                else max(cycle.start_date, (kr.due_date - dt.timedelta(days=90)))
            )
            weeks = max(1, (end - start).days // 7)
            due = kr.due_date or cycle.end_date
            goal = story.reach * float(rules.expected_progress(cycle.start_date, due, self.today))
            confidence = self.rng.randint(5, 8)
            for week in range(1, weeks + 1):
                day = start + dt.timedelta(days=7 * week)
                if day > end:
                    break
                fraction = goal * week / weeks
                value = self._value(kr, story, fraction, final=week == weeks)
                confidence = max(0, min(10, confidence + self.rng.choice((-1, 0, 0, 1))))
                # Half past ten in the morning of the organization's day; today's, before
                # half past ten, is now (a check-in is never measured in the future).
                at = min(
                    dt.datetime.combine(day, dt.time(10, 30), tzinfo=ZoneInfo(self.org.time_zone)),
                    timezone.now(),
                )
                services.check_in(
                    actor, kr, value=value, confidence=confidence,
                    note=self._note(actor, week, weeks), at=at,
                )  # fmt: skip
                kr.refresh_from_db()

    def _value(self, kr: KeyResult, story: KR, fraction: float, *, final: bool) -> Decimal:
        if kr.metric_type == KeyResult.MetricType.BOOLEAN:
            return Decimal(1 if final and story.reach >= 1 else 0)
        noise = 1 + self.rng.uniform(-0.08, 0.08) if not final else 1
        fraction = max(0.0, min(fraction * noise, 1.05))
        if kr.metric_type == KeyResult.MetricType.MILESTONE:
            return Decimal(round(100 * min(fraction, 1)))
        start, target = float(kr.start_value), float(kr.target_value)
        if kr.direction in ("at_least", "at_most") and final and story.reach >= 1:
            fraction = 1
        value = start + (target - start) * fraction
        # As people report them: whole numbers for wide ranges, decimals for narrow ones.
        span = abs(target - start)
        return Decimal(str(round(value, 0 if span >= 10 else 1 if span >= 1 else 2)))

    def _note(self, author: Membership, week: int, weeks: int) -> str:
        # In the language of the person who writes it, whatever the key result's title says
        # (a Chinese member's note read English on an English-titled key result, issue 9).
        english = author.user.language != "zh-hans"
        if week == weeks:
            return "Latest numbers from the dashboard." if english else "最新数据，来自看板。"
        if week % 3:
            return ""
        return "On plan this week." if english else "本周按计划推进。"


def quarter_end(year: int, quarter: int) -> dt.date:
    return month_end(year, 3 * quarter)


def month_end(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def delete_demo() -> None:
    """Remove the demo organization and everything in it (the people's accounts stay)."""
    org = Organization.objects.filter(slug=SLUG).first()
    if org is None:
        return
    # Protected links (cycles, owners, team tree) are cut in dependency order.
    Notification.objects.filter(organization=org).delete()
    Comment.objects.filter(organization=org).delete()
    CheckIn.objects.filter(organization=org).delete()
    Objective.objects.filter(organization=org).update(parent_objective=None, parent_key_result=None)
    Objective.objects.filter(organization=org).delete()
    Activity.objects.filter(organization=org).delete()
    Cycle.objects.filter(organization=org).exclude(parent=None).delete()
    Cycle.objects.filter(organization=org).delete()
    Team.objects.filter(organization=org).update(parent=None)
    org.delete()


@transaction.atomic
def create_demo(today: dt.date | None = None) -> Organization:
    delete_demo()
    return Builder(today or today_for(Organization(settings=DEMO_SETTINGS))).build()
