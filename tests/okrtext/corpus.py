# ruff: noqa: E501 - one key result and its reading per line: a table, not code
"""Hand-written readings of real-style key results (okr-rules.md §6), zh and en.

Each entry is the KR as people write it and its expected reading, written by hand from the
conventions, not from the reader's output. Sources of style: Google's playbook examples, GitLab
and Sourcegraph handbooks, Chinese practitioner cases (销售, 客服, 研发, 法务, 人力, 市场, 产品, 财务)
and the seed article's 15 KRs (dated 2020-12-30, so read with year 2021).

Documented choices: "before <month>" is the last day of the previous month; 中旬 is day 20,
上旬/初 day 10, mid-month day 15; a milestone's metric is its deliverable.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Expected:
    kr: str
    text: str | None  # None: same as `kr`
    metric: str | None
    start: float | None
    target: float | None
    target_type: str | None
    unit: str | None
    direction: str
    deadline: str | None = None
    due: str | None = None
    mentions: tuple[str, ...] = ()
    is_activity: bool = False
    year: int = 2026

    def as_dict(self) -> dict:
        return {
            "text": self.text or self.kr,
            "metric": self.metric,
            "start": self.start,
            "target": self.target,
            "target_type": self.target_type,
            "unit": self.unit,
            "direction": self.direction,
            "deadline": self.deadline,
            "due": self.due,
            "mentions": list(self.mentions),
            "is_activity": self.is_activity,
        }


def k(kr, metric, start, target, target_type, unit, direction, deadline=None, due=None, **kw):
    return Expected(kr, kw.pop("text", None), metric, start, target, target_type, unit, direction,
                    deadline, due, **kw)  # fmt: skip


A, R = "absolute", "relative"
UP, DOWN, KEEP, MS = "increase", "decrease", "maintain", "milestone"
SEED = {"year": 2021}

# fmt: off
CORPUS = [
    # --- the seed article (产品经理 / 产品主管 / 文档撰写者) ---
    k("KR1:Q1 拜访 50 个客户,获取用户反馈调研续费或不续费的原因", "客户", None, 50, A, "个", UP, "Q1", "2021-03-31", text="Q1 拜访 50 个客户,获取用户反馈调研续费或不续费的原因", is_activity=True, **SEED),
    k("KR2:2 月在移动客户端上设置 10 个 A/B 测试以驱动续费", "A/B 测试", None, 10, A, "个", UP, "2 月", "2021-02-28", text="2 月在移动客户端上设置 10 个 A/B 测试以驱动续费", is_activity=True, **SEED),
    k("KR3:Q1 识别高级用户并记录他们的行为保证有更严谨的数据支撑", "高级用户并记录他们的行为", None, None, None, None, MS, "Q1", "2021-03-31", text="Q1 识别高级用户并记录他们的行为保证有更严谨的数据支撑", is_activity=True, **SEED),
    k("KR1:10 月与合作伙伴进行产品培训", "产品培训", None, None, None, None, MS, "10 月", "2021-10-31", text="10 月与合作伙伴进行产品培训", is_activity=True, **SEED),
    k("KR2:10 月底与外部供应商签署目标,建立共同愿景", "目标", None, None, None, None, MS, "10 月底", "2021-10-31", text="10 月底与外部供应商签署目标,建立共同愿景", is_activity=True, **SEED),
    k("KR3:截止 12 月之前制定推广和整合计划,与大数据应用和服务团队合作", "推广和整合计划", None, None, None, None, MS, "截止 12 月之前", "2021-11-30", text="截止 12 月之前制定推广和整合计划,与大数据应用和服务团队合作", is_activity=True, **SEED),
    k("KR1:1 月与产品干系人、研发、设计、产品、工程师、运维确定最终的产品需求", "最终的产品需求", None, None, None, None, MS, "1 月", "2021-01-31", text="1 月与产品干系人、研发、设计、产品、工程师、运维确定最终的产品需求", is_activity=True, **SEED),
    k("KR2:2 月与市场团队确定用例文档", "用例文档", None, None, None, None, MS, "2 月", "2021-02-28", text="2 月与市场团队确定用例文档", is_activity=True, **SEED),
    k("KR3:Q1 完成整个产品功能优先级和流程的处理", "整个产品功能优先级和流程的处理", None, None, None, None, MS, "Q1", "2021-03-31", text="Q1 完成整个产品功能优先级和流程的处理", is_activity=True, **SEED),
    k("KR4:Q1实现日活跃用户增长15%", "日活跃用户", None, 15, R, "%", UP, "Q1", "2021-03-31", text="Q1实现日活跃用户增长15%", **SEED),
    k("KR1:5 月底移除多余的文件", "多余的文件", None, None, None, None, MS, "5 月底", "2021-05-31", text="5 月底移除多余的文件", is_activity=True, **SEED),
    k("KR2:6 月,在客户支持的帮助下,聚焦并改进常见问题的解答@客户支持部门xx", "常见问题的解答", None, None, None, None, MS, "6 月", "2021-06-30", text="6 月,在客户支持的帮助下,聚焦并改进常见问题的解答", mentions=("客户支持部门xx",), is_activity=True, **SEED),
    k("KR3:6 月确定文档格式和风格指南", "文档格式和风格指南", None, None, None, None, MS, "6 月", "2021-06-30", text="6 月确定文档格式和风格指南", is_activity=True, **SEED),
    k("KR1:5 月底,与 PM 和主要参与者见面,了解新功能和用例", "与 PM 和主要参与者见面", None, None, None, None, MS, "5 月底", "2021-05-31", text="5 月底,与 PM 和主要参与者见面,了解新功能和用例", is_activity=True, **SEED),
    k("KR2:6 月底撰写 3 份全面的“秋季发行指南”草稿,截止 7 月前获得发布指南的最终批准", "全面的“秋季发行指南”草稿", None, 3, A, "份", UP, "6 月底", "2021-06-30", text="6 月底撰写 3 份全面的“秋季发行指南”草稿,截止 7 月前获得发布指南的最终批准", is_activity=True, **SEED),
    # --- English: Google playbook, GitLab / Sourcegraph handbooks, common SaaS OKRs ---
    k("Improve daily sign-ups by 25 percent by May 1", "daily sign-ups", None, 25, R, "%", UP, "by May 1", "2026-05-01"),
    k("Raise NPS from 30 to 45", "NPS", 30, 45, A, None, UP),
    k("Reduce P99 latency from 800ms to 300ms by end of March", "P99 latency", 800, 300, A, "ms", DOWN, "by end of March", "2026-03-31"),
    k("Grow weekly active users to 300k (current is 40k)", "weekly active users", 40000, 300000, A, None, UP),
    k("Hire 1 more SDR and 3 AEs", "SDR", None, 1, A, "SDR", UP, is_activity=True),
    k("$N net new ARR", "net new ARR", None, None, None, "$", UP),
    k("Implement RFC 7", "RFC 7", None, None, None, None, MS, is_activity=True),
    k("Launch Foo 4.1", "Foo 4.1", None, None, None, None, MS, is_activity=True),
    k("Launch Foo 4.1 to improve sign-ups by 25 percent", "sign-ups", None, 25, R, "%", UP),
    k("Increase ARR 4x", "ARR", None, 4, R, "x", UP),
    k("Achieve 99.95% uptime for the public API", "uptime", None, 99.95, A, "%", UP),
    k("Publish 10 blog posts per month", "blog posts", None, 10, A, "blog posts", UP, is_activity=True),
    k("Reduce churn by 2 percentage points by Q3", "churn", None, 2, R, "%", DOWN, "by Q3", "2026-09-30"),
    k("Cut average support response time to under 4 hours", "average support response time", None, 4, A, "hours", DOWN),
    k("Respond to 90% of tickets within 24 hours", "tickets", None, 90, A, "%", UP),
    k("Close $2M in new business by EOY", "new business", None, 2000000, A, "$", UP, "by EOY", "2026-12-31"),
    k("Sign 10 new enterprise customers", "new enterprise customers", None, 10, A, "new enterprise customers", UP),
    k("Get 1,000 paying customers by end of Q2", "paying customers", None, 1000, A, "paying customers", UP, "by end of Q2", "2026-06-30"),
    k("Reach 10k weekly active users", "weekly active users", None, 10000, A, "weekly active users", UP),
    k("Keep error rate below 0.1%", "error rate", None, 0.1, A, "%", KEEP),
    k("Maintain 99.9% availability", "availability", None, 99.9, A, "%", KEEP),
    k("Double trial sign-ups", "trial sign-ups", None, 2, R, "x", UP),
    k("Publish the v0 spec by July 31", "v0 spec", None, None, None, None, MS, "by July 31", "2026-07-31", is_activity=True),
    k("Ship the new onboarding flow by Oct 20", "new onboarding flow", None, None, None, None, MS, "by Oct 20", "2026-10-20", is_activity=True),
    k("Have the press publish 3 stories about our launch", "stories", None, 3, A, "stories", UP),
    k("Increase conversion rate from 2.1% to 3%", "conversion rate", 2.1, 3, A, "%", UP),
    k("Reduce infrastructure cost by $50k per month", "infrastructure cost", None, 50000, R, "$", DOWN),
    k("Onboard 5 design partners by end of April", "design partners", None, 5, A, "design partners", UP, "by end of April", "2026-04-30"),
    k("Run 4 customer workshops", "customer workshops", None, 4, A, "customer workshops", UP, is_activity=True),
    k("Interview 20 churned customers", "churned customers", None, 20, A, "churned customers", UP, is_activity=True),
    k("Write 12 help-center articles", "help-center articles", None, 12, A, "help-center articles", UP, is_activity=True),
    k("Resolve 95% of P1 bugs within 48 hours", "P1 bugs", None, 95, A, "%", UP),
    k("Bring time to first value under 10 minutes", "time to first value", None, 10, A, "minutes", DOWN),
    k("Lower monthly churn to 1.5% (currently 3%)", "monthly churn", 3, 1.5, A, "%", DOWN),
    k("Grow MRR from $80k to $120k by Q4", "MRR", 80000, 120000, A, "$", UP, "by Q4", "2026-12-31"),
    k("Achieve a CSAT of 4.5/5", "CSAT", None, 4.5, A, None, UP),
    k("Migrate 100% of services to Kubernetes by end of Q3", "services", None, 100, A, "%", UP, "by end of Q3", "2026-09-30", is_activity=True),
    k("Deliver the 2026 security audit report by June 30", "2026 security audit report", None, None, None, None, MS, "by June 30", "2026-06-30", is_activity=True),
    k("Reduce the number of open bugs from 120 to 40", "number of open bugs", 120, 40, A, None, DOWN),
    k("Cut build time by 50%", "build time", None, 50, R, "%", DOWN),
    k("Increase test coverage to 80%", "test coverage", None, 80, A, "%", UP),
    k("Get 3 enterprise customers to sign a case study", "enterprise customers", None, 3, A, "enterprise customers", UP),
    k("Launch in 2 new markets by H2", "new markets", None, 2, A, "new markets", UP, "by H2", "2026-12-31", is_activity=True),
    k("Train 50 support agents on the new tooling", "support agents", None, 50, A, "support agents", UP, is_activity=True),
    k("Document the incident response process", "incident response process", None, None, None, None, MS, is_activity=True),
    k("Increase organic traffic by 40% compared to last quarter", "organic traffic", None, 40, R, "%", UP),
    k("Decrease time-to-hire from 45 days to 30 days", "time-to-hire", 45, 30, A, "days", DOWN),
    k("Reduce onboarding drop-off to less than 20%", "onboarding drop-off", None, 20, A, "%", DOWN),
    k("At least 30 contributors merge a PR each month", "contributors", None, 30, A, "contributors", UP),
    k("Ship dark mode to 100% of users by Oct 1", "users", None, 100, A, "%", UP, "by Oct 1", "2026-10-01", is_activity=True),
    k("Publish 2 case studies with reference customers", "case studies", None, 2, A, "case studies", UP, is_activity=True),
    k("Raise average deal size from $12k to $15k", "average deal size", 12000, 15000, A, "$", UP),
    k("Reduce cloud spend by 15% YoY", "cloud spend", None, 15, R, "%", DOWN),
    k("Process 95% of refunds within 1 business day", "refunds", None, 95, A, "%", UP),
    k("Less than 5 Sev-1 incidents in Q2", "Sev-1 incidents", None, 5, A, "Sev-1 incidents", DOWN, "in Q2", "2026-06-30"),
    k("Get 500 beta sign-ups by March 15", "beta sign-ups", None, 500, A, "beta sign-ups", UP, "by March 15", "2026-03-15"),
    k("Improve search relevance (nDCG) from 0.61 to 0.70", "search relevance (nDCG)", 0.61, 0.7, A, None, UP),
    k("Increase the share of self-serve upgrades to 60%", "share of self-serve upgrades", None, 60, A, "%", UP),
    k("Make 80% of new docs pages pass the style linter", "new docs pages", None, 80, A, "%", UP),
    k("Reduce mean time to recovery (MTTR) to 30 minutes", "mean time to recovery (MTTR)", None, 30, A, "minutes", DOWN),
    k("Open-source the SDK by end of May", "SDK", None, None, None, None, MS, "by end of May", "2026-05-31", is_activity=True),
    k("Release SSO for all enterprise plans by Q2 2026", "SSO for all enterprise plans", None, None, None, None, MS, "by Q2 2026", "2026-06-30", is_activity=True),
    k("Reduce false-positive alerts by 70%", "false-positive alerts", None, 70, R, "%", DOWN),
    k("Grow newsletter subscribers from 12,000 to 20,000", "newsletter subscribers", 12000, 20000, A, None, UP),
    k("Increase trial-to-paid conversion by 3 points", "trial-to-paid conversion", None, 3, R, "points", UP),
    k("Ensure 100% of production services have an on-call owner", "production services", None, 100, A, "%", UP),
    k("Attend 3 industry conferences", "industry conferences", None, 3, A, "industry conferences", UP, is_activity=True),
    k("Help 200 customers migrate to v2", "customers", None, 200, A, "customers", UP, is_activity=True),
    k("Analyze churn reasons for 50 lost accounts", "lost accounts", None, 50, A, "lost accounts", UP, is_activity=True),
    k("Increase blog traffic to 50k monthly visitors", "monthly visitors", None, 50000, A, "monthly visitors", UP),
    k("Cut p95 page load time to 2 s", "p95 page load time", None, 2, A, "s", DOWN),
    k("Raise gross margin to 70% by FY27", "gross margin", None, 70, A, "%", UP, "by FY27", None),
    k("Sign 3 new channel partners in EMEA by end of H1", "new channel partners", None, 3, A, "new channel partners", UP, "by end of H1", "2026-06-30"),
    k("Get the mobile app rating above 4.6", "mobile app rating", None, 4.6, A, None, UP),
    k("Reduce customer complaints to fewer than 10 per month", "customer complaints", None, 10, A, None, DOWN),
    k("Automate 80% of regression tests", "regression tests", None, 80, A, "%", UP, is_activity=True),
    k("Complete SOC 2 Type II audit by September 30", "SOC 2 Type II audit", None, None, None, None, MS, "by September 30", "2026-09-30", is_activity=True),
    k("Increase weekly active teams by 20% QoQ", "weekly active teams", None, 20, R, "%", UP),
    k("Hire a head of data by end of Q1", "head of data", None, None, None, None, MS, "by end of Q1", "2026-03-31", is_activity=True),
    k("Reduce average handle time from 9 minutes to 6 minutes", "average handle time", 9, 6, A, "minutes", DOWN),
    k("Improve sign-ups", "sign-ups", None, None, None, None, UP),
    k("Try to reduce onboarding time", "onboarding time", None, None, None, None, DOWN),
    k("Launch the partner portal", "partner portal", None, None, None, None, MS, is_activity=True),
    k("Reduce deploy lead time from 3 days to 1 day", "deploy lead time", 3, 1, A, "day", DOWN),
    k("Increase 30-day retention from 25% to 35%", "30-day retention", 25, 35, A, "%", UP),
    k("Make 3 strategic hires in sales engineering", "strategic hires", None, 3, A, "strategic hires", UP, is_activity=True),
    k("P0 - @alanshaw - Ship js-ipfs 0.30 by end of Q2", "js-ipfs 0.30", None, None, None, None, MS, "by end of Q2", "2026-06-30", text="Ship js-ipfs 0.30 by end of Q2", mentions=("alanshaw",), is_activity=True),
    k("**P1** - Grow unique visitors to 1M by EOY", "unique visitors", None, 1000000, A, None, UP, "by EOY", "2026-12-31", text="Grow unique visitors to 1M by EOY"),
    k("Increase NPS to 50 (Kishan)", "NPS", None, 50, A, None, UP, text="Increase NPS to 50"),
    k("Reduce onboarding time to 2 days @alice", "onboarding time", None, 2, A, "days", DOWN, text="Reduce onboarding time to 2 days", mentions=("alice",)),
    k("Hit $1M ARR => Was in the 80's", "ARR", None, 1000000, A, "$", UP, text="Hit $1M ARR"),
    # --- 中文：销售、客服、研发、法务、人力、市场、产品、财务 ---
    k("客户续费率从 60% 提升至 75%", "客户续费率", 60, 75, A, "%", UP),
    k("较上季度降低 8% 的客诉量", "客诉量", None, 8, R, "%", DOWN),
    k("首次响应时间在 2 小时内", "首次响应时间", None, 2, A, "小时", DOWN),
    k("工单 72 小时内解决率达到 95%", "工单 72 小时内解决率", None, 95, A, "%", UP),
    k("平均交付周期当前值为 30 天,缩短到 20 天", "平均交付周期", 30, 20, A, "天", DOWN),
    k("签约 xx 家新客户", "新客户", None, None, None, "家", UP),
    k("招聘三位高级工程师", "高级工程师", None, 3, A, "位", UP, is_activity=True),
    k("销售额翻倍", "销售额", None, 2, R, "x", UP),
    k("3月底前上线新版帮助中心", "新版帮助中心", None, None, None, None, MS, "3月底前", "2026-03-31", is_activity=True),
    k("年度销售额达到 5000 万元", "年度销售额", None, 50000000, A, "元", UP),
    k("新增付费客户不少于 200 家", "新增付费客户", None, 200, A, "家", UP),
    k("客户满意度从 85% 提升到 92%", "客户满意度", 85, 92, A, "%", UP),
    k("线上故障数量减少 50%", "线上故障数量", None, 50, R, "%", DOWN),
    k("P0 级缺陷逃逸数为 0", "P0 级缺陷逃逸数", None, 0, A, None, DOWN),
    k("Q2 完成 3 个核心模块的重构", "核心模块的重构", None, 3, A, "个", UP, "Q2", "2026-06-30", is_activity=True),
    k("季度内召开 12 场用户访谈", "用户访谈", None, 12, A, "场", UP, is_activity=True),
    k("每周组织一场测试培训", "测试培训", None, 1, A, "场", UP, is_activity=True),
    k("每天督促开发人员解决bug", "开发人员解决bug", None, None, None, None, MS, is_activity=True),
    k("举办 3 场线下活动", "线下活动", None, 3, A, "场", UP, is_activity=True),
    k("完成用户调研 10 次", "用户调研", None, 10, A, "次", UP, is_activity=True),
    k("用户 NPS 从 32 提升到 45", "用户 NPS", 32, 45, A, None, UP),
    k("应收账款回款率达到 98% 以上", "应收账款回款率", None, 98, A, "%", UP),
    k("人均产值提升 20%", "人均产值", None, 20, R, "%", UP),
    k("核心员工流失率控制在 5% 以内", "核心员工流失率", None, 5, A, "%", DOWN),
    k("招聘 10 名销售代表,6 月底前全部到岗", "销售代表", None, 10, A, "名", UP, "6 月底前", "2026-06-30", is_activity=True),
    k("合同审核周期由 5 个工作日缩短到 3 个工作日", "合同审核周期", 5, 3, A, "个工作日", DOWN),
    k("法律纠纷案件胜诉率不低于 90%", "法律纠纷案件胜诉率", None, 90, A, "%", UP),
    k("完成全部 120 份存量合同的合规审查", "存量合同的合规审查", None, 120, A, "份", UP, is_activity=True),
    k("官网月均访问量提升至 50 万", "官网月均访问量", None, 500000, A, None, UP),
    k("公众号粉丝数从 2 万增长到 5 万", "公众号粉丝数", 20000, 50000, A, None, UP),
    k("获取 300 条销售线索", "销售线索", None, 300, A, "条", UP),
    k("市场活动带来的线索转化率达到 15%", "市场活动带来的线索转化率", None, 15, A, "%", UP),
    k("9 月底前发布 2.0 版本", "2.0 版本", None, None, None, None, MS, "9 月底前", "2026-09-30", is_activity=True),
    k("App 崩溃率低于 0.1%", "App 崩溃率", None, 0.1, A, "%", DOWN),
    k("页面首屏加载时间从 3 秒降到 1.5 秒", "页面首屏加载时间", 3, 1.5, A, "秒", DOWN),
    k("单元测试覆盖率达到 80%", "单元测试覆盖率", None, 80, A, "%", UP),
    k("上半年完成 ISO 27001 认证", "ISO 27001 认证", None, None, None, None, MS, "上半年", "2026-06-30", is_activity=True),
    k("员工培训满意度保持在 90% 以上", "员工培训满意度", None, 90, A, "%", KEEP),
    k("关键岗位招聘到岗率达到 100%", "关键岗位招聘到岗率", None, 100, A, "%", UP),
    k("新员工试用期离职率低于 10%", "新员工试用期离职率", None, 10, A, "%", DOWN),
    k("年底前建立覆盖全员的绩效面谈机制", "覆盖全员的绩效面谈机制", None, None, None, None, MS, "年底前", "2026-12-31", is_activity=True),
    k("发布 4 篇行业白皮书", "行业白皮书", None, 4, A, "篇", UP, is_activity=True),
    k("品牌百度指数提升 30%", "品牌百度指数", None, 30, R, "%", UP),
    k("投放 ROI 从 1.2 提升到 2", "投放 ROI", 1.2, 2, A, None, UP),
    k("获客成本降低到 80 元以下", "获客成本", None, 80, A, "元", DOWN),
    k("客服一次解决率从 70% 提升到 85%", "客服一次解决率", 70, 85, A, "%", UP),
    k("客户投诉 48 小时内处理完毕率达到 100%", "客户投诉 48 小时内处理完毕率", None, 100, A, "%", UP),
    k("在线客服平均响应时间不超过 30 秒", "在线客服平均响应时间", None, 30, A, "秒", DOWN),
    k("每月组织 2 次产品知识培训", "产品知识培训", None, 2, A, "次", UP, is_activity=True),
    k("第三季度末前完成 CRM 系统上线", "CRM 系统上线", None, None, None, None, MS, "第三季度末前", "2026-09-30", is_activity=True),
    k("产品需求评审通过率达到 90%", "产品需求评审通过率", None, 90, A, "%", UP),
    k("新功能上线后 30 天留存率达到 40%", "新功能上线后 30 天留存率", None, 40, A, "%", UP),
    k("建立 5 个行业标杆客户案例", "行业标杆客户案例", None, 5, A, "个", UP, is_activity=True),
    k("渠道合作伙伴数量从 20 家增加到 35 家", "渠道合作伙伴数量", 20, 35, A, "家", UP),
    k("华东区销售回款 3000 万元", "华东区销售回款", None, 30000000, A, "元", UP),
    k("库存周转天数从 45 天降至 30 天", "库存周转天数", 45, 30, A, "天", DOWN),
    k("采购成本同比下降 5%", "采购成本", None, 5, R, "%", DOWN),
    k("财务月结周期缩短至 3 个工作日", "财务月结周期", None, 3, A, "个工作日", DOWN),
    k("预算执行偏差率控制在 ±5% 以内", "预算执行偏差率", None, 5, A, "%", DOWN),
    k("12 月 31 日前完成年度审计", "年度审计", None, None, None, None, MS, "12 月 31 日前", "2026-12-31", is_activity=True),
    k("提交 2 项发明专利申请", "发明专利申请", None, 2, A, "项", UP, is_activity=True),
    k("核心接口可用性达到 99.99%", "核心接口可用性", None, 99.99, A, "%", UP),
    k("线上 P1 以上故障不超过 2 次", "线上 P1 以上故障", None, 2, A, "次", DOWN),
    k("代码评审覆盖率 100%", "代码评审覆盖率", None, 100, A, "%", UP),
    k("研发需求交付周期缩短 30%", "研发需求交付周期", None, 30, R, "%", DOWN),
    k("构建时间从 20 分钟降到 8 分钟", "构建时间", 20, 8, A, "分钟", DOWN),
    k("上线自动化部署流水线", "自动化部署流水线", None, None, None, None, MS, is_activity=True),
    k("完成 2 次全链路压测", "全链路压测", None, 2, A, "次", UP, is_activity=True),
    k("HR 系统员工自助使用率达到 80%", "HR 系统员工自助使用率", None, 80, A, "%", UP),
    k("组织 4 场管理者领导力工作坊", "管理者领导力工作坊", None, 4, A, "场", UP, is_activity=True),
    k("校招录用 30 名应届生,接受率不低于 70%", "应届生", None, 30, A, "名", UP, is_activity=True),
    k("用户日活(DAU)从 8 万提升到 12 万", "用户日活(DAU)", 80000, 120000, A, None, UP),
    k("付费转化率提高 2 个百分点", "付费转化率", None, 2, R, "%", UP),
    k("注册用户突破 100 万", "注册用户", None, 1000000, A, None, UP),
    k("App Store 评分保持 4.8 分以上", "App Store 评分", None, 4.8, A, "分", KEEP),
    k("次月留存率从 35% 提升至 45%", "次月留存率", 35, 45, A, "%", UP),
    k("双十一活动 GMV 达到 1 亿元", "双十一活动 GMV", None, 100000000, A, "元", UP),
    k("会员复购率提升至 40%", "会员复购率", None, 40, A, "%", UP),
    k("小程序下单转化率较上月提升 10%", "小程序下单转化率", None, 10, R, "%", UP),
    k("退货率低于 3%", "退货率", None, 3, A, "%", DOWN),
    k("8 月中旬前完成供应商准入制度修订", "供应商准入制度修订", None, None, None, None, MS, "8 月中旬前", "2026-08-20", is_activity=True),
    k("10 月 1 日前开通海外支付渠道", "海外支付渠道", None, None, None, None, MS, "10 月 1 日前", "2026-10-01", is_activity=True),
    k("尽量提升用户满意度", "用户满意度", None, None, None, None, UP),
    k("截至6月中旬完成 3 场渠道大会", "渠道大会", None, 3, A, "场", UP, "截至6月中旬", "2026-06-20", is_activity=True),
    k("2020年第二季度实现盈亏平衡", "盈亏平衡", None, None, None, None, MS, "2020年第二季度", "2020-06-30"),
    k("在6个月内将客户流失率降低到 5%", "客户流失率", None, 5, A, "%", DOWN, "在6个月内", None),
    k("2019-20年第三季度前完成海外子公司注册", "海外子公司注册", None, None, None, None, MS, "2019-20年第三季度前", None, is_activity=True),
    k("关键结果1：客户续费率达到 80%（P0：必须完成）@销售部", "客户续费率", None, 80, A, "%", UP, text="客户续费率达到 80%", mentions=("销售部",)),
    k("關鍵結果2：客戶滿意度提昇至 95%", "客戶滿意度", None, 95, A, "%", UP, text="客戶滿意度提昇至 95%"),
]
# fmt: on

# Written after the reader was tuned on CORPUS and never used to tune it: an honest check of how
# the reader generalises. The accuracy test reports it separately.
# fmt: off
HELD_OUT = [
    k("Increase paid conversion from 4% to 6% by end of June", "paid conversion", 4, 6, A, "%", UP, "by end of June", "2026-06-30"),
    k("Reduce median time to merge to 1 day", "median time to merge", None, 1, A, "day", DOWN),
    k("Publish 6 customer stories", "customer stories", None, 6, A, "customer stories", UP, is_activity=True),
    k("Grow marketplace GMV by 30%", "marketplace GMV", None, 30, R, "%", UP),
    k("Cut cost per lead to $40", "cost per lead", None, 40, A, "$", DOWN),
    k("Launch the billing API by Aug 15", "billing API", None, None, None, None, MS, "by Aug 15", "2026-08-15", is_activity=True),
    k("Keep monthly churn under 2%", "monthly churn", None, 2, A, "%", KEEP),
    k("Win 4 new logos in the public sector", "new logos", None, 4, A, "new logos", UP),
    k("Conduct 15 usability tests", "usability tests", None, 15, A, "usability tests", UP, is_activity=True),
    k("Raise activation rate to 45% (currently 32%)", "activation rate", 32, 45, A, "%", UP),
    k("Reduce escaped defects by 40% by Q4", "escaped defects", None, 40, R, "%", DOWN, "by Q4", "2026-12-31"),
    k("Ship offline mode in H2 2026", "offline mode", None, None, None, None, MS, "in H2 2026", "2026-12-31", is_activity=True),
    k("客单价从 120 元提升到 150 元", "客单价", 120, 150, A, "元", UP),
    k("门店数量增加到 50 家", "门店数量", None, 50, A, "家", UP),
    k("工单平均处理时长缩短 25%", "工单平均处理时长", None, 25, R, "%", DOWN),
    k("11 月底前上线会员积分体系", "会员积分体系", None, None, None, None, MS, "11 月底前", "2026-11-30", is_activity=True),
    k("举办 6 场客户沙龙", "客户沙龙", None, 6, A, "场", UP, is_activity=True),
    k("员工敬业度调研得分不低于 4.2 分", "员工敬业度调研得分", None, 4.2, A, "分", UP),
    k("合同逾期率降至 2% 以下", "合同逾期率", None, 2, A, "%", DOWN),
    k("新签客户 80 家", "新签客户", None, 80, A, "家", UP),
    k("第四季度完成财务系统迁移", "财务系统迁移", None, None, None, None, MS, "第四季度", "2026-12-31", is_activity=True),
    k("抖音粉丝数突破 10 万", "抖音粉丝数", None, 100000, A, None, UP),
    k("线上课程完课率保持在 60% 以上", "线上课程完课率", None, 60, A, "%", KEEP),
    k("撰写 5 篇产品最佳实践文档", "产品最佳实践文档", None, 5, A, "篇", UP, is_activity=True),
]
# fmt: on
