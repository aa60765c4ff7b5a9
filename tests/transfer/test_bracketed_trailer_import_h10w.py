"""A bracketed trailer of labelled fields after a key result's title (`… (start 70%, weight
20)`, `…（状态：有风险，负责人：林晓）`) is imported field by field, as each field written alone:
the start and the weight stored, the status said as not imported, a weight below 0 refused as a
weight column's is (h10w: the trailer stayed in the title, start 0, weight 1, and a note that no
start was given)."""

from decimal import Decimal

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs

pytestmark = pytest.mark.django_db


def _weights(world, on: bool) -> None:
    from mubiao.orgs import services as org_services

    org_services.update_organization(world.admin, world.org, name=world.org.name, weights=on)
    world.alice.organization.refresh_from_db()


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("- KR4: Raise renewal rate to 95% (start 70%, weight 20)", "Raise renewal rate to 95%"),
        ("- KR4：续费率提升到 95%（基线 70%，权重 20）", "续费率提升到 95%"),
    ],
)
def test_a_start_and_a_weight_in_one_bracket_are_both_stored(world, line, title):
    _weights(world, True)
    text = f"O1: Keep customers\n{line}\n"
    report = import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    (kr,) = KeyResult.objects.filter(objective__cycle=world.cycle, title=title)
    assert (kr.start_value, kr.target_value, kr.weight) == (Decimal(70), Decimal(95), Decimal(20))
    notes = " ".join(str(p) for p in report.problems)
    assert "start" not in notes, notes


@pytest.mark.parametrize(
    "text",
    [
        "O1: Keep customers\n- KR1: Raise renewal rate to 95% (weight -5)\n",
        "O1: Keep customers (weight -5)\n- KR1: Raise renewal rate to 95%\n",
    ],
)
def test_a_weight_below_zero_is_refused(world, text):
    _weights(world, True)
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    assert "Weight" in refused.value.text and "from 0 to" in refused.value.text, refused.value.text
    assert not KeyResult.objects.filter(objective__cycle=world.cycle).exists()


def test_a_status_and_an_owner_in_one_bracket(world):
    text = "O1：提升续约\n- KR1：续费率从 80% 达到 95%（状态：有风险，负责人：林晓）\n"
    report = import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    (kr,) = KeyResult.objects.filter(objective__cycle=world.cycle)
    # The owner is the key result's mention, kept in its title as any owner line's (title_of).
    assert kr.title == "续费率从 80% 达到 95% @林晓"
    said = " ".join(str(p) for p in report.problems)
    assert "status of the key result: not imported" in said, said


@pytest.mark.parametrize(
    "line",
    [
        "- KR1：续费率从 80% 达到 95%（进度：60%）",
        "- KR1: Renewal rate from 80% to 95% (progress: 60%)",
    ],
)
def test_a_progress_in_brackets_is_said_not_imported(world, line):
    text = f"O1: Keep customers\n{line}\n"
    report = import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    (kr,) = KeyResult.objects.filter(objective__cycle=world.cycle)
    assert "60" not in kr.title
    said = " ".join(str(p) for p in report.problems)
    assert "field written after the key result on its line: not imported" in said, said
