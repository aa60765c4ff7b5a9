"""Issue 12: a refused alignment in a text or Markdown file is pointed at the line that states
it (“Aligned to: …”), not at the objective's own line a few lines above."""

import io

import pytest
from django.core.management import CommandError, call_command

from mubiao.okrs import services
from tests.conftest import make_objective


@pytest.mark.parametrize("aligned", ["Aligned to: #{pk}", "对齐到：#{pk}"])
def test_a_refused_alignment_names_its_own_line(world, tmp_path, aligned):
    parent = make_objective(world.admin, world.cycle, "Old goal")
    services.archive_objective(world.admin, parent)
    text = "\n".join([
        "# OKRs",
        "O1: Grow revenue",
        "KR1: Win 30 new customers",
        "KR2: Raise NPS from 20 to 40",
        aligned.format(pk=parent.pk),
    ]) + "\n"  # fmt: skip
    path = tmp_path / "okrs.md"
    path.write_text(text)
    with pytest.raises(CommandError) as refused:
        call_command(
            "import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    said = str(refused.value)
    assert "line 5" in said and "line 2" not in said, said
