"""Every write of directory sync: the settings, and a sync run.

A sync reads the whole directory first (vendors.py, outside any transaction), then makes the
organization follow it in one transaction: departments become teams under the organization's
top team (renamed, moved, archived when gone, restored when back), people become members with
their title, manager (the directory's direct manager), teams and lead flags; people who left or
were disabled are deactivated, never deleted (their OKRs stay). Only what the directory owns
changes: teams made by hand, and the places people hold in them, are left alone; an owner is
never deactivated by a sync. Running it again changes nothing (it is idempotent), and a run
only writes what differs (incremental).

A preview (dry run) writes everything, then rolls it back, so that it has met every check the
real run meets. Writes are set-based: a bounded number of queries whatever the directory's size.
"""

import contextlib
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mubiao import vault
from mubiao.directory import vendors
from mubiao.directory.apply import Follow
from mubiao.directory.changes import SyncResult
from mubiao.directory.models import SECRET_PURPOSE, DirectorySource, SyncRun
from mubiao.directory.rules import Snapshot, unsafe_department_id
from mubiao.id_sets import is_id
from mubiao.notify import services as notify
from mubiao.okrs.services import log
from mubiao.orgs import closures, permissions
from mubiao.orgs.models import Membership
from mubiao.outbound import guard
from mubiao.sso import services as sso
from mubiao.transactions import speaks_actors_language, write_transaction

SYNC_EVERY = dt.timedelta(hours=24)
# The sync log keeps, per organization, the runs of the last KEEP_DAYS and at most KEEP_RUNS.
KEEP_DAYS = 90
KEEP_RUNS = 200
# -- settings -----------------------------------------------------------------------------


@write_transaction
def save_source(
    actor: Membership,
    *,
    vendor: str,
    app_id: str,
    app_secret: str = "",
    api_url: str = "",
    root_department: str = "",
    scheduled: bool = True,
    invite: bool = False,
    sign_in: bool = False,
    agent_id: str = "",
    create_members: bool = False,
    require_sign_in: bool = False,
    break_glass: int | None = None,
) -> DirectorySource:
    """Create or change the organization's directory; an empty secret keeps the stored one.
    ValidationError (per field) for bad input, nothing saved."""
    permissions.require(permissions.can_manage_organization(actor))
    source = DirectorySource.objects.filter(organization=actor.organization_id).first()
    source = source or DirectorySource(organization=actor.organization)
    errors = {}
    if vendor not in DirectorySource.Vendor.values:
        errors["vendor"] = _("Choose 飞书, 企业微信 or 钉钉.")
    if not app_id.strip():
        errors["app_id"] = _("This field is required.")
    if not source.pk and not app_secret:
        errors["app_secret"] = _("This field is required.")
    root = root_department.strip() or vendors.DEFAULT_ROOTS.get(vendor, "")
    if unsafe_department_id(root):
        errors["root_department"] = _(
            "Top department ID: a department ID cannot hold /, \\, .., ?, #, %, spaces or "
            "control characters."
        )
    elif vendor in ("wecom", "dingtalk") and not is_id(root):
        errors["root_department"] = _("A department ID of 企业微信 or 钉钉 is a number.")
    if api_url.strip() and (refused := guard.problem(api_url, _("API address"))):
        errors["api_url"] = refused
    if sign_in and vendor == "wecom" and not is_id(agent_id.strip()):
        errors["agent_id"] = _("Sign-in through 企业微信 needs the app's AgentID (a number).")
    if require_sign_in and not sign_in:
        errors["require_sign_in"] = _("Members must be able to sign in with the app first.")
    owner = sso.break_glass_owner(actor, break_glass, required=require_sign_in, errors=errors)
    if errors:
        raise ValidationError(errors)
    if source.pk and source.vendor != vendor:
        # Another directory's IDs mean nothing: its teams and people are matched afresh.
        source.teams.all().delete()
        source.people.all().delete()
    source.vendor = vendor
    source.app_id = app_id.strip()
    source.api_url = (api_url.strip() or vendors.DEFAULT_URLS[vendor]).rstrip("/")
    source.root_department = root
    source.scheduled = scheduled
    source.invite = invite
    source.sign_in = sign_in
    source.agent_id = agent_id.strip()
    source.create_members = create_members
    source.require_sign_in = require_sign_in
    source.break_glass = owner
    if app_secret:
        source.app_secret = vault.encrypt(app_secret, purpose=SECRET_PURPOSE)
    if scheduled and source.next_sync_at is None:
        source.next_sync_at = timezone.now()
    source.save()
    log(actor, "directory.saved", source, vendor=vendor)
    return source


