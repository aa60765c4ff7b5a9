"""Deadlines and measurement windows in a key result (okr-rules.md §5.3, OKR-T04).

A deadline is kept as written and resolved to a due date when a year is known:

- a quarter (Q1, 第二季度) → its last day; a half (H1, 上半年) → 06-30 / 12-31;
- a month (`2 月`, `5 月底`, `by end of March`, `in March`) → the month's last day;
- "before <month or quarter>" (`截止 12 月之前`, `before March`, `Q3前`, `第三季度前`) → the
  last day of the month or quarter before: the period named is excluded, and the importers say
  the date it was read as, since people also write it for the period's end. "Before <day>"
  (`3月15日前`, `before March 7`) keeps that day, as people use it to mean "by";
- 上旬 / 初 → day 10, mid / 中 → 15, 中旬 → 20, 下旬 → the last day;
- year-end (`年底`, `EOY`, `by 2025`) → 12-31; "year-end" before a noun ("year-end financial
  reports … by January 31") names the work, not its deadline; with a year (`2026 年底前`,
  `before the end of 2026`) it is that year's last day, `2026年中` its 06-30, while "before
  2026" excludes the year; `in <year>` after a number is a ratio ("1 in 2000 builds"), no year;
- 双十一 / 双11 → 11-11, 双十二 / 双12 → 12-12 (the shopping festivals; "双十一前" keeps the day),
  元旦 → 01-01 (the first of January in the cycle: 2027-01-01 in a November–January cycle);
  圣诞 / Christmas → 12-25, 平安夜 / Christmas Eve → 12-24, 跨年 / New Year's Eve → 12-31,
  Thanksgiving / 感恩节 → the fourth Thursday of November (beside a word that makes them due);
- an ISO week (`by W52`, `截止第52周`) → its Sunday; "before" a week (`第 50 周前`) excludes it,
  as "before" a month does; `by 31.12` is day.month; `by 12/31/26` has a two-digit year;
- `年前`, `节前`, a moving holiday not in the tables (`劳动节前`, `by Easter`), a lunar day
  (`腊月二十三前`), `两周内` opening the key result and `by the 15th` are deadlines with no date,
  said by the importers, never dropped (probe 20);

A date written without a year belongs to the cycle the key result is read for: given the
cycle's range, `1 月 15 日` in a cycle from 2026-11-01 to 2027-01-31 is 2027-01-15, not the
start year's January. In a cycle longer than a year the same day can be in it twice (`6月15日`
from 2026-06-01 to 2027-06-30): no year is guessed, the reader says both. A year written in the
text is kept, even outside the cycle.

Holidays: 国庆 is 10-01; the lunar calendar's (春节 / 过年, 除夕, 元宵, 端午, 中秋) move every
year and are read from a table of their dates for 2020–2035 (`LUNAR_HOLIDAYS`, checked against
the `lunardate` package; a table rather than a dependency keeps okrtext dependency-free, and a
cycle's years are all it needs). A holiday without a written year is the one in the cycle, as
any date without a year; "春节前" keeps the day, as "双十一前" does. A year outside the table
has no date: the deadline is said, never dropped.

Fiscal labels (FY20-Q2, 2019-20财年, "Q2 FY 2017-18"), "end of quarter", a month counted from
the day of writing (`下个月底前`, `本月底`) and relative spans (`在6个月内`) have no calendar date
in the text: they are deadlines with no due date, which the importers say.
Windows and SLAs (`per 28 days`, `每周`, `72小时内`, `较上季度`) are never deadlines.
"""

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from . import lexicon, wordclass
from .numbers import numeral_value

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ZH_NUM = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
# 于 after a comparator is part of it ("不低于 4.5" is a bound, not "on 4/5"; 早于 and 晚于 are
# dates' words).
_ZH_ON = r"(?<![低高大小多少等])于"
_ZH_PREFIX = rf"(?:(?:截止到?|截至|到|在|{_ZH_ON}|最迟|最晚)\s*)?"
# A two-digit year before a month ("26年12月31日前") is 2026, not a count of years.
_ZH_YEAR = r"(?:(?P<year>\d{4}|(?<!\d)\d{2})\s*年\s*)?"
# "两周内", "在 3 个星期内": weeks counted from now (a rate after it keeps them its window:
# "两周内响应率"); the deadline where they open the key result or a clause (_WEEKS_FROM_NOW).
_WEEKS_WITHIN = (
    r"(?:在|于)?\s*(?:\d+|[一二两三四五六七八九十半])\s*(?:个?星期|周)"
    r"(?:之)?内(?![^,，;；。]{0,10}率)"
)
_EN_PREP_WORDS = r"by|before|until|till|no later than|in|during|on|through|for"
_EN_PREP = rf"(?:(?P<prep>{_EN_PREP_WORDS})\s+)?"
# "… at end of quarter": `at` before a period's end, never before a date (`at 5/12` is a score).
_EN_PREP_AT_END = rf"(?:(?P<prep>{_EN_PREP_WORDS}|at)\s+)?"
# Periods the cycle does not date: a school term or semester, a team's sprint.
_EN_UNDATED = r"quarter|month|term|semester|sprint"
_EN_POS = r"(?:(?:the\s+)?(?P<pos>end of|end|start of|beginning of|middle of|mid-?)\s*(?:the\s+)?)?"

