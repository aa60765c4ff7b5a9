"""What a provider vouches for is taken as it says it (issue 13, h13r): a UserInfo answer whose
`sub` is missing or not the ID token's is refused (OIDC Core §5.3.2), and the e-mail claim is
matched exactly, ignoring letter case only: an address that only folds into a member's
(full-width letters, spaces) does not sign in as them. Against the real loopback provider."""

import pytest

from tests.sso.test_oidc import acme, browser, provider, provider_sign_in, to_provider_login

__all__ = ["acme", "browser", "provider"]  # fixtures


def signed_in(client) -> bool:
    return "alice@acme.test" in client.get("/accounts/preferences/").text


@pytest.mark.parametrize("username", ["swapped", "subjectless"])
def test_a_userinfo_answer_about_another_subject_is_refused(provider, browser, username):
    client = browser()
    answer = provider_sign_in(client, to_provider_login(client), username)
    assert answer.status_code == 400, answer.text
    assert "The answer from Keycloak could not be verified" in answer.text
    assert not signed_in(client)


@pytest.mark.parametrize("username", ["wide", "spaced"])
def test_an_address_that_only_folds_into_a_members_does_not_sign_in(provider, browser, username):
    provider.create_members = True
    provider.save()
    client = browser()
    answer = provider_sign_in(client, to_provider_login(client), username)
    assert answer.status_code == 403, answer.text
    assert "Keycloak sent an e-mail address we cannot use" in answer.text
    assert not signed_in(client)


def test_letter_case_alone_still_matches(provider, browser):
    client = browser()
    assert provider_sign_in(client, to_provider_login(client), "shouting").status_code == 200
    assert signed_in(client)
