"""Headings and owner lines (okrtext.parser): who owns the OKRs under them (a team, a person,
a role), which cycle dates them, and which headings title a document or an example instead
(docs/okrtext-headings.md).
"""

import re
from datetime import date

from .lexicon import EN_VERB
from .problems import (
    BARE_HEADING,
)
from .reading import analyse
from .shapes import (
    _BULLET,
    _EMPHASIS,
    _ENUMERATED,
    _HEADING,
    _KEY_RESULT,
    _KR_LABEL,
    _OBJECTIVE,
    _OUTLINE_NUMBER,
    _depth,
    _is,
    _match,
    unemphasise,
)
from .text import CJK, OWNER_PREFIX, normalise, strip_noise, strip_separators
from .text import EMOJI_BULLET as _EMOJI_BULLET  # a pattern, not a message
from .wordclass import zh_tokens

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
# Words that open a phrase, never a role's name; a role is at most four words.
_PHRASE_NOT_ROLE = re.compile(
    r"^(?i:(?:a|an|the|this|these|those|here|some|my|our|your)\b|(?:\S+\s+){4}\S)"
    r"|^(?:一个|一些|这个|这些|那些|以下|下面|如下)"  # "一个公式：" is "a formula:"
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


class HeadingReading:
    """The parser's reading of headings and owner lines (mixed into parser._Parser)."""

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
            if heading := _match(_HEADING, unemphasise(raw)):
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
            line = unemphasise(raw)
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
            line = unemphasise(raw)
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