# Each pattern names what it found; `_resolve` turns the groups into a due date.
_PATTERNS = [
    # Fiscal and academic years: no calendar date without the organisation's fiscal calendar.
    (
        "fiscal",
        rf"{_ZH_PREFIX}\d{{4}}-\d{{2,4}}\s*(?:财)?年(?:度)?(?:第?[一二三四1-4]季度)?(?:结束)?(?:之?前)?"
        r"|(?i:\b(?:by|in|end of)\s+)?(?i:FY\s?'?\d{2,4}(?:[- ]?Q[1-4])?)"
        # "by end of Q2 FY 2017-18", "in Q3 of FY24": the quarter of a named fiscal year.
        r"|(?i:\b(?:(?:by|in|before)\s+)?(?:(?:the\s+)?end\s+of\s+)?Q[1-4]\s+(?:of\s+)?"
        r"FY\s?'?\d{2,4}(?:[-/]\d{2,4})?)",
    ),
    (
        "quarter",
        rf"{_ZH_PREFIX}{_ZH_YEAR}(?<![下上本这该])第?\s*(?P<q>[一二三四1-4])\s*季度(?P<part>结束|末|底)?\s*(?P<before>之前|以前|前)?",
    ),
    # 本季 is 本季度 shortened ("本季末", "在本季"; h10s).
    (
        "unresolved",
        rf"{_ZH_PREFIX}(?:(?:本|这个|该|下)?季度|(?:本|该|下)季(?!节))(?:末|底|结束)(?:之?前)?",
    ),
    # Holidays, lunar ones from a table (see the module's docstring).
    (
        "holiday",
        rf"{_ZH_PREFIX}{_ZH_YEAR}(?P<holiday>春节|过年|除夕|元宵节?|端午节?|中秋节?|国庆节?)(?:假期)?"
        r"\s*(?P<before>之前|以前|前)?",
    ),
    # "在本季度内", "下一季度": the cycle's own quarter, known only to the cycle.
    (
        "unresolved",
        rf"{_ZH_PREFIX}(?:(?:本|这个|该|下一?个?)季度|(?:本|该|下)季(?![度节]))(?:内|之内)?",
    ),
    ("half", rf"{_ZH_PREFIX}{_ZH_YEAR}(?P<h>上|下)半年(?:结束)?(?:之?前)?"),
    (
        "year_end",
        rf"{_ZH_PREFIX}(?:(?P<year>\d{{4}})\s*年\s*(?:底|末|终|(?P<mid>中)(?=\s*(?:之前|以前|前|[,，。;；、)）]|$)))"
        r"|年底|年末|年终)\s*(?P<before>之前|以前|前)?",
    ),
    # Days named by their date: 双十一 (11 November), 双十二 (12 December), 元旦 (1 January).
    (
        "festival",
        rf"{_ZH_PREFIX}{_ZH_YEAR}(?:双\s*(?P<fest>十一|十二|11|12)(?![\d一二三四五六七八九十])"
        r"|(?P<new_year>元旦)节?(?:假期)?)\s*(?P<before>之前|以前|前)?",
    ),
    # "本月底", "下个月底前": a month counted from the day it was written, which the text does
    # not say: a deadline with no calendar date (said, never dropped).
    (
        "unresolved",
        # A bare 月 is not one counted by a number before it, with or without a space (`5 月底`).
        rf"{_ZH_PREFIX}(?:(?:本|这个|下一?个|次)月"
        r"|(?<![\d一二两三四五六七八九十个每])(?<![\d一二两三四五六七八九十]\s)月)"
        r"(?:底|末|中旬|下旬|上旬|初)(?:之?前)?",
    ),
    # "在本月", "本月内", "这个月": the month of writing as a whole, as 本季度 is the quarter
    # (h10t); its end is not said, so no calendar date. 本月底 and the like are matched above.
    (
        "unresolved",
        rf"{_ZH_PREFIX}(?:本|这个)月份?(?:内|之内)?(?![底末初]|[中上下]旬)",
    ),
    (
        "month",
        rf"{_ZH_PREFIX}{_ZH_YEAR}(?<![个每])(?P<m>{_ZH_NUM})\s*月份?\s*(?:(?P<d>{_ZH_NUM})\s*[日号])?"
        r"\s*(?P<part>底|末|初|中旬|上旬|下旬|中)?\s*(?:结束)?\s*(?P<before>之前|以前|前)?",
    ),
    (
        "relative",
        # "6个月内", "两个月内", "3个季度内", "半年内": a span counted from now, with no date.
        rf"{_ZH_PREFIX}(?:{_ZH_NUM}|[两半])\s*个(?:月|季度)(?:之)?内|{_ZH_PREFIX}半年(?:之)?内"
        # "两年内", "3年内" (one digit: "2026年内" is a year)
        rf"|{_ZH_PREFIX}(?<!\d)(?:\d|[一二两三四五六七八九十])\s*年(?:之)?内"
        rf"|(?:(?<=^)|(?<=^\s)|(?<=[,，;；。:：])\s*){_WEEKS_WITHIN}"
        rf"|^(?:{_ZH_NUM}|[两半])\s*个月(?:之?后)?"
        # "在接下来的三个月内", "未来两周内", "在接下来的两个季度，…": a span that starts now is a
        # deadline, not a window.
        rf"|{_ZH_PREFIX}(?:接下来|未来|今后)的?\s*(?:{_ZH_NUM}|[两半])\s*"
        r"(?:个月|个?季度|个?星期|周|年)(?:(?:之)?内|(?=\s*[,，]))"
        r"|(?i:\bwithin (?:\d+|a|one|two|three|six) months?\b)"
        r"|(?i:\b(?:over|in) (?:the next )?(?:\d+|two|three|four|six) (?:quarters|months|weeks)\b)"
        # "by mid this month", "by the middle of next month", "by the end of this term".
        r"|(?i:\b(?:(?:by|before|until|till|at)\s+)?"
        r"(?:(?:the\s+)?(?:end|middle|start|beginning)\s+of\s+|mid-?\s*)?"
        rf"(?:this|next) (?:year|{_EN_UNDATED})\b)"
        r"|(?i:\bin the first (?:\d+|one|two|three|four|six) (?:days|weeks|months) after \w+)",
    ),
    # Holidays on a fixed day, and Thanksgiving (the fourth Thursday of November): 圣诞 12-25,
    # 平安夜 / Christmas Eve 12-24, 跨年 / New Year's Eve 12-31, New Year's Day 01-01. Only beside
    # a word that makes them a deadline ("圣诞活动 GMV" names the work, "by Christmas" is due).
    (
        "holiday",
        rf"(?P<zh>{_ZH_PREFIX}){_ZH_YEAR}(?P<holiday>圣诞节?|平安夜|跨年夜?|感恩节)(?:假期)?"
        r"\s*(?P<before>之前|以前|前)?",
    ),
    (
        "holiday",
        r"(?i:(?P<prep>by|before|until|till|no later than|on|through)\s+(?:the\s+)?"
        r"(?P<holiday>christmas(?:\s+eve)?|xmas|new\s+year'?s'?\s+(?:eve|day)|thanksgiving)"
        r"(?:\s+(?P<year>\d{4}))?\b)",
    ),
    # An ISO week: `by W52`, `before week 50`, `第 50 周前` → that week's Sunday ("before" a week
    # excludes it, as "before" a month does: the Sunday of the week before, which is said).
    (
        "week",
        r"(?i:(?P<prep>by|before|until|till|no later than|end of)\s+(?:the\s+end\s+of\s+)?"
        r"(?:W|(?:ISO\s+)?week\s*)(?P<w>\d{1,2})(?:\s+(?P<year>\d{4}))?\b)",
    ),
    (
        "week",
        rf"(?P<zh>{_ZH_PREFIX}){_ZH_YEAR}第\s*(?P<w>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*周"
        r"\s*(?P<part>结束|末)?\s*(?P<before>之前|以前|前)?",
    ),
    # Deadlines the text does not date: 年前 (before the (lunar) new year), 节前 and a holiday
    # whose day moves or is not in the tables (劳动节前, "by Easter"), a lunar day (腊月二十三前),
    # a day with no month (`by the 15th`). Said, never dropped.
    (
        "unresolved",
        rf"{_ZH_PREFIX}(?:(?<![\d一二两三四五六七八九十百千万半多几数去今明前后当往些每近跨])年"
        r"|(?<![细环章关音调季礼枝末时使名春])节|小年|(?:劳动|五一|清明|情人|儿童|妇女|教师|重阳|七夕|冬至|腊八"
        r"|元宵|端午|中秋)节?(?:假期)?"
        r"|(?:农历)?(?:腊|正|冬)月(?:初|廿|[二三]?十)?[一二三四五六七八九十]?)\s*(?:之前|以前|前)",
    ),
    (
        "month",
        r"(?i:(?P<prep>by|before|until|till|no later than|on)\s+the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)"
        rf"\s+of\s+(?P<mname>{_MONTH_NAME})(?:,?\s+(?P<year>\d{{4}}))?\b)",
    ),
    (
        "unresolved",
        r"(?i:\b(?:by|before|until|till|no later than|on)\s+the\s+\d{1,2}(?:st|nd|rd|th)\b"
        r"|\b(?:by|before|until|till|no later than)\s+(?:the\s+)?(?:easter|halloween|black friday"
        r"|cyber monday|diwali|ramadan|eid|labou?r day|memorial day|independence day"
        r"|valentine'?s day|(?:chinese|lunar) new year|spring festival|golden week)\b)",
    ),
    # A US date with a two-digit year (`by 12/31/26`): a date only beside a word that makes it
    # one; month/day or day/month as a slash date is (03/04/27 is either: no date).
    (
        "dmy",
        r"(?:(?i:(?P<prep>by|before|until|till|no later than|due)\s+)"
        r"|(?P<zh>截止到?|截至|最迟|最晚))"
        r"\s*(?<![\d/.])(?P<a>\d{1,2})(?P<sep>/)(?P<b>\d{1,2})/(?P<year>\d{2})(?![\d/.%])"
        r"\s*(?P<before>之前|以前|前)?",
    ),
    ("iso", rf"(?i:{_EN_PREP}(?P<year>\d{{4}})-(?P<m>\d{{1,2}})(?:-(?P<d>\d{{1,2}}))?(?!\d))"),
    # A year before the quarter keeps that year: "2026 Q3", "2024年Q3前" (not the cycle's year).
    (
        "quarter",
        rf"(?i:{_EN_PREP}){_ZH_PREFIX}(?P<year>\d{{4}})\s*年?\s*Q(?P<q>[1-4])(?![A-Za-z0-9])"
        r"(?:\s*(?P<part>末|底|结束))?(?:\s*(?P<before>之前|以前|前))?",
    ),
    # A full date with slashes or dots: year first (`2026/12/31`, `2026.12.31`) or last
    # (`31/12/2026`, `31.12.2026`; dots are the European day.month.year).
    (
        "ymd",
        rf"(?i:{_EN_PREP}){_ZH_PREFIX}(?<![\d/.])(?P<year>(?:19|20)\d\d)\s*(?P<sep>[/.])\s*"
        r"(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?![\d/.%])\s*(?:[日号]\s*)?"
        r"(?P<before>之前|以前|前)?",
    ),
    (
        "dmy",
        rf"(?i:{_EN_PREP}){_ZH_PREFIX}(?<![\d/.])(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})"
        r"(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d/.%])\s*(?P<before>之前|以前|前)?",
    ),
    # The European day.month. with its trailing dot (`1.12. 前完成上线`, `截至 15.3.`, `by 1.12.
    # with …`): the trailing dot makes it a date where `1.12` alone is a decimal, but a decimal
    # ends a sentence too (`降低到 4.5.`), so it is a date only before 前, before the work's text
    # or beside 截止 / 截至 / 最迟 (_resolve).
    (
        "dm_dot",
        r"(?:(?i:(?P<prep>by|before|until|till|no later than|due|on)\s+)"
        rf"|(?P<zh>截止到?|截至|最迟|最晚|{_ZH_ON})\s*)?"
        r"(?<![\d/.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?![\d.])"
        r"(?:\s*(?P<before>之前|以前|前)|(?P<text>(?=\s*[A-Za-z\u4e00-\u9fff])))?",
    ),
    # A month and day without a year (`1/15 前`, `截止 12/15`, `12-31 前`, `by 3/31`, `31/12 前`,
    # `截至 12.31`): a deadline only beside a word that makes it one, as `3/4` alone is as
    # likely a fraction or a score. The part above 12 is the day; `03/04` (3 March or 4 April)
    # is kept as written with no calendar date, for the person to write it unambiguously.
    (
        "slash",
        r"(?:(?i:(?P<prep>by|before|until|till|no later than|due)\s+)"
        rf"|(?P<zh>截止到?|截至|最迟|最晚|{_ZH_ON})\s*)?"
        r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?![\d/.%-])\s*"
        r"(?P<before>之前|以前|前)?"
        # "完成6/15的毕业答辩", "6/15上线": the day of an event, when only one date is meant.
        r"(?P<dated>(?<=\d)(?=的|完成|上线|发布|交付|举办|召开|启动))?",
    ),
    # English. "may" is a month only with a preposition, a position word or a day.
    (
        "quarter",
        rf"{_ZH_PREFIX}(?i:{_EN_PREP}{_EN_POS}(?<![A-Za-z-])Q(?P<q>[1-4])(?:\s*'?(?P<year>\d{{4}}))?(?![A-Za-z0-9]))"
        # Chinese text writes "Q4 末", "Q3 结束前" as it writes "第四季度末"; English "by Q2 end"
        # is the quarter's end, read whole.
        r"(?:\s*(?P<part>末|底|结束|(?<=\s)(?i:end)\b))?(?:\s*(?P<before>之前|以前|前))?",
    ),
    # `H1`/`H2` is a half only beside a word that makes it one (`by H2`, `2026 H1`, `H1 2026`,
    # `在H1`, `H1前`, `H2末`): a title's leading label (`H1 完成迁移`) is no deadline (_resolve).
    (
        "half",
        rf"(?P<zh>{_ZH_PREFIX})(?i:{_EN_PREP}{_EN_POS}(?:(?P<ybefore>\d{{4}})\s*年?\s*)?"
        r"(?<![A-Za-z])H(?P<h>[12])(?:\s*(?P<year>\d{4}))?(?![A-Za-z0-9]))"
        r"(?:\s*(?P<part>末|底|结束))?(?:\s*(?P<before>之前|以前|前))?",
    ),
    ("unresolved", rf"(?i:{_EN_PREP}(?:EOQ|EOM)\b)"),
    ("unresolved", rf"(?i:{_EN_PREP_AT_END}(?:the\s+)?end of (?:the\s+)?(?:{_EN_UNDATED})\b)"),
    (
        "year_end",
        rf"(?i:{_EN_PREP}(?:EOY|(?:the\s+)?end of (?:the\s+)?year|year[- ]end)\b"
        r"(?:\s+(?P<year>\d{4}))?)",
    ),
    (
        "month",
        rf"(?i:{_EN_PREP}{_EN_POS}\b(?P<mname>{_MONTH_NAME})(?:\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?)?"
        rf"(?:,?\s+(?P<year>\d{{4}}))?\b)",
    ),
    (
        "month",
        rf"(?i:{_EN_PREP}\b(?P<d>\d{{1,2}})\s+(?P<mname>{_MONTH_NAME})(?:\s+(?P<year>\d{{4}}))?\b)",
    ),
    (
        "year_end",
        r"(?i:(?P<prep>by|before|in|until)\s+(?:the\s+)?(?:end\s+(?:of\s+)?)?(?P<year>20\d\d)\b)",
    ),
    # "到 2027 年", "截至 2027 年", "在 2027 年内": by the year, its last day, as "by 2027" is;
    # so before `的` and a count (`到 2026 年的 5 个`, as "5 by 2026", h9o). A year that names
    # a base (`到 2026 年的两倍`, `的一半`, `的 120%`, `的基础上`), a part of it or a fiscal year
    # is none.
    (
        "year_end",
        rf"(?:截止到?|截至|到|在|{_ZH_ON})\s*(?P<year>20\d\d)\s*年(?:之?内)?"
        r"(?!\s*(?:的(?!\s*(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)"
        r"(?![\d.]|\s*(?:[倍成%％半]|分之|个?百分点)))"
        r"|[底末终中初度第季月上下前\d一二两三四五六七八九十]|Q|H|财))",
    ),
]
_COMPILED = [(kind, re.compile(pattern)) for kind, pattern in _PATTERNS]

