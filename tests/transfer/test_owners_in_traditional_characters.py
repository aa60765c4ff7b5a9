"""An owner written in traditional characters is the team or person of that name in
simplified ones, and the other way round (issue 10, probe p10 M6: "產品部 OKR" was left
unmatched beside a team 产品部). Names are compared as okrtext reads text (OpenCC t2s)."""

import pytest

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import import_okrs
from mubiao.orgs.models import Team
from tests.conftest import make_member

# (heading as written, what it names: a team or a person, created under that spelling)
CASES = [
    ("產品部 OKR", "team", "产品部"),
    ("## 產品部的OKR", "team", "产品部"),
    ("营销中心 OKR", "team", "營銷中心"),
    ("陳曉明的OKR", "person", "陈晓明"),
    ("## 客服專員", "person_title", "客服专员"),
]


@pytest.mark.parametrize(("heading", "kind", "stored"), CASES)
def test_a_traditional_heading_names_the_simplified_owner(world, heading, kind, stored):
    if kind == "team" and stored != "产品部":
        Team.objects.create(organization=world.org, name=stored, slug="marketing")
    if kind == "person":
        make_member(world.org, "chen@acme.test", stored)
    if kind == "person_title":
        make_member(world.org, "kefu@acme.test", "Kefu", title=stored)
    text = f"{heading}\n\nO1：提升續費率\nKR1：續費率從 70% 提升到 80%\n"
    result = import_okrs(world.admin, file_name="okrs.md", data=text.encode(),
                         cycle=world.cycle)  # fmt: skip
    assert result.unmatched_owners == []
    objective = Objective.objects.get(title="提升續費率")
    if kind == "team":
        assert objective.owner_team.name == stored
    else:
        assert objective.owner_member.title == stored or objective.owner_member.name == stored
