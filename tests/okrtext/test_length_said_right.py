"""OKR-S05 says how long a title is as a person counts it (issue 9, probe 9): a title with a line
break was said to be "（5 字）" long, its Chinese characters only, for 16 characters on two
lines; a long title is counted in all its characters, in the reader's language."""

import pytest

from mubiao.okrtext import KRInput, ObjectiveInput, lint_objectives
from mubiao.okrtext.messages import LANGUAGES, MESSAGES

_S05_TEXTS = {
    lang: [texts[lang] for key, texts in MESSAGES.items() if key.startswith("OKR-S05:")]
    for lang in LANGUAGES
}


def _s05(title: str, lang: str) -> str:
    objective = ObjectiveInput(title=title, key_results=[KRInput("NPS 从 30 提升到 50")] * 3)
    [finding] = [f for f in lint_objectives([objective], lang=lang) if f.rule == "OKR-S05"]
    # Said in the catalogue's words (messages.py), as every rule's finding is.
    counts = {"lines": len(title.splitlines()), "words": len(title.split())}
    counts["characters"] = len(title)
    said = [message.format(**counts) for message, _ in _S05_TEXTS[lang]]
    assert finding.message in said
    return finding.message


@pytest.mark.parametrize(
    ("title", "lang", "said"),
    [
        ("=SUM(1+1) 公式\n第二行", "zh-hans", "（2 行）"),
        ("=SUM(1+1) 公式\n第二行", "en", "(2 lines)"),
        ("让" * 40 + "ABC", "zh-hans", "（43 字）"),
        ("让" * 40 + "ABC", "en", "(43 characters)"),
        (" ".join(["word"] * 30), "en", "(30 words, 149 characters)"),
        (" ".join(["word"] * 30), "zh-hans", "（30 个词，149 个字符）"),
    ],
)
def test_the_length_is_every_character_or_line(title, lang, said):
    assert said in _s05(title, lang)
