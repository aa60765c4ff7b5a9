"""Issue 13, tester's finding 9: an `email` claim written in full width is an address the
provider sent, named in the refusal, not "did not tell us your e-mail address". It is still
refused: a claim is matched exactly (tests/sso/test_claims_exactly.py), as folding it could
sign someone in as another member."""

import pytest

from mubiao.sso import rules


@pytest.mark.parametrize(
    ("claims", "claimed", "usable"),
    [
        ({"email": "Alice@Acme.test"}, "alice@acme.test", True),
        (
            {"email": "ｓｑｕａｔ３＠ｍｕｂｉａｏ．ｄｅｍｏ"},
            "ｓｑｕａｔ３＠ｍｕｂｉａｏ．ｄｅｍｏ",
            False,
        ),
        ({"email": "alice＠acme.test"}, "alice＠acme.test", False),
        ({"email": "alice"}, None, None),
        ({"email": 7}, None, None),
        ({}, None, None),
    ],
)
def test_what_the_email_claim_is_read_as(claims, claimed, usable):
    assert rules.claimed_email(claims) == claimed
    if claimed is not None:
        assert rules.exact_address(claimed) is usable


@pytest.mark.parametrize(
    ("typed", "good", "bad"),
    [
        ("mubiao.demo.", ["mubiao.demo"], []),  # the DNS root's dot, as in an address
        ("@Mubiao.Demo", ["mubiao.demo"], []),
        ("mubiao.demo..", [], ["mubiao.demo.."]),  # refused, not silently changed
    ],
)
def test_a_domain_list_reads_a_trailing_dot_as_an_address_does(typed, good, bad):
    assert rules.parse_domains(typed) == (good, bad)
