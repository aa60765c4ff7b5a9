"""Issue 13: the writes of signing in and its protection leave an activity-log entry, as every
write does: renewing the two-factor recovery codes (never the codes), and a sign-in through the
directory's app linking the member to the vendor's ID of them (once: the next sign-in finds the
link); and, of setting up people, the teams a people import makes from the file's paths (as a
directory sync's are). Each row: the write (again where that writes nothing more), then the
entries it must leave."""

import json
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mubiao.directory.models import DirectorySource
from mubiao.directory.vendors import Identity
from mubiao.okrs.models import Activity
from mubiao.orgs.models import Team
from mubiao.people import services as people
from mubiao.sso import services as sso
from mubiao.twofactor import services as twofactor

pytestmark = pytest.mark.django_db


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def renew_codes(world):
    device = TOTPDevice.objects.create(user=world.admin.user, name="Mubiao", confirmed=True)
    codes = twofactor.renew_recovery_codes(world.admin, _code(device))
    entry = (world.admin, "twofactor.recovery_codes_renewed", "membership", world.admin.pk, {})
    return [entry], codes


def app_sign_in(world):
    source = DirectorySource.objects.create(
        organization=world.org, vendor="feishu", app_id="a", app_secret="",
        api_url="http://127.0.0.1:9", root_department="0", sign_in=True,
    )  # fmt: skip
    identity = Identity(id="ou_alice", email="alice@acme.test")
    assert sso.member_for_identity(source, identity) == world.alice
    assert sso.member_for_identity(source, identity) == world.alice  # found by the link now
    entry = (world.alice, "member.identity_linked", "membership", world.alice.pk)
    return [(*entry, {"vendor": "feishu"})], []


def teams_from_paths(world):
    data = "email,team\nnew@acme.test,新业务部/文档组\n".encode()
    for _ in range(2):  # the second import finds the teams: none is made, none logged
        people.import_people(world.admin, file_name="people.csv", data=data)
    made = {team.name: team.pk for team in Team.objects.filter(name__in=["新业务部", "文档组"])}
    return [
        (world.admin, "team.created", "team", made[name], {"name": name, "import": "people.csv"})
        for name in ("新业务部", "文档组")
    ], []


# Each write gives the entries it must leave (actor, verb, target, data), the only ones of
# their verbs, and the secrets they must not hold.
WRITES = {
    "recovery codes renewed": renew_codes,
    "app sign-in links the member": app_sign_in,
    "people import makes teams from paths": teams_from_paths,
}


@pytest.mark.parametrize("write", WRITES)
def test_the_write_is_logged_once(world, write):
    since = Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    expected, secrets = WRITES[write](world)
    verbs = {verb for _actor, verb, *_rest in expected}
    entries = list(Activity.objects.filter(pk__gt=since, verb__in=verbs).order_by("pk"))
    assert [(e.actor, e.verb, e.target_type, e.target_id, e.data) for e in entries] == expected
    assert {e.organization_id for e in entries} == {world.org.pk}
    assert not any(secret in json.dumps(e.data) for e in entries for secret in secrets)