# (month, day) of 春节 (the first day of the lunar year), 端午 (5/5) and 中秋 (8/15) by year,
# 2020–2035, as lunardate 0.2 converts them; 除夕 is the day before 春节, 元宵 14 days after.
LUNAR_HOLIDAYS: dict[str, dict[int, tuple[int, int]]] = {
    "春节": {
        2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29),
        2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3), 2031: (1, 23),
        2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8),
    },
    "端午": {
        2020: (6, 25), 2021: (6, 14), 2022: (6, 3), 2023: (6, 22), 2024: (6, 10), 2025: (5, 31),
        2026: (6, 19), 2027: (6, 9), 2028: (5, 28), 2029: (6, 16), 2030: (6, 5), 2031: (6, 24),
        2032: (6, 12), 2033: (6, 1), 2034: (6, 20), 2035: (6, 10),
    },
    "中秋": {
        2020: (10, 1), 2021: (9, 21), 2022: (9, 10), 2023: (9, 29), 2024: (9, 17), 2025: (10, 6),
        2026: (9, 25), 2027: (9, 15), 2028: (10, 3), 2029: (9, 22), 2030: (9, 12), 2031: (10, 1),
        2032: (9, 19), 2033: (9, 8), 2034: (9, 27), 2035: (9, 16),
    },
}  # fmt: skip
# Each holiday as written: the table it is read from and the days from that table's date.
_HOLIDAY_OF = {"春节": ("春节", 0), "过年": ("春节", 0), "除夕": ("春节", -1), "元宵": ("春节", 14),
               "端午": ("端午", 0), "中秋": ("中秋", 0)}  # fmt: skip


