"""h9f 3 (issue 9): a name written with a capital is the name. `{Target=5}` on a Markdown line
was not read as an attribute block at all, and a JSON `"Target": 5` was "not a key Mubiao
reads"; a typo (`taget`) was ignored without the name it likely meant. Every import format
(CSV and xlsx headers, JSON keys, Markdown attributes) reads a name in any case and offers the
closest name for one it does not know. Runs on PostgreSQL too (`-m postgres`)."""

import json

import pytest
from django.utils import translation

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.transfer.conftest import workbook_bytes

pytestmark = pytest.mark.postgres

FORMATS = ["csv", "xlsx", "json", "md"]


def _file(fmt: str, target_name: str, extra: str = "") -> tuple[str, bytes]:
    """One objective with one key result from 0 to 5, its target named `target_name`, and 2
    under the name `extra` if given."""
    if fmt in ("csv", "xlsx"):
        header, row = ["objective", "key result", "start", target_name], ["Ship", "Launch", 0, 5]
        if fmt == "csv":
            return "okrs.csv", (",".join(header) + "\n" + ",".join(map(str, row))).encode()
        return "okrs.xlsx", workbook_bytes({"OKRs": [header, row]})
    if fmt == "json":
        kr = {"title": "Launch", "start": 0, target_name: 5, **({extra: 2} if extra else {})}
        document = {"format": "mubiao.okrs", "version": 1,
                    "objectives": [{"title": "Ship", "key_results": [kr]}]}  # fmt: skip
        return "okrs.json", json.dumps(document).encode()
    more = f" {extra}=2" if extra else ""
    line = f"KR1: Launch {{metric=number start=0 {target_name}=5{more}}}"
    return "okrs.md", f"O1: Ship {{kind=committed}}\n{line}\n".encode()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("written", ["Target", "TARGET"])
def test_a_name_in_another_case_is_read_as_the_name(world, fmt, written):
    name, data = _file(fmt, written)
    result = import_okrs(world.admin, file_name=name, data=data, cycle=world.cycle)
    assert not [p for p in result.problems if written in p], result.problems
    kr = KeyResult.objects.get(title="Launch")
    assert (kr.start_value, kr.target_value) == (0, 5)


# format → how its notes call a name
MEANT = {"json": ("is not a key Mubiao reads", "不是 Mubiao 能读取的键"),
         "md": ("is not an attribute Mubiao reads", "不是 Mubiao 能读取的属性")}  # fmt: skip


@pytest.mark.parametrize("fmt", sorted(MEANT))
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_name_it_does_not_know_is_said_with_the_one_it_likely_meant(world, fmt, language):
    name, data = _file(fmt, "target", extra="curent")
    with translation.override(language):
        result = import_okrs(world.admin, file_name=name, data=data, cycle=world.cycle,
                             dry_run=True)  # fmt: skip
    said = " ".join(result.problems)
    english, chinese = MEANT[fmt]
    if language == "en":
        assert f"“curent” {english}: ignored. Did you mean “current”?" in said, said
    else:
        assert f"“curent”{chinese}，已忽略。是指“current”吗？" in said, said


def test_a_name_given_twice_in_two_cases_is_not_guessed(world):
    name, data = "okrs.json", json.dumps({
        "format": "mubiao.okrs", "version": 1,
        "objectives": [{"title": "Ship", "key_results": [
            {"title": "Launch", "start": 0, "target": 5, "Target": 7}]}],
    }).encode()  # fmt: skip
    result = import_okrs(world.admin, file_name=name, data=data, cycle=world.cycle, dry_run=True)
    said = " ".join(result.problems)
    assert "“Target” is not a key Mubiao reads: ignored. Did you mean “target”?" in said, said
