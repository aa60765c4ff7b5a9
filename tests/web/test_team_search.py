"""h14t: every capped team picker (orgs.selectors.MAX_TEAM_OPTIONS) has a search box whose
htmx endpoint answers the teams the actor may pick whose name holds what was typed: bounded,
escaped, of the actor's organization only, the picker's current values kept selected."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.orgs import closures
from mubiao.orgs.models import Team
from mubiao.orgs.selectors import TEAM_SEARCH_LIMIT
from tests.web.test_capped_pickers import far  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def options(client, **query) -> list[tuple[str, str, bool]]:
    response = client.get(reverse("team_options"), query)
    assert response.status_code == 200
    return [
        (value, label, bool(chosen))
        for value, chosen, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', response.content.decode()
        )
    ]


def test_a_team_past_the_cap_is_found_by_a_part_of_its_name(world, client_for, far):  # noqa: F811
    client = client_for(world.admin)
    found = options(client, kind="id", field="parent", team_q=far.name[1:])
    assert (str(far.pk), f"Company / {far.name}", False) in found
    assert len(found) <= TEAM_SEARCH_LIMIT
    assert options(client, kind="slug", field="team", team_q=far.name)[0][0] == far.slug


def test_another_organizations_and_archived_teams_are_never_found(world, other_world, client_for):
    Team.objects.filter(pk=world.extra["support"].pk).update(is_archived=True)
    client = client_for(world.admin)
    found = options(client, kind="id", field="parent", team_q="o")
    ids = {int(value) for value, _label, _chosen in found}
    assert world.product.pk not in ids  # 产品部 holds no "o"
    assert {world.company.pk, world.docs.pk} <= ids
    assert world.extra["support"].pk not in ids
    assert not ids & set(
        Team.objects.filter(organization=other_world.org).values_list("pk", flat=True)
    )
    # Nor kept: a value of another organization sent as the picker's current one.
    kept = options(client, kind="id", field="parent", parent=other_world.company.pk, team_q="x")
    assert kept == []


def test_the_current_values_stay_selected(world, client_for, far):  # noqa: F811
    client = client_for(world.admin)
    found = options(client, kind="id", field="teams", teams=[far.pk, world.docs.pk], team_q="Docs")
    assert (str(world.docs.pk), "Company / 产品部 / Docs", True) in found
    assert (str(far.pk), f"Company / {far.name}", True) in found
    assert len([v for v, _l, _c in found if v == str(world.docs.pk)]) == 1


def test_names_are_escaped(world, client_for):
    Team.objects.create(
        organization=world.org, name='<b>"Ops"</b>', slug="ops", parent=world.company
    )
    closures.rebuild(world.org.pk)
    html = client_for(world.admin).get(reverse("team_options"), {"team_q": "Ops"}).content.decode()
    assert "<b>" not in html and "&lt;b&gt;&quot;Ops&quot;&lt;/b&gt;" in html


def test_the_owner_picker_finds_only_teams_the_actor_may_file_under(world, client_for):
    found = options(client_for(world.lead), kind="owner", field="owner", team_q="o")
    # The lead leads 产品部 and so Docs within it; not Company, not Support.
    assert [value for value, _l, _c in found] == [f"team:{world.docs.pk}"]
    found = options(client_for(world.lead), kind="owner", field="owner", team_q="产品")
    assert found == [(f"team:{world.product.pk}", "Team: Company / 产品部", False)]
    found = options(client_for(world.admin), kind="owner", field="owner", team_q="Docs",
                    owner=f"team:{world.product.pk}")  # fmt: skip
    assert [v for v, _l, c in found] == [f"team:{world.docs.pk}", f"team:{world.product.pk}"]


def test_an_unknown_kind_is_refused(world, client_for):
    response = client_for(world.admin).get(reverse("team_options"), {"kind": "name"})
    assert response.status_code == 422 and "kind" in response.content.decode()


def _teams(world, n: int) -> None:
    Team.objects.bulk_create(
        Team(organization=world.org, name=f"组{i}", slug=f"g{i}", parent=world.product)
        for i in range(n)
    )
    closures.rebuild(world.org.pk)


def test_the_query_count_does_not_grow_with_the_teams(world, client_for):
    client = client_for(world.admin)
    counts = []
    for n in (5, 200):
        Team.objects.filter(name__startswith="组").delete()
        _teams(world, n)
        with CaptureQueriesContext(connection) as captured:
            found = options(client, kind="id", field="teams", teams=[world.docs.pk], team_q="组")
        counts.append(len(captured))
        assert len(found) == min(n, TEAM_SEARCH_LIMIT) + 1
    assert counts[0] == counts[1]


# Every capped picker of the web shows the search box, asking for its kind of values.
PICKERS = [
    ("settings_teams", (), "parent", "id"),
    ("settings_team", ("support",), "parent", "id"),
    ("settings_member", ("bob",), "teams", "id"),
    ("settings_people", (), "teams", "id"),
    ("objective_create", (), "owner", "owner"),
    ("notify_channels", (), "team", "id"),
]


@pytest.mark.parametrize(("url", "args", "name", "kind"), PICKERS, ids=[p[0] for p in PICKERS])
def test_every_capped_picker_has_a_search_box(world, client_for, url, args, name, kind):
    args = [world.extra["support"].pk if a == "support" else getattr(world, a).pk for a in args]
    html = client_for(world.admin).get(reverse(url, args=args)).content.decode()
    box = re.search(r'<input type="search" class="team-search"[^>]*>\s*<select name="(\w+)"', html)
    assert box and box.group(1) == name
    assert f"kind={kind}&amp;field={name}" in box.group(0)


def test_the_company_board_filter_has_a_search_box(world, client_for):
    html = client_for(world.admin).get("/company?view=list").content.decode()
    assert re.search(r'kind=slug&amp;field=team"[^>]*>\s*<select name="team"', html)


# Kept values that are no id (id_sets.is_id): other scripts' digits, a superscript (which
# str.isdigit() takes and int() refuses: a 500), a number past any id.
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
NOT_IDS = ["full-width", "arabic-indic", "²", "9" * 19, "9" * 25]


@pytest.mark.every_case  # 64-bit bounds: what PostgreSQL does differs
@pytest.mark.parametrize("sent", NOT_IDS)
@pytest.mark.parametrize(("kind", "field"), [("id", "teams"), ("owner", "owner")])
def test_a_kept_value_that_is_no_id_keeps_no_team(world, client_for, sent, kind, field):
    pk = str(world.docs.pk)
    value = {
        "full-width": pk.translate(FULL_WIDTH),
        "arabic-indic": pk.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
    }.get(sent, sent)
    value = f"team:{value}" if kind == "owner" else value
    found = options(client_for(world.admin), kind=kind, field=field, team_q="zz", **{field: value})
    assert found == []