# Holidays on the same day every year, as written (lower case).
_FIXED_DAYS = {"圣诞": (12, 25), "christmas": (12, 25), "xmas": (12, 25), "平安夜": (12, 24),
               "christmas eve": (12, 24), "跨年": (12, 31), "跨年夜": (12, 31),
               "new year's eve": (12, 31), "new years eve": (12, 31), "new year eve": (12, 31),
               "new years' eve": (12, 31), "new year's day": (1, 1), "new years day": (1, 1),
               "new year day": (1, 1), "new years' day": (1, 1)}  # fmt: skip


def holiday_date(holiday: str, year: int) -> date | None:
    """The date of a holiday (as written: `春节`, `中秋节`, `国庆`) in a year; None outside
    the table's years. 除夕 of a year is the eve of that year's 春节 (in the January or February
    of the same year)."""
    if re.fullmatch(r"W\d{1,2}", holiday):  # an ISO week: its Sunday (W0: the year's eve)
        week = int(holiday[1:])
        try:
            return date.fromisocalendar(year, max(week, 1), 7) - timedelta(days=7 * (week == 0))
        except ValueError:
            return None  # W53 of a year with 52 weeks
    key = re.sub(r"\s+", " ", holiday.lower())
    if key.startswith("thanksgiving") or key == "感恩节":  # the fourth Thursday of November
        return date(year, 11, 1) + timedelta(days=(3 - date(year, 11, 1).weekday()) % 7 + 21)
    fixed = _FIXED_DAYS.get(key) or _FIXED_DAYS.get(key.removesuffix("节"))
    if fixed:
        return date(year, *fixed)
    name = holiday if holiday in _HOLIDAY_OF else holiday.removesuffix("节")
    if name == "国庆":
        return date(year, 10, 1)
    table, offset = _HOLIDAY_OF[name]
    day = LUNAR_HOLIDAYS[table].get(year)
    return None if day is None else date(year, *day) + timedelta(days=offset)


