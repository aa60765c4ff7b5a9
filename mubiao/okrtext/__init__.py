"""Mubiao's OKR text toolkit (pure Python, no Django): parse, read, lint and render OKR text.

>>> from mubiao.okrtext import parse, lint, render, read_key_result
"""

from .lint import Finding, KRInput, LintConfig, ObjectiveInput, lint, lint_objectives
from .model import Document, ParsedKeyResult, ParsedObjective, Problem, Section
from .parser import parse
from .reading import KeyResultReading, read_key_result
from .render import render
from .rules import RULES, Rule

__all__ = [
    "RULES",
    "Document",
    "Finding",
    "KRInput",
    "KeyResultReading",
    "LintConfig",
    "ObjectiveInput",
    "ParsedKeyResult",
    "ParsedObjective",
    "Problem",
    "Rule",
    "Section",
    "lint",
    "lint_objectives",
    "parse",
    "read_key_result",
    "render",
]
