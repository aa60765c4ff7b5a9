"""Every MUBIAO_* environment variable the code reads is documented for operators (README.md's
table or docs/): an undocumented one (the tester found MUBIAO_DEFAULT_FROM_EMAIL) is a setting
nobody knows to set."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The ways the code reads the environment: os.environ.get / os.getenv / settings' helpers
# (called with the name first), and os.environ[...].
READERS = {"get", "getenv", "env_bool", "env_list"}


def _env_reads(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            on_environ = called != "get" or "environ" in ast.unparse(func)
            if called in READERS and on_environ and isinstance(first, ast.Constant):
                names.add(first.value)
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value).endswith("environ")
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return {n for n in names if isinstance(n, str) and n.startswith("MUBIAO_")}


def read_in_code() -> set[str]:
    names = set()
    for path in (ROOT / "mubiao").rglob("*.py"):
        names |= _env_reads(ast.parse(path.read_text(encoding="utf-8")))
    return names


def documented() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text += "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    return set(re.findall(r"MUBIAO_[A-Z0-9_]+", text))


def test_every_environment_variable_read_in_code_is_documented():
    read = read_in_code()
    # The finder itself finds what the tester found and the ways settings.py reads.
    assert {"MUBIAO_DEFAULT_FROM_EMAIL", "MUBIAO_DEBUG", "MUBIAO_CACHE_URL", "MUBIAO_PORT"} <= read
    assert read - documented() == set()


def test_the_finder_sees_each_way_of_reading():
    source = (
        'os.environ.get("MUBIAO_A"); os.environ["MUBIAO_B"]; os.getenv("MUBIAO_C");'
        'env_bool("MUBIAO_D"); env_list("MUBIAO_E", ""); request.GET.get("MUBIAO_F")'
    )
    found = _env_reads(ast.parse(source))
    assert found == {"MUBIAO_A", "MUBIAO_B", "MUBIAO_C", "MUBIAO_D", "MUBIAO_E"}