_WINDOW = re.compile(
    r"(?i:\bper\s+(?:\d+\s+)?(?:days?|hours?|weeks?|months?|quarters?|years?|sprints?)\b"
    r"|\b(?:every|each)\s+(?:\d+\s+)?(?:days?|weeks?|months?|sprints?|quarters?)\b"
    r"|\b(?:daily|weekly|monthly|quarterly|yearly|annually)\b"
    r"|\bwithin\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|an?)\s*(?:business\s+|working\s+)?"
    r"(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?)\b"
    # "7-day activation rate", "a 30 day trial": a span naming a measure, not one that ends a
    # clause ("to 1 day while keeping …", "1 week and …").
    r"|\b\d+[- ](?:day|week|month)\b(?=[- ](?!(?:while|whilst|without|when|and|or|to|by|in"
    r"|for|from|with|at|of|on|during|after|before|until|through|so|but|if|then)\b)\w)"
    r"|\bcompared\s+(?:to|with)\s+(?:last|the previous|previous)\s+\w+|\b(?:YoY|QoQ|MoM)\b"
    r"|\b(?:year|quarter|month)-over-(?:year|quarter|month)\b)"
    r"|每(?:周|天|日|月|双月|季度|年|个工作日)"
    # A span that starts now ("未来两周内") is a deadline, not a recurring window.
    r"|(?<!接下来)(?<!接下来的)(?<!未来)(?<!今后)"
    r"(?:\d+|[一二两三四五六七八九十]+)\s*(?:小时|秒钟?|分钟|天|个工作日|工作日|日|周"
    # "30min内", "2h内": an English time unit in a Chinese SLA ("3d内" is rare, "3d打印" is not).
    r"|(?i:ms|s|secs?|mins?|h|hrs?))\s*(?:之)?内"
    r"|较(?:上|去|前)一?(?:个)?(?:季度|年|月|周)|同比|环比|\d+\s*日(?=留存|活跃|复购|新增)"
    # "24小时解决率100%": a span naming a rate ("…率") is that rate's window, never its target;
    # "6个月内将流失率…" is a deadline (内, or a verb between the span and the rate).
    r"|(?:\d+|[一二两三四五六七八九十]+)\s*(?:小时|分钟|天|日|周|个月)(?![内之])(?=(?:(?![将把使让在到])[\u4e00-\u9fff]){1,6}率)"
    r"|\d{1,2}\s*[-~～至到]\s*\d{1,2}\s*月份?"
)


@dataclass(frozen=True)
class Deadline:
    start: int
    end: int
    year: int | None  # the year written in the text, if any
    month: int | None  # None: a deadline with no calendar date (fiscal, relative, end of quarter)
    day: int | None  # None: the last day of the month
    ambiguous: bool = False  # a day and month that could be either (03/04): no date is guessed
    orders: tuple[tuple[int, int], ...] = ()  # for an ambiguous one, the (month, day) it can be
    holiday: str | None = None  # a holiday as written (春节): its month and day vary by year
    # "before <month or quarter>": the months of the period named, which the due date precedes;
    # its year is the named period's in the cycle ("11月前" in a November cycle: 10-31, before
    # the cycle, not the next October).
    excluded_months: int = 0

    def due(
        self, default_year: int | None, *, within: tuple[date, date] | None = None
    ) -> date | None:
        """The due date. A deadline with no written year, given the cycle `within` (first, last
        day), takes its first date on or after the cycle's first day: inside the cycle when the
        cycle holds one, else the next one ("Q1" in a November–January cycle is the coming
        March, which the caller reports as after the cycle)."""
        if (self.month is None and not self.holiday) or self.twice_in(within):
            return None
        year = self._year(default_year, within)
        return None if year is None else self._on(year)

    def twice_in(self, within: tuple[date, date] | None) -> bool:
        """Whether the cycle `within`, longer than a year, holds this day (with no written year)
        more than once: `6月15日` from 2026-06-01 to 2027-06-30. No year is guessed."""
        return len(self.dates_in(within)) > 1

    def dates_in(self, within: tuple[date, date] | None) -> list[date]:
        """The dates inside the cycle this deadline, without a written year, can mean."""
        if within is None or self.year is not None or (self.month is None and not self.holiday):
            return []
        first, last = within
        days = (self._on(year) for year in range(first.year, last.year + 1))
        return [day for day in days if day is not None and first <= day <= last]

    def readings(self, within: tuple[date, date] | None) -> list[date]:
        """What an ambiguous deadline can mean in the cycle: each order of a day and month
        (`3/1`: 2026-03-01 and 2026-01-03, each in the cycle's year), or each year of a cycle
        that holds the day twice. Empty without a cycle or a year."""
        options = [replace(self, month=m, day=d, orders=()) for m, d in self.orders] or [self]
        found = []
        for option in options:
            dates = option.dates_in(within) or [option.due(None, within=within)]
            found.extend(day for day in dates if day is not None and day not in found)
        return found

    def _year(self, default_year: int | None, within: tuple[date, date] | None) -> int | None:
        if self.year is None and within is not None:
            first = within[0]
            if self.excluded_months and self.month is not None:
                for year in (first.year - 1, first.year):
                    month = self.month + self.excluded_months
                    named_year, named_month = year + (month - 1) // 12, (month - 1) % 12 + 1
                    last = calendar.monthrange(named_year, named_month)[1]
                    if date(named_year, named_month, last) >= first:
                        return year
                return first.year + 1
            return first.year if self._latest(first.year) >= first else first.year + 1
        return self.year or default_year

    def impossible(
        self, default_year: int | None, *, within: tuple[date, date] | None = None
    ) -> bool:
        """Whether the day written does not exist in its month (`11 月 31 日`, `2 月 30 日`, 29
        February of a year that has none): no date is due, and the reader says so rather than
        moving it to the month's last day."""
        if self.month is None or self.day is None:
            return False
        year = self._year(default_year, within)
        if year is None:
            return not _valid_day(self.month, self.day)
        return self._on(year) is None

    def _latest(self, year: int) -> date:
        if self.holiday:
            return holiday_date(self.holiday, year) or date(year, 12, 31)
        last = calendar.monthrange(year, self.month)[1]
        return date(year, self.month, min(self.day or last, last))

    def _on(self, year: int) -> date | None:
        if self.holiday:
            return holiday_date(self.holiday, year)
        last = calendar.monthrange(year, self.month)[1]
        if self.day is not None and not 1 <= self.day <= last:
            return None
        return date(year, self.month, self.day or last)


def find_windows(text: str) -> list[tuple[int, int]]:
    """Spans of measurement windows and SLAs (`per 28 days`, `72小时内`): never deadlines."""
    return [match.span() for match in _WINDOW.finditer(text)]


# "(as reforecast on Feb 15)", "（按2月15日的预测）": a remark on where a figure comes from; its
# date is when something happened, never when the key result is due.
_AS_OF_REMARK = re.compile(
    r"\((?i:as\b|per\b|according\s+to\b|based\s+on\b|see\b)[^()]*\)"
    r"|[(（](?:按|根据|依据|参照)[^()（）]*[)）]"
)


# "两周内上线会员体系": weeks counted from now that open the key result are its deadline, not a
# window ("两周内响应率", "问题 2 周内解决" keep theirs). A relative deadline: said, no date.
_WEEKS_FROM_NOW = re.compile(rf"(?:^|(?<=[,，;；。:：]))\s*{_WEEKS_WITHIN}")


