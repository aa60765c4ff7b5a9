"""Issue 13, tester's finding 6: a mobile number typed with or without spaces, dashes, +86 or
full-width digits is one person; what was typed is kept for display."""

import pytest

from mubiao.accounts.phones import phone_key

SAME = [
    "13800138000",
    "138 0013 8000",
    "138-0013-8000",
    "138.0013.8000",
    "+86 138 0013 8000",
    "+86-138-0013-8000",
    "+8613800138000",
    "0086 13800138000",
    "008613800138000",
    "8613800138000",
    "(+86) 138 0013 8000",
    "（+86）138-0013-8000",
    "１３８００１３８０００",
    "＋８６ １３８ ００１３ ８０００",
    " 13800138000 ",
]


@pytest.mark.parametrize("typed", SAME)
def test_one_chinese_mobile_number_however_typed(typed):
    assert phone_key(typed) == "+8613800138000"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("+1 (415) 555-0100", "+14155550100"),
        ("001 415 555 0100", "+14155550100"),
        ("+852 9123 4567", "+85291234567"),
        ("010-8888 6666", "01088886666"),  # a Beijing landline: not a mobile, no +86 guessed
        ("13900139000", "+8613900139000"),
    ],
)
def test_other_numbers_keep_their_digits(typed, key):
    assert phone_key(typed) == key


@pytest.mark.parametrize(
    "typed", ["", "wang@acme.test", "feishu:ou_123", "1234", "138 0013 8000 ext 12", "abc-1234567"]
)
def test_what_is_not_a_phone_number_has_no_key(typed):
    assert phone_key(typed) == ""


def test_different_numbers_stay_different():
    assert phone_key("138 0013 8000") != phone_key("138 0013 8001")
    assert phone_key("+1 13800138000") != phone_key("13800138000")


# The import: a member known by mobile number only (directory sync) is found however the
# file writes the number, and one number written two ways on two rows is one person twice.

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from mubiao.accounts.models import User  # noqa: E402
from mubiao.okrs.transfer import ImportFailed  # noqa: E402
from mubiao.orgs.models import Membership  # noqa: E402
from mubiao.people.services import import_people  # noqa: E402


@pytest.fixture
def mobile_member(world):
    user = User.objects.create(username="dingtalk:0451", mobile="138 0013 8000", name="钱七")
    return Membership.objects.create(organization=world.org, user=user)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", SAME)
def test_the_import_finds_a_member_by_mobile_however_typed(world, mobile_member, typed):
    data = f"邮箱,职位,上级邮箱\n{typed},工程师,\nwang@acme.test,,{typed}\n".encode()
    import_people(world.admin, file_name="people.csv", data=data)
    mobile_member.refresh_from_db()
    assert mobile_member.title == "工程师"
    assert Membership.objects.get(user__email="wang@acme.test").manager == mobile_member
    assert Membership.objects.filter(organization=world.org).count() == 7  # one added
    mobile_member.user.refresh_from_db()
    assert mobile_member.user.mobile == "138 0013 8000"  # as typed, never rewritten


@pytest.mark.django_db
def test_one_number_two_ways_on_two_rows_is_refused(world, mobile_member):
    data = "邮箱,职位\n13800138000,工程师\n+86 138-0013-8000,经理\n".encode()
    with pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="people.csv", data=data)
    assert "“+86 138-0013-8000” is in the file twice: here and at people.csv, row 2" in (
        failed.value.text
    )


@pytest.mark.django_db
def test_the_preview_shows_the_number_as_typed(world, mobile_member, client_for):
    data = "邮箱,职位\n+86 138-0013-8000,工程师\n".encode()
    page = client_for(world.admin).post(
        "/settings/people/import", {"file": SimpleUploadedFile("people.csv", data)}
    )
    assert "<td>+86 138-0013-8000</td>" in page.content.decode()
    assert 'data-action="update"' in page.content.decode()


@pytest.mark.django_db
def test_a_manager_change_shows_the_number_as_typed(world, mobile_member):
    data = "邮箱,上级邮箱\nbob@acme.test,+86 138-0013-8000\n".encode()
    preview = import_people(world.admin, file_name="people.csv", data=data, dry_run=True)
    assert preview.rows[0].changes == ["manager: lead@acme.test → +86 138-0013-8000"]


@pytest.mark.django_db
@pytest.mark.parametrize("other", ["138 0013 8000", "dingtalk:0451", "QIAN@acme.test "])
def test_one_member_named_two_ways_on_two_rows_is_refused(world, other):
    """Issue 13, h13r: by e-mail address on one row and by mobile number or directory identity
    on another, one member would get the second row's values silently."""
    user = User.objects.create(
        username="dingtalk:0451", email="qian@acme.test", mobile="13800138000", name="钱七"
    )
    member = Membership.objects.create(organization=world.org, user=user, title="顾问")
    data = f"邮箱,职位\nqian@acme.test,工程师\n{other},经理\n".encode()
    with pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="people.csv", data=data)
    assert "is in the file twice: here and at people.csv, row 2" in failed.value.text
    member.refresh_from_db()
    assert member.title == "顾问"
