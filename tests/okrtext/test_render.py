"""render(): canonical text that parse() reads back into the same structure."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mubiao.okrtext import Document, ParsedObjective, Section, parse, read_key_result, render
from mubiao.okrtext.model import ParsedKeyResult
from tests.conftest import SEED_ARTICLE

SEED = SEED_ARTICLE


def structure(document: Document) -> list:
    return [
        (
            s.owner,
            [(o.title, [(kr.text, kr.mentions) for kr in o.key_results]) for o in s.objectives],
        )
        for s in document.sections
    ]


def test_seed_round_trips_in_both_languages():
    document = parse(SEED.read_text(encoding="utf-8"))
    for lang in ("zh-hans", "en"):
        text = render(document, lang=lang)
        again = parse(text)
        assert structure(again) == structure(document)
        assert again.problems == []
    assert render(document, lang="zh-hans").startswith(
        "产品经理的OKR\n\nO1: 产品的日续费率增长 3%\nKR1: "
    )
    assert "## 产品经理\n" in render(document, lang="en")


WORDS = st.sampled_from(
    ["提升", "续费率", "客户", "50", "个", "Q1", "从 60% 到 75%", "Grow", "weekly", "users",
     "to", "300k", "by", "end of March", "新版", "帮助中心", "上线", "NPS", "满意度", "降低", "8%"]
)  # fmt: skip
PHRASE = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
OWNER = st.sampled_from(["产品经理", "客服部", "Sales team", "Platform", "文档撰写者"])


def _key_result(text: str, mention: str | None) -> ParsedKeyResult:
    reading = read_key_result(text + (f" @{mention}" if mention else ""))
    return ParsedKeyResult(**vars(reading), line=0)


KEY_RESULT = st.builds(
    _key_result, PHRASE, st.one_of(st.none(), st.sampled_from(["alice", "客户支持部门"]))
)
OBJECTIVE = st.builds(
    lambda title, krs: ParsedObjective(title=title, line=0, key_results=krs),
    PHRASE,
    st.lists(KEY_RESULT, max_size=4),
)


@st.composite
def documents(draw):
    owners = draw(st.lists(OWNER, min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        owners[0] = None  # only the first section may have no owner heading
    sections = [
        Section(owner, draw(st.lists(OBJECTIVE, min_size=1, max_size=3))) for owner in owners
    ]
    return Document(sections=sections)


@settings(max_examples=60, deadline=None)
@given(documents(), st.sampled_from(["zh-hans", "en"]))
def test_parse_render_round_trip(document, lang):
    again = parse(render(document, lang=lang))
    assert structure(again) == structure(document)
    assert again.problems == []


def test_a_held_key_result_is_written_back_on_hold():
    """Issue 10: `held` round-trips; the mark is in the person's language."""
    document = parse("O1: 提升增长\n- 【搁置】新签 10 家客户 @alice\n- Launch the app (on hold)\n")
    for lang, marks in (("zh-hans", "（暂停）"), ("en", " (on hold)")):
        text = render(document, lang=lang)
        assert marks in text
        again = parse(text)
        assert structure(again) == structure(document)
        assert [kr.held for kr in again.objectives[0].key_results] == [True, True]
