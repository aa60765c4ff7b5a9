# ruff: noqa: E501 - one message per line reads better than wrapped strings
"""What each finding says, and what to do about it, in zh-hans and en.

Keys are rule ids, or "rule-id:variant" where one rule has several cases. Texts are
`str.format` templates; the linter passes the fields they use (counts, verbs, limits). A key
ending in ":one" holds the singular of a language that has one ("1 key result"); the linter uses
it when `count` is 1.
"""

LANGUAGES = ("zh-hans", "en")

# key: {lang: (message, suggestion)}
MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "OKR-S01": {
        "zh-hans": ("目标没有关键结果，无法评分。", "为它写 2–5 个关键结果，说明怎样才算达成。"),
        "en": (
            "The objective has no key results, so it cannot be graded.",
            "Add 2–5 key results that say how you will know it is achieved.",
        ),
    },
    "OKR-S02:few": {
        "zh-hans": (
            "只有 {count} 个关键结果，少于建议的 {minimum} 个。",
            "再加一个关键结果，从另一个角度衡量目标（例如质量或客户感受）。",
        ),
        "en": (
            "Only {count} key results, fewer than the recommended {minimum}.",
            "Add a key result that measures the objective from another angle (quality, customer impact).",
        ),
    },
    "OKR-S02:few:one": {
        "en": (
            "Only 1 key result, fewer than the recommended {minimum}.",
            "Add a key result that measures the objective from another angle (quality, customer impact).",
        ),
    },
    "OKR-S02:many": {
        "zh-hans": (
            "有 {count} 个关键结果，多于建议的 {maximum} 个。",
            "只保留最能说明目标达成的 3 个左右，其余放进工作计划。",
        ),
        "en": (
            "{count} key results, more than the recommended {maximum}.",
            "Keep the three or so that best show the objective is met; move the rest to a work plan.",
        ),
    },
    "OKR-S03:many": {
        "zh-hans": (
            "{owner}有 {count} 个目标，超过 {maximum} 个。",
            "聚焦：只保留 3–5 个最重要的目标。",
        ),
        "en": (
            "{owner} has {count} objectives, more than {maximum}.",
            "Focus: keep the 3–5 objectives that matter most.",
        ),
    },
    "OKR-S03:several": {
        "zh-hans": (
            "{owner}有 {count} 个目标，建议 3 个左右。",
            "考虑合并或删去不那么重要的目标。",
        ),
        "en": (
            "{owner} has {count} objectives; about 3 is recommended.",
            "Consider merging or dropping the less important ones.",
        ),
    },
    "OKR-S04": {
        "zh-hans": (
            "{owner}共有 {count} 个关键结果，超过 {maximum} 个。",
            "减少关键结果总数，一个周期内跟得过来才有意义。",
        ),
        "en": (
            "{owner} has {count} key results in total, more than {maximum}.",
            "Cut the total: only what can be tracked in one cycle helps.",
        ),
    },
    # A title's length as a person counts it: its lines, else all its characters (not its
    # Chinese ones alone), with its words where it has no Chinese.
    "OKR-S05:lines": {
        "zh-hans": (
            "目标太长，一行写不下（{lines} 行）。",
            "用一句简短有力的话写出方向，细节放进关键结果。",
        ),
        "en": (
            "The objective does not fit on one line ({lines} lines).",
            "Write the direction as one short sentence; put details in the key results.",
        ),
    },
    "OKR-S05:characters": {
        "zh-hans": (
            "目标太长，一行写不下（{characters} 字）。",
            "用一句简短有力的话写出方向，细节放进关键结果。",
        ),
        "en": (
            "The objective does not fit on one line ({characters} characters).",
            "Write the direction as one short sentence; put details in the key results.",
        ),
    },
    "OKR-S05:words": {
        "zh-hans": (
            "目标太长，一行写不下（{words} 个词，{characters} 个字符）。",
            "用一句简短有力的话写出方向，细节放进关键结果。",
        ),
        "en": (
            "The objective does not fit on one line ({words} words, {characters} characters).",
            "Write the direction as one short sentence; put details in the key results.",
        ),
    },
    "OKR-S06": {
        "zh-hans": (
            "这个关键结果里有 {count} 个独立的目标值。",
            "拆成 {count} 个关键结果，每个只衡量一件事。",
        ),
        "en": (
            "This key result holds {count} independent targets.",
            "Split it into {count} key results, each measuring one thing.",
        ),
    },
    "OKR-O01": {
        "zh-hans": (
            "目标里写了数字（{number}），更像一个关键结果。",
            "目标写定性的方向，把数字移到关键结果里，例如“KR：{metric}……”。",
        ),
        "en": (
            "The objective contains a number ({number}); it reads like a key result.",
            "Keep the objective qualitative and move the number into a key result about {metric}.",
        ),
    },
    "OKR-O02": {
        "zh-hans": (
            "目标以“{word}”开头，是维持现状的日常工作。",
            "写出这个周期要达成的新突破，日常工作不列入 OKR。",
        ),
        "en": (
            'The objective starts with "{word}": business as usual.',
            "State the new achievement this cycle should bring; leave routine work out of OKRs.",
        ),
    },
    "OKR-O03": {
        "zh-hans": (
            "目标只是一个主题（“{title}”），看不出要达到什么状态。",
            "写成一句话，说明达成后会是什么样子，例如“让新用户第一周就离不开产品”。",
        ),
        "en": (
            'The objective is a topic label ("{title}"), not an end state.',
            'Write a sentence saying what will be true when it is done, e.g. "New users stick with us in week one".',
        ),
    },
    "OKR-O04": {
        "zh-hans": (
            "“{word}”很空泛，关键结果里也没有定义它。",
            "用关键结果里的数字说明“{word}”指什么。",
        ),
        "en": (
            '"{word}" is vague and no key result defines it.',
            'Define "{word}" with numbers in the key results.',
        ),
    },
    "OKR-O05": {
        "zh-hans": (
            "目标只是上线/发布，关键结果里没有衡量价值的指标。",
            "加一个关键结果，衡量上线后用户或业务得到了什么，例如“新功能周活跃使用率达到 30%”。",
        ),
        "en": (
            "The objective is a launch and no key result measures its value.",
            'Add a key result for what users or the business gain, e.g. "30% of weekly actives use the feature".',
        ),
    },
    "OKR-O06": {
        "zh-hans": (
            "目标以“{word}”开头，写得畏手畏脚。",
            "写出研究之后要达成的结果，例如做出决定或交付方案。",
        ),
        "en": (
            'The objective starts with "{word}": it is timid.',
            "State what the exploration should achieve, e.g. a decision made or a solution shipped.",
        ),
    },
    "OKR-M01": {
        "zh-hans": (
            "关键结果没有数字，也不是可验证的里程碑，无法客观评分。",
            "加上可衡量的目标值（例如“某指标从 X 提升到 Y”），或写成有交付物和日期的里程碑。",
        ),
        "en": (
            "The key result has no number and is no verifiable milestone, so it cannot be graded.",
            'Add a measurable target ("{metric} from X to Y") or make it a milestone with a deliverable and a date.',
        ),
    },
    "OKR-M02": {
        "zh-hans": (
            "“{word}”没有说提升多少。",
            "写清楚从多少到多少，例如“{metric}从 X {word}到 Y”。",
        ),
        "en": (
            '"{word}" without a quantity.',
            'Say by how much, e.g. "{word} {metric} from X to Y".',
        ),
    },
    "OKR-M03": {
        "zh-hans": (
            "“{word}”让关键结果变成了尝试，而不是承诺的结果。",
            "去掉“{word}”，直接写要达成的结果。",
        ),
        "en": (
            '"{word}" makes the key result an attempt, not a result.',
            'Drop "{word}" and state the result itself.',
        ),
    },
    "OKR-M04": {
        "zh-hans": (
            "有目标值 {target}，但没有写现在是多少。",
            "补上基线，例如“{metric}从 X 提升到 {target}”。",
        ),
        "en": (
            "There is a target ({target}) but no baseline.",
            'Add the baseline: "{metric} from X to {target}".',
        ),
    },
    "OKR-M05": {
        "zh-hans": (
            "相对目标 {target} 没有说明和什么比。",
            "写明基数，例如“较上季度”或“从 X 提升到 Y”。",
        ),
        "en": (
            "The relative target {target} names no base.",
            'Name the base: "compared to last quarter", or "from X to Y".',
        ),
    },
    "OKR-M06": {
        "zh-hans": (
            "“用户”没有定义清楚：是注册用户、日活还是付费用户？",
            "写明口径，例如“日活跃用户（DAU）”或“付费用户数”。",
        ),
        "en": (
            '"Users" is ambiguous: all-time, 7-day active, paying?',
            "Define it: DAU, 28-day actives, paying users…",
        ),
    },
    "OKR-M07": {
        "zh-hans": (
            "目标值是占位符，还没有填数字。",
            "填上真实的目标值；如需对外隐藏，可在组织设置中关闭此规则。",
        ),
        "en": (
            "The target is a placeholder, not a number.",
            "Fill in the real target; if it is masked on purpose, switch this rule off for the organization.",
        ),
    },
    "OKR-M08": {
        "zh-hans": ("里程碑没有说明用什么证明完成。", "写出交付物，例如报告、文档、页面或版本。"),
        "en": (
            "The milestone names no evidence of completion.",
            "Name the deliverable: a report, doc, page or release.",
        ),
    },
    "OKR-M09": {
        "zh-hans": (
            "数字 {target} 前后没有比较词，看不出是上限还是下限。",
            "加上“不少于”“不超过”或“从 X 到 Y”。",
        ),
        "en": (
            "The number {target} has no comparator: is it a floor or a ceiling?",
            'Add "at least", "no more than", or "from X to Y".',
        ),
    },
    "OKR-A01": {
        "zh-hans": (
            "“{verb}”描述的是要做的事（活动），不是要达成的结果。",
            "说明“{verb}”之后应当改变什么、改变多少，例如：续费率从 X 提升到 Y。",
        ),
        "en": (
            '"{verb}" describes an activity, not an outcome.',
            'Say what "{verb}" should change and by how much, e.g. "raise renewal rate from X to Y".',
        ),
    },
    "OKR-A02": {
        "zh-hans": (
            "这个目标的关键结果全是交付任务，没有一个衡量结果。",
            "至少加一个结果指标，例如“上线后转化率从 X 提升到 Y”。",
        ),
        "en": (
            "Every key result of this objective is a delivery task; none measures an outcome.",
            'Add at least one outcome metric, e.g. "… to improve sign-ups by 25%".',
        ),
    },
    "OKR-A03": {
        "zh-hans": ("里程碑没有日期。", "写上完成日期，例如“3 月 15 日前上线”。"),
        "en": ("The milestone has no date.", 'Add a date, e.g. "by March 15".'),
    },
    "OKR-A04": {
        "zh-hans": (
            "“{word}”加上活动动词，这是例行待办，不是关键结果。",
            "写出这些例行工作要带来的结果，例如“缺陷逃逸率从 X 降到 Y”。",
        ),
        "en": (
            '"{word}" with an activity verb is a routine to-do, not a key result.',
            'State the result the routine should bring, e.g. "escaped defects from X to Y".',
        ),
    },
    "OKR-A05": {
        "zh-hans": (
            "关键结果只有内部代号（{name}），看不出对客户或业务的影响。",
            "补上影响，例如“上线 {name}，使注册量提升 25%”。",
        ),
        "en": (
            "The key result is only an internal name ({name}) with no impact.",
            'Add the impact: "Launch {name} to improve sign-ups by 25%".',
        ),
    },
    "OKR-T01": {
        "zh-hans": (
            "没有周期，也没有截止日期。",
            "为这组 OKR 设定周期（例如 2026 Q1），或在关键结果里写上日期。",
        ),
        "en": (
            "No cycle and no deadline.",
            "Set a cycle for the set (e.g. 2026 Q1) or give the key results dates.",
        ),
    },
    "OKR-T02": {
        "zh-hans": (
            "所有关键结果都在周期最后一天（{due}）到期。",
            "按实际计划写出各自的日期，分阶段推进。",
        ),
        "en": (
            "Every key result is due on the last day ({due}).",
            "Use real dates from the plan, staged through the cycle.",
        ),
    },
    "OKR-T03": {
        "zh-hans": (
            "截止日期 {due} 晚于{limit_name}（{limit}）。",
            "把日期提前到 {limit} 之前，或把这个关键结果放到下个周期。",
        ),
        "en": (
            "The deadline {due} is after the {limit_name} ({limit}).",
            "Move it to {limit} or earlier, or plan it for the next cycle.",
        ),
    },
    "OKR-C01": {
        "zh-hans": (
            "没有标明是承诺型还是挑战型 OKR：按承诺型（默认）保存。",
            "逐个标明：承诺型要求 100% 完成，挑战型平均 0.7 分即可。",
        ),
        "en": (
            "Not marked committed or aspirational: taken as committed (the default).",
            "Mark each one: committed means 1.0 expected; aspirational averages 0.7.",
        ),
    },
    "OKR-C02:committed": {
        "zh-hans": (
            "承诺型 OKR 得分 {score}，低于 1.0，却没有说明原因。",
            "写一段说明或复盘，解释为什么没有完成。",
        ),
        "en": (
            "Committed OKR scored {score}, below 1.0, with no explanation.",
            "Add a note or postmortem explaining the miss.",
        ),
    },
    "OKR-C02:aspirational": {
        "zh-hans": ("挑战型 OKR 得分 {score}，低于 0.4。", "想一想是否还值得继续投入这个目标。"),
        "en": (
            "Aspirational OKR scored {score}, below 0.4.",
            "Reconsider whether to keep working on it.",
        ),
    },
    "OKR-C03:sandbagging": {
        "zh-hans": (
            "{owner}的挑战型 OKR 连续 {cycles} 个周期平均得分 {average}，目标可能定得太低。",
            "下个周期把目标定得更有挑战性。",
        ),
        "en": (
            "{owner}'s aspirational OKRs averaged {average} over {cycles} cycles: too safe.",
            "Set more ambitious targets next cycle.",
        ),
    },
    "OKR-C03:no_aspirational": {
        "zh-hans": (
            "{owner}的 OKR 全是承诺型，没有挑战型。",
            "加一个挑战型目标，争取超出预期的结果。",
        ),
        "en": (
            "{owner} has only committed OKRs, no aspirational one.",
            "Add an aspirational objective that stretches the team.",
        ),
    },
    "OKR-C04": {
        "zh-hans": (
            "承诺型目标只有一个关键结果，全部完成也未必达成目标。",
            "检查：关键结果都得 1.0 时，目标是否一定达成？需要的话补充关键结果。",
        ),
        "en": (
            "A committed objective with a single key result: 1.0 on it may still miss the objective.",
            "Ask whether 1.0 on every KR guarantees the objective; add KRs if not.",
        ),
    },
    "OKR-C05:high": {
        "zh-hans": (
            "初始信心指数 {confidence}，对挑战型目标来说太稳了。",
            "挑战型目标开始时信心约 5/10 比较合适。",
        ),
        "en": (
            "Starting confidence {confidence} is too safe for an aspirational goal.",
            "Aspirational goals usually start around 5/10.",
        ),
    },
    "OKR-C05:low": {
        "zh-hans": (
            "初始信心指数 {confidence}，目标可能不现实。",
            "调整目标，或说明需要什么支持才能达成。",
        ),
        "en": (
            "Starting confidence {confidence}: the goal may be unrealistic.",
            "Adjust the target or say what support it needs.",
        ),
    },
    "OKR-C06": {
        "zh-hans": (
            "评分 {score} 不是 0 到 1 之间的一位小数。",
            "评分用 0.0–1.0、一位小数；进度百分比不是评分。",
        ),
        "en": (
            "The score {score} is not a number in [0, 1] with one decimal.",
            "Grade 0.0–1.0 with one decimal; progress percentage is not a score.",
        ),
    },
    "OKR-P01": {
        "zh-hans": (
            "与目标“{other_objective}”的关键结果“{other_key_result}”重复或几乎相同。",
            "合并重复的关键结果，或写出各自不同的衡量点。",
        ),
        "en": (
            "Duplicates the key result “{other_key_result}” of the objective “{other_objective}”.",
            "Merge the duplicates or make each measure something different.",
        ),
    },
    "OKR-P02": {
        "zh-hans": (
            "目标没有对齐到上级的目标或关键结果。",
            "选择它支撑的上级目标或关键结果（上级的 KR 可以成为下级的 O）。",
        ),
        "en": (
            "This objective is not aligned to a parent objective or key result.",
            "Align it to the parent objective or key result it supports.",
        ),
    },
    "OKR-P02:person": {
        "zh-hans": (
            "个人目标没有对齐到团队或公司的目标或关键结果。",
            "选择它支撑的团队目标或关键结果（上级的 KR 可以成为你的 O）。",
        ),
        "en": (
            "This personal objective is not aligned to a team or company objective or key result.",
            "Align it to the team objective or key result it supports.",
        ),
    },
    "OKR-P02:team": {
        "zh-hans": (
            "团队目标没有对齐到上级的目标或关键结果。",
            "选择它支撑的上级目标或关键结果（上级的 KR 可以成为下级的 O）。",
        ),
        "en": (
            "This team objective is not aligned to a parent objective or key result.",
            "Align it to the parent objective or key result it supports.",
        ),
    },
    "OKR-P03": {
        "zh-hans": (
            "只有 {share}% 的 OKR 由本人提出，少于 40%。",
            "让团队成员自下而上提出约一半的 OKR。",
        ),
        "en": (
            "Only {share}% of OKRs were set bottom-up, under 40%.",
            "Let people set about half of their own OKRs.",
        ),
    },
    "OKR-P04": {
        "zh-hans": ("关键结果设置了权重。", "谷歌的做法是关键结果等权平均，可以去掉权重。"),
        "en": (
            "The key results are weighted.",
            "Google averages KRs equally; consider dropping the weights.",
        ),
    },
    "OKR-P05": {
        "zh-hans": (
            "“{metric}”只追求数量或速度，没有配套的质量指标。",
            "加一个质量型关键结果，例如满意度、缺陷率或留存率。",
        ),
        "en": (
            '"{metric}" pushes volume or speed with no quality counter-measure.',
            "Pair it with a quality KR: satisfaction, defect rate, retention.",
        ),
    },
}

