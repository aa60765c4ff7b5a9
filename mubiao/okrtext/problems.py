"""Why a line of OKR text was not read (okrtext.parser): the messages of `Document.problems`.

Fixed English strings, each a constant: an importer translates them by value
(okrs.transfer.text_reader.PROBLEM_MESSAGES).
"""

PROSE = "prose, not an OKR line: ignored"
BULLET_OUTSIDE = "bullet outside an objective: not read as a key result"
KR_WITHOUT_OBJECTIVE = "key result before any objective: ignored"
BARE_HEADING = "heading that names no owner, objective or key result: ignored"
DECORATION = "Markdown rule or table separator: ignored"
LABEL = "label line: introduces the items under it"
INITIATIVE = "initiative planned under the objective: not a key result"
DETAIL = "detail of the key result above: not a key result"
# `Current: 51` under a key result whose start is stated: the value now, not its start, kept
# beside it (ParsedKeyResult.beside["current"]): an import stores it as the key result's first
# check-in (h9r; it was not imported).
CURRENT_NOT_READ = (
    "current value of the key result above: imported as its current value, the first "
    "check-in (its start is stated)"
)
# `- Target: 6 weeks` under "… to 4 weeks": a start or target other than the one the key result
# states already: the first is kept and this one said, never dropped as "not a key result".
START_DIFFERS = "start of the key result above, other than the one it states: not imported"
TARGET_DIFFERS = "target of the key result above, other than the one it states: not imported"
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
# An attribute block on an objective's or key result's line that is not read: it is not at the
# end of the line (`- KR1: 新用户 {target=5} 以上`), so the line is read as people's text.
ATTRIBUTE_BLOCK_NOT_READ = (
    "attribute block not read (only one at the end of the line is): its values are not imported"
)
# A key result's attribute block with text after it (`- KR1: 新用户 {target=5} 以上`): the line
# is not read, as one whose block cannot be read is not (an importer refuses it).
ATTRIBUTE_BLOCK_NOT_AT_END = "attribute block not at the end of the line: the line is not read"
AMBIGUOUS_NUMBER = (
    "key result with a number that cannot be read without guessing (a comma that does not"
    " separate thousands such as 4,5, or an exponent such as 1e16): write 4.5 (a decimal) or"
    " 4500 / 4,500 (thousands); the key result is kept but cannot be imported until then"
)
# `Status: at risk` under a key result or on its line: Mubiao works the status out (h9b).
STATUS_NOT_READ = (
    "status of the key result: not imported (Mubiao works a key result's status out from its "
    "check-ins and the pace)"
)
# `… to 200 — Confidence: 7 | Priority: P1` or a target other than the title's, written after
# the key result on its own line: said at its column, never dropped in silence (those under it
# are said as DETAIL and the messages beside it).
FIELD_ON_THE_LINE = (
    "field written after the key result on its line: not imported (only a start, target or"
    " current value the title does not state, an owner or a due date is read there)"
)
# `Confidence: High` under a key result: Mubiao's confidence is 0–10 and no word has a documented
# value, so it is said as not taken, never dropped in silence (brief h9t2).
CONFIDENCE_NOT_READ = (
    "confidence of the key result above: not imported (Mubiao keeps confidence as 0 to 10 and has"
    " no documented value for words such as High or Medium; give it with a check-in)"
)
