"""Word lists from okr-rules.md §4–§5, compiled once; shared by the reader and the linter.

Lists are whitespace-separated strings (English entries are regex fragments, "\\s+" inside a
phrase). English entries match whole words, case-insensitively; Chinese entries match anywhere,
since Chinese has no word boundaries. All patterns run on `text.normalise`d text.
"""

import re


def _words(entries: str) -> str:
    return r"(?i:\b(?:" + "|".join(entries.split()) + r")\b)"


def _chars(entries: str) -> str:
    return "|".join(sorted(entries.split(), key=len, reverse=True))


def _both(en: str, zh: str) -> re.Pattern[str]:
    return re.compile(f"{_words(en)}|{_chars(zh)}")


# §5.4 direction words. "improve" counts as increase: it is said of higher-is-better metrics.
# The verbs that change a level, which a start (从 3 …) and a target (… 到 5) stand beside.
_ZH_RISE = "提升 提高 增加 增长 扩大 上升"
_ZH_FALL = "降低 减少 缩短 下降 压缩 缩减 削减"
_ZH_INCREASE = f"{_ZH_RISE} 突破 翻倍 翻番 升至 升到 最大化"
_ZH_DECREASE = f"{_ZH_FALL} 降至 降到 控制在 最小化"
# One of them, as a fragment of a pattern (no group): "从 三 增长到", "增长到 五", "提升 20%".
CHANGE_VERB_ZH = _chars(f"{_ZH_RISE} {_ZH_FALL}")
_ZH_MAINTAIN = "保持 维持 稳定在"
# Outcome verbs that are no change verbs: "实现日活增长", "签约 xx 家新客户".
_ZH_OUTCOME = "实现 达成 达到 达 获得 取得 签约 续约 续签 赢得 回款 转化 吸引 获取 开拓 拓展 发展"
INCREASE = _both(
    r"increas\w* grow\w* rais\w* boost\w* improv\w* lift\w* doubl\w* tripl\w* expand\w* up\s+from"
    # "Maximize monthly /search visits": a direction with no level named.
    r" maximi[sz]\w*"
    # "Support tickets per user down 15%", "NPS up by 10%": a change written after its metric.
    r" up(?=\s+(?:by\s+)?\d[\d.]*\s*%)",
    _ZH_INCREASE,
)
DECREASE = _both(
    r"reduc\w* cut(?:s|ting)?(?!-) decreas\w* lower\w* shorten\w* eliminat\w* minimi[sz]\w*"
    r" down\s+to"
    r" down\s+from"
    r" down(?=\s+(?:by\s+)?\d[\d.]*\s*%)",
    _ZH_DECREASE,
)
# The words naming a start, a table header's whole cell ("| 基线 | 目标值 |") and inline before
# the number ("（现状 70%）", "(baseline: 70%)"): one list for both (h10v).
START_WORD_EN = (
    r"baseline|start(?:ing)?(?:\s+(?:value|point|level))?|current(?:\s+(?:value|level))?"
)
START_WORD_ZH = "基线值?|基准值?|当前值?|现状|起始值|初始值|起点"
START_WORD = rf"(?i:{START_WORD_EN})|{START_WORD_ZH}"
# Change verbs that name no direction ("Improve sales cycle from 120 days to 90 days", "优化响应
# 时间从 8 小时到 4 小时"): the numbers decide which way (h10v). "improve" stays in INCREASE for a
# change with no start ("Improve NPS by 10%").
NEUTRAL_CHANGE = _both(
    r"improv\w* optimi[sz]\w* better\w* chang\w* mov(?:e|es|ed|ing) shift\w* adjust\w*"
    r" bring\w* brought get(?:s|ting)? got",
    "优化 改善 改进 调整 改变 变化",
)
# "Hold churn at 2%" keeps a level; "Hold 6 sessions" is an activity with a count.
MAINTAIN = _both(
    # Verb forms only: "maintainability", "sustainability", "stakeholders", "the remainder" and
    # "cutting-edge" name no direction (probe 10: "better maintainability" read as maintain).
    r"maintain(?:s|ed|ing)? keep(?:s|ing)? stay(?:s|ed|ing)?"
    r" hold(?:s|ing)?(?!\s+(?:\d|(?:a|an|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|twelve)\b)) remain(?:s|ed)? sustain(?:s|ed|ing)?",
    _ZH_MAINTAIN,
)
# §5.1 comparators. Lower bounds read as "increase", upper bounds as "decrease" (§6).
_LOWER_BOUND = _both(
    r"at\s+least more\s+than over above minimum or\s+(?:more|higher|above|better)"
    # "no less than 95%": a lower bound, although it ends in "less than".
    r" not?\s+(?:less|fewer|lower)\s+than higher\s+than greater\s+than",
    # ">" of an arrow ("5000 -> 800", "=>") leads to the target, no bound (h10m E10: read as
    # "at least 800", a fall from 5000 was kept as a level).
    "不少于 至少 超过 以上 不低于 不小于 大于 高于 多于 ≥ (?<![-=])>",
)
_UPPER_BOUND = _both(
    r"less\s+than under below not?\s+more\s+than at\s+most within up\s+to fewer\s+than"
    r" or\s+(?:less|lower|fewer|below)"
    # "Cost capped at $50k", "a maximum of 3 days" (issue 9, probe p3: read as a rise).
    r" capped\s+at (?:a\s+)?maximum\s+of"
    # "Churn no higher than 2%" (read as a rise), "Latency lower than 100 ms", "2 hours max".
    r" not?\s+(?:higher|greater)\s+than lower\s+than max",
    # "客户最多报告2个关键错误": 最多 / 至多 before the verb bound its count, as "at most" does.
    "不超过 少于 低于 以内 以下 小于 不高于 不大于 不多于 之内 封顶 最多(?!的) 至多 ≤ <",
)
# A bound before a number that picks things out by a measure of theirs ("适应率低于40%的新功能",
# "评分高于4.5分的供应商"): a fragment of a pattern (no group), the longest first.
BOUND_BEFORE_ZH = _chars("低于 高于 超过 不足 少于 多于 大于 小于 不低于 不高于 不超过 不少于")
# One pattern so that the longest comparator wins: "不少于" is a lower bound although it
# contains "少于", and "不超过" an upper bound although it contains "超过".
COMPARATOR = re.compile(f"(?P<upper>{_UPPER_BOUND.pattern})|(?P<lower>{_LOWER_BOUND.pattern})")
# Metrics where a smaller number is better: a bare threshold on them is an upper bound.
LOWER_IS_BETTER = _both(
    r"latency response\s+time reply\s+time handle\s+time resolution\s+time lead\s+time cycle\s+time"
    r" time\s+to\s+\w+ duration churn\w* bugs? defects? incidents? errors?"
    r" cost\w* complaints? backlog downtime outages? MTTR load\s+time wait\s+time turnover"
    r" attrition failures? rejections? refunds? escalations? bounce\s+rate crash\w*",
    "延迟 耗时 时长 流失率 投诉 缺陷 故障 成本 差错 错误率 离职率 响应时间"
    " 等待时间 处理时间 逾期 坏账 退货率 bug"
    # Words of harm that any measure naming them shares (客诉率, 不良品数, 宕机时长, 差评数).
    " 客诉 不良 损耗 事故 宕机 漏洞 违约 返工 超时 丢包 差评 退款 跳出率 卡顿 崩溃",
)

