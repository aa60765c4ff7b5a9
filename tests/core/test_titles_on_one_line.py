"""A title has one representation on every path (issue 9, probes 9 and 15): line breaks, tabs and
line/paragraph separators are one space whether it came through the API, an import, the web form
or a copy, so the web's single-line input (which drops a line break) saves what is stored; every
other character (two spaces, a no-break space, U+3000) is kept as typed; a title of invisible
characters only (zero-width spaces, word joiners, byte-order or direction marks) is refused as
one of spaces is."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db

SENT = " 手机\n测试\t\t上线  \r\n新版 "
STORED = "手机 测试 上线 新版"
# Sent, stored: the one rule (limits.one_line) every path below applies.
TITLES = [
    (SENT, STORED),
    ("a  b\tc\nd\r\ne\u2028f\u00a0g\u3000h", "a  b c d e f\u00a0g\u3000h"),
    ("中文  空格", "中文  空格"),
    ("全角\u3000空格", "全角\u3000空格"),
    ("line \n\n break", "line break"),
    ("para\u2029graph\x85nel", "para graph nel"),
    ("\u3000 trimmed ends\u00a0", "trimmed ends"),
]
INVISIBLE = ["\u200b", "\u2060", "\ufeff", "\u200e\u200f", "\u202e", " \u200b \u3000"]


def _json_file(world, objective_title, kr_title) -> bytes:
    return json.dumps(
        {
            "format": "mubiao.okrs",
            "version": 1,
            "objectives": [
                {
                    "title": objective_title,
                    "owner": {"type": "person", "email": world.alice.user.email},
                    "key_results": [{"title": kr_title, "start": 0, "target": 10}],
                }
            ],
        }
    ).encode()


def test_an_import_stores_titles_on_one_line(world):
    result = import_okrs(
        world.alice, file_name="okrs.json", data=_json_file(world, SENT, SENT), cycle=world.cycle
    )
    [objective] = result.created
    assert objective.title == STORED
    assert objective.key_results.get().title == STORED


def test_services_and_copies_store_titles_on_one_line(world):
    objective = make_objective(world.alice, world.cycle, SENT)
    assert objective.title == STORED
    copy = services.copy_objective(world.alice, objective, world.cycle)
    assert copy.title == STORED
    cycle = services.create_cycle(
        world.admin, name="2030\nQ1", start_date=dt.date(2030, 1, 1), end_date=dt.date(2030, 3, 31)
    )
    assert cycle.name == "2030 Q1"


def test_the_web_edit_form_saved_untouched_keeps_the_words_apart(world, client_for):
    """The reported case: 手机\\n测试 sent through the API, saved untouched on the edit page,
    was stored as 手机测试."""
    alice = Api(world.alice)
    created = alice.post(
        "/objectives",
        {"cycle_id": world.cycle.pk, "title": "手机\n测试",
         "key_results": [{"title": "下载\n量", "start_value": 0, "target_value": 10}]},
    ).json()  # fmt: skip
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[created["id"]])
    form = load(client, url)
    # A browser strips the line breaks from a single-line input's value.
    form = {k: v.replace("\n", "").replace("\r", "") if isinstance(v, str) else v
            for k, v in form.items()}  # fmt: skip
    assert client.post(url, form).status_code == 302
    objective = Objective.objects.get(pk=created["id"])
    assert objective.title == "手机 测试"
    assert objective.key_results.get().title == "下载 量"


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_a_title_of_invisible_characters_is_refused_on_every_path(world, client_for, invisible):
    alice = Api(world.alice)
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    sent = {"cycle_id": world.cycle.pk, "title": invisible}
    assert "title" in field_errors(alice.post("/objectives", sent))
    assert "title" in field_errors(alice.patch(f"/objectives/{objective.pk}", {"title": invisible}))
    assert "title" in field_errors(alice.patch(f"/key-results/{kr.pk}", {"title": invisible}))
    response = alice.post(
        "/key-results",
        {"objective_id": objective.pk, "title": invisible, "start_value": 0, "target_value": 5},
    )
    assert "title" in field_errors(response)
    with pytest.raises(ImportFailed):
        import_okrs(
            world.alice, file_name="okrs.json", cycle=world.cycle,
            data=_json_file(world, f"Grow{invisible}", invisible),
        )  # fmt: skip
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[objective.pk])
    response = client.post(url, {**load(client, url), "title": invisible})
    assert response.status_code != 302
    assert Objective.objects.get(pk=objective.pk).title == "Delight customers"
    assert KeyResult.objects.get(pk=kr.pk).title == "KR 1"


def test_the_refusal_says_why():
    from mubiao.okrs import limits

    assert limits.title_error("\u200b", 500) == (
        "Write at least one visible character; this has only invisible ones."
    )
    assert limits.title_error("", 500) == "This field is required."
    assert limits.title_error("a\u200bb", 500) is None


@pytest.mark.parametrize(("sent", "stored"), TITLES)
def test_only_line_breaks_and_tabs_change_on_every_path(world, client_for, sent, stored):
    alice = Api(world.alice)
    created = alice.post(
        "/objectives",
        {"cycle_id": world.cycle.pk, "title": sent,
         "key_results": [{"title": sent, "start_value": 0, "target_value": 10}]},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    assert created.json()["title"] == stored
    objective = Objective.objects.get(pk=created.json()["id"])
    assert objective.title == stored
    kr = objective.key_results.get()
    assert kr.title == stored
    added = alice.post(
        "/key-results",
        {"objective_id": objective.pk, "title": sent, "start_value": 0, "target_value": 5},
    )
    assert added.json()["title"] == stored
    assert alice.patch(f"/objectives/{objective.pk}", {"title": sent}).json()["title"] == stored
    assert alice.patch(f"/key-results/{kr.pk}", {"title": sent}).json()["title"] == stored
    [imported] = import_okrs(
        world.alice, file_name="okrs.json", data=_json_file(world, sent, sent), cycle=world.cycle
    ).created
    assert (imported.title, imported.key_results.get().title) == (stored, stored)
    assert make_objective(world.alice, world.cycle, sent).title == stored
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[objective.pk])
    assert client.post(url, {**load(client, url), "title": sent}).status_code == 302
    assert Objective.objects.get(pk=objective.pk).title == stored
