"""Pure rules of single sign-on: e-mail domains and the claims an identity provider sends."""

import re

# A host name as DNS allows it (labels of letters, digits and hyphens), at least two labels.
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_domains(text: str) -> tuple[list[str], list[str]]:
    """The domains typed (separated by spaces, commas or new lines; `@` and case ignored) and
    the ones that are not domains, each once in the order typed."""
    good, bad = [], []
    for word in re.split(r"[\s,;，；、]+", text or ""):
        domain = word.strip().lstrip("@").lower().rstrip(".")
        if not domain:
            continue
        target = good if _DOMAIN.match(domain) else bad
        if domain not in target:
            target.append(domain)
    return good, bad


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def claimed_email(claims: dict) -> str | None:
    """The e-mail address the provider vouches for: the `email` claim, unless the provider says
    it is not verified (`email_verified: false`); None otherwise."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email.strip():
        return None
    if claims.get("email_verified") is False:
        return None
    return email.strip().lower()


def same_issuer(configured: str, discovered) -> bool:
    """The discovery document names the issuer it was fetched for (OpenID Connect Discovery
    §4.3); a trailing slash is the only difference allowed."""
    return isinstance(discovered, str) and configured.rstrip("/") == discovered.rstrip("/")
