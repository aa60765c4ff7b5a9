"""docs/roles.md, row by row: the table in the docs is mubiao/orgs/roles.py, and every cell
is what orgs.permissions (and the pages) answer for a person in that column."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mubiao.orgs import permissions
from mubiao.orgs import services as organizations
from mubiao.orgs.roles import COLUMNS, LED, NO, RIGHTS, WRITTEN, YES
from tests.conftest import make_member, make_objective

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def test_the_docs_table_is_the_python_table():
    lines = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header, _rule, *rows = lines
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in rows]
    assert [c.strip() for c in header.strip("|").split("|")] == ["what", *COLUMNS]
    assert cells == [[right.what, *(WRITTEN[c] for c in right.cells)] for right in RIGHTS]


@pytest.fixture
def people(world):
    owner = make_member(world.org, "owner@acme.test", "Olivia Owner", role="owner")
    # lead leads 产品部 (and so its sub-team Docs); alice is a plain member of 产品部.
    return {"owner": owner, "admin": world.admin, "team lead": world.lead, "member": world.alice}


def _objectives(world, subject):
    """The rows each right is tried on: one inside the lead's teams, one outside, where the
    right distinguishes them."""
    cycle = world.cycle

    def team_objective(team, visibility="public"):
        return make_objective(
            world.admin, cycle, f"{team.name} {visibility}", owner_type="team",
            owner_team=team, team=team, visibility=visibility,
        )  # fmt: skip

    return {
        "public": make_objective(world.outsider, cycle, "Olga public"),
        "private": make_objective(world.outsider, cycle, "Olga private", visibility="private"),
        "own": make_objective(subject, cycle, "Mine"),
        "team_inside": team_objective(world.docs, "team"),
        "team_outside": team_objective(world.extra["support"], "team"),
    }


def _pages(client, *urls):
    return all(client.get(url).status_code == 200 for url in urls)


def answers(key, world, subject, client):
    """(inside the teams the subject leads, outside them): whether the right holds."""
    rows = _objectives(world, subject)
    if key == "see_public":
        both = permissions.can_see_objective(subject, rows["public"])
        return both, both
    if key == "see_team":
        return tuple(
            permissions.can_see_objective(subject, rows[k]) for k in ("team_inside", "team_outside")
        )
    if key == "see_private":
        both = permissions.can_see_objective(subject, rows["private"])
        return both, both
    if key == "edit_own":
        both = permissions.can_edit_objective(subject, rows["own"]) and permissions.can_check_in(
            subject, rows["own"].key_results.get()
        )
        return both, both
    if key in ("edit_team", "govern_team"):
        check = (
            permissions.can_edit_objective
            if key == "edit_team"
            else permissions.can_govern_objective
        )
        return check(subject, rows["team_inside"]), check(subject, rows["team_outside"])
    if key == "edit_others":
        both = permissions.can_edit_objective(subject, rows["public"])
        return both, both
    pages = {
        "manage_cycles": ["/settings/cycles"],
        "manage_teams": ["/settings/teams"],
        "manage_people": [
            "/settings/people", "/settings/people/import", "/settings/people/export?format=csv",
        ],
        "manage_settings": ["/settings/", "/settings/quality"],
    }  # fmt: skip
    if key in pages:
        allowed = permissions.can_manage_organization(subject)
        assert _pages(client, *pages[key]) == allowed, f"the pages disagree for {key}"
        return allowed, allowed
    if key == "make_owner":
        try:
            organizations.update_member(subject, world.bob, role="owner", manager=world.lead)
        except (PermissionDenied, ValidationError):
            return False, False
        return True, True
    raise AssertionError(f"no check for {key}")


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("right", RIGHTS, ids=lambda right: right.key)
def test_each_cell_is_what_permissions_answer(world, people, client_for, right, column):
    subject = people[column]
    cell = right.cells[COLUMNS.index(column)]
    expected = {YES: (True, True), NO: (False, False), LED: (True, False)}[cell]
    assert answers(right.key, world, subject, client_for(subject)) == expected
