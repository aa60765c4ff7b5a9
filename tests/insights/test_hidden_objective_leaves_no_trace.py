"""No figure a reader sees changes when someone else makes an objective the reader may not see
(issue 12, S2): the API's `over_visible` flipped and `hidden_count` rose by one when a
teammate made a private objective, which told the reader that someone just had. Now a reader
who is not an admin always reads figures over the objectives they may see (over_visible
true, hidden_count null, the progress lines from their visible objectives' series), and the
pages say so once, whatever is hidden. Each reader × each output, before and after, byte for
byte (tokens and times normalised)."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.test import Client

from mubiao.accounts.tokens import create_token
from mubiao.insights import snapshots
from mubiao.okrs import services as okrs
from mubiao.orgs.models import Team, TeamMember
from mubiao.orgs.rules import today_for
from mubiao.reports import services as reports
from tests.conftest import make_member, make_objective

PAGES = [
    "/company",
    "/company?view=list",
    "/teams/product",
    "/teams/product?view=list",
    "/teams/support",
    "/adoption",
    "/adoption.csv",
    "/adoption.xlsx",
]
API = [
    "/api/v1/dashboards/company",
    "/api/v1/dashboards/company/lines",
    "/api/v1/dashboards/teams/{product}",
    "/api/v1/dashboards/teams/{product}/lines",
    "/api/v1/dashboards/teams/{support}",
    "/api/v1/adoption",
    "/api/v1/adoption/teams",
]
# Who reads: a member, the lead of the team the objectives are made beside (product, whose
# sibling they go under), and the lead of another team.
READERS = ["alice", "lead", "support_lead"]

# What changes between two reads whatever the data: form tokens, nonces, times ("as of 08:34").
VOLATILE = [
    (re.compile(rb'(csrfmiddlewaretoken" value=")[^"]+'), rb"\1-"),
    (re.compile(rb'(nonce=")[^"]+'), rb"\1-"),
    (re.compile(rb'(name="csrf-token" content=")[^"]+'), rb"\1-"),
    (re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"), rb"<time>"),
    (re.compile(rb"\b\d\d:\d\d\b"), rb"<time>"),
]


def _normalised(body: bytes) -> bytes:
    for pattern, replacement in VOLATILE:
        body = pattern.sub(replacement, body)
    return body


def _content(response) -> bytes:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        # The workbook's sheets; its properties hold the moment it was written.
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            body = b"".join(
                book.read(name) for name in sorted(book.namelist()) if "docProps" not in name
            )
    return _normalised(body)


@pytest.fixture
def scene(world):
    """Checked-in public objectives with past days' snapshots, and a sales team beside 产品部
    whose member Chen will make the objectives nobody reading may see."""
    for owner, team, value in ((world.alice, world.product, 40), (world.bob, world.docs, 25)):
        objective = make_objective(owner, world.cycle, f"{owner} public", team=team)
        okrs.check_in(owner, objective.key_results.get(), value=value, confidence=7)
    today = today_for(world.org)
    snapshots.backfill(world.cycle, [today - dt.timedelta(days=d) for d in (3, 2, 1)])
    sales = Team.objects.create(
        organization=world.org, name="Sales", slug="sales", parent=world.company
    )
    chen = make_member(world.org, "chen@acme.test", "Chen")
    TeamMember.objects.create(team=sales, membership=chen)
    support = world.extra["support"]
    TeamMember.objects.filter(team=support, membership=world.outsider).update(is_lead=True)
    return sales, chen


def _reader(world, who):
    return world.outsider if who == "support_lead" else getattr(world, who)


def _reads(world, reader) -> dict:
    client = Client()
    client.force_login(reader.user)
    _, secret = create_token(reader)
    api = Client(headers={"authorization": f"Bearer {secret}"})
    ids = {"product": world.product.pk, "support": world.extra["support"].pk}
    seen = {url: client.get(url) for url in PAGES}
    seen |= {url: api.get(url.format(**ids)) for url in API}
    out = {url: (r.status_code, _content(r)) for url, r in seen.items()}
    # The weekly report: the reader's own, and the team's for its lead.
    own = reports.generate(reader)
    out["report"] = (200, _normalised(own.body.encode()))
    out["report page"] = (200, _content(client.get(f"/reports/{own.pk}")))
    if reader == world.lead:
        team = reports.generate(reader, team=world.product)
        out["team report"] = (200, _normalised(team.body.encode()))
    return out


@pytest.mark.parametrize("who", READERS)
def test_another_persons_hidden_objectives_change_nothing_a_reader_gets(world, scene, who):
    sales, chen = scene
    reader = _reader(world, who)
    before = _reads(world, reader)
    assert {status for status, _ in before.values()} <= {200, 403, 404}, before
    for visibility in ("private", "team"):
        objective = make_objective(
            chen, world.cycle, f"Chen {visibility}", team=sales, visibility=visibility
        )
        okrs.check_in(chen, objective.key_results.get(), value=90, confidence=2)
    after = _reads(world, reader)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [], "\n".join(changed)


@pytest.mark.parametrize("who", READERS)
def test_a_reader_who_is_not_an_admin_reads_over_what_they_may_see(world, scene, who):
    """over_visible and the null hidden count whatever is hidden (nothing is, here), the
    sentence said once on a dashboard."""
    reader = _reader(world, who)
    _, secret = create_token(reader)
    api = Client(headers={"authorization": f"Bearer {secret}"})
    headline = api.get("/api/v1/dashboards/company").json()["headline"]
    assert headline["over_visible"] is True and headline["hidden_objectives"] is None
    client = Client()
    client.force_login(reader.user)
    body = client.get("/company").content.decode()
    assert body.count("Figures count only the objectives you may see") == 1
    assert "you cannot see" not in body


def test_an_admin_reads_everything(world, scene):
    _, secret = create_token(world.admin)
    api = Client(headers={"authorization": f"Bearer {secret}"})
    headline = api.get("/api/v1/dashboards/company").json()["headline"]
    assert headline["over_visible"] is False and headline["hidden_objectives"] == 0
    client = Client()
    client.force_login(world.admin.user)
    assert "Figures count only the objectives" not in client.get("/company").content.decode()
