"""The built-in templates shipped in data/<language>.toml, and their sync into the database.

Built-ins are rows with organization=None, identified by (key, language). `sync()` creates the
missing ones, updates the changed ones and deletes the ones no longer shipped, so running it
any number of times leaves exactly the shipped set. It runs after every `migrate`
(post_migrate, see apps.py) and on demand with `mubiao playbook sync`.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from mubiao.playbook.models import Template
from mubiao.playbook.search import index_text

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class BuiltinTemplate:
    key: str
    language: str
    role: str
    department: str
    title: str
    key_results: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def body(self) -> str:
        return okr_text(self.title, self.key_results)


def okr_text(title: str, key_results) -> str:
    """A template's OKR text in the form okrtext reads: an `O:` line, then `KRn:` lines."""
    lines = [f"O: {title}"]
    lines += [f"KR{index}: {text}" for index, text in enumerate(key_results, start=1)]
    return "\n".join(lines)


def load() -> list[BuiltinTemplate]:
    """Every shipped template, in file order, zh-hans first."""
    found = []
    for language in (Template.Language.ZH_HANS, Template.Language.EN):
        with open(DATA_DIR / f"{language}.toml", "rb") as file:
            data = tomllib.load(file)
        for entry in data["template"]:
            found.append(
                BuiltinTemplate(
                    key=entry["key"],
                    language=language,
                    role=entry["role"],
                    department=entry.get("department", ""),
                    title=entry["objective"],
                    key_results=tuple(entry["key_results"]),
                    tags=tuple(entry.get("tags", ())),
                )
            )
    return found


def search_text_of(role: str, department: str, title: str, body: str, tags) -> str:
    return index_text(role, department, title, body, " ".join(tags))


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


@transaction.atomic
def sync(using: str = "default") -> SyncResult:
    """Make the database's built-in templates equal to the shipped ones."""
    result = SyncResult()
    existing = {
        (t.key, t.language): t
        for t in Template.objects.using(using).filter(organization__isnull=True)
    }
    for builtin in load():
        values = {
            "role": builtin.role,
            "department": builtin.department,
            "title": builtin.title,
            "body": builtin.body,
            "tags": list(builtin.tags),
            "search_text": search_text_of(
                builtin.role, builtin.department, builtin.title, builtin.body, builtin.tags
            ),
        }
        row = existing.pop((builtin.key, builtin.language), None)
        if row is None:
            Template.objects.using(using).create(
                key=builtin.key, language=builtin.language, **values
            )
            result.created += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save(using=using)
            result.updated += 1
        else:
            result.unchanged += 1
    if existing:
        Template.objects.using(using).filter(pk__in=[t.pk for t in existing.values()]).delete()
        result.deleted = len(existing)
    return result
