"""Issue 9 (fresh tester, M1): a refused import confirmation (a question left unanswered)
returned to an EMPTY import page: the file or pasted text gone, its questions with it. Now the
page previews what the person gave again, with the refusal above and each question beside its
row (line), and a new confirmation of that preview imports it."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs.models import KeyResult
from tests.transfer.test_questions_confirmed import QUESTION, _xlsx

pytestmark = pytest.mark.postgres

TEXT = "O1: p9f\nKR1: Reach 40% of users {metric=percent start=0.1 target=0.4}\n"


def _upload():
    upload = io.BytesIO(_xlsx())
    upload.name = "okrs.xlsx"
    return {"file": upload}


# (what the person gave, the question its preview asks at its place, the value once confirmed)
GIVEN = {
    "xlsx": (_upload, ("row 2", QUESTION), "current_value", Decimal("1.8")),
    "text": (
        lambda: {"text": TEXT},
        ("line 2", "did you mean 10 % → 40 %?"),
        "target_value",
        Decimal("0.4"),
    ),
}


def _token(html: str) -> str:
    return re.search(r'name="preview" value="(\w+)"', html).group(1)


@pytest.mark.parametrize("given", GIVEN)
def test_a_refused_confirmation_shows_the_preview_again(client, world, given):
    data, asked, field, value = GIVEN[given]
    client.force_login(world.alice.user)
    preview = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, **data()})
    assert preview.status_code == 200, preview.content.decode()
    refused = client.post(reverse("import_confirm"), {"preview": _token(preview.content.decode())})
    html = refused.content.decode()
    assert refused.status_code == 400, refused.status_code
    assert "Nothing was imported: confirm these values" in html
    assert "data-questions" in html and all(part in html for part in asked), html
    assert not KeyResult.objects.exists()
    done = client.post(reverse("import_confirm"), {"preview": _token(html), "as_written": "1"})
    assert done.status_code == 302, done.content.decode()
    assert getattr(KeyResult.objects.get(), field) == value