# §4.4 activity lexicon (OKR-A01). English verbs are matched as the KR's first word.
_ZH_ACTIVITY = (
    "咨询 协助 帮助 支持 分析 参与 拜访 召开 举行 举办 组织 开展 推进 跟进 督促 沟通 讨论 调研 研究"
    " 学习 培训 培养 辅导 撰写 编写 梳理 配合 走访 见面 会面 进行"
    # Work people schedule and do (§5): meetings, hiring, defining, practising, contacting.
    " 开会 雇用 雇佣 定义 配备 驾车 驾驶 锻炼 分享 联系 准备 参加 出席 谈判 提议 安排 描述 承担"
    " 打一场 宣传 宣讲 探索 走访 预约 演讲 授课 评审 评估 复盘 访谈"
    " 调整 提炼 总结 收集 整合 组建 筹备 策划 拟定 起草 编撰 操办 主办 承办 执行"
    # jieba tags it a noun at a line's start ("细化外包小组的权限").
    " 细化"
    # Looking for people or partners is work, as 招聘 is (h10u: "尋找合適的…合作者").
    " 寻找 物色"
)
ACTIVITY_EN = re.compile(
    _words(
        r"consult\w* help\w* assist\w* support\w* analy[sz]\w* participat\w* attend\w* hold\w*"
        r" host\w* organi[sz]\w* conduct\w* run\w* visit\w* meet\w* call\w* discuss\w* review\w*"
        r" research\w* investigat\w* explor\w* stud\w* learn\w* train\w* work\s+on draft\w*"
        r" writ\w* prepar\w* coordinat\w* follow\s+up interview\w*"
        # Work people schedule and do (§5): talking, proposing, scheduling, practising.
        r" negotiat\w* propos\w* schedul\w* undertak\w* describ\w* agree\w* speak\w* talk\w*"
        r" present\w* pitch\w* demo\w* share\w* post\w* send\w* email\w* contact\w* reach\s+out"
        r" amplif\w* celebrat\w* feature[sd]? elevat\w* test\w* onboard\w* read\w* play\w*"
        r" drink\w* eat\w* practi[cs]\w* exercis\w* volunteer\w* mentor\w* coach\w* evaluat\w*"
        r" assess\w* audit\w* survey\w* brainstorm\w* outreach"
    )
)
ACTIVITY_ZH = re.compile(_chars(_ZH_ACTIVITY))
OUTCOME_ZH = re.compile(_chars(_ZH_OUTCOME))
# "完成 + 工作/任务/需求/Sprint/撰写" is a to-do list item (OKR-A01).
# 工作日 / 工作天 are days, no work item ("编制完成时间缩短至5个工作日").
TODO_ZH = re.compile(r"完成.{0,12}?(?:工作(?![日天])|任务|需求|(?i:sprint)|撰写)")
# Work the team itself delivers: milestones and outputs (§6 is_activity, OKR-M01 milestones).
_ZH_DELIVERABLE = (
    "上线 下线 发布 完成 交付 制定 确定 建立 搭建 推出 落地 移除 重构 创建 输出 设置"
    " 设计 招聘 招募 开发 实施 部署 迁移 编制 出台 识别 记录 签署 引入 整理 开通"
    " 接入 开设 录制 制作 改版 上架 建设 形成 更新 聚焦 提交 录用 设立 新设 成立 新建 设定"
    " 出版"
)
DELIVERABLE = _both(
    r"publish\w* ship\w* launch\w* releas\w* document\w* complet\w* finish\w* deliver\w*"
    r" implement\w* migrat\w* roll(?:s|ed|ing)?\s+out deploy\w* open[-\s]source\w* announc\w*"
    r" finali[sz]\w* creat\w* build\w* set\s+up hir\w* recruit\w* design\w* defin\w* establish\w*"
    r" add\w* introduc\w* automat\w* refactor\w* remov\w* integrat\w* produc\w* rewrit\w*"
    r" redesign\w* instrument\w* adopt\w* set rebuild\w* revamp\w* overhaul\w* rework\w*"
    r" replac\w* upgrad\w*",
    _ZH_DELIVERABLE,
)
# Participles that open a modifier after a counted noun: "25 customers using SSO".
MODIFIER_PARTICIPLES = ("using", "including", "covering", "following", "excluding")
# Things a team writes or builds: a KR that only names one ("An updated handbook page …",
# "SEO analysis of docs") is a deliverable, work the team does.
DELIVERABLE_NOUN = re.compile(
    r"(?i:\b(?:page|board|plan|documentation|docs?|document|analysis|report|guide|strategy|roadmap"
    r"|proposal|spec|specification|pitch|process|program|framework|template|policy|playbook"
    r"|dashboard|website|site|intros?|prototype|mvp|implementation|checklist|handbook|wiki"
    r"|proof\s+of\s+concept|poc|testbed)\b)"
)
# Events a team holds or takes part in: counted with no verb ("4 speaking engagements this
# quarter", "6 customer workshops") they are work done, as a count after 场 or 次 is in Chinese.
EVENT_NOUN = re.compile(
    r"(?i:\b(?:engagements?|talks?|meetups?|webinars?|workshops?|conferences?|trainings?"
    r"|presentations?|hackathons?|seminars?|lectures?|panels?|roundtables?|interviews?)$)"
)
# The same events counted after 次 or 场 in Chinese ("2次经销商培训", "5场客户沙龙"): the noun
# after the measure word ends in one.
EVENT_NOUN_ZH = re.compile(
    r"\s*[\u4e00-\u9fffA-Za-z]{0,8}?(?:培训|活动|会议|讲座|沙龙|分享会|直播|路演|宣讲会?|研讨会?"
    r"|演练|发布会|峰会|论坛|工作坊|座谈会?|交流会|见面会|展会|大赛|比赛|workshop)"
    r"(?![\u4e00-\u9fff])"
)
# A result stated as done ("The Core API is finalized and released", "DHT is enabled"): checkable.
STATE_DONE = re.compile(
    r"(?i:\b(?:is|are|gets?|becomes?)\s+(?:\w+\s+){0,4}?(?:enabled|finished|published|released"
    r"|supported|documented|finalized|implemented|done|live|available|triaged|updated|deprecated"
    r"|merged|shipped|running|in\s+place"
    # A result kept or reached, said in the passive ("Caching of data … is prevented", "2FA is
    # introduced and enforced", "An A+ rating … is reached"; h10t).
    r"|prevented|enforced|introduced|reached|achieved|blocked|fixed|resolved|installed"
    r"|automated|encrypted|approved|certified)\b)|已(?:上线|完成|发布)"
)
# Work said in the passive ("Static code analysis is run", "A security audit is carried out",
# "40 performance reviews completed and delivered"): the subject is the work the team does (h10u).
PASSIVE_WORK = re.compile(
    r"(?i:\b(?:is|are|was|were|gets?|being|been)\s+(?:\w+ly\s+)?(?:run|conducted|held|carried\s+out"
    r"|performed|organi[sz]ed|reviewed|hosted|attended|drafted|written|audited|analy[sz]ed"
    r"|researched|investigated|discussed|visited|interviewed|trained|coordinated)\b)"
)
# The work counted before its participle: "40 performance reviews completed", "12 audits run".
WORK_COUNTED_DONE = re.compile(
    r"(?i:^\W*\d[\d,]*\s+(?:[\w-]+\s+){0,3}?(?:reviews?|audits?|assessments?|analys[ie]s|tests?"
    r"|surveys?|interviews?|trainings?|workshops?|sessions?|meetings?|presentations?|reports?"
    r"|evaluations?|inspections?|retrospectives?)\s+(?:(?:are|were|is)\s+)?(?:completed|conducted"
    r"|held|delivered|run|carried\s+out|performed|done|hosted|written)\b)"
)
# A negated existence states a checkable result: nothing of the kind is left or happens ("没有新的
# 故事被带入冲刺中", "没有一个P0故障被用户发现"); 无 only before a count (无纸化 is a noun).
NONE_LEFT_ZH = re.compile(
    # A period or a time it holds in may open it ("全年没有一笔坏账", "上线后没有一次P1故障").
    r"(?:(?:全年|全季度?|本季度?|本年度?|今年|整个季度|[^，,;；。\d没无]{1,6}?(?:之后|以后|后))\s*)?"
    r"(?:没有|不再有|无(?=一|任何))(?:一个|一项|一位|一条|一次|一起|一例|一笔|一件|一单|任何)?"
    r"(?P<subject>[^，,;；。]+)"
)
# A present-tense state after its subject ("Usage examples exist for every module", "Connection
# manager supports dial backoff", "DHT has streaming support"): a checkable result, not work.
STATE_VERB = re.compile(
    # An adverb may stand between ("A daemon always finds other daemons").
    r"(?i:(?<=[A-Za-z])\s+(?:(?:always|still|never|reliably|consistently|automatically)\s+)?"
    # "support" agrees with a plural subject only ("Managers support …"): after any other
    # word it is a noun ("new customer support actions", "20 new support playbooks").
    r"(?:exists?|supports|(?<=s\s)(?<!sales\s)support|has|have|interoperates?|runs|works|passes|covers"
    r"|meets|report"
    # "VP Talent hired by …", "20 case studies added to …": a result stated as done.
    r"|hired|added|onboarded|signed|published|completed|closed|created|launched|delivered"
    r"|provides|allows|finds|stays|remains|loads|handles)\b)"
)


