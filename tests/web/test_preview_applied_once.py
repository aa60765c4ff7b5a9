"""probe9: two confirmations of one preview sent at the same moment (two tabs, a script) both
imported the file. Each request had read the session before the other wrote back that the
preview was applied; the database now claims the preview first (web.uploads.applying). The
race is replayed exactly: the second request runs with the session as it was before the first
wrote it. Both confirm pages that apply an upload: the OKR import and the people import."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mubiao.okrs.models import Objective
from mubiao.orgs.models import Membership
from mubiao.web.models import Claim

pytestmark = pytest.mark.django_db

OKRS = "O: 让付费客户续费\nKR1: 续费率从 62% 提升至 66%"
PEOPLE = "邮箱,角色,职位\nwang@acme.test,member,编辑\n".encode()


def token(page) -> str:
    assert page.status_code == 200, page.content.decode()[:2000]
    return re.search(r'name="preview" value="([^"]+)"', page.content.decode()).group(1)


def okr_preview(client, world):
    return token(client.post("/transfer/preview", {"cycle": world.cycle.pk, "text": OKRS}))


def people_preview(client, world):
    return token(client.post("/settings/people/import", {
        "file": SimpleUploadedFile("people.csv", PEOPLE)}))  # fmt: skip


CASES = {
    "okrs": (okr_preview, "/transfer/confirm",
             lambda world: Objective.objects.filter(title="让付费客户续费").count()),
    "people": (people_preview, "/settings/people/import/confirm",
               lambda world: Membership.objects.filter(user__email="wang@acme.test").count()),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_two_confirmations_at_once_apply_the_preview_once(world, client_for, case):
    make_preview, confirm_url, applied = CASES[case]
    client = client_for(world.admin)
    preview = make_preview(client, world)
    as_read = dict(client.session.items())  # what a second, simultaneous request reads
    first = client.post(confirm_url, {"preview": preview}, follow=True)
    assert first.status_code == 200 and applied(world) == 1
    session = client.session
    session.clear()
    session.update(as_read)
    session.save()
    second = client.post(confirm_url, {"preview": preview}, follow=True)
    assert second.status_code == 200
    assert "This preview was already imported" in second.content.decode()
    assert applied(world) == 1


def test_a_confirmation_refused_gives_its_claim_back(world, client_for):
    """An import refused at confirmation (here: the cycle closed since the preview) leaves the
    preview confirmable again once the reason is gone."""
    client = client_for(world.admin)
    preview = okr_preview(client, world)
    world.cycle.state = "closed"
    world.cycle.save()
    refused = client.post("/transfer/confirm", {"preview": preview}, follow=True)
    # Refused: the preview shown again with the reason (400), nothing stored.
    assert refused.status_code == 400 and not Objective.objects.filter(title="让付费客户续费")
    assert not Claim.objects.exists()
    world.cycle.state = "active"
    world.cycle.save()
    client.post("/transfer/confirm", {"preview": preview}, follow=True)
    assert Objective.objects.filter(title="让付费客户续费").count() == 1
    assert Claim.objects.count() == 1
