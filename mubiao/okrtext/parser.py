"""Parse OKRs written as text (DESIGN.md §5): owner sections, objectives, key results.

Every non-blank line ends up in exactly one place: an owner heading, an objective, a key
result, or `Document.problems` with the reason it was not read. Patterns run on the normalised
line (`text.normalise`: half-width punctuation, simplified characters), text is kept as written.
"""

import re
from datetime import date
from itertools import pairwise

from . import exact
from .lexicon import EN_VERB
from .model import Document, ParsedKeyResult, ParsedObjective, Problem, Section
from .reading import Cycle, KeyResultReading, analyse, conversion_factor
from .text import CHECKBOX as _CHECKBOX  # a pattern, as EMOJI_BULLET below
from .text import CJK, OWNER_PREFIX, normalise, strip_noise, strip_separators
from .text import EMOJI_BULLET as _EMOJI_BULLET  # a pattern, not one of the messages below
from .text import HOLD_WORD as _HOLD_WORD  # a pattern, as EMOJI_BULLET
from .wordclass import zh_tokens

_CN = "一二三四五六七八九十"
_SEP = r"[:.、)\-–—]"
# "(目标1)", "(O)", "(关键成果2)": a bracket after the marker that says the same thing again.
# A bracket that puts a key result on hold ("KR2（暂停）：…") is read with its text (reading.held).
_ALIAS = rf"(?:\((?!\s*{_HOLD_WORD}\s*\))[^)]{{0,10}}\))?"
_OBJECTIVE = re.compile(
    rf"^(?:O\s*\d*\s*{_ALIAS}\s*{_SEP}|O\d+|(?i:objective)\s*#?\s*\d*\s*{_ALIAS}\s*{_SEP}"
    rf"|(?i:objective)\s+#?\d+|目标\s*(?:\d+|[{_CN}]+)?\s*{_ALIAS}\s*{_SEP}|目标\s*(?:\d+|[{_CN}]+)"
    # "OKR 2020A: Reclaim Technical Familiarity": one OKR named by its id, titled by its objective.
    r"|OKR\s+(?=[\w.-]*\d)[\w.-]{1,8}\s*:"
    # "目标“提升用户留存率”": the quotation marks set off the objective's title.
    r"|目标(?=\s*[“「『])"
    # "Example of an HR Objective:", "示例目标：", "销售目标示例：": an example's objective.
    r"|(?i:examples?\s+(?:of\s+)?(?:an?\s+)?(?:[\w&/-]+\s+){0,3}objective)\s*:"
    r"|(?:示例|案例|范例)目标\s*:|[\u4e00-\u9fff]{0,6}目标(?:示例|案例|范例)\s*:)"
    r"\s*(?P<rest>.+)$"
)
_KR_WORD = r"(?:KR|(?i:key\s*results?)|关键(?:结果|成果))"
_KEY_RESULT = re.compile(
    rf"^(?:【\s*{_KR_WORD}\s*\d*(?:\.\d+)?\s*】|\(?(?:O\d+\s*[-.]?\s*)?{_KR_WORD}\s*#?\s*"
    rf"(?:(?:\d+|[{_CN}]+)(?:\.\d+)?\)?\s*{_ALIAS}\s*(?:{_SEP}|=)?|\)?\s*{_ALIAS}\s*(?:{_SEP}|=)))"
    r"\s*(?P<rest>.+)$"
)
# "KR1-O1：…": a key result that names its objective by number.
_KR_OF_OBJECTIVE = re.compile(
    rf"^\(?{_KR_WORD}\s*\d+\s*[-.]\s*O\s*(?P<o>\d+)\s*{_SEP}\s*(?P<rest>.+)$"
)
_OBJECTIVE_NUMBER = re.compile(r"^\s*(?:O|(?i:objective)\s*#?|目标)\s*(\d+)")
# "Sales (Closing Deals) KR: …" (GitLab): a key result with its role in front.
_ROLE_KEY_RESULT = re.compile(r"^[A-Z][\w &/()'-]{0,40}?\s+KR\s*\d*\s*:\s*(?P<rest>.+)$")
_OWNER_FORMS = (
    # "产品经理的OKR", "Google 的 OKR 範例：提升搜索用戶體驗" (whose example, then its topic).
    re.compile(
        r"^(?P<owner>.{1,30}?)\s*的\s*OKRs?\s*(?:(?:示例|案例|范例|举例)\s*(?:[:：]\s*[^:：]{0,40})?)?"
        r"\s*:?\s*$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?P<owner>.{1,40}?)(?:'s|’s)\s+OKRs?\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^OKRs?\s+(?:for|of)\s+(?P<owner>.{1,40}?)\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^(?P<owner>.{1,40}?)\s+OKRs?\s*:?\s*$", re.IGNORECASE),
    # "公司级OKR", "产品团队 OKR 示例：", "Marketing OKR examples"
    re.compile(r"^(?P<owner>[\u4e00-\u9fff]{1,12})\s*OKRs?\s*:?\s*$", re.IGNORECASE),
    re.compile(
        # "Google 的 OKR 範例：提升搜索用戶體驗": the topic after the colon is the example's.
        r"^(?P<owner>.{1,30}?)\s*(?:的\s*)?OKRs?\s*(?:示例|案例|模板|举例|范例|examples?)\s*"
        r"(?:[:：]\s*[^:：]{0,40})?$",
        re.IGNORECASE,
    ),
)
# "CEO:", "Product manager:", "产品经理:" — a role label, alone or before a one-line OKR.
_ROLE = re.compile(
    r"^(?P<role>[A-Z][A-Za-z&/ ()'.-]{0,40}|[\u4e00-\u9fff]{1,10})\s*:\s*(?P<rest>.*)$"
)
_OUTLINE_NUMBER = re.compile(rf"^(?:\d+(?:\.\d+)+\s+|[{_CN}]+、\s*)")
# Words that open a phrase, never a role's name; a role is at most four words.
_PHRASE_NOT_ROLE = re.compile(
    r"^(?i:(?:a|an|the|this|these|those|here|some|my|our|your)\b|(?:\S+\s+){4}\S)"
    r"|^(?:一个|一些|这个|这些|那些|以下|下面|如下)"  # "一个公式：" is "a formula:"
)
# A label line introduces the items under it ("Key results:", "关键结果(KR)：", "### Key Results");
# it is never an owner, an objective or a key result.
_KR_LABEL = re.compile(
    r"^(?:(?i:examples?\s+)?(?:(?i:key\s*results?|KRs?)|(?:示例|案例)?关键(?:结果|成果)|主要(?:结果|成果)))"
    r"\s*(?:\(\s*(?i:KRs?|key\s*results?)\s*\))?"
    # "Example Key Results for the above Objective:", "上述目标的关键结果示例："
    r"(?:\s*(?i:for\s+(?:the\s+|this\s+)?(?:above\s+)?objective)|示例|案例)?"
    # "关键结果与行动方案", "Key results and initiatives": the actions are details under each KR.
    r"(?:\s*(?:与|和|及|&|(?i:and))\s*(?:行动方案|行动计划|行动|举措|措施|(?i:initiatives|actions)))?"
    # "### Key Results 进度:", "Key results progress": a weekly report's list of them.
    r"(?:\s*(?:进度|进展|更新|(?i:progress|status|updates?)))?"
    r"\s*:?\s*$"
)
# "Initiatives:", "**Action plan:**", "举措：", "行动计划：" under an objective: the work planned to
# move its key results, listed under it; never an owner, an objective or a key result.
_INITIATIVES_LABEL = re.compile(
    r"^(?:(?i:(?:key\s+|main\s+)?(?:initiatives|actions|action\s+(?:items|plan)))"
    r"|(?:关键|主要)?(?:举措|行动(?:计划|方案|项)?|措施))\s*:?\s*$"
)
# "Objective 2", "目标(O):", "### Objective 2" alone: the objective's title is on the next line.
_OBJECTIVE_LABEL = re.compile(
    rf"^(?:(?i:objectives?)|(?:总体)?目标|O)\s*(?:\d+|[{_CN}]+)?\s*(?:\(\s*O\s*\))?\s*:?\s*$"
)
# "对齐：公司目标", "Aligned to: Grow revenue" under an objective: the parent it supports, never
# an objective of its own (a role "对齐" before a one-line OKR).
# A key result's detail line that states its start (F15): `当前值: 250ms`, `current: 65 s`.
_START_WORDS = (
    r"(?i:当前值|当前|现值|基线|基准值|基准|起始值|初始值|current(?:\s+value)?|baseline"
    r"|start(?:ing)?(?:\s+value)?)"
)
_BASELINE_DETAIL = re.compile(rf"{_START_WORDS}\s*[:：]\s*(?P<value>\S.*)$")
# One that states its target (h10x): `目标值: 95%`, `target: 95%`.
_TARGET_WORDS = r"(?i:目标值|目标|target(?:\s+value)?)"
_TARGET_DETAIL = re.compile(rf"{_TARGET_WORDS}\s*[:：]\s*(?P<value>\S.*)$")
# One that names who owns it (`Owner: Emma`, `负责人：林晓`): read as a mention of them.
_OWNER_WORDS = r"(?:(?i:owner|dri|assignee|responsible)|负责人|责任人|执行人|对接人)"
_OWNER_DETAIL = re.compile(rf"{_OWNER_WORDS}\s*[:：]\s*(?P<value>\S.*)$")
# One that states when it is due (`Due: 2026-05-31`, `截止：6月底`).
_DUE_WORDS = (
    r"(?:(?i:due(?:\s+date)?|deadline|target\s+date|eta)|截止(?:日期|时间)?|截至|期限|完成时间"
    r"|时间节点)"
)
_DUE_DETAIL = re.compile(rf"{_DUE_WORDS}\s*[:：]\s*(?P<value>\S.*)$")
# Any field line of a key result: its start, target, progress or status (`- 进度: 66.7% ⚠️`).
_FIELD = re.compile(
    rf"(?:{_START_WORDS}|{_TARGET_WORDS}|(?i:进度|进展|状态|完成度|progress|status|score|得分|评分)"
    rf"|{_OWNER_WORDS}|{_DUE_WORDS})\s*[:：]"
)
_ALIGNED = re.compile(
    r"^>?\s*(?:对齐(?:到|至|于)?|上级目标|支撑目标|(?i:aligned\s+(?:to|with)|parent\s+objective"
    r"|supports))\s*[:：]\s*(?P<parent>\S.*?)\s*$"
)
# A heading that titles the whole document ("# Quarterly Objectives and Key Results").
_DOCUMENT_TITLE = re.compile(
    r"(?i:(?<![A-Za-z])OKRs?(?![A-Za-z])|objectives?\s*(?:and|&)\s*key\s*results?)|目标(?:与|和)关键(?:结果|成果)"
)
# A plain line naming a department or a role ("研发部门", "客服总监") before its objectives.
_ROLE_NAME = re.compile(
    r"^[\u4e00-\u9fff]{1,10}(?:部门?|团队|小组|组|中心|事业部|总监|经理|主管|负责人|专员|总裁"
    r"|工程师|设计师|委员会|办公室)$"
    # "Product Manager", "Customer Success Team", "Head of Growth", "VP Sales", "CTO"
    r"|^(?:[A-Z][\w&/-]*\s+){0,3}(?:Team|Department|Manager|Lead|Director|Engineer|Designer"
    r"|Officer|Squad)$|^(?:Head\s+of|VP(?:\s+of)?)\s+[A-Z][\w&/ -]{0,30}$|^C[A-Z]O$"
)
# "1. CTO: [Ship the billing platform](…)", "销售部：[提升回款](…)": a role or team before the
# objective's title (an enumerator before it is the list's) names whose objective it is.
_ROLE_HINT = re.compile(
    r"^(?:\d{1,2}[.)、]\s*)?(?P<role>[^:\[\]<>()]{1,40}?)\s*:\s*(?P<rest>\S.*)$"
)
# "## Marketing — Emma Clarke", "## 市场部 - 林晓", "## Emma Clarke (Marketing)": a team and the
# person whose OKRs follow. A name is one to three capitalised words, or two to four Chinese
# characters that name no team or role.
_EN_NAME = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}"
_ZH_NAME = r"[\u4e00-\u9fff·]{2,4}"
_TEAM_DASH_PERSON = re.compile(
    rf"^(?P<team>[^\d()]{{1,30}}?)\s+[-–—]{{1,2}}\s+(?P<person>{_EN_NAME}|{_ZH_NAME})$"
    rf"|^(?P<team_zh>[\u4e00-\u9fff]{{1,12}})\s*[-–—]{{1,2}}\s*(?P<person_zh>{_ZH_NAME})$"
)
# Words of a plan or a chapter: never a team's or a person's ("Objectives - Key Results",
# "Phase One — Discovery"); words of an organisation's parts or of a phrase: never a person's
# ("Engineering — Backend Platform", "Why OKRs — The Basics").
_PLAN_WORDS = (
    r"objectives?|key|results?|goals?|okrs?|plan|roadmap|strategy|overview|summary|examples?"
    r"|templates?|practices|tips|phase|part|step|chapter|introduction|conclusion|how|why|what"
)
_NOT_A_TEAM = re.compile(rf"(?i:\b(?:{_PLAN_WORDS})\b)")
_NOT_A_NAME = re.compile(
    rf"(?i:\b(?:{_PLAN_WORDS}|the|and|of|for|with|platform|backend|frontend|infrastructure"
    r"|mobile|web|data|api|core|team|squad|group|unit|division|region|global|international)\b)"
)
_PERSON_TEAM = re.compile(rf"^(?P<person>{_EN_NAME}|{_ZH_NAME})\s*\((?P<team>[^\d()]{{1,30}})\)$")
# "举例：", "For example:": a label that introduces an example, never who owns it.
_VERDICT = re.compile(r"^[✅❌✔✖✗✘☑❎🚫⛔👍👎]\ufe0f?$")
# So is a version or verdict label over an example ("### 改良版本", "✅ Good:", "After:").
_EXAMPLE_LABEL = re.compile(
    r"^(?:[✅❌✔✖✗✘☑]\ufe0f?\s*)?"
    r"(?:举例|例如|比如|示例|例子|范例|案例|反例|正例|(?:错误|正确|反面|正面|好的|差的)(?:示例|案例|例子)"
    r"|(?:改良|改进|优化|修改|调整)(?:版本?|前|后)(?:版本?)?|原版本?"
    r"|(?i:(?:for\s+)?examples?|e\.g\.|(?:good|bad)(?:\s+examples?)?|better|worse|before|after"
    r"|original|revised|improved(?:\s+version)?))$"
)
# "## Risks", "## Notes", "### 风险": a section of remarks beside the OKR; its bullets are none.
_REMARKS_HEADING = re.compile(
    r"^(?i:risks?|notes?|blockers?|dependencies|assumptions|context|background|comments?"
    r"|learnings?|next\s+steps|open\s+questions)\s*:?$|^(?:风险|备注|说明|背景|注意事项|依赖)\s*:?$"
)
# YAML front matter ("---" / "team: Sales" / "owner: John Smith" / "---"): the keys that name
# whose OKRs the file holds, in the order they are preferred.
_FRONT_MATTER_OWNER = ("team", "department", "owner", "团队", "部门", "负责人")
_FRONT_MATTER_ENTRY = re.compile(r"^\s*(?P<key>[\w\u4e00-\u9fff-]{1,30})\s*:\s*(?P<value>.*?)\s*$")
# "杜尔在白板上写下谷歌的第一个OKR：": whose first (second, …) OKR follows.
_ORDINAL_OKR = re.compile(
    r"^(?P<clause>.{1,40}?)的\s*(?:第[一二三四五六七八九十\d]+个|首个)\s*OKRs?\s*:?\s*$", re.I
)
# Table header cells naming the objective and key result columns.
_OWNER_COLUMN = re.compile(
    r"(?i:owner|assignee)|负责人|责任人|承担人|^(?:负责|责任|所属|执行)?(?:部门|团队)$"
    r"|^(?i:team|department|dept\.?)$"
)
# Progress, score and status columns: a snapshot of the old cycle, never part of the key result
# (progress comes from check-ins).
_SCORE_COLUMN = re.compile(
    r"(?i:progress|score|status|grade|confidence)|进度|进展|得分|评分|分数|完成度|完成率|完成情况|状态|信心"
)
_PRIORITY_COLUMN = re.compile(r"^\s*(?i:priority|prio|P)\s*$|^\s*优先级\s*$")
# The columns of a key result's values, a whole header cell each ("基线/当前值" names one column
# twice): the start, the target and the due date, read into the key result of the row.
_START_WORD = (
    r"(?i:baseline|start(?:ing)?(?:\s+(?:value|point|level))?|current(?:\s+(?:value|level))?)"
    r"|基线值?|基准值?|当前值?|现状|起始值|初始值|起点"
)
_TARGET_WORD = r"(?i:target(?:\s+(?:value|level))?|goal\s+value)|目标值|目标数值|期望值|目标水平"
_DUE_WORD = (
    r"(?i:timeline|deadline|due(?:\s+date)?|by\s+when|when|target\s+date|end\s+date|eta|date"
    r"|time\s*frame)|截止(?:时间|日期)?|完成(?:时间|日期|时限)|时间节点|时间|期限|时限|日期"
)
_VALUE_COLUMNS = {
    role: re.compile(rf"^\s*(?:{word})(?:\s*/\s*(?:{word}))*\s*$")
    for role, word in (("start", _START_WORD), ("target", _TARGET_WORD), ("due", _DUE_WORD))
}
# "1 Finish the base use-case": an objective's number before its title in a table cell.
_LEADING_NUMBER = re.compile(r"^\s*\d{1,2}[.)、]?\s+")
_KR_COLUMN = re.compile(r"(?i:key\s*results?|^KRs?$)|关键(?:结果|成果)")
_OBJECTIVE_COLUMN = re.compile(r"(?i:objectives?|^O$)|目标")
_MARKER_ONLY = re.compile(r"^\s*(?:O|KR|目标|关键结果)\s*\d+\s*$", re.IGNORECASE)
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)\S.*\1\s*$")
_ITALIC_LINE = re.compile(r"^\s*(?:_[^_\s][^_]*(?<=\S)_|\*[^*\s][^*]*(?<=\S)\*)\s*$")
_WORDS = re.compile(r"[A-Za-z]{2}|[\u4e00-\u9fff]")
_ENUMERATED = re.compile(r"^\s*\d{1,2}[.、)]\s*")
_KR_IN_CELL = re.compile(r"(?<!^)\s+(?=(?:KR|关键结果)\s*\d+\s*[:=])")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>.*?)\s*#*\s*$")
# "(1)", "1、" and "①" need no space after them, as Chinese documents write them ("（1）将…");
# "1." does unless Chinese text follows ("1.舉辦"; "1.5 倍" is a number). An emoji set as a
# bullet ("1️⃣", "🎯 O1:", "✅ KR2") is one too, with or without a space.
_BULLET = re.compile(
    r"^(?P<indent>\s*)(?:(?P<dash>[–—])\s+|(?:[-*•+·]|\d{1,2}[.)]|[a-h][.)])\s+"
    r"|(?:\d{1,2}、|\(\d{1,2}\)|[①-⑳]|(?P<emoji>" + _EMOJI_BULLET + r"))\s*"
    r"|\d{1,2}[.)](?=[\u3400-\u9fff]))"
    # A task list's checkbox after the bullet ("- [ ] …", "1. [x] …"): the item is a plain one.
    rf"(?:{_CHECKBOX}\s+)?"
    r"(?P<rest>\S.*)$"
)
_RULE = re.compile(r"^\s*(?:[-*_=]\s*){3,}$|^\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*$")
_EMPHASIS = re.compile(r"\*\*|__|`")
_SENTENCE_END = re.compile(r"\.\s+|。")
_LIST_SEPARATOR = re.compile(r",\s+|，|;\s*|；")