def state_verb(text: str) -> re.Match[str] | None:
    """The state verb of a sentence that opens with its subject, not with a verb ("Hire support
    engineers" has none)."""
    first = re.match(r"[\W\d.,%+]*([A-Za-z][\w-]*)(?P<noun>\s+[a-z]+[^s\W]s\b)?", text)
    if first is None or (
        # "Hiring managers report …": a gerund before a plural noun names who, no work.
        EN_VERB.fullmatch(first.group(1)) and not (first.group(1).endswith("ing") and first["noun"])
    ):
        return None
    return STATE_VERB.search(text, first.end(1))


# Customers or users won ("开发200家合作客户"): 开发 there is winning them, an outcome.
WON_NOUN_ZH = r"(?:客户|用户|会员|门店|经销商|代理商|伙伴|渠道)"
WON_ZH = re.compile(
    rf"\s*(?:[个家位名]|户)?\s*[\u4e00-\u9fff]{{0,4}}?{WON_NOUN_ZH}(?![\u4e00-\u9fff])"
)
# An acceptance criterion that makes a delivery a committed milestone: a coverage, a sign-off,
# the scope it is applied to.
ACCEPTANCE = re.compile(
    r"(?i:\b(?:covering|signed\s+off|approved\s+by|apply\s+it\s+to|applied\s+to)\b)"
    r"|覆盖|签字|验收|并用它"
)
# A recurring count ("Read 25 pages every day", "每周健身3次"): a routine (OKR-A04), an activity.
RECURRING = re.compile(
    r"(?i:\b(?:every|each|per|a)\s+(?:day|week|weekend|month)\b|\b(?:daily|weekly)\b)"
    r"|每(?:天|日|周|个?月|周末)|每个月"
)
# Hedges that open a KR ("Try to reduce …"), stripped from the metric.
HEDGE_LEAD = re.compile(
    _words(r"try\s+to aim\s+to strive\s+to attempt\s+to consider(?:\s+using)?")
    + "|尽量|争取|力争|尝试"
)
# English verbs of earned outcomes: they state a result with a number, not a bare threshold.
OUTCOME_EN = re.compile(
    _words(
        r"sign\w* clos\w* win\w* won acquir\w* onboard\w* convert\w* retain\w* generat\w* earn\w*"
        r" book\w* land\w* secur\w* gain\w* attract\w* serv\w* resolv\w* handl\w* process\w* get\w*"
        r" have has see\w* receiv\w* collect\w* achiev\w* reach\w* hit\w* attain\w* double\w*"
        r" take bring\w* move\w* push\w* drive\w*"
        r" respond\w* ensur\w* mak\w* bring\w* driv\w* merg\w*"
    )
)
# Any English verb the lexicons know: a metric phrase never starts or continues with one.
EN_VERB = re.compile(
    "|".join(
        p.pattern
        for p in (INCREASE, DECREASE, MAINTAIN, OUTCOME_EN, DELIVERABLE, ACTIVITY_EN, HEDGE_LEAD)
    )
)
# Every Chinese verb the reader knows, longest first: the first one found is the KR's main verb.
CJK_VERB = re.compile(
    _chars(
        " ".join(
            (_ZH_INCREASE, _ZH_DECREASE, _ZH_MAINTAIN, _ZH_OUTCOME, _ZH_ACTIVITY, _ZH_DELIVERABLE)
        )
    )
)
# Deliverables that verify a milestone (OKR-M08).
ARTIFACT = _both(
    r"reports? docs? documents? documentation pages? releases? specs? specifications? dashboards?"
    r" guides? plans? policy policies playbooks? RFCs? versions? posts? API features? tools?"
    r" templates? process\w* contracts? website handbook library SDK app",
    "报告 文档 方案 版本 页面 计划 指南 手册 制度 流程 规范 协议 合同 模板 系统"
    " 平台 功能 看板 需求 文件 标准 课程 帮助中心 草稿 目标 体系 工具",
)
# Vague improvement verbs (OKR-M02) and hedging words (OKR-M03).
VAGUE = _both(
    r"improv\w* increas\w* enhanc\w* optimi[sz]\w* boost\w* grow\w* reduc\w* better",
    "提升 提高 优化 改善 加强 完善 促进 增强 降低 减少 改进",
)
HEDGING = _both(
    r"try tries trying attempt\w* striv\w* aim\s+to hopefully consider\w* should could"
    r" as\s+much\s+as\s+possible",
    "尽量 争取 力争 尝试 可能 考虑 尽可能 原则上",
)
# §4.2: business-as-usual (O02), timid (O06) and vague-superlative (O04) objective wording.
BUSINESS_AS_USUAL = re.compile(
    r"^(?i:(?:maintain|keep|continue|sustain|retain)\w*\b)|^(?:保持|维持|继续|维护|持续做好)"
    r"|^做好.*日常"
)
TIMID = re.compile(
    r"^(?i:(?:investigat|explor)\w*\b|look\s+into\b|evaluate\s+(?:the\s+)?feasibility\b)"
    r"|^(?:研究|探索|调研|评估可行性|评估.*可行性)"
)
SUPERLATIVE = _both(
    r"better world[-\s]class great best awesome excellent amazing",
    "更好 一流 卓越 极致 世界级 优秀 最好",
)
LAUNCH = re.compile(r"^(?i:(?:launch|ship|releas)\w*\b)|^(?:上线|发布|推出)")
# Verbs that make a phrase a sentence rather than a topic label (OKR-O03), besides the lists above.
OBJECTIVE_VERB = re.compile(
    _words(
        r"\w+(?:ize|ise|ate|ify)s? make become win delight scale get be turn bring drive own lead"
    )
)
# Cadence words (OKR-A04); with an activity verb they make a KR a routine.
CADENCE = _both(
    r"every\s+(?:week|day|month|sprint|quarter) daily weekly monthly regularly each\s+sprint",
    "每周 每天 每日 每月 每双月 每季度 定期",
)
# Purpose markers: an activity followed by "to improve X by N%" states an outcome (OKR-A01).
PURPOSE = re.compile(
    r"(?i:(?<!\btry\s)(?<!\baim\s)(?<!\battempt\s)(?<!\bstrive\s)\bto\s+(?=improv|increas|reduc|rais|grow|lift|cut|lower|boost|reach|achiev|get|driv)"
    r"|\bso\s+that\b|\bin\s+order\s+to\b|\bresulting\s+in\b"
    # "Conduct weekly sprint planning, achieving 95% team participation": the result after
    # a comma, as a participle.
    r"|,\s*(?:achieving|reaching|delivering|driving)\b)"
    r"|使(?![用命者])得?|从而|以便|以(?=[提增降减促驱达实])"
    r"|(?<=\S)(?:以?保证|以?确保)"
)
# Quality measures that pair with a volume KR (OKR-P05).
QUALITY = _both(
    r"quality satisfaction NPS CSAT retention churn\w* errors? defects? bugs? accuracy"
    r" success\s+rate conversion renewal ratings? complaints? SLA uptime availability",
    "质量 满意度 好评 留存 复购 投诉 缺陷 准确率 合格率 通过率 续费率 转化率 成功率"
    " 差错 口碑 评分 可用性 稳定性",
)
# Bare user counts without a qualifier (OKR-M06).
BARE_USERS = re.compile(r"(?i:\busers?\b)|用户|活跃")
USER_QUALIFIER = re.compile(
    r"(?i:\b(?:daily|weekly|monthly|paying|paid|registered|new|returning|trial)\b"
    r"|\b\d+-day\b|\b[DWM]AU\b)|日活|周活|月活|日均|付费|注册|新增|新用户|留存|\d+日"
)