# How UNREADABLE's suggestions introduce an example built from what was written
# (reading.unreadable_example), when one can be.
FOR_EXAMPLE = {"zh-hans": "，例如“{example}”", "en": ', for example "{example}"'}

# What the reader could not read in a key result without guessing (KeyResultReading.unreadable),
# by its code: the reader's problem, reported by lint in place of the checks that need the
# numbers (not "not measurable"). Not a rule of the catalogue: it cannot be switched off.
UNREADABLE = {
    "number": {
        "zh-hans": (
            "第 {column} 列的“{text}”读不出是哪个数。",
            "小数用小数点（4.5），千位每三位一组（4,500），数字写全（1500000）{example}。",
        ),
        "en": (
            'Column {column}: "{text}" cannot be read as one number without guessing.',
            "Write decimals with a point (4.5), thousands in threes (4,500), numbers in full "
            "(1500000){example}.",
        ),
    },
    # "1/3": a fraction, which no key result stores (numbers.py _fractions).
    "fraction": {
        "zh-hans": (
            "第 {column} 列的“{text}”是分数，关键结果的数值要写成一个数。",
            "写成百分比或小数，例如“从 33% 提升到 50%”。",
        ),
        "en": (
            'Column {column}: "{text}" is a fraction; a key result\'s value is one number.',
            'Write it as a percentage or a decimal, for example "from 33% to 50%".',
        ),
    },
    # "10m" in a title about time or length: ten million, ten metres or ten minutes.
    "metres_or_million": {
        "zh-hans": (
            "第 {column} 列的“{text}”可以是百万，也可以是米或分钟。",
            "百万写成 M 或 million（1.2M），米和分钟写成 米 / 分钟（10 米、10 分钟）。",
        ),
        "en": (
            'Column {column}: "{text}" could be millions, metres or minutes.',
            'Write millions as M or "million" (1.2M), or write the unit out (10 metres, 10 min).',
        ),
    },
    # "1.500": 1.5, or 1,500 with the dot grouping thousands (reading.py).
    "separator": {
        "zh-hans": (
            "第 {column} 列的“{text}”可以是小数，也可以是用点分组的千位数。",
            "小数写成 1.5，千位数写成 1500 或 1,500。",
        ),
        "en": (
            'Column {column}: "{text}" could be a decimal or a number with a dot grouping '
            "thousands.",
            "Write a decimal as 1.5 and thousands as 1500 or 1,500.",
        ),
    },
    "units": {
        "zh-hans": (
            "第 {column} 列的“{text}”起点和目标的单位不同。",
            "两者用同一个单位{example}。",
        ),
        "en": (
            'Column {column}: "{text}" gives the start and the target in different units.',
            "Write both in the same unit{example}.",
        ),
    },
    "direction": {
        "zh-hans": (
            "第 {column} 列的“{text}”：文字说的方向和数字的方向相反。",
            "改正动词或数字{example}。",
        ),
        "en": (
            'Column {column}: "{text}": the words say one direction and the numbers the other.',
            "Correct the verb or the numbers{example}.",
        ),
    },
    # "$4O k": a letter O where a zero goes (4, 40 or 400: nobody can say).
    "letter": {
        "zh-hans": (
            "第 {column} 列的“{text}”里有字母 O，读不出是哪个数。",
            "数字全部用阿拉伯数字写（零写作 0）。",
        ),
        "en": (
            'Column {column}: "{text}" has a letter O among its digits: which number it is '
            "cannot be read.",
            "Write the number in digits (0 for a zero).",
        ),
    },
    # "40-45 万", "12 到 15 家": okr-rules.md names no value of a range to commit to.
    "range": {
        "zh-hans": (
            "第 {column} 列的“{text}”是一个范围，读不出要达到哪个值。",
            "只写承诺达到的一个值{example}。",
        ),
        "en": (
            'Column {column}: "{text}" is a range: which value to reach cannot be read.',
            "Write the one value you commit to{example}.",
        ),
    },
    "date": {
        "zh-hans": (
            "第 {column} 列的“{text}”是不存在的日期。",
            "写一个存在的日期{example}。",
        ),
        "en": (
            'Column {column}: "{text}" names a day its month does not have.',
            "Write a date that exists{example}.",
        ),
    },
}
