"""E-mail domains for single sign-on are verified through DNS (issue 13, h13v): a claim is
pending until its TXT record is published; only verified domains route the sign-in page, bound
what a provider may sign in and whom requiring single sign-on concerns; claiming never tells
about other organizations. The records are served by a DNS server on loopback (tests/dns_server)."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from mubiao.orgs.models import Membership
from mubiao.sso import services, verification
from mubiao.sso.models import EmailDomain
from tests.conftest import make_world
from tests.dns_server import DnsServer
from tests.sso.conftest import claim
from tests.sso.test_settings import form

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Mubiao-2026"  # tests.conftest.make_member's


@pytest.fixture
def dns_server(settings, monkeypatch):
    monkeypatch.setattr(verification, "TIMEOUT_SECONDS", 0.5)
    with DnsServer() as server:
        settings.MUBIAO_DNS_RESOLVER = server.address
        yield server


def pending(organization, domain="acme.test", *, enabled=True) -> EmailDomain:
    provider = claim(organization, domain, verified_now=False)
    provider.enabled = enabled
    provider.save()
    return provider.domains.get(domain=domain)


def routed_to(email) -> str | None:
    """The organization the sign-in page's single sign-on box sends this address to."""
    answer = Client().get("/sso/", {"who": email})
    return parse_qs(urlsplit(answer.url).query).get("organization", [None])[0]


def verify(member, claim_, language="en") -> tuple[int, str]:
    answer = member_client(member, language).post(
        "/settings/sso/verify", {"domain": claim_.pk}, follow=True
    )
    messages = [str(m) for m in answer.context["messages"]]
    assert answer.redirect_chain == [("/settings/sso", 302)]
    return answer.status_code, " ".join(messages)


def member_client(member, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(member.user)
    return client


# What DNS holds (name → TXT records, each a list of character-strings; the `TOKEN` word
# stands for the claim's record), and what Verify answers (None: verified).
ANSWERS = {
    "at the domain": ({"acme.test": [["TOKEN"]]}, None),
    "at _mubiao": ({"acme.test": [], "_mubiao.acme.test": [["TOKEN"]]}, None),
    "split into character-strings": ({"acme.test": [["SPLIT"]]}, None),
    "among other TXT records": (
        {"acme.test": [["v=spf1 -all"], ["google-site-verification=abc"], ["TOKEN"]]},
        None,
    ),
    "absent": ({"acme.test": [["v=spf1 -all"]], "_mubiao.acme.test": []}, "No TXT record"),
    "NXDOMAIN": ({}, "No TXT record mubiao-verification="),
    "another token": (
        {"acme.test": [["mubiao-verification=someone-else"]]},
        "has a mubiao-verification record, but not this organization's",
    ),
    "timeout": ("silent", "did not answer"),
    "SERVFAIL": ("failing", "did not answer"),
}


@pytest.mark.parametrize("case", ANSWERS)
def test_verify_reads_the_txt_record(world, dns_server, case):
    zone, refused = ANSWERS[case]
    ours = pending(world.org)
    if isinstance(zone, str):
        getattr(dns_server, zone).update({"acme.test", "_mubiao.acme.test"})
        zone = {}
    for name, records in zone.items():
        dns_server.txt[name] = [
            [ours.record[:30], ours.record[30:]] if r == ["SPLIT"] else
            [ours.record if s == "TOKEN" else s for s in r]
            for r in records
        ]  # fmt: skip
    said = verify(world.admin, ours)[1]
    ours.refresh_from_db()
    if refused is None:
        assert said == "acme.test is verified." and ours.verified_at is not None
        assert routed_to("alice@acme.test") == "acme"
    else:
        assert refused in said and ours.verified_at is None, said
        assert routed_to("alice@acme.test") is None
    assert dns_server.queries  # looked up through the loopback server, not the system's


def test_refusals_are_in_the_persons_language(world, dns_server):
    ours = pending(world.org)
    assert "未找到TXT记录" in verify(world.admin, ours, "zh-hans")[1]


def test_only_a_verified_domain_routes_sign_in_and_one_organization_verifies_it(
    world, other_world, dns_server
):
    ours, theirs = pending(world.org), pending(other_world.org)
    # Two pending claims of one domain coexist; neither routes its people anywhere.
    assert routed_to("alice@acme.test") is None
    dns_server.txt["acme.test"] = [[ours.record]]
    assert verify(world.admin, ours)[1] == "acme.test is verified."
    assert routed_to("Alice@ACME.test") == "acme"
    # The other organization cannot verify without its own record in the domain's DNS …
    assert "but not this organization's" in verify(other_world.admin, theirs)[1]
    # … and, with it (only the DNS owner gets that far), learns it is verified elsewhere.
    dns_server.txt["acme.test"].append([theirs.record])
    said = verify(other_world.admin, theirs)[1]
    assert "acme.test is already verified by another organization in Mubiao" in said
    theirs.refresh_from_db()
    assert theirs.verified_at is None and routed_to("alice@acme.test") == "acme"


def test_claiming_a_domain_tells_nothing_about_other_organizations(
    world, other_world, client_for, oidc_provider, dns_server
):
    third = make_world("third")
    answers = []
    for member in (world.admin, other_world.admin, third.admin):
        # Nobody had it, then a pending claim by acme, then acme's verified claim.
        answer = client_for(member).post(
            "/settings/sso", form(oidc_provider, domains="acme.test"), follow=True
        )
        page = answer.content.decode()
        answers.append(
            (answer.status_code, answer.redirect_chain,
             [str(m) for m in answer.context["messages"]],
             "Pending: not verified" in page, "another organization" in page)
        )  # fmt: skip
        if member == world.admin:
            ours = EmailDomain.objects.get(provider__organization=world.org)
            dns_server.txt["acme.test"] = [[ours.record]]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][2] == ["Single sign-on settings saved."] and answers[0][3]
    assert EmailDomain.objects.filter(domain="acme.test").count() == 3
    assert len(set(EmailDomain.objects.values_list("token", flat=True))) == 3