_SEPARATORS = " :：.、-–—"
# "Q1 OKRs", "2026 年度 OKR", "FY27-Q1 OKRs", "2026 年第三季度 OKR": a period, not an owner.
_PERIOD = re.compile(
    r"^(?:(?:\d{4}\s*(?:年度?)?|Q[1-4]|H[12]|FY\s?\d{2,4}|第?[一二三四1-4]\s*季度|[上下]半年|年度"
    r"|季度)[\s/-]*)*$",
    re.I,
)
# "## March/June 202x goals", "## 2026 第三季度目标": the goals of a period title the document
# (the period's objectives follow), they name no owner. The month's letters are taken
# possessively (`*+`): with optional separators a run of letters ("marmarmar…") could otherwise
# be split in exponentially many ways before the match fails.
_PERIOD_GOALS = re.compile(
    r"^(?:(?:\d{4}|20\d[xX]|Q[1-4]|H[12]|FY\s?\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov"
    r"|dec)[a-z]*+\.?|\d{1,2}\s*月份?|第?[一二三四1-4]\s*季度|年度?|[上下]半年|季度)[\s/,&-]*)+"
    r"(?:的\s*)?(?:goals?|objectives|目标)\s*:?$",
    re.I,
)
# reStructuredText directives: ".. objective:: Title", ".. 目标:: 标题", ".. kr:: text",
# ".. 关键结果:: text", and the field lines under one (":owner: Sales", ":负责人: 客服部").
_DIRECTIVE = re.compile(
    r"^\s*\.\.\s+(?:(?P<objective>(?i:objective)|目标)|(?P<kr>(?i:kr|key[\s_-]?results?)"
    r"|关键(?:结果|成果)))\s*::\s*(?P<rest>.*)$"
)
_DIRECTIVE_FIELD = re.compile(r"^(?P<indent>\s+):(?P<key>[^:\s][^:]{0,30}):(?:\s+(?P<value>.*))?$")
# The fields that name an objective's owner; any other is reported (UNREAD_FIELD), never read.
_OWNER_FIELDS = {"owner", "team", "负责人", "团队", "部门"}

