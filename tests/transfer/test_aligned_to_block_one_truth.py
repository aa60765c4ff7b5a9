"""An objective's attribute block that names its parent (`{aligned_to="#42.KR1"}`, Markdown or
plain text) is read, and then never said "not read"; one that is not read is not applied.
One truth on every route: okrtext, the CLI dry run, the web preview and the import itself
(probe 28: the preview said "attribute block not read" and the import aligned it all the
same)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer.errors import ImportFailed
from mubiao.okrs.transfer.importer import import_okrs
from mubiao.okrtext import parse
from tests.conftest import make_objective

pytestmark = pytest.mark.postgres

KR = "Reach 500 users from 0"
SHAPES = [
    '# O1: Grow {{aligned_to="{ref}"}}\n- KR1: {kr}\n',
    '- O1: Grow {{aligned_to="{ref}"}}\n  - KR1: {kr}\n',
    'O1: Grow {{aligned_to="{ref}"}}\nKR1: {kr}\n',
    'O1: Grow {{aligned_to="{ref}" kind=aspirational}}\nKR1: {kr}\n',
]
NOT_READ = {"en": "not read", "zh-hans": "未读取"}


@pytest.fixture
def parent(world):
    return make_objective(world.admin, world.cycle, "Parent", krs=1)


@pytest.mark.parametrize("kr_ref", [True, False])
@pytest.mark.parametrize("shape", SHAPES)
def test_a_block_read_is_applied_and_not_said_unread(world, client_for, tmp_path, parent,
                                                     shape, kr_ref):  # fmt: skip
    ref = f"#{parent.pk}.KR1" if kr_ref else f"#{parent.pk}"
    text = shape.format(ref=ref, kr=KR)
    document = parse(text)
    assert document.objectives[0].aligned_to == ref
    assert document.problems == []
    path = tmp_path / "x.md"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                 "--as", world.admin.user.email, "--dry-run", stdout=out)  # fmt: skip
    assert NOT_READ["en"] not in out.getvalue() and f"Aligned to {ref}" in out.getvalue()
    page = (
        client_for(world.admin)
        .post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": text})
        .content.decode()
    )
    assert NOT_READ["en"] not in page
    result = import_okrs(world.admin, file_name="x.md", data=text.encode(), cycle=world.cycle)
    (created,) = result.created
    created = Objective.objects.get(pk=created.pk)
    if kr_ref:
        assert created.parent_key_result == parent.key_results.get()
    else:
        assert created.parent_objective == parent and created.parent_key_result is None


@pytest.mark.parametrize("line", [
    'O1: Grow {{aligned_to="{ref}"}} {{kind=aspirational}}',
    'O1: Grow {{aligned_to="{ref}"}} this quarter',
    'O1: Grow {{aligned_to="{ref}"}} {{aligned_to="#999999"}}',
])  # fmt: skip
def test_a_block_said_unread_is_not_applied(world, parent, line):
    ref = f"#{parent.pk}"
    text = line.format(ref=ref) + f"\nKR1: {KR}\n"
    document = parse(text)
    said = [p for p in document.problems if p.line == 1]
    if document.objectives and document.objectives[0].aligned_to == ref:
        assert not said, said  # read and applied: said as nothing else
    else:
        # Not read: the line is refused (an importer says where), nothing is aligned.
        assert said
        with pytest.raises(ImportFailed):
            import_okrs(world.admin, file_name="x.md", data=text.encode(), cycle=world.cycle)
        assert not Objective.objects.filter(parent_objective=parent).exists()
