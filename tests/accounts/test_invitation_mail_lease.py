"""Review (rvn): "Send the unsent invitations" made an invitation due again while a worker was
sending it, and the worker's claim was that same `mail_due_at`: a second pass claimed it again
and the invitee got two e-mails. A worker's claim is a lease of its own (`mail_leased_until`),
taken by one conditional UPDATE: whichever claims it sends it, once. Two claimers on their own
connections, against a real SMTP server on loopback that holds the first e-mail until told.
(SQLite lets one writer in at a time: the race is PostgreSQL's.)"""

import asyncio
import threading

import pytest
from django.db import connection, connections

from mubiao.accounts import services as accounts
from mubiao.accounts.models import Invitation
from mubiao.people.services import import_people
from tests.conftest import make_world
from tests.notify.conftest import Inbox, serving

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent claims are tested on PostgreSQL"
    ),
]


class Holding(Inbox):
    """Takes each e-mail's data only once `go` is set; `arrived` says one is waiting."""

    def __init__(self):
        super().__init__()
        self.arrived, self.go = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        await asyncio.get_running_loop().run_in_executor(None, self.go.wait, 30)
        return await super().handle_DATA(server, session, envelope)


def in_thread(job, outcomes: list) -> threading.Thread:
    def run():
        try:
            outcomes.append(job())
        except Exception as error:  # surfaced by the test: a thread must not swallow it
            outcomes.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_send_the_unsent_during_a_send_does_not_send_it_twice(transactional_db, settings):
    world = make_world("acme")
    import_people(world.admin, file_name="people.csv", data=b"name,email\nAn,an@acme.test\n")
    (invitation,) = Invitation.objects.filter(membership__user__email="an@acme.test")
    with serving(Holding(), settings) as inbox:
        first, second = [], []
        worker = in_thread(accounts.mail_due_invitations, first)
        # The first worker is sending it.
        assert inbox.arrived.wait(30), (first, list(Invitation.objects.values()))
        # The admin's "Send the unsent": it is not sent yet, so it is due again now.
        assert accounts.resend_unsent_invitations(world.admin) == 1
        other = in_thread(accounts.mail_due_invitations, second)
        other.join(10)
        inbox.go.set()
        worker.join(30)
        other.join(30)
    assert (first, second) == ([1], [0])
    assert [m["X-Envelope-To"] for m in inbox.messages] == ["an@acme.test"]
    invitation.refresh_from_db()
    assert invitation.sent_at and invitation.mail_due_at is None
    assert invitation.mail_leased_until is None
    # Nothing is due: a later pass sends nothing again.
    assert accounts.mail_due_invitations() == 0
