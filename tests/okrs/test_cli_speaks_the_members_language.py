"""Issue 9 (h9o): a command that acts as a member (`--as EMAIL`) says its own refusals in that
member's language (else their organization's), through gettext, as the services' refusals it
passes on: `mubiao grade`, `lint`, `import`, `export`, and the shared --org / --as / --cycle
lookups."""

import re

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import make_objective

CJK = re.compile(r"[\u4e00-\u9fff]")


def _commands(world, tmp_path):
    """(arguments, the English words) of each command's own refusal, acting as Alice."""
    org, alice = world.org.slug, world.alice.user.email
    missing = str(tmp_path / "missing.csv")
    return [
        (["grade", "--org", org, "999999", "0.7", "--as", alice], "No key result 999999"),
        (["lintokrs", "--org", org, "--cycle", world.cycle.name, "--team", "nope", "--as", alice],
         "No team with the slug “nope”"),
        (["lintokrs", "--org", org, "--cycle", "nope", "--as", alice], "No cycle named “nope”"),
        (["import", missing, "--org", org, "--cycle", world.cycle.name, "--as", alice],
         "No such file"),
        (["import", missing, "--org", org, "--cycle", "nope", "--as", alice], "No cycle named"),
        (["export", "--org", org, "--cycle", world.cycle.name, "--format", "xlsx", "--as", alice],
         "needs a file"),
    ]  # fmt: skip


@pytest.mark.parametrize("case", range(6))
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_commands_refusal_is_in_the_acting_members_language(world, tmp_path, case, language):
    make_objective(world.alice, world.cycle)
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    arguments, english = _commands(world, tmp_path)[case]
    with pytest.raises(CommandError) as refused:
        call_command(*arguments)
    said_in(language, str(refused.value), english)


def test_a_member_without_a_language_hears_the_organizations(world):
    world.org.settings["language"] = "zh-hans"
    world.org.save(update_fields=["settings"])
    with pytest.raises(CommandError, match="没有这位成员可以评分的关键结果"):
        call_command("grade", "--org", world.org.slug, "999999", "0.7",
                     "--as", world.alice.user.email)  # fmt: skip
    with pytest.raises(CommandError, match="不是acme的在职成员"):
        call_command("grade", "--org", world.org.slug, "1", "0.7", "--as", "nobody@acme.test")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_mubiao_token_speaks_the_members_language(world, language):
    """`mubiao token` (h9q): its refusals and its report in the member's language, else the
    organization's — it wrote English f-strings whatever the person spoke."""
    import io

    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    world.org.settings["language"] = language
    world.org.save(update_fields=["settings"])
    org, alice = world.org.slug, world.alice.user.email
    refusals = [
        (["token", "create", "--org", org, "--user", alice, "--days", "-3"], "number of days"),
        (["token", "create", "--org", org, "--user", "nobody@acme.test"], "not a member"),
        (["token", "revoke", "zzzzzzzz", "--org", org], "No token with the prefix"),
    ]
    for arguments, english in refusals:
        with pytest.raises(CommandError) as refused:
            call_command(*arguments)
        said_in(language, str(refused.value), english)
    err = io.StringIO()
    call_command("token", "create", "--org", org, "--user", alice, stdout=io.StringIO(), stderr=err)
    assert bool(CJK.search(err.getvalue())) == (language == "zh-hans"), err.getvalue()


def said_in(language: str, said: str, english: str) -> None:
    """A refusal in English names `english`; in Chinese it is Chinese, not the English."""
    if language == "en":
        assert english in said, said
    else:
        assert english not in said and CJK.search(said), said