PROSE = "prose, not an OKR line: ignored"
BULLET_OUTSIDE = "bullet outside an objective: not read as a key result"
KR_WITHOUT_OBJECTIVE = "key result before any objective: ignored"
BARE_HEADING = "heading that names no owner, objective or key result: ignored"
DECORATION = "Markdown rule or table separator: ignored"
LABEL = "label line: introduces the items under it"
INITIATIVE = "initiative planned under the objective: not a key result"
DETAIL = "detail of the key result above: not a key result"
MARKER_WITHOUT_TITLE = "objective marker without a title: ignored"
SCORE_COLUMN = "table column of progress, score or status: not read (check-ins record progress)"
KR_MARKER_WITHOUT_TEXT = "key result marker without text: ignored"
# A directive's field line that names no owner of an objective (`:priority: high`, `:weight:
# 30%`, an owner under a key result): its value is not read; the field's name is its key.
UNREAD_FIELD = "field that is not read (only :owner: or :team: under an objective is): ignored"
# An exact line's attribute block (okrtext.exact) that cannot be read as written: the line is
# not read at all (an importer refuses it, naming the line and column).
ATTRIBUTE_TWICE = "attribute given twice in the attribute block: the line is not read"
ATTRIBUTE_BLOCK_UNREADABLE = (
    "attribute block that cannot be read (a quote not closed?): the line is not read"
)
AMBIGUOUS_NUMBER = (
    "key result with a number that cannot be read without guessing (a comma that does not"
    " separate thousands such as 4,5, or an exponent such as 1e16): write 4.5 for a decimal;"
    " the key result is kept but cannot be imported until then"
)


def parse(text: str, *, year: int | None = None, cycle: Cycle | None = None) -> Document:
    """Read OKR text into sections, objectives and key results; see the module docstring.

    `year` and `cycle` resolve dates written without a year, as in `read_key_result`.
    """
    return _Parser(text.splitlines(), year, cycle).run()


