"""Issue 13 (h13t): a department ID never leaves its place in a vendor's URL. Settings refuse a
top department ID holding /, \\, .., ?, #, %, whitespace or control characters (the message
names the field), and a directory client puts every ID into a URL path as one encoded path
segment, so that one stored before the check still calls only the documented endpoints."""

import contextlib
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mubiao.directory import services
from mubiao.directory.models import DirectorySource
from mubiao.directory.vendors import DirectoryError, segment
from tests.directory.servers import SERVERS, acme_directory
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db

DANGEROUS = [
    "../../../admin/x?evil=1#",
    "..",
    ".",
    "0/children?x=",
    "a\\b",
    "0#frag",
    "%2e%2e",
    "a b",
    "0\n1",
    "0\x00",
    "0\u2028a",
]
DOCUMENTED = {
    "feishu": {
        "/open-apis/auth/v3/tenant_access_token/internal",
        "/open-apis/contact/v3/users/find_by_department",
    },
    "wecom": {"/cgi-bin/gettoken", "/cgi-bin/department/list", "/cgi-bin/user/list"},
    "dingtalk": {"/gettoken", "/topapi/v2/department/listsub", "/topapi/v2/user/list"},
}


@pytest.fixture(params=sorted(SERVERS))
def server(request):
    with acme_directory(SERVERS[request.param]()) as running:
        yield running


@pytest.mark.parametrize("bad", DANGEROUS)
def test_settings_refuse_a_top_department_id_that_would_leave_its_place(world, server, bad):
    connect(world, server)
    for language, field in (("en", "Top department ID"), ("zh-hans", "顶级部门 ID")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            connect(world, server, root_department=bad)
        assert field in refused.value.message_dict["root_department"][0]
    assert DirectorySource.objects.get().root_department != bad


@pytest.mark.parametrize("bad", DANGEROUS)
def test_a_stored_dangerous_id_calls_only_the_documented_endpoints(world, server, bad):
    source = connect(world, server)
    source.root_department = bad  # as if stored before Settings checked it (not saved: no
    # database column of PostgreSQL holds a NUL)
    # The vendor (or the client, for a number it cannot send) may refuse it: no matter.
    with contextlib.suppress(DirectoryError):
        services.read_directory(source)
    documented = DOCUMENTED[server.vendor]
    for path in server.calls:
        if server.vendor == "feishu" and path.endswith("/children"):
            prefix = "/open-apis/contact/v3/departments/"
            assert path.startswith(prefix)
            assert unquote(path.removeprefix(prefix).removesuffix("/children")) == bad
        else:
            assert path in documented, path


@pytest.mark.parametrize("value", [*DANGEROUS, "od-1", "0", "中文", "a.b", "..."])
def test_a_path_segment_is_one_segment_and_reads_back(value):
    encoded = segment(value)
    assert "/" not in encoded and "?" not in encoded and "#" not in encoded
    assert encoded.strip(".") != "" or encoded == ""
    assert unquote(encoded) == value


@pytest.mark.parametrize("written", ["２", "1²", "١٢"])
@pytest.mark.parametrize("vendor", ["wecom", "dingtalk"])
def test_a_numeric_department_id_in_other_digits_is_refused(world, vendor, written):
    """A 企业微信 or 钉钉 department ID is ASCII digits (id_sets.is_id): `２` passed
    str.isdigit() and synced department 2; `1²` passed it and made int() raise."""
    with acme_directory(SERVERS[vendor]()) as server:
        connect(world, server)
        for language in ("en", "zh-hans"):
            with translation.override(language), pytest.raises(ValidationError) as refused:
                connect(world, server, root_department=written)
            assert "root_department" in refused.value.message_dict
    assert DirectorySource.objects.get().root_department != written