def find_deadlines(text: str) -> list[Deadline]:
    """Deadlines in `text` (normalised), in order, none overlapping a window or another deadline."""
    weeks = [m.span() for m in _WEEKS_FROM_NOW.finditer(text)]
    windows = [w for w in find_windows(text) if not any(a <= w[0] < b for a, b in weeks)]
    taken = windows + [m.span() for m in _AS_OF_REMARK.finditer(text)]
    found = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text):
            start, end = _trim(text, *match.span())
            if start >= end or any(start < b and a < end for a, b in taken):
                continue
            if text[:start].endswith("为") and re.match(r"\s*(?:提供|准备|做|打)", text[end:]):
                continue  # "为第四季度提供依据": the quarter is served, not a deadline
            if _scopes_a_noun(text, start, end) or _year_of_a_start(text, start, end):
                taken.append((start, end))  # no shorter period inside it is one either
                continue
            deadline = _resolve(kind, match, start, end)
            if deadline is not None:
                taken.append((start, end))
                found.append(deadline)
    return sorted(found, key=lambda d: d.start)


_FROM_BEFORE_ZH = re.compile(r"(?:从|由)\s*$")
_ZH_BY_A_YEAR = re.compile(r"^(?:截止到?|截至|到|在|于)\s*20\d\d\s*年(?:之?内)?$")
# "增加到 2026 年底的 50 家": the year-end the target is reached by, as "到 2026 年的 5 个" (h9r).
_ZH_BY_A_YEAR_END = re.compile(r"^(?:截止到?|截至|到)\s*20\d\d\s*年\s*(?:底|末|终)$")
_NUMBER_AFTER_ZH = re.compile(r"\s*的?\s*\d")
_TO_AFTER = re.compile(r"\s*,?\s+(?i:to)\b")


def _year_of_a_start(text: str, start: int, end: int) -> bool:
    """The period of a change's start, not when the work is due (h9u): "从 2025 年底的 1 家增加
    到 …", "from 1 in 2025 to 5 in 2026" (lexicon.in_years_of_a_change, the year before "to")."""
    if _FROM_BEFORE_ZH.search(text, 0, start) and _NUMBER_AFTER_ZH.match(text, end):
        return True
    return bool(_TO_AFTER.match(text, end)) and lexicon.in_years_of_a_change(text, start, end)


# Prepositions that make a period the time of the work ("by Q3", "在第四季度", "到…"), never a
# noun's scope.
_TIME_OF_WORK = {"by", "before", "until", "till", "in", "during", "within", "at", "through",
                 "on", "after", "ahead", "end", "the", "this", "next", "each", "every"}  # fmt: skip
_EN_WORD_AFTER = re.compile(r"\s+([A-Za-z][a-z-]*)\b")
_LINKS = _TIME_OF_WORK | {"to", "and", "or", "of", "for", "with", "as", "is", "are", "was"}
_ZH_OBJECT_AFTER = re.compile(r"\s*(?:所需|的)")


