"""Pure rules of single sign-on: e-mail domains and the claims an identity provider sends."""

import re

from mubiao.accounts.addresses import normalise_email

# A host name as DNS allows it (labels of letters, digits and hyphens), at least two labels.
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_domains(text: str) -> tuple[list[str], list[str]]:
    """The domains typed (separated by spaces, commas or new lines; `@` and case ignored) and
    the ones that are not domains, each once in the order typed."""
    good, bad = [], []
    for word in re.split(r"[\s,;，；、]+", text or ""):
        # normalise_email drops one trailing dot (the DNS root); `mubiao.demo..` keeps one
        # and is refused, not silently changed.
        domain = normalise_email(word).lstrip("@")
        if not domain:
            continue
        target = good if _DOMAIN.match(domain) else bad
        if domain not in target:
            target.append(domain)
    return good, bad


def email_domain(email: str) -> str:
    return normalise_email(email).rpartition("@")[2]


def claimed_email(claims: dict) -> str | None:
    """The `email` claim in lower case, whether verified or not (see `email_verified`) or
    usable (see `exact_address`); None when there is no address. An address typed in full
    width (＠) is an address, one `exact_address` then refuses by name, not a missing claim."""
    email = claims["email"].lower() if isinstance(claims.get("email"), str) else ""
    return email if "@" in normalise_email(email) else None


def exact_address(email: str) -> bool:
    """Whether an address a provider or work app vouches for is one to match to a member: it is
    matched exactly, ignoring letter case only. Folding full-width letters and dropping spaces
    (accounts.addresses.normalise_email) is for what people type; applied to a claim,
    `ｚhao.lei@…` or ` zhao.lei@… ` would sign in as zhao.lei."""
    return normalise_email(email) == email.lower()


def vouched_email(value) -> str:
    """A work app's address of a person in lower case; "" when it gives none usable."""
    email = value.lower() if isinstance(value, str) else ""
    return email if "@" in email and exact_address(email) else ""


def email_verified(claims: dict) -> bool:
    """The provider vouches for the address unless it says otherwise: an absent claim counts as
    verified (many providers send it only for addresses they did not check), but only JSON
    `true` (or the string "true" some providers send) counts when it is present: the string
    "false" is truthy in Python and must not pass."""
    if "email_verified" not in claims:
        return True
    value = claims["email_verified"]
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def within_domains(email: str, domains) -> bool:
    """Whether the address is at one of these e-mail domains (the organization's verified ones:
    the addresses its provider may sign in, and where it may make a new account just in time).
    A verified domain proves control of its DNS, not who has accounts there: it never lets a
    provider act on an account another organization had first (selectors.vouches_for)."""
    return bool(email) and "@" in email and email_domain(email) in domains


def same_issuer(configured: str, discovered) -> bool:
    """The discovery document names the issuer it was fetched for (OpenID Connect Discovery
    §4.3); a trailing slash is the only difference allowed."""
    return isinstance(discovered, str) and configured.rstrip("/") == discovered.rstrip("/")