class _Parser:
    def __init__(self, lines: list[str], year: int | None, cycle: Cycle | None) -> None:
        self.lines = lines
        self.year = year
        self.cycle = cycle
        self.document = Document()
        self.section: Section | None = None
        self.heading_level: int | None = None  # level of the Markdown heading naming the owner
        self.objective: ParsedObjective | None = None
        self.bullets_open = False  # bare bullets are key results of the current objective
        self.bullet_objective_indent: int | None = None  # set when objectives are bullets too
        self.key_result_indent: int | None = None  # bullets deeper than a KR bullet are details
        self.title_follows = False  # an objective label alone: its title is the next line
        self.kr_text_follows = False  # "Key Result 1:" alone: its text is the next line
        # Plain lines read as key results after "关键结果：" / "Key results:" (None: no such
        # label open); counts them, so that a blank line after some of them ends the list.
        self.label_items: int | None = None
        # Lines under "Initiatives:" are the objective's planned work until the next objective,
        # key result, owner or label.
        self.initiatives = False
        self.objectives_marked = False  # the text writes its objectives "O1：…"
        self.numbered: dict[str, ParsedObjective] = {}  # "O2：…" by its number, in this section
        self.columns: dict[int, str] | None = None  # a table's column roles, from its header
        self.bare = False  # the table's rows leave out their outer pipes
        # Sections opened by a topic title ("Customer Service OKR Examples", "Team Level OKRs",
        # "客服岗位OKR示例") rather than by a possessive ("产品经理的OKR", "Marketing's OKRs").
        self.titled_sections: list[Section] = []
        # The line of a key result written as a heading or a plain line, while the field
        # bullets under it ("- 当前值: 250ms") are being read.
        self.fields_of: int | None = None
        # The reStructuredText directive whose field lines are being read: "objective", "kr".
        self.directive: str | None = None
        # Indented field lines read into the key result above them ("  Baseline: 400").
        self.detail_lines: set[int] = set()
        # The due date a cycle heading ("### Q2 2021", "## 2026 年度") gives the key results
        # under it that state none, and that heading's level (a heading at it or above ends it).
        self.period: tuple[int, date | None] | None = None
        # The section an objective moved out of by its `Owner:` line, reopened for the next
        # objective (the owner line was that objective's alone).
        self.resume: Section | None = None
        # The level and name of the team heading open ("## Platform team", "## Docs" over
        # headings of its own): a person heading under it is the owner, with that team beside
        # (docs/okrtext-headings.md).
        self.team_heading: tuple[int, str] | None = None

    def run(self) -> Document:
        after_front_matter = self._front_matter()
        joined = _join_wrapped(self.lines)
        for number, raw in enumerate(self.lines, start=1):
            if raw.strip() and number > after_front_matter and number not in joined:
                self._line(number, raw.rstrip())
        self.document.sections = [
            s for s in self.document.sections if s.objectives or s.owner is not None
        ]
        self._untitle()
        return self.document

    def _front_matter(self) -> int:
        """Read a Markdown file's YAML front matter: its `team:` (or `owner:`) names the owner of
        the OKRs below it. Returns the number of its closing line (0 when there is none)."""
        lines = [(n, line.strip()) for n, line in enumerate(self.lines, start=1) if line.strip()]
        if not lines or lines[0][1] != "---":
            return 0
        entries = {}
        for number, line in lines[1:]:
            if line == "---":
                owner = next((entries[k] for k in _FRONT_MATTER_OWNER if entries.get(k)), None)
                if owner:
                    self._section(lines[0][0], owner, level=None)
                return number
            entry = _FRONT_MATTER_ENTRY.match(line)
            if entry is None:
                return 0  # a Markdown rule, not front matter
            entries[entry["key"].casefold()] = entry["value"].strip("\"'")
        return 0

    def _untitle(self) -> None:
        """A topic title over the whole document names what the examples are about, not who owns
        them: "Customer Service OKR Examples" followed by objectives is one section with no owner.
        Several such titles divide the text between owners ("产品团队 OKR 示例：", "工程团队 …"),
        and a department or team name ("研发部门 OKR", "Sales team OKRs") stays an owner."""
        owned = [s for s in self.document.sections if s.objectives]
        if len(owned) != 1 or not any(owned[0] is s for s in self.titled_sections):
            return
        owner = owned[0].owner or ""
        if _is(_ROLE_NAME, owner) or re.search(r"(?i:\b(?:team|department|squad|group)$)", owner):
            return
        owned[0].owner = None

    # --- classification -------------------------------------------------------------------

    def _line(self, number: int, raw: str) -> None:
        if problem := exact.block_problem(raw):
            code, column, key = problem
            message = ATTRIBUTE_TWICE if code == "twice" else ATTRIBUTE_BLOCK_UNREADABLE
            self.document.problems.append(Problem(number, message, column=column, key=key))
            return
        if stated := exact.read_line(raw):
            self._exact(number, *stated)
            return
        if self.directive is not None and (field := _match(_DIRECTIVE_FIELD, raw)):
            self._directive_field(number, field)
            return
        self.directive = None
        if directive := _match(_DIRECTIVE, raw):
            self._directive(number, directive)
            return
        if _RULE.match(raw):
            self._problem(number, DECORATION, closes_list=False)
            return
        bare = self._bare_cells(number, raw)
        cells = bare or _cells(raw) or _tab_cells(raw, continuing=self.columns is not None)
        if cells is None:
            self.columns = None
        elif self._table(number, cells, bare=bare is not None):
            return
        if inline := _inline_okr(raw):
            # "…OKR：O是“…”。KR1：…；KR2：…" in one paragraph: an objective and its key results.
            title, key_results = inline
            self._objective(number, title)
            for text in key_results:
                self._key_result(number, text)
            return
        for part in _table_row(raw):
            self._read(number, part)

    def _table(self, number: int, cells: list[str], *, bare: bool = False) -> bool:
        """A table with a header naming its objective and key result columns: each row is read
        by column, extra columns (progress, owner, score) are never glued into the text."""
        roles = {}
        for index, cell in enumerate(cells):
            body = normalise(_EMPHASIS.sub("", cell))
            value = next((role for role, p in _VALUE_COLUMNS.items() if p.match(body)), None)
            if _OWNER_COLUMN.search(body) and len(body) <= 30:
                roles[index] = "owner"
            elif value:
                # A second start column ("| Baseline | Target | Current |") is where the key
                # result stands now: progress, which check-ins record.
                roles[index] = "score" if value in roles.values() else value
            elif _KR_COLUMN.search(body) and len(body) <= 30:
                roles[index] = "key_result"
            elif _OBJECTIVE_COLUMN.search(body) and len(body) <= 30:
                roles[index] = "objective"
            elif _SCORE_COLUMN.search(body) and len(body) <= 30:
                roles[index] = "score"
            elif _PRIORITY_COLUMN.match(body):
                roles[index] = "priority"
        if any(_MARKER_ONLY.match(normalise(_EMPHASIS.sub("", c))) for c in cells):
            return False  # "| O1 | 提升续费率 |": the row says what it is
        header = all(len(c) <= 30 and not re.search(r"\d", c) for c in cells)
        if (
            header
            and roles
            and 0 not in roles
            and not {"key_result", "objective"} & set(roles.values())
            and self._bold_rows_follow(number)
        ):
            # "| **IPFS Cluster** | **Priority** | **Owner** | **End-Q** |" over bold rows that
            # fill only the first cell ("| **1 Finish the base use-case** | | | |"): those are
            # the objectives, the rows under each its key results, the first cell their text.
            roles[0] = "key_result"
        if "key_result" in roles.values() and header:
            self.columns, self.bare = roles, bare
            self._problem(number, LABEL, closes_list=False)
            if "score" in roles.values():
                self._problem(number, SCORE_COLUMN, closes_list=False)
            return True
        if self.columns is None:
            return False
        cell = {
            role: cells[i].strip() if i < len(cells) else "" for i, role in self.columns.items()
        }
        objective, key_results = cell.get("objective", ""), cell.get("key_result", "")
        if (
            self.columns.get(0) == "key_result"
            and "objective" not in self.columns.values()
            and _bold_only_first(cells)
        ):
            objective, key_results = _LEADING_NUMBER.sub("", _EMPHASIS.sub("", cells[0])), ""
        if objective and not key_results and _ENUMERATED.match(objective):
            key_results, objective = objective, ""  # a row continuing the objective above
        # The owner column, or a column of team names under a header that names no role
        # ("| 战略 | 目标 | 关键结果 | 执行 |" with "销售部" in each row).
        written = cell.get("owner") or next(
            (
                c.strip()
                for i, c in enumerate(cells)
                if i not in self.columns and _is(_ROLE_NAME, c.strip())
            ),
            "",
        )
        # "Sales Team" is one name; "@增长组 @市场部" or "王伟、李娜" are several.
        owners = (
            [written] if _is(_ROLE_NAME, written) else re.findall(r"[^\s,，、;；@＠]+", written)
        )
        if objective and len(owners) == 1 and not re.search(r"[@＠]", written):
            # A name on the objective's row is whose objective it is (an owner hint, as a heading
            # would be), never text glued to its key results.
            if self.section is None or self.section.owner != owners[0]:
                self._section(number, owners[0], level=None)
            owners = []
        elif self.section is not None and owners == [self.section.owner]:
            owners = []  # the objective's owner again on a row that continues it
        if objective:
            marked = _match(_OBJECTIVE, _EMPHASIS.sub("", objective))
            self._objective(number, marked["rest"] if marked else _EMPHASIS.sub("", objective))
        # Other names (written "@增长组", or one per key result) own each key result: mentions.
        mentions = "".join(f" @{name}" for name in owners)
        texts = _split(_KR_IN_CELL, key_results) if key_results else []
        for text in texts:
            body = _EMPHASIS.sub("", _ENUMERATED.sub("", text))
            marked = _match(_KEY_RESULT, body)
            self._key_result(number, (marked["rest"] if marked else body) + mentions)
        values = {role: cell[role] for role in _VALUE_COLUMNS if cell.get(role)}
        # The cells are the values of one key result, read on this row (not refused).
        last = (
            self.objective.key_results[-1]
            if self.objective and self.objective.key_results
            else None
        )
        if len(texts) == 1 and values and last is not None and last.line == number:
            self._cell_values(number, last, values)
        return True

    def _cell_values(self, number: int, kr: ParsedKeyResult, cells: dict[str, str]) -> None:
        """A row's start, target and due cells, each read alone by the readers of the text
        ("1.2万", "40%", "Q3 2026", "6月底"), into the row's key result. A cell wins over a value
        its text states (docs/import-export.md, "Tables"): it is what the person typed into the
        field, the text a title. A cell that states no value is passed over."""
        read = {
            role: analyse(text, year=self.year, cycle=self.cycle) for role, text in cells.items()
        }
        target = read["target"].reading if "target" in read else None
        start = read["start"].reading if "start" in read else None
        if target is not None and target.target is None:
            target = None  # "TBD", "见附件"
        if start is not None and (start.start if start.start is not None else start.target) is None:
            start = None
        if kr.target is None and target is not None:
            # "Improve NPS" with 45 and 30 in its cells reads as "Improve NPS to 45 (当前值 30)"
            # would: the metric, direction and bound come from the text and the values.
            said = {"target": cells["target"], **({"start": cells["start"]} if start else {})}
            self._read_again(kr, _with_values(kr.text, said))
        if target is not None:
            kr.target, kr.target_type = target.target, target.target_type
            kr.unit = target.unit or kr.unit
        if start is not None:
            kr.start = start.start if start.start is not None else start.target
            kr.unit = kr.unit or start.unit
            kr.start_unit = None
            if start.unit and start.unit != kr.unit:
                if conversion_factor(start.unit, kr.unit) is None:  # "200 元" against "30 美元"
                    kr.unreadable.append(("units", f"{cells['start']} → {cells.get('target')}"))
                else:  # "3 hours" against "45 minutes": one dimension (reading.in_one_unit)
                    kr.start_unit = start.unit
        # The numbers say which way: "从8%降到3%" with 12% as its target goes up.
        if (
            kr.start is not None
            and kr.target is not None
            and kr.start_unit is None
            and kr.target != kr.start
            and kr.direction in ("increase", "decrease")
        ):
            kr.direction = "increase" if kr.target > kr.start else "decrease"
        kr.beside.update(cells)
        if "due" in read and read["due"].reading.deadline:
            kr.deadline, kr.due = read["due"].reading.deadline, read["due"].reading.due
        for role, analysis in read.items():
            # What a value cell holds that cannot be read without guessing ("40-45万", "4,5",
            # "11月31日") is said on the key result, as it would be in its text.
            kr.unreadable.extend(
                found
                for found in analysis.reading.unreadable
                if (found[0] == "date") == (role == "due")
            )
            if analysis.ambiguous and role != "due":
                self._problem(number, AMBIGUOUS_NUMBER, closes_list=False)

    def _bare_cells(self, number: int, raw: str) -> list[str] | None:
        """The cells of a row of a table written without its outer pipes ("Objective | Key
        Result | Target" over "--- | --- | ---"): its header, over such a separator, and the
        rows under it, whose first cell may be blank (" | Raise NPS | 45"). None for any other
        line."""
        if "|" not in raw or (self.columns is not None and not self.bare):
            return None
        if self.columns is None:
            following = self._following(number)
            stripped = raw.strip()
            if stripped.startswith("|") or stripped.endswith("|") or following is None:
                return None
            if "|" not in following or not _RULE.match(following):
                return None
        return [cell.strip() for cell in raw.strip().split("|")]

    def _bold_rows_follow(self, number: int) -> bool:
        """True when a row of the table under line `number` fills only its first cell, in bold."""
        for raw in self.lines[number:]:
            cells = _cells(raw)
            if cells is None:
                return False
            if _bold_only_first(cells):
                return True
        return False

    def _read(self, number: int, text: str) -> None:
        line = _EMPHASIS.sub("", text)
        text_follows, self.kr_text_follows = self.kr_text_follows, False
        if heading := _match(_HEADING, line):
            self._heading(number, len(heading["hashes"]), heading["rest"])
            return
        bullet = _match(_BULLET, line)
        body = bullet["rest"] if bullet else line.strip()
        if bullet and self._emoji_title(number, bullet):
            bullet = None  # "🎯 O1: …" decorates the objective's line; the list is under it
        indent = _depth(bullet) if bullet else None
        fields_of, self.fields_of = self.fields_of, None
        if fields_of is not None and bullet and _FIELD.match(normalise(body)):
            # "#### KR1: P99 延迟 < 200ms" or "KR1: …" over "- 当前值: 250ms", "- 目标值: 200ms",
            # "- 进度: 125%": the key result's fields, listed under it, no key results.
            self.fields_of = fields_of
            self._detail(number, body)
            return
        if text_follows and not bullet:
            self._key_result(number, body)  # checked by _text_follows: a plain line
            return
        if (
            not bullet
            and text[:1].isspace()
            and _FIELD.match(normalise(body))
            and not _match(_OBJECTIVE, body)
            and self._under_a_key_result(number)
        ):
            # "- Increase MQLs to 650" over "  Baseline: 400" / "  Owner: Emma" / "  截止：6月底":
            # the item's fields, indented under it as Markdown continues an item; the list goes on.
            self.detail_lines.add(number)
            self._detail(number, body)
            return
        if not bullet and self._objective_field(number, body):
            return
        if self._label(number, body):
            return
        if (
            _ITALIC_LINE.match(text)
            and self.objective is not None
            and not self.objective.key_results
            and not bullet
        ):
            # "### Objective 1: …" over "_Objectives should be ambitious…_": a template's
            # helper note in italics, never the objective instead of the heading.
            self._problem(number, PROSE, closes_list=False)
            return
        if self.initiatives and not (
            _match(_OBJECTIVE, body)
            or _match(_KEY_RESULT, body)
            or _owner(body)
            or (not bullet and self._heads_a_list(number, body, emphasised=False))
        ):
            self._problem(number, INITIATIVE, closes_list=False)
            return
        self.initiatives = False
        if self.label_items is not None and self._label_item(number, body, bulleted=bool(bullet)):
            return
        if self.objective is not None and (aligned := _match(_ALIGNED, body)):
            self.objective.aligned_to = aligned["parent"]
            return
        if (
            self.title_follows
            and not bullet
            and not _match(_KEY_RESULT, body)
            and not re.search(r"[:：]\s*$", body)
        ):
            self._objective(number, body)
            return
        if (
            indent is not None
            and self.key_result_indent is not None
            and indent > self.key_result_indent
        ):
            self._detail(number, body)
            return
        if bullet and not _match(_OBJECTIVE, body) and not _match(_KEY_RESULT, body):
            if _owner(body) and self._next_is_objective(number):
                # "• 公司级OKR" over "O:…": a bulleted title naming whose OKRs follow.
                self._marked(number, body, indent)
            else:
                self._bullet(number, indent, body)
        elif not self._marked(number, body, indent):
            self._unmarked(number, body, emphasised=bool(_BOLD_LINE.match(text)))
        elif indent is not None and _match(_KEY_RESULT, body):
            self.key_result_indent = indent
        if _match(_KEY_RESULT, body) and self._read_here(number):
            self.fields_of = number

    def _read_here(self, number: int) -> bool:
        """True when the key result last read is the one on line `number`."""
        last = self.objective.key_results[-1:] if self.objective is not None else []
        return bool(last) and last[0].line == number

    def _label(self, number: int, body: str) -> bool:
        """ "Key results:" opens the list of the objective above; "Objective 2" alone announces
        a title on the next line."""
        # "1.2 关键成果（KR）", "二、目标(O)": an outline number before a label heading.
        body = _OUTLINE_NUMBER.sub("", body)
        if _is(_INITIATIVES_LABEL, body):
            self._problem(number, LABEL, closes_list=True)
            self.initiatives = True
            return True
        if _is(_KR_LABEL, body):
            self.initiatives = False
            self._problem(number, LABEL, closes_list=False)
            self.bullets_open = self.objective is not None
            # Bullets under the label are its items at any indent, the objective's own too
            # ("1. Title" / "Key results" / "- …"); a next objective has a label under it.
            self.bullet_objective_indent = None
            self.label_items = 0 if self.objective is not None else None
            return True
        if _is(_OBJECTIVE_LABEL, body):
            self.initiatives = False
            if self._following(number) is None:
                self._problem(number, MARKER_WITHOUT_TITLE)
            else:
                self._problem(number, LABEL, closes_list=False)
                self.title_follows = True
            return True
        return False

    def _label_item(self, number: int, body: str, *, bulleted: bool) -> bool:
        """A plain line under "关键结果：" is one of its key results, as the label says, until a
        blank line after them or a line that says what it is (an objective, a marked key
        result, an owner, another label). Bullets or "KR1：" lines under the label are its
        items instead: a plain line after them is no key result."""
        if (
            bulleted
            or _match(_KEY_RESULT, body)
            or (self.label_items and not self.lines[number - 2].strip())
        ):
            self.label_items = None  # the items are bullets, or a blank line ended them
            return False
        if _match(_OBJECTIVE, body) or _owner(body) or re.search(r"[:：]\s*$", body):
            return False
        self._key_result(number, body)
        self.label_items += 1
        return True

    def _text_follows(self, number: int) -> bool:
        """True when the next line is plain text that says nothing of its own (no bullet,
        heading, marker or label): the text of a marker written alone on line `number`."""
        line = self._following(number)
        if line is None or _match(_BULLET, line) or _match(_HEADING, line):
            return False
        body = line.strip()
        return not (
            _match(_OBJECTIVE, body)
            or _match(_KEY_RESULT, body)
            or _is(_KR_LABEL, body)
            or _is(_OBJECTIVE_LABEL, body)
        )

    def _marked(self, number: int, body: str, indent: int | None = None) -> bool:
        """Lines that say what they are: "O1:", "KR2:", "目标一：", owner headings, role lines."""
        if (match := _match(_KR_OF_OBJECTIVE, body)) and match["o"] in self.numbered:
            # "KR2-O2：…" listed after all the objectives: it belongs to the one it names.
            self.objective = self.numbered[match["o"]]
            self._key_result(number, match["rest"])
            return True
        if match := _match(_KEY_RESULT, body) or _match(_ROLE_KEY_RESULT, body):
            if re.search(r"[?？]\s*[^\s)）]", match["rest"]) and not re.search(
                r"\d", body[: -len(match["rest"])]
            ):
                # "KR：业绩怎样增长？用关键结果来衡量。": an unnumbered marker before a question
                # and its answer explains what key results are; it is none.
                self._problem(number, PROSE, closes_list=False)
                return True
            self._key_result(number, match["rest"])
            return True
        if match := _match(_OBJECTIVE, body):
            self._objective(number, match["rest"], bullet_indent=indent)
            self.objectives_marked = True
            if self.objective is not None and (numbered := _OBJECTIVE_NUMBER.match(body)):
                self.numbered[numbered.group(1)] = self.objective
            return True
        owner = _owner(body)
        if owner:
            self._section(number, owner, level=None)
            if _owner(body, possessive_only=True) is None:
                self.titled_sections.append(self.section)
            return True
        return False

    def _unmarked(self, number: int, body: str, *, emphasised: bool = False) -> None:
        label = re.match(r"^(?P<label>[^:：]{1,20})[:：]\s*(?P<rest>.*)$", body)
        if label and _is(_EXAMPLE_LABEL, label["label"].strip()):
            # "案例:目标“提升用户留存率”", "✅ Good: Increase D7 retention …": the label says
            # what the example is; the rest is read as if written alone, it names no owner.
            if label["rest"]:
                self._read(number, label["rest"])
            else:
                self._problem(number, PROSE)
            return
        role = _match(_ROLE, body)
        if role and (
            _PHRASE_NOT_ROLE.match(role["role"])
            # "第三季度目标：" titles a period's goals
            or _is(_PERIOD_GOALS, role["role"].strip())
        ):
            role = None  # "A few notes before the list:", "举例：" introduce text, name nobody
        if role and not role["rest"]:
            self._section(number, role["role"].strip(), level=None)
        elif role and _is(_ROLE_NAME, role["rest"].strip()) and self._next_is_objective(number):
            # "二级部门：北京销售团队" over "O：…": the label says what level the name after it is.
            self._section(number, role["rest"].strip(), level=None)
        elif role and self._one_line_okr(number, role["role"].strip(), role["rest"]):
            return
        elif role and self._heads_a_list(number, role["rest"], emphasised=True):
            # "Support: Resolve tickets faster" or "销售部：扩大渠道" over its key results: the
            # role prefix names the owner (an owner hint, never part of the objective).
            self._section(number, role["role"].strip(), level=None)
            self._objective(number, role["rest"])
        elif _is(_ROLE_NAME, body) and (
            self._next_is_objective(number) or self._next_heads_a_list(number)
        ):
            # "产品主管" over "O：…", or over a plain objective line with its items under it.
            self._section(number, body, level=None)
        elif self._heads_a_list(number, body, emphasised=emphasised):
            self._objective(number, body)  # a plain line with its key results under it
        else:
            self._problem(number, PROSE)

    def _emoji_title(self, number: int, bullet: dict[str, str]) -> bool:
        """ "🎯 O1: …", or "🚀 Grow revenue" over a list marked otherwise ("- …", "1️⃣ …"): a
        pictograph decorating a title, not a bullet of its own. Keycaps number items; a
        pictograph that marks its siblings too ("👉 …" after "👉 …") is their bullet."""
        emoji = bullet["emoji"]
        if not emoji or re.match(r"[0-9#*]|\U0001F51F", emoji) or _is(_VERDICT, emoji):
            # A keycap numbers an item; a check or a cross ("✅ Good: …", "❌ Bad: …") judges
            # the example after it: neither decorates a title.
            return False
        if _match(_OBJECTIVE, bullet["rest"]):
            return True
        following, previous = self._following(number), self._previous(number)
        after = _match(_BULLET, following) if following else None
        before = _match(_BULLET, previous) if previous else None
        return (
            after is not None
            and after["emoji"] != emoji
            and (before is None or before["emoji"] != emoji)
            and self._heads_a_list(number, bullet["rest"], emphasised=False)
        )

    def _previous(self, number: int) -> str | None:
        """The last non-blank line before line `number`, without emphasis."""
        for raw in reversed(self.lines[: number - 1]):
            if raw.strip():
                return _EMPHASIS.sub("", raw)
        return None

    def _following(self, number: int) -> str | None:
        """The next non-blank line after line `number`, without emphasis."""
        for raw in self.lines[number:]:
            if raw.strip():
                return _EMPHASIS.sub("", raw)
        return None

    def _next_is_objective(self, number: int) -> bool:
        line = self._following(number)
        if line is None:
            return False
        bullet = _match(_BULLET, line)
        return bool(_match(_OBJECTIVE, bullet["rest"] if bullet else line.strip()))

    def _next_heads_a_list(self, number: int) -> bool:
        """True when the next non-blank line is a plain line that heads a list of key results."""
        for following, raw in enumerate(self.lines[number:], start=number + 1):
            if not raw.strip():
                continue
            line = _EMPHASIS.sub("", raw)
            body = line.strip()
            if _match(_BULLET, line) or _match(_HEADING, line) or _match(_ROLE, body):
                return False
            return not _is(_ROLE_NAME, body) and self._heads_a_list(
                following, body, emphasised=bool(_BOLD_LINE.match(raw))
            )
        return False

    def _heads_a_list(self, number: int, body: str, *, emphasised: bool) -> bool:
        """A plain line is an objective when key results follow it: a label line, "KR1:" lines,
        or unmarked bullets, if the line is set in bold or the bullets measure something (a
        list of article links under "相关推荐" does not)."""
        if re.search(r"[:：.。!！?？]\s*$", body) or len(body) > 120 or not _WORDS.search(body):
            return False
        bullets = []
        for raw in self.lines[number:]:
            if not raw.strip():
                continue
            line = _EMPHASIS.sub("", raw)
            if heading := _match(_HEADING, line):
                line = heading["rest"]
            bullet = _match(_BULLET, line)
            text = bullet["rest"] if bullet else line.strip()
            if not bullets and (_is(_KR_LABEL, text) or _match(_KEY_RESULT, text)):
                return True
            if not bullet or _match(_OBJECTIVE, text) or _is(_OBJECTIVE_LABEL, text):
                break
            bullets.append(text)
        if emphasised:
            return bool(bullets)
        # A dated item is measured too: "截止 10 月底开发 4 个用例", "Sign two partners by May".
        readings = [analyse(t, year=self.year) for t in bullets]
        measured = [a for a in readings if a.targets or a.deadlines]
        return len(bullets) >= 2 and bool(measured)

    def _heading(self, number: int, level: int, text: str) -> None:
        if (
            self.period is not None
            and level <= self.period[0]
            # "### Q2 2021" over "### Objective: …": an objective at the cycle's level is in it.
            and not (level == self.period[0] and _match(_OBJECTIVE, text.strip()))
        ):
            self.period = None  # the cycle's part of the document ends here
        if self.team_heading is not None and level <= self.team_heading[0]:
            self.team_heading = None
        if self._label(number, text.strip()):
            return
        if pair := _team_and_person(text):
            # The section has one owner: the person, whose OKRs these are; the team is kept
            # beside (docs/okrtext-headings.md). Neither is an objective.
            self._section(number, pair[1], level=level)
            self.section.team = pair[0]
            return
        if self._marked(number, text):
            if self._read_here(number):
                self.fields_of = number
            return
        if _is(_REMARKS_HEADING, text.strip()):
            self._problem(number, BARE_HEADING)  # its bullets are remarks, not key results
            return
        if self._owner_heading(number, level, text):
            return
        if (
            not text
            or _DOCUMENT_TITLE.search(normalise(text))
            or _is_period(text)
            or _is(_PERIOD_GOALS, text)
            or _is(_EXAMPLE_LABEL, text.strip().rstrip(":："))
            or self._chapter(number, level, text)
        ):
            # A document title ("# Q1 OKRs"), a cycle ("## 2018 Q4", "## 2026 年度") or a label
            # over an example ("### 改良版本").
            self._problem(number, BARE_HEADING)
            cycle = _is_period(text) or _is(_PERIOD_GOALS, text)
            if cycle:
                self.period = (level, self._period_end(text))
            # "## Example team: People & Culture" over "## 🗓 Q2 2022": the team's cycle.
            if not cycle and self.heading_level is not None and level <= self.heading_level:
                # "## Key Concepts" … "## OKRs (2020)": a heading at the owner's level ends the
                # owner's part; what follows belongs to nobody named.
                self.section = None
                self.heading_level = None
                self.objective = None
                self.bullets_open = False
        elif self.title_follows or (self.heading_level is not None and level > self.heading_level):
            self._objective(number, text)  # a sub-heading under an owner heading
        elif self._names_an_owner(number, level):
            self._section(number, strip_noise(text)[0], level=level)
            self.team_heading = (level, self.section.owner)
        else:
            self._objective(number, text)  # a heading with its key results under it

    def _owner_heading(self, number: int, level: int, text: str) -> bool:
        """A heading that names a team or a person and nothing else, at any depth of a tree of
        teams, people, cycles and objectives (docs/okrtext-headings.md): the owner of what is
        under it, never an objective. A person under a team heading is the owner, the team kept
        beside. Whether the heading was one."""
        team = _team_only(text)
        above = self.team_heading[1] if self.team_heading is not None else None
        holds = self._holds_headings(number, level)
        # "## Docs" / "### Bob" / "#### Q3 2026": one name under a team, over headings of its own.
        person = None if team else _person_only(text, one_word=bool(above and holds))
        labelled = _match(_OWNER_LABEL, _bare_title(text))
        if person and not (above or labelled or holds):
            # "## Customer Delight" over its key results: two capitalised words that head a
            # list are read as the objective they title.
            person = None
        if not (team or person):
            return False
        self._section(number, team or person, level=level)
        if team:
            self.team_heading = (level, team)
        elif above:
            self.section.team = above
        if self.period is not None and level <= self.period[0]:
            self.period = None  # a team heading beside the cycle's is not in it
        return True

    def _holds_headings(self, number: int, level: int) -> bool:
        """True when a deeper heading (a cycle, an objective) stands under the heading on line
        `number`, before the next heading at its level or above."""
        for raw in self.lines[number:]:
            if heading := _match(_HEADING, _EMPHASIS.sub("", raw)):
                return len(heading["hashes"]) > level
        return False

    def _period_end(self, text: str) -> date | None:
        """The last day of the cycle a heading names ("Q2 2021", "H1 2026", "2026年第三季度",
        "2026 年度"), None when it names no year and none is known."""
        written = re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", normalise(text))
        year = int(written.group()) if written else self.year
        reading = analyse(text, year=year, cycle=None if written else self.cycle).reading
        if reading.deadline is not None:
            return reading.due  # None for a fiscal label ("FY 2026"): no calendar date
        return date(year, 12, 31) if written else None  # "2026 年度", "2026": the year

    def _chapter(self, number: int, level: int, text: str) -> bool:
        """An article's numbered chapter ("## 一、目标设定", "## 二、挑战分析"): it has headings
        under it or only prose, no key results of its own."""
        if not _OUTLINE_NUMBER.match(normalise(text).strip()):
            return False
        for raw in self.lines[number:]:
            line = _EMPHASIS.sub("", raw)
            if _match(_HEADING, line):
                return True  # a deeper heading, or the next chapter
            bullet = _match(_BULLET, line)
            if bullet or _match(_KEY_RESULT, line.strip()):
                return False
        return True

    def _names_an_owner(self, number: int, level: int) -> bool:
        """True when the heading's body (up to the next heading at `level` or above) holds
        objectives of its own: a deeper heading that names something, an "O1:" line, or
        bullets with bullets under them. Otherwise the heading is an objective itself."""
        indents = []
        for raw in self.lines[number:]:
            line = _EMPHASIS.sub("", raw)
            if heading := _match(_HEADING, line):
                text = heading["rest"].strip()
                if len(heading["hashes"]) <= level:
                    break
                if text and not (
                    _is(_KR_LABEL, text)
                    or _DOCUMENT_TITLE.search(normalise(text))
                    or _is_period(text)
                ):
                    return True
                continue
            bullet = _match(_BULLET, line)
            body = bullet["rest"] if bullet else line.strip()
            if body and _match(_OBJECTIVE, body):
                return True
            if bullet:
                indents.append(_depth(bullet))
        # Bullets with bullets under them are objectives with their key results when most top
        # bullets have some; one key result with detail bullets among its siblings is no owner's
        # list ("* go and js interoperate" + "  * the dht passes its interop tests").
        if not indents:
            return False
        top = min(indents)
        parents = [
            a for a, b in zip(indents, [*indents[1:], top], strict=True) if a == top and b > a
        ]
        return bool(parents) and 2 * len(parents) > indents.count(top)

    def _bullet(self, number: int, indent: int, body: str) -> None:
        child_follows = self._next_bullet_indent(number) > indent
        following = self._following(number)
        if following is not None and _is(_KR_LABEL, following.strip()):
            # "1. PostHog in the EU" over "Key results" and its bullets: the label says the
            # numbered line is the objective they measure.
            self._objective(number, body, bullet_indent=indent)
        elif self.objective is not None and self.bullets_open:
            nested = self.bullet_objective_indent is not None
            if not nested or indent > self.bullet_objective_indent:
                self._key_result(number, body)
                if self.key_result_indent is None:
                    # Bullets deeper than the key results are their details (outline layouts).
                    self.key_result_indent = indent
            elif self.objectives_marked:
                # Objectives are written "O1：…": an unmarked bullet at their level is outline.
                self._problem(number, BULLET_OUTSIDE)
            else:
                self._objective(number, body, bullet_indent=indent)
        elif (
            (
                child_follows
                or (self.heading_level is not None and self._siblings_nest(number, indent))
            )
            and not self._marked_objective_under(number, indent)
            # "• 关键结果背景与挑战：" over its points: a topic the sub-points explain.
            and not re.search(r"[:：]\s*$", body)
        ):
            self._objective(number, body, bullet_indent=indent)
        elif (
            self.section is not None
            and self.objective is None
            and analyse(body, year=self.year).targets
        ):
            # "## Platform team" / "### Q2 2021" over measured items: key results whose objective
            # the text does not name; a team, a person or a cycle is never read as one.
            self._problem(number, KR_WITHOUT_OBJECTIVE)
        else:
            self._problem(number, BULLET_OUTSIDE)

    def _siblings_nest(self, number: int, indent: int) -> bool:
        """True when a later bullet at `indent`, before the next heading, has bullets under it:
        under an owner heading those bullets are objectives with their key results, and a
        sibling with none is an objective whose key results are not written yet ("### Company
        Wide:" over "* Having successful users" and "* Being a better company" with its own)."""
        depths = []
        for raw in self.lines[number:]:
            line = _EMPHASIS.sub("", raw)
            if _match(_HEADING, line):
                break
            if bullet := _match(_BULLET, line):
                depths.append(_depth(bullet))
        return any(a == indent and b > a for a, b in pairwise(depths))

    def _marked_objective_under(self, number: int, indent: int) -> bool:
        """True when an "O1："-style objective is nested under the bullet on line `number`:
        that bullet is an outline point of the text around the OKR, not an objective."""
        for raw in self.lines[number:]:
            if not raw.strip():
                continue
            line = _EMPHASIS.sub("", raw)
            bullet = _match(_BULLET, line)
            if bullet is None or _depth(bullet) <= indent:
                return False
            if _match(_OBJECTIVE, bullet["rest"]):
                return True
        return False

    def _next_bullet_indent(self, number: int) -> int:
        """Indent of the next non-blank line if it is a bullet, else -1. An indented paragraph
        that says nothing of an OKR continues the list item above it, as in Markdown ("1. **Title**"
        then "    **WHY:** …" then "   - KR: …"): the bullet after it decides."""
        for raw in self.lines[number:]:
            if not raw.strip():
                continue
            bullet = _match(_BULLET, raw)
            if bullet:
                return _depth(bullet)
            body = _EMPHASIS.sub("", raw).strip()
            if not raw[:1].isspace() or _match(_KEY_RESULT, body) or _match(_OBJECTIVE, body):
                return -1
        return -1

    def _directive(self, number: int, directive: dict[str, str]) -> None:
        """ ".. objective:: Title" or ".. kr:: text": a line that says what it is, with its field
        lines under it."""
        if directive["objective"]:
            self._objective(number, directive["rest"])
            self.directive = "objective" if self.objective is not None else None
        else:
            self._key_result(number, directive["rest"])
            self.directive = "kr" if self._read_here(number) else None

    def _directive_field(self, number: int, field: dict[str, str]) -> None:
        """ ":owner: Sales" under an objective's directive names its owner: the objective moves
        to that owner's section (the current one when it is theirs already). Any other field,
        or one under a key result, is reported with its name and column."""
        key, owner = field["key"].strip(), (field["value"] or "").strip()
        if self.directive != "objective" or key.casefold() not in _OWNER_FIELDS or not owner:
            column = len(field["indent"]) + 1
            self.document.problems.append(Problem(number, UNREAD_FIELD, column=column, key=key))
            return
        self._move_objective(number, owner, level=None)

    def _move_objective(self, number: int, owner: str, *, level: int | None) -> None:
        """The objective being read moves to `owner`'s section (stays when it is theirs)."""
        objective = self.objective
        if self.section.owner == owner:
            return
        self.section.objectives.remove(objective)
        self._section(number, owner, level=level)
        self.section.objectives.append(objective)
        self.objective, self.bullets_open = objective, True

    def _objective_field(self, number: int, body: str) -> bool:
        """`Owner: Emma Clarke` / `负责人：林晓` right under an objective, before its key results,
        names its owner: it moves to that owner's section, the line is no owner heading of its
        own. Any other field there (`Due: end of Q3`, `进度：40%`) is reported with its name, as
        an unread directive field is. Whether the line was such a field."""
        objective = self.objective
        if (
            objective is None
            or objective.key_results
            or not _FIELD.match(normalise(body))
            or _match(_OBJECTIVE, body)
        ):
            return False
        above = next((n for n in range(number - 1, 0, -1) if self.lines[n - 1].strip()), None)
        if above != objective.line and above not in self.detail_lines:
            return False
        self.detail_lines.add(number)
        if owner := _OWNER_DETAIL.match(normalise(body)):
            home, level = self.section, self.heading_level
            self._move_objective(number, body[owner.start("value") :].strip(), level=level)
            if self.section is not home:
                self.resume = home
            return True
        key = re.split(r"\s*[:：]", body, maxsplit=1)[0].strip()
        column = len(self.lines[number - 1]) - len(self.lines[number - 1].lstrip()) + 1
        self.document.problems.append(Problem(number, UNREAD_FIELD, column=column, key=key))
        return True

    def _one_line_okr(self, number: int, role: str, rest: str) -> bool:
        """`Role: Objective. KR, KR, KR.` as GitLab and Sourcegraph write them."""
        end = _SENTENCE_END.search(normalise(rest))
        if end is None or len(role.split()) > 4:
            return False
        title, results = rest[: end.start()], rest[end.end() :]
        texts = [t.strip(" .。") for t in _split(_LIST_SEPARATOR, results) if t.strip(" .。")]
        readings = [analyse(t, year=self.year, cycle=self.cycle) for t in texts]
        if not title.strip() or not any(a.targets for a in readings):
            return False
        self._section(number, role, level=None)
        self._objective(number, title.strip(" .。"))
        for text in texts:
            self._key_result(number, text)
        return True

    # --- building -------------------------------------------------------------------------

    def _section(self, number: int, owner: str | None, *, level: int | None) -> None:
        self.resume = None
        self.section = Section(owner=owner, line=number)
        self.numbered = {}
        self.document.sections.append(self.section)
        self.heading_level = level
        self.objective = None
        self.bullets_open = False
        self.label_items = None
        self.initiatives = False
        self.key_result_indent = None

    def _objective(
        self, number: int, text: str, *, bullet_indent: int | None = None, verbatim=False
    ) -> None:
        if (home := self.resume) is not None:
            # The objective before was moved to the owner its `Owner:` line named: this one is
            # the owner's it stands under again.
            self._section(number, home.owner, level=self.heading_level)
            self.section.line, self.section.team = home.line, home.team
        if not verbatim and (hint := _role_hint(text)):
            role, text = hint
            if self.section is None or self.section.owner != role:
                # The role names the owner (an owner hint): a section of its own, at the level of
                # the owner heading it may stand under.
                self._section(number, role, level=self.heading_level)
        title = text if verbatim else strip_noise(strip_separators(text, _SEPARATORS))[0]
        if quoted := re.fullmatch(r"“([^“”]+)”|「([^「」]+)」|『([^『』]+)』|\"([^\"]+)\"", title):
            title = next(group for group in quoted.groups() if group)
        if not title:
            self._problem(number, MARKER_WITHOUT_TITLE)
            return
        if self.section is None:
            self.section = Section(owner=None)
            self.document.sections.append(self.section)
        self.objective = ParsedObjective(title=title, line=number)
        self.section.objectives.append(self.objective)
        self.label_items = None
        self.initiatives = False
        self.bullets_open = True
        self.bullet_objective_indent = bullet_indent
        self.key_result_indent = None
        self.title_follows = False

    def _exact(self, number: int, marker: str, title: str, stated: dict[str, str]) -> None:
        """An objective or key result line of Mubiao's export, read verbatim (okrtext.exact)."""
        if marker == "O":
            self._objective(number, title, verbatim=True)
            self.objective.aligned_to = stated.pop("aligned_to", None) or None
            self.objective.stated = stated
            self.objectives_marked = True
        elif self.objective is None:
            self._problem(number, KR_WITHOUT_OBJECTIVE)
        else:
            reading = analyse(title, year=self.year, cycle=self.cycle).reading
            reading.text, reading.mentions = title, []
            self.objective.key_results.append(
                ParsedKeyResult(**vars(reading), line=number, stated=stated)
            )

    def _key_result(self, number: int, text: str) -> None:
        if self.objective is None and not self._title_above(number):
            self._problem(number, KR_WITHOUT_OBJECTIVE)
            return
        # A date written without its year is in the year of the cycle heading it stands under.
        due = self.period[1] if self.period is not None else None
        year = due.year if due is not None else self.year
        analysis = analyse(strip_separators(text, _SEPARATORS), year=year, cycle=self.cycle)
        reading = analysis.reading
        if analysis.ambiguous:
            # "4,5%" is 4.5 in much of Europe and two numbers elsewhere: ask, do not guess. The
            # key result stays (KeyResultReading.unreadable) so the numbering stays the user's.
            self._problem(number, AMBIGUOUS_NUMBER, closes_list=False)
        if not reading.text:
            if self._text_follows(number):
                # "• Key Result 1:" with its text on the next, indented line.
                self._problem(number, LABEL, closes_list=False)
                self.kr_text_follows = True
            else:
                self._problem(number, KR_MARKER_WITHOUT_TEXT)
            return
        if reading.deadline is None and due is not None:
            reading.due = due  # the cycle heading's end: the key result states none of its own
        self.objective.key_results.append(ParsedKeyResult(**vars(reading), line=number))
        self.bullets_open = True

    def _title_above(self, number: int) -> bool:
        """ "Q4 OKRs:" or "## Platform goals" right above key results with no objective: the
        title is what they measure, read as their objective (the line read as prose or a bare
        heading is read after all). Whether there was such a line."""
        above = next((n for n in range(number - 1, 0, -1) if self.lines[n - 1].strip()), None)
        problems = self.document.problems
        if above is None or not problems or problems[-1].line != above:
            return False
        if problems[-1].message not in (PROSE, BARE_HEADING):
            return False
        line = _EMPHASIS.sub("", self.lines[above - 1]).strip()
        heading = _match(_HEADING, line)
        title = (heading["rest"] if heading else line).strip().rstrip(":：").strip()
        if not title or len(title) > 60 or _SENTENCE_END.search(normalise(title)):
            return False
        if heading and _is_period(title):
            return False  # "### Q2 2021" dates the key results under it; it measures nothing
        problems.pop()
        self._objective(above, title)
        return True

    def _under_a_key_result(self, number: int) -> bool:
        """True when the last non-blank line before line `number` is the key result last read,
        or a field line read into it."""
        above = next((n for n in range(number - 1, 0, -1) if self.lines[n - 1].strip()), None)
        return above is not None and (self._read_here(above) or above in self.detail_lines)

    def _detail(self, number: int, body: str) -> None:
        """A field line under a key result: its start, target, owner or due date is read into
        it; any other field (progress, status, one already stated) is reported, read no further."""
        if not (self._value_detail(body) or self._owner_detail(body) or self._due_detail(body)):
            self._problem(number, DETAIL, closes_list=False)

    def _owner_detail(self, body: str) -> bool:
        """`Owner: Emma` / `负责人：林晓、王伟` / `DRI: @dana` under a key result: each name is
        mentioned by it, as a handle after its text would be (a key result's owner hint)."""
        stated = _OWNER_DETAIL.match(normalise(body))
        if stated is None or self.objective is None or not self.objective.key_results:
            return False
        kr = self.objective.key_results[-1]
        value = body[stated.start("value") :]
        names = [n.strip(" @＠") for n in re.split(r"[,，、;；/]|\s+(?=[@＠])", value)]
        kr.mentions.extend(n for n in names if n and n not in kr.mentions)
        return True

    def _due_detail(self, body: str) -> bool:
        """`Due: 2026-05-31` / `截止：6月底` under a key result that states no deadline: read as
        the deadline its own line would have said."""
        stated = _DUE_DETAIL.match(normalise(body))
        if stated is None or self.objective is None or not self.objective.key_results:
            return False
        kr = self.objective.key_results[-1]
        value = body[stated.start("value") :].strip()
        reading = analyse(value, year=self.year, cycle=self.cycle).reading
        if reading.deadline is None or kr.deadline is not None:
            return False
        kr.deadline, kr.due = reading.deadline, reading.due
        return True

    def _value_detail(self, body: str) -> bool:
        """`- 当前值: 250ms` / `- current: 65 s` / `- 基线：3.2 秒` under a key result without a
        start states its start, `- 目标值: 95%` / `- target: 95%` under one without a target
        its target: read as the same key result written in one line would be ("…至 95%（当前值
        250ms）"), its text kept as written. Whether it was such a line."""
        norm = normalise(body)
        stated = _BASELINE_DETAIL.match(norm) or _TARGET_DETAIL.match(norm)
        if stated is None or self.objective is None or not self.objective.key_results:
            return False
        kr = self.objective.key_results[-1]
        kind = "start" if stated.re is _BASELINE_DETAIL else "target"
        if getattr(kr, kind) is not None or kr.stated:
            return False
        # A second detail line is read with the first ("目标值" then "当前值").
        details = {**kr.beside, kind: body[stated.start("value") :].strip()}
        reading = analyse(_with_values(kr.text, details), year=self.year, cycle=self.cycle).reading
        if getattr(reading, kind) is None:
            return False
        self._read_again(kr, reading)
        kr.beside = details
        return True

    def _read_again(self, kr: ParsedKeyResult, reading: KeyResultReading | str) -> None:
        """`kr` as `reading` (or the reading of that text) reads it, its text, mentions and hold
        as the key result's own line said."""
        if isinstance(reading, str):
            reading = analyse(reading, year=self.year, cycle=self.cycle).reading
        for name, read in vars(reading).items():
            if name not in ("text", "mentions", "held"):
                setattr(kr, name, read)

    def _problem(self, number: int, message: str, *, closes_list: bool = True) -> None:
        self.document.problems.append(Problem(number, message))
        if closes_list:
            self.bullets_open = False  # prose ends a list: later bullets belong to something else
            self.label_items = None


