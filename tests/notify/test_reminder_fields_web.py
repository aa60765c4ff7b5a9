"""The preferences page reads a reminder's weekday and hour as the API does (h9f): a posted
day's name (`六`) or a value outside the range is refused with the same sentence naming the
field and its range (Django's "Select a valid choice" named neither), and nothing is saved."""

import pytest
from django.urls import reverse

from mubiao.notify.models import Preference


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [("reminder_weekday", "六", "0 = "), ("reminder_weekday", "9", "0 = "),
     ("reminder_hour", "25", "23"), ("reminder_hour", "1,5", "23")],
)  # fmt: skip
def test_a_refused_reminder_value_is_said_with_its_range(world, client_for, field, typed, said):
    client = client_for(world.alice)
    body = {"reminder_weekday": "2", "reminder_hour": "9", field: typed}
    response = client.post(reverse("notify_preferences"), body)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"“{typed}”" in page and said in page, page[:200]
    assert not Preference.objects.filter(membership=world.alice).exists()


def test_a_full_width_digit_is_read_as_on_the_api(world, client_for):
    client = client_for(world.alice)
    response = client.post(
        reverse("notify_preferences"), {"reminder_weekday": "５", "reminder_hour": "８"}
    )
    assert response.status_code == 302
    saved = Preference.objects.get(membership=world.alice)
    assert (saved.reminder_weekday, saved.reminder_hour) == (5, 8)
