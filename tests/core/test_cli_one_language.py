"""Issue 9: every `mubiao` command writes in one language per run, through gettext (ngettext
for counts). `mubiao lint --lang zh-hans` ended with the English “3 findings in 1 objectives.”;
`mubiao grade … --as lin` refused in Chinese but said “KR d 到 10: not graded”. The run's
language is --lang, else the acting member's (--as / --user), else the organization's, else the
install's default (orgs.cli.run_language).

Every command Mubiao adds to the CLI (read from Django's command registry, the parser of
`mubiao WORD`) is run in a zh-hans organization; what it writes (stdout, stderr and a refusal)
must hold no catalogue msgid in English (the messages the program could have translated) and no
English sentence of its own (three English words in a row outside names, files and addresses)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command, get_commands

from mubiao.okrs.models import Cycle, KeyResult
from tests.conftest import make_objective
from tests.core.catalogues import every_entry

# Not run here: they serve until stopped (gunicorn, the task worker's loop).
LONG_RUNNING = {"serve", "worker"}
CJK = re.compile(r"[\u3400-\u9fff]")


def mubiao_commands() -> set[str]:
    return {name for name, app in get_commands().items() if app.startswith("mubiao.")}


def _msgid_patterns() -> list[re.Pattern]:
    """Each English msgid whose words would show untranslated, its placeholders as wildcards."""
    patterns = []
    for _po, msgid, plural, msgstr in every_entry():
        for english in filter(None, (msgid, plural)):
            words = re.sub(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", " ", english)
            if len(re.findall(r"[A-Za-z]{2,}", words)) < 2 or english == msgstr:
                continue
            parts = re.split(r"%\(\w+\)[sd]|%[sd]", english)
            body = r".{0,300}?".join(re.escape(part) for part in parts)
            patterns.append(re.compile(body))
    return patterns


PATTERNS = None
# Data, not sentences: e-mail addresses, URLs, file names, option names, the demo's English
# members and titles, the token secrets.
DATA = re.compile(
    r"\S+@\S+|https?://\S+|\S+\.(?:csv|xlsx|md|json|txt)\b|--[\w-]+|Daniel Kim|Priya Shah|"
    r"Emma Clarke|Liam Turner|Sophia Patel|VP Sales|OKR|KR\d*|O\d+|mbo_\w+|\bacme\b|Mubiao"
)
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}\b(?:[ ,]+(?:\d+ )?\b[A-Za-z]{2,}\b){2,}")
# Commands without an organization speak the install's language (MUBIAO_LANGUAGE).
WITHOUT_ORG = {"demo", "notify", "playbook"}


def english_in(said: str) -> list[str]:
    global PATTERNS
    if PATTERNS is None:
        PATTERNS = _msgid_patterns()
    found = [m.group() for p in PATTERNS for m in p.finditer(said) if len(m.group()) > 8]
    found += ENGLISH_RUN.findall(DATA.sub(" ", said))
    return found


def _runs(world, tmp_path) -> dict[str, list[list[str]]]:
    org, alice = world.org.slug, world.alice.user.email
    cycle = world.cycle.name
    okrs = tmp_path / "okrs.csv"
    okrs.write_text("objective,key result,start,target\n提升质量,缺陷数,10,5\n")
    return {
        "createorg": [["--name", "新公司", "--owner", "zhang@new.test", "--language", "zh-hans"]],
        "closures": [["--org", org]],
        "demo": [[]],
        "directory": [["sync", "--org", org, "--dry-run"]],
        "export": [["--org", org, "--cycle", cycle, "-o", str(tmp_path / "o.xlsx"),
                    "--format", "xlsx"], ["--org", org, "--cycle", "没有"]],
        "grade": [["--org", org, "KR", "0.7"], ["--org", org, "KR", ""],
                  ["--org", org, "999999", "0.7", "--as", alice]],
        "import": [[str(okrs), "--org", org, "--cycle", cycle, "--dry-run"],
                   [str(okrs), "--org", org, "--cycle", cycle]],
        "lintokrs": [["--org", org, "--cycle", cycle], ["--org", org, "--cycle", cycle,
                      "--lang", "zh-hans"], ["--org", org, "--cycle", cycle, "--as", alice]],
        "notify": [["run-due"]],
        "people": [["export", "--org", org, "--format", "csv"],
                   ["import", str(tmp_path / "missing.csv"), "--org", org]],
        "playbook": [["sync"]],
        "token": [["create", "--org", org, "--user", alice], ["list", "--org", org],
                  ["revoke", "zzzz", "--org", org]],
    }  # fmt: skip


def test_every_command_is_in_the_table(world, tmp_path):
    assert mubiao_commands() - LONG_RUNNING == set(_runs(world, tmp_path))


@pytest.fixture
def chinese(world, settings, request):
    # The install speaks English: a command acting in the organization speaks its language.
    callspec = getattr(request.node, "callspec", None)
    name = callspec.params.get("name") if callspec else None
    settings.LANGUAGE_CODE = "zh-hans" if name in WITHOUT_ORG else "en"
    world.org.settings["language"] = "zh-hans"
    world.org.save(update_fields=["settings"])
    for member in (world.admin, world.alice):
        member.user.language = "zh-hans"
        member.user.save(update_fields=["language"])
    objective = make_objective(world.alice, world.cycle, title="提升产品质量")
    objective.key_results.update(title="线上缺陷从 10 降到 5 个")
    return world


def _said(name: str, arguments: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *arguments, stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
    except SystemExit:  # lint's findings with an error: exit status 1
        pass
    return out.getvalue() + "\n" + err.getvalue()


@pytest.mark.parametrize(
    "name",
    [pytest.param("demo", marks=pytest.mark.slow), "closures", "createorg", "directory",
     "export", "grade", "import", "lintokrs", "notify", "people", "playbook", "token"],
)  # fmt: skip
def test_a_command_speaks_chinese_throughout(chinese, tmp_path, name):
    for arguments in _runs(chinese, tmp_path)[name]:
        if name == "grade" and "KR" in arguments:
            kr = str(_kr_in_grading(chinese).pk)
            arguments = [kr if argument == "KR" else argument for argument in arguments]
        said = _said(name, arguments)
        assert english_in(said) == [], (arguments, said)
        assert CJK.search(said), (arguments, said)


def _kr_in_grading(world):
    world.cycle.state = Cycle.State.GRADING
    world.cycle.save(update_fields=["state"])
    return KeyResult.objects.filter(objective__cycle=world.cycle).first()


def test_lint_counts_in_chinese_and_english(chinese, tmp_path):
    org, cycle = chinese.org.slug, chinese.cycle.name
    said = _said("lintokrs", ["--org", org, "--cycle", cycle, "--lang", "en"])
    assert re.search(r"\d+ findings? in 1 objective\.$", said.strip()), said
    said = _said("lintokrs", ["--org", org, "--cycle", cycle])
    assert re.search(r"1 个目标，共 \d+ 个问题。$", said.strip()), said