@write_transaction
def remove_source(actor: Membership) -> None:
    """Stop syncing: the teams and people stay as they are, no longer followed."""
    permissions.require(permissions.can_manage_organization(actor))
    source = DirectorySource.objects.filter(organization=actor.organization_id).first()
    if source is not None:
        log(actor, "directory.removed", source, vendor=source.vendor)
        source.delete()


# -- a sync ---------------------------------------------------------------------------------


def client_of(source: DirectorySource, **client_options) -> vendors.Client:
    """The vendor's client with the organization's app credentials (sync and sign-in)."""
    secret = vault.decrypt(source.app_secret, purpose=SECRET_PURPOSE)
    if secret is None:
        raise vendors.DirectoryError(
            gettext_noop("The stored app secret can no longer be read; enter it again in Settings.")
        )
    return vendors.client_for(
        source.vendor,
        base_url=source.api_url,
        app_id=source.app_id,
        secret=secret,
        root=source.root_department,
        agent_id=source.agent_id,
        **client_options,
    )


def read_directory(source: DirectorySource, **client_options) -> Snapshot:
    return client_of(source, **client_options).read()


@speaks_actors_language
def sync(
    actor: Membership,
    *,
    dry_run: bool = False,
    scheduled: bool = False,
    retried: bool = False,
    confirmation: str = "",
    request=None,
    **client_options,
) -> SyncResult:
    """Make the organization follow its directory (or preview it). DirectoryError, with a
    message for the admin, when the directory cannot be read or followed; SyncHeld when it
    would deactivate too many people (rules.hold_reason) unless `confirmation` is the code of
    exactly the departures it makes (a held preview's `confirmation`; the worker never has
    one), or other people than a given `confirmation` names; nothing changes then. An
    applied, failed or held run is kept in the sync log. `request` (a sync from the web)
    gives the invitations' links its address.
    Only the worker's run (`scheduled`) waits out the vendor's rate limit for as long as it
    asks; another gives up within seconds (vendors.WAIT_BUDGET), and an applied one is queued
    again for the worker (RateLimited says so), whose run (`retried`, with `scheduled`) is
    logged as the admin's, not as a nightly one."""
    permissions.require(permissions.can_manage_organization(actor))
    source = DirectorySource.objects.select_related("organization").get(
        organization=actor.organization_id
    )
    if scheduled:
        client_options.setdefault("wait_budget", None)  # nobody is waiting for the worker
    started = timezone.now()
    nightly = scheduled and not retried  # a retried run is the admin's, run by the worker
    result = SyncResult(dry_run)
    try:
        snapshot = read_directory(source, **client_options)
        write_transaction(_apply)(actor, source, snapshot, result, confirmation, request)
    except vendors.DirectoryError as error:
        if isinstance(error, vendors.RateLimited) and not (dry_run or scheduled):
            error = _retry_later(actor, error)
        if not dry_run:
            held = isinstance(error, vendors.SyncHeld)
            with transaction.atomic():  # the log row and its notices, together
                SyncRun.objects.create(
                    organization_id=source.organization_id,
                    started_at=started,
                    scheduled=nightly,
                    retried=retried,
                    ok=False,
                    held=held,
                    message=error.note.as_json(),
                )
                # The worker's run is seen by no one: every owner and admin is told; a run
                # started by hand is on its starter's screen, the others are told.
                notify.directory_sync_failed(
                    source.organization_id,
                    None if scheduled else actor,
                    held=held,
                    note=error.note.as_json(),
                )
        raise error from None
    if not dry_run:
        SyncRun.objects.create(
            organization_id=source.organization_id,
            started_at=started,
            scheduled=nightly,
            retried=retried,
            ok=True,
            changes=[change.as_row() for change in result.changes]
            + [["problem", problem.msgid, problem.params] for problem in result.problems],
        )
    return result