# "参与者" and "支持人员" are nouns, so are measures named after work ("调研得分", "完成率",
# "培训满意度"); "在客户支持的帮助下" only sets the scene.
NOUN_SUFFIX_CHARS = "者人方员部率数量额度生师"
_NOUN_SUFFIX = re.compile(rf"[{NOUN_SUFFIX_CHARS}]|得分|分数|满意度|覆盖率|时长|周期")


_MEASURE_SUFFIX = re.compile(r"[率数量额度]|得分|分数|满意度|覆盖率|时长|周期")


def noun_follows(text: str, position: int) -> bool:
    """True when text[position:] opens with the suffix of a measure ("转化率", "完成量"): the verb
    before it is part of the measure's name."""
    return bool(_MEASURE_SUFFIX.match(text, position))


_CIRCUMSTANCE = re.compile(r"在[^,，。;；]{0,20}?下")


# Words that open with a noun suffix's character: after a verb they are its object ("调整人员
# 招聘政策", "优化部门结构"), not the suffix that makes the verb a noun ("招聘人", "研发部").
_WORD_AFTER = re.compile(
    r"人员|人才|人力|员工|方案|方法|方式|方向|部门|部署|数据|数字|量化|度量|生产|生态|师资"
)


def first_cjk_verb(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first Chinese verb in text[start:end] that is used as a verb."""
    end = len(text) if end is None else end
    scenes = [m.span() for m in _CIRCUMSTANCE.finditer(text, start, end)]
    for match in CJK_VERB.finditer(text, start, end):
        if _NOUN_SUFFIX.match(text, match.end()) and not _WORD_AFTER.match(text, match.end()):
            continue
        if any(a <= match.start() < b for a, b in scenes) or _PROFESSION.match(text, match.start()):
            continue
        return match
    return None


# "开发人员100%熟悉…", "测试同学": a profession named by its work is a noun, the subject.
_PROFESSION = re.compile(r"(?:开发|研发|测试|运维|运营|设计|销售)(?:人员|者|工程师|同学|团队)")


# Teams and functions that own key results: before a key result ("Support: …"), as its subject
# ("Customer Support keeps …") or in brackets after it ("… (Marketing)") they say whose it is,
# never what is measured (issue 10 §2). A regex fragment, matched case-insensitively.
TEAM_WORDS = (
    "support|sales|marketing|engineering|product|legal|finance|controller|content|services"
    "|growth|people|recruiting|design|operations|ops|security|success|programs|management"
    "|self-managed|team"
)


def is_en_verb(word: str) -> bool:
    """A verb the lexicons know, in a phrase after a noun ("contributors merge", "customers
    migrate"); words ending in "s" read as plural nouns there ("case studies", "hires"), and
    so do words with a noun's suffix ("revenue growth", "cost reduction")."""
    return bool(EN_VERB.fullmatch(word)) and not _NOUN_ENDING.search(word)


_NOUN_ENDING = re.compile(r"(?i:s|th|ment|tion|sion|ance|ence|ness|ity)$")


# A change written with the year of each end, "from 1 in 2025 to 5 in 2026" (h9u): a start and a
# target, each in its year as a period, never a ratio ("1 in 2000 builds") nor a count of
# things ("in 2000 stores"); whatever follows ("… in 2026 worldwide").
_YEAR = r"(?:19|20)\d\d"
_FROM_TO_IN_YEARS = re.compile(
    rf"(?i:\bfrom\s+[^,;:]{{0,40}}?\bin\s+{_YEAR}\s*,?\s+to\s+[^,;:]{{0,40}}?\bin\s+{_YEAR}\b)"
)
# The year of a start in Chinese, between 从 and its number: "从 2025 年的 1 个".
YEAR_OF_START_ZH = re.compile(rf"\s*{_YEAR}\s*年(?:底|末|初)?\s*的?\s*")


def in_years_of_a_change(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (`in <year>`, or `<number> in <year>`) is one end's year of a
    change written "from X in <year> to Y in <year>"."""
    return any(
        frame.start() <= start and end <= frame.end() for frame in _FROM_TO_IN_YEARS.finditer(text)
    )
