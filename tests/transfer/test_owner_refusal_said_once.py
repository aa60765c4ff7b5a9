"""An owner the importer may not write for, named once for several objectives (a heading over
two objectives, an owner column of two rows of one objective), is refused once at the place
that names it, not once per objective: on the library route, the CLI (with and without
--dry-run) and the web preview (probe 28: the refusal was printed twice). Two different
refusals at one place are both said."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from mubiao.okrs.transfer.errors import ImportErrors, ImportFailed, Location
from mubiao.okrs.transfer.importer import import_okrs

pytestmark = pytest.mark.postgres

SAID = "You may not write OKRs for “产品部”"
CASES = [
    ("two.md", "产品部\nO1：让新用户顺利上手\nKR1：引导完成率从 54% 提升至 70%\n"
               "O2：提升留存\nKR1：留存率从 30% 提升至 40%\n"),
    ("three.txt", "产品部\nO1：上手\nKR1：引导完成率从 54% 提升至 70%\n"
                  "O2：留存\nKR1：留存率从 30% 提升至 40%\nO3：转化\nKR1：转化率从 3% 提升至 4%\n"),
    ("okrs.csv", "owner,objective,key result,start,target\n"
                 "产品部,O,KR a,0,10\n产品部,O,KR b,0,10\n"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text"), CASES)
def test_said_once_on_every_route(world, client_for, tmp_path, name, text):
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.alice, file_name=name, data=text.encode(), cycle=world.cycle)
    assert error.value.text.count(SAID) == 1, error.value.text
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for dry in ([], ["--dry-run"]):
        with pytest.raises(CommandError) as said:
            call_command("import", str(path), "--org", world.org.slug, "--cycle",
                         world.cycle.name, "--as", world.alice.user.email, *dry,
                         stdout=io.StringIO())  # fmt: skip
        assert str(said.value).count(SAID) == 1, (dry, str(said.value))
    if name.endswith((".md", ".txt")):
        page = client_for(world.alice).post(
            reverse("import_preview"), {"cycle": world.cycle.pk, "text": text}
        )
        assert page.content.decode().count(SAID) == 1


def test_different_refusals_at_one_place_are_all_said():
    where = Location("f.csv", row=2)
    later = Location("f.csv", row=3)
    errors = ImportErrors([ImportFailed("a", where), ImportFailed("a", where),
                           ImportFailed("b", where), ImportFailed("a", later)])  # fmt: skip
    assert errors.texts == ["f.csv, row 2: a", "f.csv, row 2: b", "f.csv, row 3: a"]
