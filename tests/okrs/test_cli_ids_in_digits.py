"""Issue 9 (h9q): a command line's ids and counts are ASCII digits, else refused naming the
argument: argparse's `int` read `１`, ` 1 `, `+1` and `0_1` as the key result 1."""

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sent", ["１", " 1 ", "+1", "0_1", "one", "一", "1.0"])
def test_grade_takes_the_key_result_id_in_digits_only(world, sent):
    objective = make_objective(world.alice, world.cycle, "Ids in digits", krs=1)
    kr = objective.key_results.get()
    typed = sent.replace("1", str(kr.pk)).replace("１", str(kr.pk).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")))  # fmt: skip
    with pytest.raises(CommandError, match=r"key_result.*0–9"):
        call_command("grade", "--org", world.org.slug, typed, "0.7")
    kr.refresh_from_db()
    assert kr.score is None


@pytest.mark.parametrize("sent", ["３０", " 30", "+30", "3_0", "三十", "-3"])
def test_token_days_in_digits_only(world, sent):
    """Refused with the service's one message for the validity, in the member's language
    (test_cli_speaks_the_members_language): no token is made."""
    from mubiao.accounts.models import ApiToken

    with pytest.raises(CommandError, match=r"number of days from 0"):
        call_command("token", "create", "--org", world.org.slug,
                     "--user", world.alice.user.email, "--days", sent)  # fmt: skip
    assert not ApiToken.objects.exists()