def _with_values(text: str, values: dict[str, str]) -> str:
    """A key result's text with a target and a start stated beside it ("客诉率降低" with "3%":
    "客诉率降低至 3%"; "Improve NPS" with 45 and 30: "Improve NPS to 45（当前值 30）")."""
    text = text.rstrip("。.;；")
    if "target" in values:
        text += f"至 {values['target']}" if CJK.search(text) else f" to {values['target']}"
    if "start" in values:
        text += f"（当前值 {values['start']}）"
    return text


# A line that says what it is ("Baseline: 10", "**WHY:** …", "负责人：…"): never a wrapped tail.
_LABELLED = re.compile(r"^[^:：]{1,24}[:：]")


def _join_wrapped(lines: list[str]) -> set[int]:
    """Join a list item's soft-wrapped text: an indented plain line right under a bullet (no
    blank line between) continues the item's text, as in Markdown ("- Reach 100 customers in" over
    "  the enterprise segment"). Rewrites `lines` in place; returns the 1-based numbers of the
    lines joined into the item above (read no further)."""
    joined: set[int] = set()
    item: int | None = None  # index of the bullet line being continued
    item_indent = 0  # its bullet's indent, in columns
    for index, raw in enumerate(lines):
        if not raw.strip():
            item = None
            continue
        line = _EMPHASIS.sub("", raw)
        bullet = _match(_BULLET, line)
        if bullet is not None or _match(_HEADING, line) or _cells(raw) or "\t" in raw.strip():
            item = index if bullet is not None and bullet["rest"].strip() else None
            if item is not None:
                item_indent = len(bullet["indent"].expandtabs(4))
            continue
        if item is None:
            continue
        body = line.strip()
        if (
            not raw[:1].isspace()
            or len(raw) - len(raw.lstrip()) <= item_indent
            or re.search(r"[:：]\s*$", lines[item])
            or _LABELLED.match(normalise(body))
            or _match(_KEY_RESULT, body)
            or _match(_OBJECTIVE, body)
            or _match(_ALIGNED, body)
            or body.startswith((">", "|", "```"))
        ):
            item = None
            continue
        head = lines[item].rstrip()
        cjk = re.search(r"[\u3400-\u9fff\uff00-\uffef]$", head) and re.match(
            r"[\u3400-\u9fff]", body
        )
        lines[item] = head + ("" if cjk else " ") + raw.strip()
        joined.add(index + 1)
    return joined


