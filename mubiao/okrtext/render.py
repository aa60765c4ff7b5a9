"""Canonical text for a document: what `parse` reads back into the same structure."""

from .model import Document

# The mark a key result on hold is written back with (KeyResultReading.held), by language.
HELD = {"zh-hans": "（暂停）", "en": " (on hold)"}


def render(document: Document, *, lang: str) -> str:
    """Owner headings (`产品经理的OKR` / `## Owner`), then `O1:` and `KR1:` lines.

    Mentions that the text no longer contains (handles closing a KR) are written back after it,
    so that `parse(render(d))` yields the same owners, titles, key results, mentions and holds.
    """
    blocks = []
    for section in document.sections:
        lines = []
        if section.owner is not None and section.team:
            lines.append(f"## {section.team} — {section.owner}")
            lines.append("")
        elif section.owner is not None:
            lines.append(f"{section.owner}的OKR" if lang == "zh-hans" else f"## {section.owner}")
            lines.append("")
        for number, objective in enumerate(section.objectives, start=1):
            lines.append(f"O{number}: {objective.title}")
            for index, key_result in enumerate(objective.key_results, start=1):
                handles = "".join(
                    f" @{m}" for m in key_result.mentions if f"@{m}" not in key_result.text
                )
                # A key result on hold keeps its mark, which parse takes off its text again.
                held = HELD.get(lang, HELD["en"]) if key_result.held else ""
                lines.append(f"KR{index}: {key_result.text}{held}{handles}")
            lines.append("")
        blocks.append("\n".join(lines).rstrip())
    return "\n\n".join(block for block in blocks if block) + "\n"
