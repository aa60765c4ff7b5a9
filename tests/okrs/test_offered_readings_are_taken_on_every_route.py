"""A value's "did you mean" offers only readings that are then taken as typed, on every route
that reads a current value as a check-in does (h10m E11, fixed first for check-ins): the edit of
a key result's current value (web form, API and CLI call update_key_result), a new key result's
current value and an import's current column. On a key result counted in 家 from 0 → 50,
`1.000` offered 1,000, far from the range and asked about again. Property: on every route, every
reading offered is accepted unchanged, asked nothing more."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.errors import ImportFailed

pytestmark = pytest.mark.django_db

RANGES = [(0, 50), (0, 2000), (100, 1500), (0, 20000), (50, 0)]
TYPED = ["1.000", "12.345", "1.200", "4,5", "1 ,200"]
OFFERED = {
    "en": re.compile(r"Enter ([^.]*(?:\.\d[^.]*)*)\.(?:$|\s)"),
    "zh-hans": re.compile(r"请输入 ([^。]+)。"),
}


def _offered(said: str, lang: str) -> list[str]:
    found = OFFERED[lang].search(said)
    if found is None:
        return []
    return [part.strip() for part in re.split(r" or |或", found[1]) if re.search(r"\d", part)]


def _objective(world):
    return services.create_objective(world.alice, cycle=world.cycle, title="Grow",
                                     key_results=[])  # fmt: skip


def _check_in(world, levels, value):
    kr = services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                                    start_value=levels[0], target_value=levels[1])  # fmt: skip
    services.check_in(world.alice, kr, value=value)


def _edit(world, levels, value):
    kr = services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                                    start_value=levels[0], target_value=levels[1])  # fmt: skip
    services.update_key_result(world.alice, kr, current_value=value)


def _create(world, levels, value):
    services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                               start_value=levels[0], target_value=levels[1],
                               current_value=value)  # fmt: skip


def _import(world, levels, value):
    data = (
        "objective\tkey result\tunit\tstart\ttarget\tcurrent\n"
        f"Grow\tShops\t家\t{levels[0]}\t{levels[1]}\t{value}\n"
    ).encode()
    try:
        import_okrs(world.admin, file_name="okrs.tsv", data=data, cycle=world.cycle)
    except ImportFailed as refused:
        raise ValidationError({"current_value": ["\n".join(refused.texts)]}) from None


def _import_text(world, levels, value):
    data = (
        "# Grow\n"
        f"KR1: Shops {{metric=number unit=家 start={levels[0]} target={levels[1]} "
        f"current={value}}}\n"
    ).encode()
    try:
        import_okrs(world.admin, file_name="okrs.md", data=data, cycle=world.cycle)
    except ImportFailed as refused:
        raise ValidationError({"current_value": ["\n".join(refused.texts)]}) from None


ROUTES = {"check-in": _check_in, "edit": _edit, "create": _create, "import": _import,
          "text import": _import_text}  # fmt: skip


# Each route reads and writes through queries of its own: every case runs on PostgreSQL too.
@pytest.mark.every_case
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("route", ROUTES)
def test_every_reading_offered_is_taken_as_offered(world, route, lang):
    write = ROUTES[route]
    asked_again, offered_any = [], False
    with translation.override(lang):
        for levels in RANGES:
            for typed in TYPED:
                with pytest.raises(ValidationError) as refused:
                    write(world, levels, typed)
                said = " ".join(str(m) for ms in refused.value.message_dict.values() for m in ms)
                for reading in _offered(said, lang):
                    offered_any = True
                    try:
                        write(world, levels, reading)
                    except ValidationError as again:
                        asked_again.append((levels, typed, reading, again.message_dict))
    assert asked_again == []
    assert offered_any
