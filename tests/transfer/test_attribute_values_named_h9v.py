"""Issue 9 (brief h9v, task 2): an attribute of an objective's or key result's line with a value
that cannot be taken (`{start=abc}`, `{metric=abc}`, `{kind=abc}`) is refused naming the
attribute and the value, at its line, in English and Chinese, on every route that reads OKR
text: the paste box's preview, a file's import, `mubiao import --dry-run`, `mubiao parse`,
`mubiao lint FILE`, /okrtext/parse and /okrtext/lint. `mubiao lint FILE` said nothing of them
(it linted `{start=abc}` as a milestone), and a choice's value (`{metric=abc}`, `{kind=abc}`)
was said by no route but the import, as "Select a valid choice." naming neither the value nor
the values taken. A table: each attribute × each route × each language."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from mubiao.cli import main
from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api

pytestmark = pytest.mark.postgres

_KR = "O1: 提升效率\n{marker} 注册人数 {{{attributes}}}\n"
_OBJECTIVE = "O1: 提升效率 {{{attributes}}}\nKR1: 注册从 0 到 100 人\n"
# (the text, the attribute refused, its line); every value refused is “abc”.
CASES = [
    (_KR.format(marker=marker, attributes=attributes), attribute, 2)
    for marker in ("KR1:", "- KR1:")
    for attribute, attributes in (
        ("start", "start=abc target=10"),
        ("target", "start=0 target=abc"),
        ("current", "start=0 target=10 current=abc"),
        ("weight", "start=0 target=10 weight=abc"),
        ("confidence", "start=0 target=10 confidence=abc"),
        ("due", "start=0 target=10 due=abc"),
        ("metric", "start=0 target=10 metric=abc"),
        ("direction", "start=0 target=10 direction=abc"),
        ("progress_source", "start=0 target=10 progress_source=abc"),
    )
] + [
    (_OBJECTIVE.format(attributes=attributes), attribute, 1)
    for attribute, attributes in (
        ("kind", "kind=abc"),
        ("visibility", "visibility=abc"),
        ("progress", "progress=abc"),
        ("aligned_share", "progress=mix aligned_share=abc"),
    )
]
IDS = [f"{text.splitlines()[at - 1][:6]}-{attribute}" for text, attribute, at in CASES]
ATTRIBUTE = {"en": "attribute “{}”", "zh-hans": "“{}”属性"}
LINE = {"en": "line {}", "zh-hans": "第 {} 行"}


def _names_both(message: str, attribute: str, lang: str) -> None:
    """The message names the attribute refused and the value it was given."""
    assert "“abc”" in message, message
    assert ATTRIBUTE[lang].format(attribute) in message or f"“{attribute}”" in message, message


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("text", "attribute", "at"), CASES, ids=IDS)
def test_every_route_names_the_attribute_and_its_value(
    world, client_for, text, attribute, at, lang, tmp_path, capsys
):
    # /okrtext/parse and /okrtext/lint: one problem, at its line, refused.
    api = Api(world.alice)
    body = {"text": text, "lang": lang, "cycle_id": world.cycle.pk}
    (problem,) = api.post("/okrtext/parse", body).json()["problems"]
    assert (problem["line"], problem["refused"]) == (at, True), problem
    _names_both(problem["message"], attribute, lang)
    linted = [f for f in api.post("/okrtext/lint", body).json()["findings"] if f["line"] == at]
    assert [f["message"] for f in linted if f["rule"] == "unreadable"] == [problem["message"]]
    # The paste box's preview: refused, nothing planned.
    client = client_for(world.alice)
    answer = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": text},
                         headers={"accept-language": lang})  # fmt: skip
    assert answer.status_code == 400
    said = re.sub(r"<[^>]+>", " ", answer.content.decode()).replace("&ldquo;", "“")
    said = said.replace("&rdquo;", "”").replace("&#x27;", "'")
    assert LINE[lang].format(at) in said
    _names_both(said, attribute, lang)
    path = tmp_path / "okrs.md"
    path.write_text(text, encoding="utf-8")
    with translation.override(lang):
        # A file's import: refused at its line and attribute, nothing stored.
        with pytest.raises(ImportFailed) as refused:
            import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
        (said,) = refused.value.texts
        assert LINE[lang].format(at) in said
        _names_both(said, attribute, lang)
        assert not Objective.objects.filter(cycle=world.cycle, title="提升效率").exists()
        # `mubiao import --dry-run`.
        with pytest.raises(CommandError) as refused:
            call_command("import", str(path), "--org", "acme", "--cycle", world.cycle.name,
                         "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
        _names_both(str(refused.value), attribute, lang)
        # `mubiao parse --json`.
        capsys.readouterr()
        assert main(["parse", "--json", str(path)]) == 0
        (said,) = json.loads(capsys.readouterr().out)["problems"]
        assert said["line"] == at
        _names_both(said["message"], attribute, lang)
    # `mubiao lint FILE`: an error finding at its line (it said nothing of the attribute).
    assert main(["lint", "--json", "--lang", lang, str(path)]) == 1
    findings = json.loads(capsys.readouterr().out)
    (said,) = [f for f in findings if f["rule"] == "unreadable"]
    assert (said["line"], said["severity"]) == (at, "error")
    _names_both(said["message"], attribute, lang)
