"""One pass of the outbox sends all its e-mails over one SMTP connection (one handshake and
login, not one per message: 0.23 s each on a real server); a message the server refuses
costs a fresh connection for the next pass, never a lost message."""

from mubiao.notify import services
from mubiao.notify.messages import Message
from mubiao.notify.models import Delivery
from tests.notify.conftest import delivered

PEOPLE = ("alice", "bob", "lead", "admin", "outsider")


def test_a_pass_sends_every_e_mail_over_one_connection(world, smtp):
    for name in PEOPLE:
        member = getattr(world, name)
        services.queue_email(member, Message("test", "en", f"Hello {name}"))
    delivered()
    assert len(smtp.messages) == len(PEOPLE)
    assert smtp.sessions == 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