def _is_role(role: str) -> bool:
    """A role or team's name: "CTO", "VP Engineering", "Support", "销售部", "客服中心"."""
    return _is(_ROLE_NAME, role) or _is(OWNER_PREFIX, f"{role}: x")


def _role_hint(text: str) -> tuple[str, str] | None:
    """(role, title) of an objective written after its owner's role, or None."""
    hint = _match(_ROLE_HINT, text)
    if hint is None or not _is_role(hint["role"].strip()):
        return None
    return hint["role"].strip(), hint["rest"]


def _team_and_person(text: str) -> tuple[str, str] | None:
    """(team, person) a heading names together, or None."""
    text = strip_separators(_EMPHASIS.sub("", text).strip(), " :：")
    found = _match(_TEAM_DASH_PERSON, text) or _match(_PERSON_TEAM, text)
    if found is None:
        return None
    team = (found.get("team") or found.get("team_zh") or "").strip()
    person = (found.get("person") or found.get("person_zh") or "").strip()
    if (
        _is(_ROLE_NAME, person)
        or _is_role(person)
        or EN_VERB.fullmatch(person.split()[0].lower())
        or _NOT_A_NAME.search(person)
        or _NOT_A_TEAM.search(team)
    ):
        return None  # "Sales — Support Team", "Growth — Double Revenue": no person
    if CJK.search(person) and not _is(_ROLE_NAME, team):
        return None  # "提升品牌 — 林晓" is no team; a Chinese team says it is one (部, 团队…)
    if not CJK.search(team) and not all(
        w[:1].isupper() or w in ("&", "/", "of", "and", "for") for w in team.split()
    ):
        return None
    return team, person


