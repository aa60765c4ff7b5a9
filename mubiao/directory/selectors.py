"""Reads of directory sync, for the organization's admins."""

from mubiao.directory.changes import summary_of
from mubiao.directory.models import DirectorySource, SyncRun
from mubiao.directory.vendors import Note
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.transactions import speaks_actors_language

RUNS_SHOWN = 20


@speaks_actors_language
def source_of(actor: Membership) -> DirectorySource | None:
    permissions.require(permissions.can_manage_organization(actor))
    return DirectorySource.objects.filter(organization=actor.organization_id).first()


@speaks_actors_language
def recent_runs(actor: Membership) -> list[SyncRun]:
    """The newest runs, each with `text`: what it did or what went wrong, in the reader's
    language whoever ran it."""
    permissions.require(permissions.can_manage_organization(actor))
    runs = list(SyncRun.objects.filter(organization=actor.organization_id)[:RUNS_SHOWN])
    for run in runs:
        run.text = run_text(run)
    return runs


def run_text(run: SyncRun) -> str:
    if run.message:
        return str(Note.from_json(run.message))
    if run.ok and not run.summary:
        return summary_of(run.changes)
    return run.summary  # a run logged before message ids were kept