def _scopes_a_noun(text: str, start: int, end: int) -> bool:
    """The period names which thing is meant, not when the work is due: "Final Q3 hiring",
    "logos for Q3 renewals", "FY23 annual budgets" (a noun or adjective follows, no verb, no
    preposition of time before), "讨论2017-18财年第四季度所需金额" (inside a verb's object)."""
    written = text[start:end]
    if _ZH_BY_A_YEAR.search(written):
        # "增长到 2026 年的 5 个": the year the count is reached by, as "to 5 in 2026" (h9o); a
        # year naming a base ("提升到 2026 年的两倍") is no deadline pattern's match.
        return False
    if _ZH_BY_A_YEAR_END.search(written) and _NUMBER_AFTER_ZH.match(text, end):
        return False
    if re.search(r"[\u4e00-\u9fff]", written):
        tokens = wordclass.zh_tokens(text[:start]) if _ZH_OBJECT_AFTER.match(text, end) else []
        return bool(tokens) and tokens[-1].flag == "v"
    word = _EN_WORD_AFTER.match(text, end)
    preposition = written.split()[0].lower()
    if preposition == "on" or re.search(r"(?i:\bof\s*)$", text[:start]):
        # "100% logo retention on Q1 renewals", "20% of Q2 pipeline": the period says which
        # renewals or pipeline (a noun follows, even one that is a verb too), no due date.
        return bool(
            word
            and re.match(r"(?i:Q[1-4]|H[12]|FY)", written.split()[-1])
            and (wordclass.is_en_noun(word.group(1)) or wordclass.is_en_plural_noun(word.group(1)))
        )
    if preposition in _TIME_OF_WORK:
        return False
    if written.lower().endswith("-end") and word and word.group(1).lower() not in _LINKS:
        # "year-end financial reports", "year-end close by January 31": the hyphenated period
        # says which work, not when it is due (probe10 F16: it hid the date written).
        return True
    return bool(
        word
        and not wordclass.is_en_verb_lemma(word.group(1))
        and (wordclass.is_en_noun(word.group(1)) or wordclass.is_en_plural_noun(word.group(1)))
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _group(match: re.Match[str], *names: str) -> str | None:
    groups = match.groupdict()
    return next((groups[name] for name in names if groups.get(name)), None)


def _number(raw: str) -> int:
    return int(numeral_value(raw))


def _resolve(kind: str, match: re.Match[str], start: int, end: int) -> Deadline | None:
    raw_year = _group(match, "year")
    year = (2000 + int(raw_year) if len(raw_year) == 2 else int(raw_year)) if raw_year else None
    before = bool(_group(match, "before")) or (_group(match, "prep") or "").lower() == "before"
    position = (_group(match, "pos") or "").lower()
    if kind in ("fiscal", "unresolved", "relative"):
        return Deadline(start, end, year, None, None)
    if kind == "quarter":
        quarter = _number(_group(match, "q"))
        excluded = 0
        if before and not _group(
            match, "part"
        ):  # "第三季度前" excludes Q3, "第三季度末前" does not
            quarter, excluded = quarter - 1, 3
        month = 3 * quarter
        if month == 0:
            return Deadline(start, end, year - 1 if year else None, 12, None, excluded_months=3)
        return Deadline(start, end, year, month, None, excluded_months=excluded)
    if kind == "holiday":
        if match.groupdict().get("zh") == "" and not before:
            return None  # "圣诞活动": the work's name, not a deadline (see _PATTERNS)
        return Deadline(start, end, year, None, None, holiday=match.group("holiday"))
    if kind == "week":
        if match.groupdict().get("zh") == "" and not (before or _group(match, "part")):
            return None  # "第3周留存": which week is measured, not a deadline
        week = _number(match.group("w"))
        if not 1 <= week <= 53:
            return None
        if before and not _group(match, "part"):
            week -= 1  # "before week 50" excludes it: the Sunday of week 49 (said)
        return Deadline(start, end, year, None, None, holiday=f"W{week}")
    if kind == "festival":
        # "双十一前" keeps the day, as "11月11日前" does.
        if match.group("new_year"):
            return Deadline(start, end, year, 1, 1)
        day = 11 if match.group("fest") in ("十一", "11") else 12
        return Deadline(start, end, year, day, day)
    if kind == "half":
        if _group(match, "h") in ("1", "2") and not _group(
            match, "zh", "prep", "pos", "ybefore", "year", "part", "before"
        ):
            return None  # "H1 完成迁移": a label, not the first half (see _PATTERNS)
        year = year or (int(raw) if (raw := _group(match, "ybefore")) else None)
        first = _group(match, "h") in ("1", "上")
        return Deadline(start, end, year, 6 if first else 12, None)
    if kind == "year_end":
        if (_group(match, "prep") or "").lower() == "in" and _a_count_not_a_year(match):
            return None
        # "before 2026" excludes the year named; "2026年底前", "before the end of 2026" and
        # "before year-end 2026" are its last day.
        if before and year and not re.search(r"(?i:end|底|末|终|中)", match.group(0)):
            year -= 1
        return Deadline(start, end, year, 6 if match.groupdict().get("mid") else 12, None)
    if kind == "ymd":
        month, day = int(match.group("m")), int(match.group("d"))
        if not 1 <= month <= 12:
            return Deadline(start, end, year, None, None)  # written as a date: said, not lost
        return Deadline(start, end, year, month, day)  # 2026/11/31: impossible, said (due)
    if kind in ("slash", "dmy"):
        # The day of an event is read only with a slash and when one date is meant ("3/4的用户"
        # is a share, "11/31的" no day): beside no other word, as a fraction is as likely.
        event = kind == "slash" and match.group("dated") is not None and match.group("sep") == "/"
        if kind == "slash" and not (
            match.group("prep") or match.group("zh") or match.group("before") or event
        ):
            return None
        first, second = int(match.group("a")), int(match.group("b"))
        if kind == "slash" and match.group("sep") == "-" and len(match.group("b")) != 2:
            return None  # "3-5 前" is as likely a range as a date; "12-31 前" is a date
        if kind == "slash" and match.group("sep") == ".":
            # A dot is a decimal point as often ("by 4.5", "4.50 前"): a dotted day and month
            # only beside 截止 / 截至 / 最迟 or before 前, and only when it can be a date.
            dated = match.group("zh") or (match.group("before") and len(match.group("b")) == 2)
            # "by 31.12": the European day.month, read only when the first part can be no
            # month and the second is written with two digits ("by 4.5", "by 15.5" are numbers).
            dated = dated or (match.group("prep") and first > 12 and len(match.group("b")) == 2)
            if not dated or not day_month_orders(first, second):
                return None
        if kind == "dmy" and match.group("sep") == ".":
            order = [(second, first)]  # 31.12.2026: day.month.year
        else:
            order = day_month_orders(first, second)
        if (
            event
            and not (match.group("prep") or match.group("zh") or match.group("before"))
            and len(order) != 1
        ):
            return None
        if not order and 1 <= first <= 12 and 1 <= second <= 31 and kind == "slash":
            # "11/31 前": month and day, but a day the month lacks: said (due), never moved.
            return Deadline(start, end, year, first, second)
        if len(order) != 1:
            # 03/04: 3 March or 4 April; 13/45: no date. Kept as written, without a date.
            return Deadline(
                start, end, year, None, None, ambiguous=len(order) > 1, orders=tuple(order)
            )
        month, day = order[0]
        return Deadline(start, end, year, month, day)
    if kind == "dm_dot":
        if not (match.group("zh") or match.group("before") or match.group("text") is not None):
            return None  # "降低到 4.5.": a decimal ending the sentence
        month, day = int(match.group("m")), int(match.group("d"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None  # "4.13. 前", "0.5.": no day and month, a number
        return Deadline(start, end, year, month, day)  # 31.11.: impossible, said (due)
    if kind == "iso":
        month = int(match.group("m"))
        if not 1 <= month <= 12:
            return None
        day = int(match.group("d")) if match.group("d") else None
        return Deadline(start, end, year, month, day)
    # A month, with an optional day and part of the month.
    if match.groupdict().get("mname"):
        if not (match.group("prep") or position or match.group("d")):
            return None  # "may" as a verb, "march" as a noun
        month = _MONTHS[match.group("mname").lower()[:3]]
    else:
        month = _number(match.group("m"))
    if not 1 <= month <= 12:
        return None
    day_text = match.group("d")
    if day_text:
        # "11 月 31 日" keeps its day: due() finds no such date and the reader says so.
        return Deadline(start, end, year, month, _number(day_text))
    part = (_group(match, "part") or "") + position
    if before and not part:
        # "截止 12 月之前", "before March": the month named is excluded.
        if month == 1:
            return Deadline(start, end, year - 1 if year else None, 12, None, excluded_months=1)
        return Deadline(start, end, year, month - 1, None, excluded_months=1)
    return Deadline(start, end, year, month, _PART_DAY.get(part))


# "1 in 2000 builds fails", "one in 2000": a number before "in" makes a ratio where a word
# other than a link follows the year, or where it is one (what a ratio counts from); "500 in
# 2026" and "from 1 in 2025 to 5" keep the year. A plural noun after the year counts things
# ("in 2000 stores"). Neither is a year.
_NUMBER_BEFORE = re.compile(r"(?i:(?:\d|\b(?:one|two|three|four|five|ten))\s*)$")
_ONE_BEFORE = re.compile(r"(?i:(?:(?<![\d.,])1|\bone)\s*)$")
_LINK_AFTER = re.compile(r"\s*(?:[,;:]|(?i:to|and|or|then|vs\.?|versus)\b)")


def _a_count_not_a_year(match: re.Match[str]) -> bool:
    """Whether `in <year>` (match) is a ratio or a count of things, where no year is meant."""
    text, start, end = match.string, match.start(), match.end()
    if lexicon.in_years_of_a_change(text, start, end):
        return False  # "from 1 in 2025 to 5 in 2026 worldwide": each end's year
    word = _EN_WORD_AFTER.match(text, end)
    if word and wordclass.is_en_plural_noun(word.group(1)):
        return True
    if _ONE_BEFORE.search(text[:start]):
        return not _LINK_AFTER.match(text, end)
    return bool(_NUMBER_BEFORE.search(text[:start]) and word and not _LINK_AFTER.match(text, end))


_PART_DAY = {
    "初": 10,
    "上旬": 10,
    "start of": 1,
    "beginning of": 1,
    "中": 15,
    "mid": 15,
    "mid-": 15,
    "middle of": 15,
    "中旬": 20,
}


_BARE_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_BARE_MONTH_DAY_SLASH = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})$")
_BARE_DAY_MONTH_DOT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.$")  # 1.12.: the European day.month.


def read_date(text: str, within: tuple[date, date]) -> date | None:
    """The date a cell holding only a date means, its year taken from the cycle `within` when
    none is written (`12月15日`, `Dec 15`, `15 Dec`, `12/15`, `3月底`, `Q1`), read as deadlines
    are in text; None when the text is not (only) a date with a calendar day. This is the one
    reader of a value meant as a date: every import path reads its date cells and attributes
    with it (ISO, 2026/12/31, 2026.12.31, 12-31, 12/31, 12月31日, 十二月三十一日, 双十一, 年底,
    Q4末), so a spelling means the same date wherever it is written."""
    deadline = _cell_deadline(text.strip())
    return deadline.due(None, within=within) if deadline else None


def _cell_deadline(text: str) -> Deadline | None:
    """The one deadline a cell holding only a date writes, or None."""
    slash = _BARE_MONTH_DAY_SLASH.match(text)
    if slash:  # 12/15 or 15/12 (15.12); 03/04 is either, so no date
        orders = tuple(day_month_orders(int(slash.group(1)), int(slash.group(2))))
        if len(orders) > 1:
            return Deadline(0, len(text), None, None, None, ambiguous=True, orders=orders)
        return Deadline(0, len(text), None, *orders[0]) if orders else None
    bare = _BARE_MONTH_DAY.match(text)
    dotted = _BARE_DAY_MONTH_DOT.match(text)
    if bare or dotted:
        month, day = map(int, bare.groups() if bare else reversed(dotted.groups()))
        return Deadline(0, len(text), None, month, day) if _valid_day(month, day) else None
    found = find_deadlines(text)
    if len(found) != 1 or (found[0].start, found[0].end) != (0, len(text)):
        return None
    return found[0]


def impossible_day(
    text: str, within: tuple[date, date] | None = None
) -> tuple[int | None, int, bool] | None:
    """(year, month, whether the year was written) of a text that is only a date naming a day
    its month does not have (`Feb 30`, `2月30日`, `2/30`, `30.2.`, `Feb 29` in a cycle of
    2027), so that the reader says which month it is and how many days it has, rather than
    no date at all. The year is the written one, else the one the cycle `within` gives the
    month, else None (any year: `2 月 30 日` exists in none). None for a date that exists or a
    text that is no date."""
    text = text.strip()
    slash = _BARE_MONTH_DAY_SLASH.match(text)
    dotted = _BARE_DAY_MONTH_DOT.match(text)
    bare = _BARE_MONTH_DAY.match(text)
    if slash:  # 2/30 or 30/2: the one order whose month is a month
        first, second = int(slash.group(1)), int(slash.group(2))
        pairs = {(m, d) for m, d in ((first, second), (second, first)) if 1 <= m <= 12 and d >= 1}
        deadline = Deadline(0, len(text), None, *pairs.pop()) if len(pairs) == 1 else None
    elif bare or dotted:
        month, day = map(int, bare.groups() if bare else reversed(dotted.groups()))
        deadline = Deadline(0, len(text), None, month, day)
    else:
        found = find_deadlines(text)
        whole = len(found) == 1 and (found[0].start, found[0].end) == (0, len(text))
        deadline = found[0] if whole else None
    if (
        deadline is None
        or deadline.day is None
        or not 1 <= deadline.month <= 12
        or not deadline.impossible(None, within=within)
    ):
        return None
    return deadline._year(None, within), deadline.month, deadline.year is not None


def day_month_orders(first: int, second: int) -> list[tuple[int, int]]:
    """The (month, day) pairs `first/second` can mean: month/day (12/31) or day/month (31/12).
    Two pairs when both could be a month and they differ (03/04): the text does not say which."""
    pairs = [(first, second), (second, first)]
    return list(dict.fromkeys(p for p in pairs if _valid_day(*p)))


def ambiguous_deadline(text: str, within: tuple[date, date] | None = None) -> Deadline | None:
    """The date in `text` (a cell or a key result) that could be either of two: a day and month
    that could be either (`03/04`, `5/6 前`), or, in the cycle `within`, a day without a year
    that the cycle holds twice (`6月15日`, `Jun 20` from 2026-06-01 to 2027-06-30)."""
    cell = _cell_deadline(text.strip())
    for deadline in [*([cell] if cell else []), *find_deadlines(text)]:
        if deadline.ambiguous or deadline.twice_in(within):
            return deadline
    return None


def is_ambiguous_date(text: str, within: tuple[date, date] | None = None) -> bool:
    """Whether `text` is (or holds) a date that could be either of two (ambiguous_deadline)."""
    return ambiguous_deadline(text, within) is not None


_BEFORE_PERIOD = re.compile(
    rf"(?:(?:{_ZH_NUM})\s*月份?|第?\s*[一二三四1-4]\s*季度|(?<![A-Za-z])Q[1-4]|第\s*(?:{_ZH_NUM})\s*周)"
    r"\s*(?:之前|以前|前)$"
    rf"|(?i:\bbefore\s+(?:{_MONTH_NAME}|Q[1-4]|W\d{{1,2}}|(?:ISO\s+)?week\s*\d{{1,2}})(?:,?\s+\d{{4}})?$)"
)


def before_a_period(written: str) -> bool:
    """Whether a deadline as written is "before <month or quarter>" (`截止 12 月之前`, `Q3前`,
    `before March`): read as the end of the period before, though people also write it for the
    end of the period named, so the importers say the date it was read as (probe10 F5)."""
    return bool(_BEFORE_PERIOD.search(written.strip()))


def _valid_day(month: int, day: int) -> bool:
    """A day that some year's month has (29 February included)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]


def main_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The deadline a KR is due by: the latest one (a KR may name a draft date and a final date)."""
    if not deadlines:
        return None
    # 2000 is a leap year: ordering by month and day works for texts without a year.
    return max(
        deadlines,
        key=lambda d: (d.due(2000) or date.min, -d.start),
    )
