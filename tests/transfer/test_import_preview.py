"""The paste-import preview (issue 10 §6): each key result's reading, duplicates, the owner."""

from django.urls import reverse

from mubiao.okrs.transfer import import_okrs
from tests.conftest import make_member

TEXT = "O: 新手引导\nKR1: 12 月底前上线新手引导 2.0\nKR2: 客诉率从 8% 降低到 3%\n"


def test_each_key_result_shows_its_reading(world):
    result = import_okrs(world.alice, file_name="p.txt", data=TEXT.encode(), cycle=world.cycle,
                         dry_run=True)  # fmt: skip
    first, second = result.objectives[0].key_results
    assert first.fields["metric_type"] == "milestone" and "2" not in first.reading.split(",")[0]
    due = first.fields["due_date"]
    assert due is None or (due.month, due.day) == (12, 31)
    assert second.reading.startswith("8% → 3%")


def test_pasting_the_same_text_twice_warns_about_duplicates(world):
    twice = import_okrs(
        world.alice, file_name="q.txt", data=(TEXT + "\n" + TEXT).encode(), cycle=world.cycle,
        dry_run=True,
    )  # fmt: skip
    assert sum("duplicate" in problem for problem in twice.problems) == 1
    import_okrs(world.alice, file_name="p.txt", data=TEXT.encode(), cycle=world.cycle)
    again = import_okrs(
        world.alice, file_name="p.txt", data=TEXT.encode(), cycle=world.cycle, dry_run=True
    )
    assert any("duplicate" in problem for problem in again.problems)


def test_a_heading_naming_a_person_with_their_title_is_that_person(world):
    lin = make_member(world.org, "lin@acme.test", "林晓", title="产品经理", manager=world.lead)
    text = "产品经理林晓的OKR\nO1：提升留存\nKR1：次月留存率从 35% 提升至 45%\n"
    result = import_okrs(world.admin, file_name="p.txt", data=text.encode(), cycle=world.cycle,
                         dry_run=True)  # fmt: skip
    assert result.unmatched_owners == []
    assert result.objectives[0].owner.member == lin


def test_the_preview_page_lists_the_readings(client, world):
    client.force_login(world.alice.user)
    response = client.post(
        reverse("import_preview"),
        {"cycle": world.cycle.pk, "text": TEXT},
    )
    page = response.content.decode()
    assert response.status_code == 200, page[:1000]
    assert "8% → 3%" in page
