"""A new organization's language is its creator's choice (the /setup page's, the new-organization
form's, `createorg --language`), else the creator's own, else the install's default
(MUBIAO_LANGUAGE); everything notify sends to a group, and to a person who chose no language,
is in it, through one resolver (notify.compose.language_of). Issue 11, the fresh tester's
finding 1: a Chinese organization made from a Chinese browser or `createorg` wrote English."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mubiao.accounts.models import User
from mubiao.notify import compose, rules, selectors, services
from mubiao.notify import messages as kinds
from mubiao.notify.models import Delivery, Preference
from mubiao.notify.vendors.rules import Press
from mubiao.okrs.models import Cycle
from mubiao.orgs import services as orgs
from mubiao.orgs.models import Organization
from tests.conftest import make_member, make_objective

pytestmark = pytest.mark.django_db

PASSWORD = "Ok-2026-passw"


def _founder(language: str = "") -> User:
    return User.objects.create_user(
        email="founder@example.com", password=PASSWORD, name="Fang", language=language
    )


# How each way of making an organization is told the creator's choice: Chinese, from a
# founder who never picked a language of their own (their browser speaks Chinese).
def _by_setup(client: Client) -> Organization:
    form = {"name": "方", "email": "founder@example.com", "password1": PASSWORD,
            "password2": PASSWORD, "organization_name": "北京目标",
            "cycle_kind": "quarter"}  # fmt: skip
    response = client.post(reverse("setup"), form, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302, response.content.decode()[:2000]
    return Organization.objects.get()


def _by_form(client: Client) -> Organization:
    _founder()
    client.force_login(User.objects.get())
    form = {"organization_name": "北京目标", "cycle_kind": "quarter"}
    response = client.post(reverse("organization_create"), form, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302, response.content.decode()[:2000]
    return Organization.objects.get()


def _by_command_for_a_new_owner(client: Client) -> Organization:
    call_command("createorg", "--name", "北京目标", "--owner", "founder@example.com",
                 "--language", "zh-hans", stdout=io.StringIO())  # fmt: skip
    return Organization.objects.get()


def _by_command_for_an_existing_owner(client: Client) -> Organization:
    _founder()
    call_command("createorg", "--name", "北京目标", "--owner", "founder@example.com",
                 "--language", "zh-hans", stdout=io.StringIO())  # fmt: skip
    return Organization.objects.get()


def _by_service(client: Client) -> Organization:
    return orgs.create_organization(_founder(), name="北京目标", language="zh-hans").organization


@pytest.mark.parametrize(
    "create",
    [
        _by_setup,
        _by_form,
        _by_command_for_a_new_owner,
        _by_command_for_an_existing_owner,
        _by_service,
    ],
)
def test_a_new_organization_takes_its_creators_choice(create, settings):
    settings.MUBIAO_ALLOW_NEW_ORGANIZATIONS = True
    organization = create(Client())
    assert organization.language == "zh-hans"
    # Everyone it reaches without a language of their own hears it in Chinese.
    assert compose.language_of(organization=organization) == "zh-hans"


@pytest.mark.parametrize(("own", "default", "expected"), [
    ("", "zh-hans", "zh-hans"),  # the install's default
    ("zh-hans", "en", "zh-hans"),  # the creator's own
    ("en", "zh-hans", "en"),
])  # fmt: skip
def test_without_a_choice_the_creators_language_else_the_installs(own, default, expected, settings):
    settings.LANGUAGE_CODE = default
    out = io.StringIO()
    _founder(own)
    call_command("createorg", "--name", "Org", "--owner", "founder@example.com", stdout=out)
    assert Organization.objects.get().language == expected
    # Said in the run's language (issue 9: the owner's, else the install's), naming it.
    said = {"en": "its chat messages are in English.", "zh-hans": "聊天消息使用简体中文。"}
    assert said[expected] in out.getvalue()


def test_an_unknown_language_is_refused_and_nothing_is_made():
    with pytest.raises(CommandError, match="--language"):
        call_command("createorg", "--name", "Org", "--owner", "founder@example.com",
                     "--language", "fr", stdout=io.StringIO())  # fmt: skip
    with pytest.raises(Exception, match="language"):
        orgs.create_organization(_founder(), name="Org", language="fr")
    assert not Organization.objects.exists()


@pytest.mark.parametrize(("value", "expected"), [("zh-hans", "zh-hans"), ("", "en")])
def test_the_installs_default_language_is_a_setting(value, expected):
    code = "from django.conf import settings; print(settings.LANGUAGE_CODE)"
    env = {**os.environ, "MUBIAO_LANGUAGE": value, "DJANGO_SETTINGS_MODULE": "mubiao.settings"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.stdout.strip() == expected, run.stderr
    env["MUBIAO_LANGUAGE"] = "klingon"
    bad = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert bad.returncode != 0 and "MUBIAO_LANGUAGE must be one of en, zh-hans" in bad.stderr


@pytest.fixture
def chinese(settings):
    """An organization made in Chinese by a founder without a language of their own, a member
    without one either, a key result needing an update and a chat group."""
    settings.LANGUAGE_CODE = "en"
    owner = orgs.create_organization(_founder(), name="北京目标", language="zh-hans")
    member = make_member(owner.organization, "wang@example.com", "王芳")
    assert (owner.user.language, member.user.language) == ("", "")
    cycle = Cycle.objects.get(organization=owner.organization)
    kr = make_objective(member, cycle).key_results.get()
    hook = "https://hooks.slack.com/services/T0/B0/x"
    channel = services.add_channel(owner, events=list(kinds.GROUP_EVENT_KINDS), kind="slack",
                                   name="群", url=hook)  # fmt: skip
    return owner, member, kr, channel


def _queued(action) -> list[str]:
    """The languages of what `action` queued."""
    before = set(Delivery.objects.values_list("pk", flat=True))
    action()
    rows = Delivery.objects.exclude(pk__in=before)
    return [row.payload["language"] for row in rows]


def _reminder(owner, member, kr, channel):
    return [compose.reminder(member, [kr]).language]


def _digests(owner, member, kr, channel):
    data = selectors.digest(owner, timezone.now(), 7)
    return [
        compose.digest(kinds.COMPANY_DIGEST, owner, "北京目标", data).language,
        compose.digest(kinds.TEAM_DIGEST, owner, "北京目标", data, group=True).language,
    ]


def _event_by_email_and_chat(owner, member, kr, channel):
    Preference.objects.create(membership=member, channels={kinds.CYCLE_STARTED: [rules.EMAIL]})
    cycle = kr.objective.cycle
    event = compose.Event(kinds.CYCLE_STARTED, owner.organization_id, actor=owner,
                          recipients=[member], cycle=cycle)  # fmt: skip
    return _queued(lambda: services.notify(event))


def _test_message(owner, member, kr, channel):
    return _queued(lambda: services.test_channel(owner, channel))


def _answer_to_an_unlinked_presser(owner, member, kr, channel):
    press = Press("slack", "T0", "U0NOBODY", "press-1", kinds.PLUS_ONE, kr.pk)
    answer = services.chat_press(channel, press)
    return ["zh-hans" if answer.text.startswith("请先") else answer.text]


@pytest.mark.parametrize(
    "sender",
    [_reminder, _digests, _event_by_email_and_chat, _test_message, _answer_to_an_unlinked_presser],
)
def test_every_sender_speaks_the_new_organizations_language(chinese, sender):
    languages = sender(*chinese)
    assert languages and set(languages) == {"zh-hans"}, languages
