"""Fixtures shared by the directory tests of issue 13's later findings (h13r)."""

import pytest

from mubiao.directory import services as directory
from tests.directory.servers import SERVERS, acme_directory
from tests.directory.test_sync import connect


@pytest.fixture
def synced(world, settings):
    """The world synced once from a 飞书 directory that invites (`first`: that run)."""
    settings.MUBIAO_DIRECTORY_HOLD_PERCENT = 100
    with acme_directory(SERVERS["feishu"]()) as server:
        connect(world, server, invite=True)
        server.first = directory.sync(world.admin)
        yield server