# "Team: Platform", "Example team: People & Culture", "部门：市场部": a label naming the team.
_TEAM_LABEL = re.compile(
    r"^(?i:(?:example\s+)?(?:team|department|dept\.?|squad))\s*:\s*(?P<team>\S.{0,40})$"
    r"|^(?:团队|部门|小组)\s*:\s*(?P<team_zh>\S.{0,20})$"
)
# The whole company, as one owner beside its teams ("### Company Wide:", "## 公司级").
_COMPANY = re.compile(
    r"^(?i:company(?:[\s-]+(?:wide|level))?|whole\s+company)$|^(?:公司级?|全公司)$"
)
_EN_TEAM = re.compile(r"^(?:[A-Z][\w&/-]*\s+){1,3}(?i:team|squad|guild|group|crew|department)$")
# Common surnames: a two- or three-character heading starting with one names a person
# ("### 林晓"); the two to four characters of _ZH_NAME alone also fit an objective ("降本").
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
    "严覃武戴莫孔向汤"
)


# "角色：研发主管", "Role: Product Manager", "负责人：林晓": a label naming whose OKRs follow.
_OWNER_LABEL = re.compile(
    r"^(?:角色|岗位|职位|负责人|姓名|员工|个人|(?i:role|owner|person|name|individual))\s*:\s*"
    r"(?P<owner>\S.{0,40})$"
)


