"""Reads of directory sync, for the organization's admins."""

from mubiao.directory.models import DirectorySource, SyncRun
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership

RUNS_SHOWN = 20


def source_of(actor: Membership) -> DirectorySource | None:
    permissions.require(permissions.can_manage_organization(actor))
    return DirectorySource.objects.filter(organization=actor.organization_id).first()


def recent_runs(actor: Membership) -> list[SyncRun]:
    permissions.require(permissions.can_manage_organization(actor))
    return list(SyncRun.objects.filter(organization=actor.organization_id)[:RUNS_SHOWN])
