"""Issue 9 (h9s): the services that refuse without writing, or before their write transaction
(a preview, a permission check before a worker's run, a wrong code), refuse in the acting
member's language when no request chose one (a worker, the CLI, a shell), as every
write_transaction does (transactions.speaks_actors_language). The second test keeps it so:
every public service taking an actor speaks its language."""

import importlib
import inspect
import pkgutil
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

import mubiao
from mubiao.accounts import tokens
from mubiao.directory import selectors as directory_selectors
from mubiao.directory import services as directory
from mubiao.notify.services import chat
from mubiao.okrs.transfer.errors import ImportFailed
from mubiao.okrs.transfer.importer import import_okrs
from mubiao.orgs import services as orgs
from mubiao.people import exporter as people_exporter
from mubiao.people import services as people
from mubiao.sso import services as sso
from mubiao.transactions import language_chosen
from mubiao.twofactor import services as twofactor

CJK = re.compile(r"[\u4e00-\u9fff]")


def _said(call) -> str:
    """What the call says: a refusal's message, or the message it returns."""
    try:
        answer = call()
    except (ValidationError, PermissionDenied, ImportFailed) as refusal:
        if isinstance(refusal, ValidationError):
            return " ".join(refusal.messages)
        return str(refusal)
    return answer if isinstance(answer, str) else " ".join(map(str, answer.values()))


REFUSALS = {
    "directory sync by a member": lambda w: directory.sync(w.alice, dry_run=True),
    "directory settings read by a member": lambda w: directory_selectors.source_of(w.alice),
    "people import by a member": lambda w: people.import_people(
        w.alice, file_name="people.csv", data=b"email\nx@acme.test\n", dry_run=True
    ),
    "people export by a member": lambda w: people_exporter.export_people(w.alice, fmt="csv"),
    "OKR import preview of a file without objectives": lambda w: import_okrs(
        w.alice, file_name="okrs.md", data=b"just some words", cycle=w.cycle, dry_run=True
    ),
    "two-factor set-up by a member": lambda w: twofactor.enrolment_device(w.alice),
    "two-factor confirmed with a wrong code": lambda w: twofactor.confirm(w.admin, "000000"),
    "recovery codes renewed with a wrong code": lambda w: twofactor.renew_recovery_codes(
        w.admin, "000000"
    ),
    "API token revoked by another member": lambda w: tokens.revoke_token(
        w.bob, tokens.create_token(w.alice, name="ci")[0]
    ),
    "API token with a name too long": lambda w: tokens.create_token(w.alice, name="n" * 101),
    "single sign-on without a break-glass owner": lambda w: (
        errors := {},
        sso.break_glass_owner(w.admin, None, required=True, errors=errors),
        errors,
    )[-1],
    "chat link of another organization": lambda w: chat.chat_link_refusal(
        w.alice,
        organization_id=w.org.pk + 1,
        vendor="feishu",
        workspace="t",
        user_id="u",
        link_key="k",
    ),
    "giving up one's own right to manage people": lambda w: orgs.self_change_refused(
        w.admin, w.admin, "member", True
    ),
}


@pytest.mark.parametrize("refuse", REFUSALS.values(), ids=REFUSALS.keys())
def test_a_refusal_outside_a_request_speaks_the_members_language(world, refuse):
    world.alice.user.language = world.admin.user.language = world.bob.user.language = "zh-hans"
    for member in (world.alice, world.admin, world.bob):
        member.user.save(update_fields=["language"])
    translation.deactivate()  # as in a worker or a shell: no request chose a language
    said = _said(lambda: refuse(world))
    assert said and CJK.search(said), said


@pytest.mark.parametrize("refuse", REFUSALS.values(), ids=REFUSALS.keys())
def test_else_the_organizations_language(world, refuse):
    world.org.settings["language"] = "zh-hans"
    world.org.save(update_fields=["settings"])
    translation.deactivate()
    said = _said(lambda: refuse(world))
    assert said and CJK.search(said), said


@pytest.mark.parametrize("refuse", REFUSALS.values(), ids=REFUSALS.keys())
def test_a_requests_language_is_kept(world, refuse):
    world.org.settings["language"] = "zh-hans"
    world.org.save(update_fields=["settings"])
    translation.activate("en")  # as the middleware does for a request in English
    with language_chosen():  # as accounts.middleware marks every request
        said = _said(lambda: refuse(world))
    assert said and not CJK.search(said), said


# Services that take an actor and say nothing to a person: helpers inside a write transaction
# (log, first_check_in), a query or a yes/no; and checks that refuse only from inside a service
# already speaking its actor's language (published_parents' checks, called by update_objective,
# the alignment of create_objective and align_objective, and archive_key_result).
SILENT = {"log", "log_all", "find_mentions", "unfinished_objectives", "first_check_in",
          "can_change_template", "filing_team", "check_parent", "check_kept_parent",
          "check_children", "check_key_result_children", "check_moved_children",
          "check_cycle_reparented"}  # fmt: skip


def test_every_service_taking_an_actor_speaks_its_language():
    unspoken = []
    for info in pkgutil.walk_packages(mubiao.__path__, "mubiao."):
        if not (info.name.endswith(".services") or ".services." in info.name):
            continue
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if (
                inspect.isfunction(function)
                and function.__module__ == module.__name__
                and not name.startswith("_")
                and list(inspect.signature(function).parameters)[:1] == ["actor"]
                and name not in SILENT
                and not getattr(function, "speaks_actors_language", False)
            ):
                unspoken.append(f"{module.__name__}.{name}")
    assert unspoken == []