def _bare_title(text: str) -> str:
    """A heading's words without emphasis, a pictograph or a list's enumerator before them, or a
    colon after them ("### 🗓 Q2 2022", "### 1. 角色：研发主管", "### Product:")."""
    text = re.sub(rf"^(?:{_EMOJI_BULLET}\s*)+", "", _EMPHASIS.sub("", text).strip())
    return strip_separators(_ENUMERATED.sub("", text), " :：")


def _team_only(text: str) -> str | None:
    """The team a heading names and nothing else ("## Platform team", "### Product:", "## 平台组",
    "## Example team: People & Culture", "### Company Wide:"), or None."""
    text = _bare_title(text)
    if labelled := _match(_TEAM_LABEL, text):
        return (labelled.get("team") or labelled.get("team_zh") or "").strip() or None
    if CJK.search(text):
        if not _is(_ROLE_NAME, text) and not _is(_COMPANY, text):
            return None
        tokens = zh_tokens(text)
        # "建设数据中心" is a verb and its object (an objective), "平台组" a team.
        return None if tokens and tokens[0].flag.startswith("v") else text
    words = text.lower().split()
    if not words or (len(words) > 1 and EN_VERB.fullmatch(words[0])) or _NOT_A_TEAM.search(text):
        return None  # "Grow Product", "Product Roadmap" (the word list has "product" as a verb)
    if _is(_COMPANY, text) or _is(_EN_TEAM, text) or _is_role(text):
        return text
    return None


def _person_only(text: str, *, one_word: bool = False) -> str | None:
    """The person (or the role) a heading names and nothing else ("### Emma Clarke", "### 林晓",
    "### 1. 角色：研发主管"), or None."""
    text = _bare_title(text)
    if labelled := _match(_OWNER_LABEL, text):
        return labelled["owner"].strip()
    if CJK.search(text):
        named = re.fullmatch(rf"[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}", text)
        return text if named and not _is(_ROLE_NAME, text) else None
    words = text.split()
    if (
        not re.fullmatch(_EN_NAME, text)
        or len(words) < (1 if one_word else 2)
        or EN_VERB.fullmatch(words[0].lower())
        or _NOT_A_NAME.search(text)
        or _is_role(text)
    ):
        return None
    return text


def _match(pattern: re.Pattern[str], text: str) -> dict[str, str] | None:
    """Match on the normalised text; return the groups as written in `text` (same indexes)."""
    match = pattern.match(normalise(text))
    if match is None:
        return None
    return {name: text[match.start(name) : match.end(name)] for name in match.groupdict()}


def _is(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.match(normalise(text)) is not None


def _split(pattern: re.Pattern[str], text: str) -> list[str]:
    parts, start = [], 0
    for match in pattern.finditer(normalise(text)):
        parts.append(text[start : match.start()])
        start = match.end()
    return [*parts, text[start:]]


def _is_period(text: str) -> bool:
    """A cycle, also under a label: "2018 Q4", "Current Period: Q1 2026", "周期：2026 年度"."""
    text = _bare_title(text)  # "🗓 Q2 2022", "Q1 2018:"
    labelled = re.match(r"^[^:：]{1,30}[:：]\s*(?P<period>\S.*)$", text)
    return bool(text) and (
        _is(_PERIOD, text) or bool(labelled and _is(_PERIOD, labelled["period"]))
    )


def _owner(text: str, *, possessive_only: bool = False) -> str | None:
    if ordinal := _match(_ORDINAL_OKR, text):
        # A clause before the possessive ("杜尔在白板上写下谷歌的"): the owner is its last noun.
        nouns = [t for t in zh_tokens(ordinal["clause"]) if t.flag[:1] == "n"]
        clause = ordinal["clause"].strip()
        if nouns and nouns[-1].start + len(nouns[-1].word) == len(clause):
            return nouns[-1].word
        return clause or None
    for form in _OWNER_FORMS[:3] if possessive_only else _OWNER_FORMS:
        match = _match(form, text)
        if (
            match
            and not re.search(r"[?？!！。]", match["owner"])
            and not _PERIOD.match(match["owner"])
        ):
            return strip_noise(match["owner"])[0] or None
    return None


def _cells(line: str) -> list[str] | None:
    """A table row's cells, or None for a line that is no table row. Rows may leave out the
    outer pipes ("O1：… | KR1：… |"), as pasted Markdown often does."""
    stripped = line.strip()
    if stripped.count("|") < 2 and not (stripped.startswith("|") and stripped.endswith("|")):
        return None
    if not (stripped.startswith("|") or stripped.endswith("|")):
        return None
    return [c.strip() for c in stripped.strip("|").split("|")]


# In a paragraph: "O是“…”", "目标为…", "Objective: …" after the start or a sentence's end, then
# "KR1：…；KR2：…".
_INLINE_OBJECTIVE = re.compile(
    r"(?:^|(?<=[:;。.\s]))(?:O\d*|目标\d*|(?i:objective))\s*(?:是|为|:|(?i:is\b))\s*"
)
_INLINE_KEY_RESULT = re.compile(r"(?:KR|关键结果)\s*\d+\s*:")
_INLINE_STRIP = " \t“”\"'。;；.,，、"


def _inline_okr(line: str) -> tuple[str, list[str]] | None:
    """(objective, key results) of a paragraph that writes one OKR inline, or None."""
    norm = normalise(line)
    objective = _INLINE_OBJECTIVE.search(norm)
    if objective is None:
        return None
    markers = list(_INLINE_KEY_RESULT.finditer(norm, objective.end()))
    if not markers:
        return None
    title = line[objective.end() : markers[0].start()].strip(_INLINE_STRIP)
    ends = [m.start() for m in markers[1:]] + [len(line)]
    key_results = [
        line[m.end() : end].strip(_INLINE_STRIP) for m, end in zip(markers, ends, strict=True)
    ]
    if not title or not all(key_results):
        return None
    return title, key_results


def _bold_only_first(cells: list[str]) -> bool:
    """ "| **1 Finish the base use-case** | | |": a row titled in its first cell alone."""
    first = cells[0] if cells else ""
    return (
        bool(_BOLD_LINE.match(first))
        and bool(_EMPHASIS.sub("", first).strip())
        and not any(c.strip() for c in cells[1:])
    )


def _tab_cells(line: str, *, continuing: bool) -> list[str] | None:
    """A row of a table copied from a web page or a spreadsheet (cells separated by tabs), or
    None. Under such a table's header a row may leave its first cells empty ("⇥KR2 …")."""
    body = line.rstrip().lstrip(" ")
    if "\t" not in body.lstrip("\t") and not (continuing and body.startswith("\t")):
        return None
    return [cell.strip() for cell in body.split("\t")]


def _table_row(line: str) -> list[str]:
    """A line, or a table row's cells read as lines.

    "| KR1 | 续费率达到 80% |" is one line, "KR1 续费率达到 80%". A row that holds an objective
    and its key result side by side ("| O1：提升转化 | KR1：转化率达到 5% | @增长组 |") is one
    line per marked cell, each with the unmarked cells after it (the owner column stays a mention).
    """
    stripped = line.strip()
    if not (stripped.startswith("|") and stripped.endswith("|")):
        return [line]
    parts: list[list[str]] = []
    marked_in_part = False
    for cell in (c.strip() for c in stripped.strip("|").split("|")):
        if not cell:
            continue
        body = _EMPHASIS.sub("", cell)
        marked = bool(_match(_OBJECTIVE, body) or _match(_KEY_RESULT, body))
        if not parts or (marked and marked_in_part):
            parts.append([])
            marked_in_part = False
        parts[-1].append(cell)
        marked_in_part = marked_in_part or marked
    return [" ".join(part) for part in parts] or [line]


def _depth(bullet: dict[str, str]) -> int:
    """A bullet's nesting depth: its indent, one deeper for an en or em dash. Slide decks and
    word processors set the second level with a dash under `•` at the same margin ("• Grow
    revenue" / "– Raise order value to $120"), so a dash sits under any other bullet."""
    return len(bullet["indent"].expandtabs(4)) + (1 if bullet["dash"] else 0)
