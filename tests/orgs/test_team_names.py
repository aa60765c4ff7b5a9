"""A team is never named "." or ".." or nothing, whichever path would make one: a path in the
people import (`源目标科技/../研发部`, team and lead columns), a department of the directory,
the team form. The import names the file, row, column and path; the sync names the department
(and adds no such team); the form names the field. Nothing else changes."""

import pytest
from django.core.exceptions import ValidationError

from mubiao.directory import services as directory
from mubiao.okrs.transfer import ImportFailed
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Team
from mubiao.people.services import import_people
from tests.directory.servers import SERVERS, acme_directory
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db

BAD_NAMES = ["..", ".", "...", " .. "]


def names(org):
    return sorted(Team.objects.filter(organization=org).values_list("name", flat=True))


@pytest.mark.parametrize("column", ["团队", "负责团队"])
@pytest.mark.parametrize("bad", BAD_NAMES)
def test_the_people_import_refuses_the_path_naming_row_and_column(world, column, bad):
    before = names(world.org)
    data = f"邮箱,{column}\nnew@acme.test,源目标科技/{bad}/研发部\n"
    with pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="people.csv", data=data.encode())
    text = failed.value.text
    assert f"people.csv, row 2, column “{column}”" in text
    assert f"“{bad.strip()}” cannot name a team" in text
    assert names(world.org) == before


@pytest.mark.parametrize("vendor", sorted(SERVERS))
@pytest.mark.parametrize("bad", ["..", "."])
def test_a_directory_department_so_named_is_named_and_not_added(world, vendor, bad):
    with acme_directory(SERVERS[vendor]()) as server:
        server.departments["12"]["name"] = bad  # 文档组, under 产品部
        connect(world, server)
        preview = directory.sync(world.admin, dry_run=True)
        result = directory.sync(world.admin)
    for run in (preview, result):
        assert any(
            f"Department 12 is named “{bad}”, which cannot name a team" in str(problem)
            for problem in run.problems
        )
    assert bad not in names(world.org) and "产品部" in names(world.org)


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_the_team_form_refuses_it_naming_the_field(world, bad):
    before = names(world.org)
    with pytest.raises(ValidationError) as refused:
        organizations.save_team(world.admin, name=bad, parent=world.company)
    assert "cannot name a team" in refused.value.message_dict["name"][0]
    with pytest.raises(ValidationError):
        organizations.save_team(world.admin, world.product, name=bad, parent=world.company)
    assert names(world.org) == before


def test_dots_inside_a_name_are_a_name():
    from mubiao.orgs.rules import is_team_name

    assert is_team_name("R&D.2") and is_team_name(".NET 组") and not is_team_name(" ")
