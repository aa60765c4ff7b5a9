"""What a weekly report includes is decided by who may read it (issue 12): an objective is in
the report iff EVERY reader of the shared report may see it, on every route (the stored text
the page, the API, the Markdown and xlsx exports and e-mails are made from). The oracle is
independent of the code under test: the readers are everyone for whom selectors.reports lists
the shared report, and "may see" is permissions.can_see_objective, asked of each of them."""

import pytest

from mubiao.okrs import services as okrs
from mubiao.orgs.models import Membership
from mubiao.orgs.permissions import can_see_objective, is_open_to_all
from mubiao.reports import compose, selectors, services

VISIBILITIES = ("public", "team", "private")
OWNERS = ("member", "team", "sub-team")
KINDS = ("person", "team")


def _objective(world, owner: str, visibility: str, title: str, kr_owner):
    kr = {"title": f"{title} KR", "start_value": 0, "target_value": 100, "owner": kr_owner}
    fields = {
        "member": {"owner_member": world.alice, "team": world.product},
        "team": {"owner_type": "team", "owner_team": world.product, "team": world.product},
        "sub-team": {"owner_type": "team", "owner_team": world.docs, "team": world.docs},
    }[owner]
    return okrs.create_objective(world.admin, cycle=world.cycle, title=title,
                                 visibility=visibility, key_results=[kr], **fields)  # fmt: skip


@pytest.mark.parametrize(("kind", "kr_owner"), [("person", "alice"), ("team", "alice"),
                                                ("team", "lead")])  # fmt: skip
def test_an_okr_is_in_a_report_iff_every_reader_may_see_it(world, kind, kr_owner):
    """A person's report is Alice's (her key results in each objective); a team's is 产品部's,
    read by its lead, Alice, Bob of its sub-team Docs and the admin."""
    objectives = {}
    for owner in OWNERS:
        for visibility in VISIBILITIES:
            title = f"O-{owner}-{visibility}"
            objectives[title] = _objective(world, owner, visibility, title,
                                           getattr(world, kr_owner))  # fmt: skip
            okrs.check_in(world.admin, objectives[title].key_results.get(), value=5)
    if kind == "team":
        report = services.generate(world.lead, team=world.product)
    else:
        report = services.generate(world.alice)
    services.share(report.author, report, version=report.version)
    members = Membership.objects.filter(organization=world.org).select_related("user")
    readers = [m for m in members if selectors.reports(m).filter(pk=report.pk).exists()]
    assert world.admin in readers and report.author in readers
    for title, objective in objectives.items():
        expected = all(can_see_objective(reader, objective) for reader in readers)
        assert (title in report.body) == expected, (kind, title, [r.user.name for r in readers])
    # A chat group's readers are not known: a report holding anything not open to all is sent
    # there as its title and link only.
    sent = compose.message(report, "en", open_to_all=True)
    for title, objective in objectives.items():
        if title in report.body and not is_open_to_all(objective):
            assert not sent.lines


def test_the_teams_own_team_only_okr_reaches_its_report(world):
    """The demo's case: a team-only objective of 客户支持部 checked in, its report written by
    its lead, every reader of which may see it (the team has no sub-team of other members)."""
    support = world.extra["support"]
    from mubiao.orgs.models import TeamMember

    TeamMember.objects.filter(team=support, membership=world.outsider).update(is_lead=True)
    objective = okrs.create_objective(
        world.outsider, cycle=world.cycle, title="VIP 客户回访覆盖率", team=support,
        visibility="team", key_results=[{"title": "回访", "start_value": 64,
                                         "target_value": 100, "unit": "%"}],
    )  # fmt: skip
    okrs.check_in(world.outsider, objective.key_results.get(), value=67)
    report = services.generate(world.outsider, team=support)
    assert "VIP 客户回访覆盖率" in report.body and "64% → 67%" in report.body
