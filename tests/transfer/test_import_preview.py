"""The paste-import preview (issue 10 §6): each key result's reading, duplicates, the owner."""

import json

import pytest
from django.urls import reverse

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs, importer
from mubiao.okrs.transfer.plan import PlannedObjective
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


def _aligned_document(last_title: str) -> bytes:
    """A JSON import: a company objective, two objectives aligned to it or to its KR, one
    aligned to those, and one on its own whose title is `last_title`."""

    def objective(ref, title, aligned_to=None):
        return {"ref": ref, "title": title, "aligned_to": aligned_to,
                "key_results": [{"ref": f"{ref}.KR1", "title": "客户数从 10 提升至 20",
                                 "metric_type": "number", "start_value": "10",
                                 "target_value": "20"}]}  # fmt: skip

    objectives = [
        objective("O1", "公司目标"),
        objective("O2", "部门目标", "O1.KR1"),
        objective("O3", "另一个部门目标", "O1"),
        objective("O4", "小组目标", "O2.KR1"),
        objective("O5", last_title),
    ]
    return json.dumps({"format": "mubiao.okrs", "version": 1, "objectives": objectives}).encode()


def test_a_preview_in_the_shortest_batches_meets_every_check_of_the_import(world, monkeypatch):
    """Cut into one family per transaction (an objective with all that is aligned to it in the
    file), the preview still finds every parent and still refuses what the import refuses."""
    monkeypatch.setattr(importer, "DRY_RUN_BATCH_SECONDS", 0)
    monkeypatch.setattr(importer, "DRY_RUN_PAUSE_SECONDS", 0)
    preview = import_okrs(world.alice, file_name="a.json", data=_aligned_document("独立目标"),
                          cycle=world.cycle, dry_run=True)  # fmt: skip
    assert preview.counts["objectives"] == 5 and not Objective.objects.exists()
    too_long = "长" * (Objective._meta.get_field("title").max_length + 1)
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="a.json", data=_aligned_document(too_long),
                    cycle=world.cycle, dry_run=True)  # fmt: skip
    assert refused.value.text.startswith("a.json, objectives[4]")
    created = import_okrs(world.alice, file_name="a.json", data=_aligned_document("独立目标"),
                          cycle=world.cycle).created  # fmt: skip
    assert created[3].parent_key_result.objective == created[1]
    assert created[2].parent_objective == created[0]


def test_aligned_objectives_of_a_file_are_tried_in_one_family():
    planned = [PlannedObjective(owner_label=None, owner=None, title=str(n), location=None,
                                ref=f"O{n}", parent_ref=parent)
               for n, parent in enumerate([None, "O0", None, "O1", None])]  # fmt: skip
    order = importer._creation_order(planned)
    assert importer._families(planned, order) == [[0, 1, 3], [2], [4]]


# Layouts the preview read wrong (h10c): a key result's heading over its field bullets, a table
# whose objectives are bold first-column rows (ipfs/team-mgmt OKR/CLUSTER.md), example labels
# ("### 改良版本", "案例:", "✅ Good:") that named owners. Each previews as a person sees it.
PASTED = [
    ("## Objective: 提升系统可靠性\n\n### Key Results 进度:\n\n#### KR1: P99 延迟 < 200ms\n"
     "- 当前值: 250ms\n- 目标值: 200ms\n- 进度: 40%\n", [1], "250"),
    ("## Objective: Make the API reliable\n\n### Key Results:\n\n#### KR1: p99 latency < 200ms\n"
     "- Current: 250ms\n- Target: 200ms\n- Status: on track\n", [1], "250"),
    ("| **IPFS Cluster** | **Priority** | **Owner** | **End-Q** |\n| --- | --- | --- | --- |\n"
     "| **1 Finish the base cluster use-case** | | | |\n"
     "| js-cluster client | **P0** | Hector | 0.7 |\n"
     "| **2 Release collaborative clusters** | | | |\n"
     "| Merge CRDT prototype | P0 | Hector | 0.7 |\n"
     "| Follower peer mode | P2 | Hector | 0.5 |\n", [1, 2], None),
    ("案例:目标“提升用户留存率”\nKR1:次日留存率从50%提升至65%。\nKR2:上线3个用户激励功能。\n",
     [2], "50%"),
    ("### Improved version\n\n- Speed up delivery by 10% before October 1\n"
     "    - Cut cycle time from 10 to 7 days\n    - Cut rework from 8% to 5%\n",
     [2], "8%"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "key_results", "start"), PASTED)
def test_pasted_layouts_preview_as_written(client, world, text, key_results, start):
    result = import_okrs(world.alice, file_name="p.txt", data=text.encode(), cycle=world.cycle,
                         dry_run=True)  # fmt: skip
    assert [len(o.key_results) for o in result.objectives] == key_results
    assert result.unmatched_owners == []
    client.force_login(world.alice.user)
    response = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": text})
    page = response.content.decode()
    assert response.status_code == 200, page[:1000]
    if start is not None:
        assert f"{start} →" in page or f"{start}ms →" in page or f"{start} ms →" in page
