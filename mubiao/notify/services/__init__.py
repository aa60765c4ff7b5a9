"""Every write of notify, and the one entry point every event goes through (`notify`), by
concern:

- events: `notify` and the events built on it (to a whole organization, a data sync failed);
- outbox: deliveries written in the transaction that caused them and sent by the worker
  (deliver_due), each channel on its own, with retries, rate limits and failing channels paused;
- schedule: reminders and digests on their "next due" rows (run_due);
- channels: a member's preferences, an organization's channels and "not updated" threshold;
- chat: one-tap check-in pages, buttons pressed on chat cards, linked chat accounts.

Callers use this package (`from mubiao.notify import services`); its modules are the code's.
"""

from mubiao.notify.compose import Event
from mubiao.notify.services.channels import (
    add_channel,
    delete_channel,
    save_preferences,
    set_channel_paused,
    set_not_updated_days,
    test_channel,
)
from mubiao.notify.services.chat import (
    CHAT_APPS,
    CHAT_LINK,
    LINK_FORM,
    ChatLinkRefused,
    FormAlreadySent,
    PressAnswer,
    chat_link_refusal,
    chat_member,
    chat_press,
    check_in_from_link,
    link_chat_account,
    unlink_chat_account,
)
from mubiao.notify.services.events import (
    by_channel,
    directory_sync_failed,
    notify,
    notify_many,
    notify_organization,
    pace_got_worse,
    pace_worse_events,
    settle_backfill,
    sync_failed,
)
from mubiao.notify.services.outbox import (
    channel_config,
    deliver_due,
    delivery_key,
    queue_email,
    queue_for_channel,
    still_visible,
    wake_worker,
)
from mubiao.notify.services.schedule import (
    ensure_due_rows,
    next_due_for,
    preference_of,
    reschedule,
    run_due,
    team_channel_digests,
)

__all__ = [
    "CHAT_APPS",
    "CHAT_LINK",
    "LINK_FORM",
    "ChatLinkRefused",
    "Event",
    "FormAlreadySent",
    "PressAnswer",
    "add_channel",
    "by_channel",
    "channel_config",
    "chat_link_refusal",
    "chat_member",
    "chat_press",
    "check_in_from_link",
    "delete_channel",
    "deliver_due",
    "delivery_key",
    "directory_sync_failed",
    "ensure_due_rows",
    "link_chat_account",
    "next_due_for",
    "notify",
    "notify_many",
    "notify_organization",
    "pace_got_worse",
    "pace_worse_events",
    "preference_of",
    "queue_email",
    "queue_for_channel",
    "reschedule",
    "run_due",
    "save_preferences",
    "set_channel_paused",
    "set_not_updated_days",
    "settle_backfill",
    "still_visible",
    "sync_failed",
    "team_channel_digests",
    "test_channel",
    "unlink_chat_account",
    "wake_worker",
]
