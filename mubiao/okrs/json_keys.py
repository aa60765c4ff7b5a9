"""JSON read with every object's keys given once (pure Python, no Django).

`json.loads` keeps the last of a key given twice (`{"value": "5", "value": "6"}` is 6): a value
the sender may not have meant stored without a word (issue 9, probe 20). The API's bodies and
the JSON import read JSON through `loads`, which refuses such a document naming the key, where
it is nested (`key_results.0.target_value`) and its line and column.
"""

import json
import re


class DuplicateKey(ValueError):
    """A key given twice in one JSON object."""

    def __init__(self, key: str, path: list, line: int, column: int):
        self.key = key
        self.path = path  # the keys and list indexes down to the object holding it
        self.line = line
        self.column = column
        super().__init__(f"key {key!r} given twice at line {line}, column {column}")

    @property
    def field(self) -> str:
        """Where it is, as the API's errors name fields: `key_results.0.target_value`."""
        return ".".join(str(part) for part in [*self.path, self.key])


class _Seen(Exception):
    pass


def _once(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _Seen
        result[key] = value
    return result


def loads(text: str | bytes, **kwargs):
    """`json.loads(text, **kwargs)`, refusing an object that gives a key twice (DuplicateKey)."""
    try:
        return json.loads(text, object_pairs_hook=_once, **kwargs)
    except _Seen:
        if isinstance(text, bytes | bytearray):
            text = text.decode(json.detect_encoding(text))
        raise _first_duplicate(text) from None


_WHITE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"[^,\]}\s]+")


def _first_duplicate(text: str) -> DuplicateKey:
    """Where the first key given twice is, in a document json has read as valid but for that."""
    # Each open container: [is_object, keys seen, the current key or index, expecting a key].
    stack: list[list] = []
    i = _WHITE.match(text, 0).end()
    if text.startswith("\ufeff"):
        i = 1
    while i < len(text):
        char = text[i]
        top = stack[-1] if stack else None
        if char == "{":
            stack.append([True, set(), None, True])
            i += 1
        elif char == "[":
            stack.append([False, None, 0, False])
            i += 1
        elif char in "}]":
            stack.pop()
            i += 1
        elif char == ",":
            if top[0]:
                top[3] = True
            else:
                top[2] += 1
            i += 1
        elif char == ":":
            top[3] = False
            i += 1
        elif char == '"':
            value, end = json.decoder.scanstring(text, i + 1)
            if top is not None and top[0] and top[3]:
                if value in top[1]:
                    line = text.count("\n", 0, i) + 1
                    column = i - text.rfind("\n", 0, i)
                    path = [frame[2] for frame in stack[:-1]]
                    return DuplicateKey(value, path, line, column)
                top[1].add(value)
                top[2] = value
            i = end
        else:
            i = _SCALAR.match(text, i).end()
        i = _WHITE.match(text, i).end()
    raise AssertionError("json found a key given twice that this walk did not")  # pragma: no cover
