"""Every fixed problem message of okrtext's parser reaches the person in their language.

okrtext is pure Python and speaks English; text_reader.PROBLEM_MESSAGES translates its messages.
A message written as a literal at the call, or a new constant left out of the table, would be
shown in English in the Chinese preview ("key result marker without text: ignored", probe10).
"""

import ast
import inspect

from django.utils import translation

from mubiao.okrs.transfer.text_reader import PROBLEM_MESSAGES
from mubiao.okrtext import headings, items, parser, tables

# The parser and the modules of its reading (mixed into parser._Parser): all pass messages.
PARSER_MODULES = (parser, headings, tables, items)


def _message_arguments() -> list[ast.expr]:
    """The message argument of every `Problem(…)` and `self._problem(…)` call in the parser."""
    found = []
    nodes = (n for m in PARSER_MODULES for n in ast.walk(ast.parse(inspect.getsource(m))))
    for node in nodes:
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        called = node.func
        name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
        if name in ("Problem", "_problem"):
            found.append(node.args[1])
    return found


def _constants() -> dict[str, str]:
    return {
        name: value
        for name, value in vars(parser).items()
        if name.isupper() and not name.startswith("_") and isinstance(value, str)
    }


def test_the_parser_passes_its_messages_as_named_constants():
    arguments = _message_arguments()
    assert len(arguments) >= 10, "the walk finds the parser's problem calls"
    literals = [ast.unparse(a) for a in arguments if not isinstance(a, ast.Name)]
    assert not literals, f"name these messages as constants of okrtext.parser: {literals}"
    names = {a.id for a in arguments} - {"message"}  # `message`: a constant (_line, _restated)
    assert names <= set(_constants()), names - set(_constants())


def test_every_parser_message_is_translated_by_the_reader():
    constants = _constants()
    assert "KR_MARKER_WITHOUT_TEXT" in constants
    missing = sorted(name for name, text in constants.items() if text not in PROBLEM_MESSAGES)
    assert not missing, f"add to text_reader.PROBLEM_MESSAGES: {missing}"
    with translation.override("en"):
        assert all(str(PROBLEM_MESSAGES[text]) == text for text in constants.values())
