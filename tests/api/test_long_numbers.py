"""Issue 9 (brief h9v, finding 1): a typed number's length is limited before it is read, on
every path. A check-in of `"1" * 100000` held a web worker until gunicorn killed it (the reader
was quadratic in the length); a 20,000-character CSV cell took 3 s in a dry run; one line of
8,000 characters took 13 s on /okrtext/lint.

The work is counted, not timed: the reader's entry points (numbers.fold, which every reading
starts with, and the text reader a value's unit is read by) are watched, and none may be handed
the long text; the unit search of the reader tries a bounded number of ends, whatever the length.
"""

import json
import re

import pytest
from django.urls import reverse

from mubiao.okrs import numbers
from mubiao.okrs.models import CheckIn, KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrs.transfer.jsonformat import FORMAT
from tests.api.conftest import field_errors, sent_check_in, sent_patch
from tests.conftest import make_objective
from tests.transfer.conftest import workbook_bytes
from tests.web.test_writing import form_data

LONG = "1" * 100_000
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def longest_read(monkeypatch):
    """The length of the longest text the number reader was handed (a spy that reads on)."""
    seen = [0]
    for name in ("fold", "find_quantities"):
        real = getattr(numbers, name)

        def spy(text, *args, _real=real, **kwargs):
            seen[0] = max(seen[0], len(text))
            return _real(text, *args, **kwargs)

        monkeypatch.setattr(numbers, name, spy)
    return seen


def _kr(world):
    return make_objective(world.alice, world.cycle).key_results.get()


def _web_error(response) -> str:
    """The field's error on a web form (the form keeps the typing in its box): the form's own
    length limit (40 characters, okrs.limits.TextField) answers before the reader."""
    page = response.content.decode()
    found = re.search(r"Keep this at most \d+ characters long \(it has [\d,]+\)", page)
    assert found, page[-3000:]
    return found.group()


def _web_check_in(world, client_for, api, typed, **headers):
    kr = _kr(world)
    response = client_for(world.alice).post(reverse("check_in", args=[kr.pk]), {"value": typed},
                                            **headers)  # fmt: skip
    assert not CheckIn.objects.filter(key_result=kr).exists()
    return _web_error(response)


def _web_inline_check_in(world, client_for, api, typed):
    return _web_check_in(world, client_for, api, typed, **HTMX)


def _web_form(field):
    def path(world, client_for, api, typed):
        data = form_data(owner=f"person:{world.alice.pk}", krs=[{"title": "KR", field: typed}])
        response = client_for(world.alice).post(reverse("objective_create"), data)
        assert not KeyResult.objects.filter(title="KR").exists()
        return _web_error(response)

    path.__name__ = f"web_form_{field}"
    return path


def _api_check_in(world, client_for, api, typed):
    refusal = sent_check_in(api(world.alice), _kr(world), typed)
    assert refusal is not None
    return refusal


def _api_patch(field):
    def path(world, client_for, api, typed):
        refusal = sent_patch(api(world.alice), _kr(world), field, typed)
        assert refusal is not None
        return refusal

    path.__name__ = f"api_patch_{field}"
    return path


def _imported(world, name, data):
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, dry_run=True)
    return refused.value.text


def _csv(world, client_for, api, typed):
    return _imported(
        world, "okrs.csv", f"objective,key result,start,target\nO,KR,0,{typed}\n".encode()
    )


def _csv_semicolons(world, client_for, api, typed):
    return _imported(
        world, "okrs.csv", f"objective;key result;start;target\nO;KR;{typed};9\n".encode()
    )


def _xlsx(world, client_for, api, typed):
    rows = [["objective", "key result", "start", "target"], ["O", "KR", 0, typed]]
    return _imported(world, "okrs.xlsx", workbook_bytes({"OKRs": rows}))


def _json(world, client_for, api, typed):
    kr = {"title": "KR", "metric_type": "number", "start": "0", "target": typed}
    document = {"format": FORMAT, "objectives": [{"title": "O", "key_results": [kr]}]}
    return _imported(world, "okrs.json", json.dumps(document).encode())


def _markdown(world, client_for, api, typed):
    text = f"O1: O {{kind=committed}}\nKR1: KR {{metric=number start=0 target={typed}}}\n"
    return _imported(world, "okrs.md", text.encode())


def _text(world, client_for, api, typed):
    return _imported(world, "okrs.txt", f"O1: O\nKR1: 用户数达到 {typed} 人\n".encode())


PATHS = [
    _web_check_in,
    _web_inline_check_in,
    _web_form("start_value"),
    _web_form("target_value"),
    _api_check_in,
    _api_patch("current_value"),
    _api_patch("start_value"),
    _api_patch("target_value"),
    _csv,
    _csv_semicolons,
    _xlsx,
    _json,
    _markdown,
    _text,
]


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_a_long_number_is_refused_before_it_is_read(world, client_for, api, longest_read, path):
    # A CSV cell holds at most 32,767 characters (a spreadsheet's limit, refused as such).
    typed = LONG[:20_000] if path in (_csv, _csv_semicolons) else LONG
    message = path(world, client_for, api, typed)
    assert any(words in message for words in ("too long", "longer than", "at most")), message
    assert typed not in message  # quoted by its start at most
    assert longest_read[0] <= numbers.MAX_LENGTH  # the reader never saw it


@pytest.mark.parametrize("typed", ["1" * 101, "1 " * 51, "¥" + "1" * 100, "完成" * 51])
def test_the_limit_is_checked_first_for_every_reading(typed):
    for read in (numbers.read_number, numbers.read_done, numbers.read_score):
        with pytest.raises(numbers.NumberError) as refused:
            read(typed)
        assert refused.value.code == "too_long"
    assert numbers.written_unit(typed) == ""


def test_a_number_of_the_longest_length_is_still_read():
    assert numbers.read_number("0" * 99 + "1") == 1


@pytest.mark.parametrize("unit", ["人", "万元", "minutes", "k USD"])
def test_the_unit_search_does_not_grow_with_the_square_of_the_length(monkeypatch, unit):
    calls = [0]
    real = numbers._norm_unit

    def counted(text):
        calls[0] += 1
        return real(text)

    monkeypatch.setattr(numbers, "_norm_unit", counted)
    for length in (1_000, 10_000):
        calls[0] = 0
        numbers._without_unit("1 " * (length // 2), numbers.unit_key(unit))
        assert calls[0] <= 200  # a few ends either side, not every split of the text


@pytest.mark.parametrize("endpoint", ["/okrtext/parse", "/okrtext/lint"])
def test_the_okrtext_endpoints_keep_the_text_imports_line_limit(world, api, endpoint):
    text = "O1: 增长\nKR1: " + "1 " * 2_600
    response = api(world.alice).post(endpoint, {"text": text})
    assert response.status_code == 422, response.content[:300]
    assert "Line 2" in field_errors(response)["text"]