# A sync the vendor's rate limit stopped is tried again this long after it asked, at least.
RETRY_AFTER_AT_LEAST = dt.timedelta(minutes=1)


def _retry_later(actor: Membership, error: vendors.RateLimited) -> vendors.RateLimited:
    """Queue the sync again for the worker, which may wait out the vendor's limit, rather
    than hold the page for minutes; the error says so."""
    from mubiao.directory import tasks  # tasks imports this module

    delay = max(dt.timedelta(seconds=error.retry_after), RETRY_AFTER_AT_LEAST)
    transaction.on_commit(
        lambda: tasks.sync_again.using(run_after=timezone.now() + delay).enqueue(actor.pk)
    )
    return vendors.RateLimited(
        gettext_noop(
            "%(vendor)s is answering that too many requests were made: nothing was changed. "
            "The sync will be tried again in the background (about %(minutes)s min from now); "
            "its result will be in the sync log."
        ),
        retry_after=error.retry_after,
        vendor=error.note.params["vendor"],
        minutes=max(1, round(delay.total_seconds() / 60)),
    )


def sync_again(membership_id: int) -> bool:
    """The worker's run of a sync an admin started and the vendor's rate limit stopped: as
    that admin, if they still may (False otherwise), waiting as long as the vendor asks; its
    result goes to the sync log and the admins, as a nightly sync's does."""
    actor = (
        Membership.objects.filter(pk=membership_id, is_active=True)
        .select_related("organization", "user")
        .first()
    )
    if actor is None or not permissions.can_manage_organization(actor):
        return False
    if not DirectorySource.objects.filter(organization=actor.organization_id).exists():
        return False
    with contextlib.suppress(vendors.DirectoryError):  # kept in the sync log
        sync(actor, scheduled=True, retried=True)
    return True


def sync_due(now: dt.datetime | None = None, **client_options) -> int:
    """The worker's pass: sync each organization whose nightly sync is due (claimed first,
    so that two workers never run the same one). Returns the number of runs."""
    from django.core.management.base import CommandError

    from mubiao.orgs.cli import actor_for

    now = now or timezone.now()
    runs = 0
    for source in DirectorySource.objects.filter(
        scheduled=True, next_sync_at__lte=now
    ).select_related("organization"):
        claimed = DirectorySource.objects.filter(
            pk=source.pk, next_sync_at=source.next_sync_at
        ).update(next_sync_at=now + SYNC_EVERY)
        if not claimed:
            continue
        try:
            actor = actor_for(source.organization.slug, None)
        except CommandError:
            continue
        with contextlib.suppress(vendors.DirectoryError):  # kept in the sync log
            sync(actor, scheduled=True, **client_options)
        runs += 1
    prune_runs(now)
    return runs


def prune_runs(now: dt.datetime | None = None) -> int:
    """Forget the sync log's runs older than KEEP_DAYS, and each organization's runs beyond
    its newest KEEP_RUNS, in one DELETE. Returns the number forgotten."""
    now = now or timezone.now()
    beyond = (
        SyncRun.objects.annotate(
            newer=Window(
                RowNumber(),
                partition_by=F("organization"),
                order_by=[F("started_at").desc(), F("id").desc()],
            )
        )
        .filter(newer__gt=KEEP_RUNS)
        .values("pk")
    )
    deleted, _by_model = SyncRun.objects.filter(
        Q(started_at__lt=now - dt.timedelta(days=KEEP_DAYS)) | Q(pk__in=beyond)
    ).delete()
    return deleted


def _apply(
    actor: Membership, source: DirectorySource, snapshot: Snapshot, result, confirmation: str,
    request,
) -> None:  # fmt: skip
    result.changes, result.problems = [], []  # a transaction run again starts afresh
    closures.lock(actor.organization_id)  # before the teams and managers are read
    Follow(actor, source, snapshot, result, confirmation=confirmation, request=request).run()
    if result.dry_run:
        transaction.set_rollback(True)