def test_another_organizations_provider_cannot_sign_in_a_member_of_another_organization(
    world, dns_server
):
    """Evil claims acme's domain and its provider vouches for acme's admin (a member of acme
    only): no session as them, no membership, nothing of acme."""
    evil = make_world("evil")
    provider = pending(evil.org).provider
    provider.create_members = True
    provider.save()
    victim = world.admin.user
    # Pending: refused before any account is looked at, in any letter case.
    for email in (victim.email, victim.email.upper(), "newcomer@acme.test"):
        with pytest.raises(services.NotAMember) as refused:
            services.member_for_claims(provider, {"email": email, "email_verified": True})
        assert "signs in addresses at the e-mail domains Evil" in refused.value.message
    # Verify cannot succeed without acme's DNS …
    dns_server.txt["acme.test"] = [["mubiao-verification=acme-own"]]
    with pytest.raises(ValidationError):
        services.verify_domain(evil.admin, provider.domains.get().pk)
    # … and were the DNS evil's, the account acme had first is still not evil's to sign in.
    provider.domains.update(verified_at=timezone.now())
    with pytest.raises(services.NotAMember):
        services.member_for_claims(provider, {"email": victim.email, "email_verified": True})
    assert not Membership.objects.filter(organization=evil.org, user=victim).exists()


def test_requiring_sso_concerns_verified_domains_only(world, dns_server):
    ours = pending(world.org)
    provider = ours.provider
    owner = world.admin
    owner.role = Membership.Role.OWNER
    owner.save()
    provider.require_sso, provider.break_glass = True, owner
    provider.save()

    def password_sign_in():
        client = Client()
        client.post("/accounts/login/", {"username": "alice@acme.test", "password": PASSWORD})
        return "_auth_user_id" in client.session

    # The provider cannot sign alice in yet: her password still does.
    assert password_sign_in()
    dns_server.txt["_mubiao.acme.test"] = [[ours.record]]
    services.verify_domain(world.admin, ours.pk)
    assert not password_sign_in()


def test_the_daily_recheck_lapses_a_domain_whose_record_is_gone(world, dns_server):
    ours = pending(world.org)
    dns_server.txt["acme.test"] = [[ours.record]]
    services.verify_domain(world.admin, ours.pk)
    start = timezone.now()
    day = dt.timedelta(days=1, minutes=1)
    # Not due yet; then due, found.
    assert services.recheck_domains(start) == 0
    assert services.recheck_domains(start + day) == 1
    # No answer from DNS changes nothing.
    dns_server.silent.add("acme.test")
    assert services.recheck_domains(start + 2 * day) == 1
    ours.refresh_from_db()
    assert ours.verified_at and ours.missing_since is None
    # Gone (a definite answer): still verified for LAPSE_AFTER, then no longer.
    dns_server.silent.clear()
    dns_server.txt["acme.test"] = [["v=spf1 -all"]]
    gone = start + 3 * day
    services.recheck_domains(gone)
    ours.refresh_from_db()
    assert ours.verified_at and ours.missing_since == gone
    assert routed_to("alice@acme.test") == "acme"
    services.recheck_domains(gone + services.LAPSE_AFTER)
    ours.refresh_from_db()
    assert ours.verified_at is None and routed_to("alice@acme.test") is None


def test_a_claim_from_before_verification_works_during_its_grace_only(world, other_world):
    old = pending(world.org)
    old.grace_until = timezone.now() + dt.timedelta(days=1)
    old.save()
    assert routed_to("alice@acme.test") == "acme"
    old.grace_until = timezone.now() - dt.timedelta(seconds=1)
    old.save()
    assert routed_to("alice@acme.test") is None


def test_another_organizations_verification_ends_a_grace(world, other_world, dns_server):
    old = pending(world.org)
    old.grace_until = timezone.now() + dt.timedelta(days=30)
    old.save()
    theirs = pending(other_world.org)
    dns_server.txt["acme.test"] = [[theirs.record]]
    services.verify_domain(other_world.admin, theirs.pk)
    assert routed_to("alice@acme.test") == "other"
    old.refresh_from_db()
    assert old.grace_until is None


def test_the_settings_page_shows_each_claim_with_its_record(world, client_for):
    ours = pending(world.org)
    page = client_for(world.admin).get("/settings/sso").content.decode()
    assert ours.record in page and "_mubiao.acme.test" in page and "Pending: not verified" in page
    page = member_client(world.admin, "zh-hans").get("/settings/sso").content.decode()
    assert "待验证" in page


def test_verifying_another_organizations_claim_is_refused(world, other_world, dns_server):
    theirs = pending(other_world.org)
    with pytest.raises(ValidationError):
        services.verify_domain(world.admin, theirs.pk)
    answer = member_client(world.alice).post("/settings/sso/verify", {"domain": theirs.pk})
    assert answer.status_code == 404
