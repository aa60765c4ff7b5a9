"""The channel-independent content of one notification or digest (issue 11).

A Message is built once per recipient (or per chat group) by notify.services, already filtered
for what that recipient may see and already translated into their language; every channel
(e-mail, in-app, the vendor bots in notify.vendors, outgoing webhooks) only renders it. Pure
Python: no Django import, so renderers and their tests need no database.
"""

from dataclasses import asdict, dataclass, field

# Stable event kinds: they name preferences, webhook `X-Mubiao-Event` values and delivery-log
# rows, so they never change once released.
MENTION = "mention"
COMMENT = "comment"
ALIGNED_CHECKIN = "aligned_checkin"
PACE_WORSE = "pace_worse"
NOT_UPDATED = "not_updated"
CYCLE_STARTED = "cycle_started"
GRADING_OPEN = "grading_open"
CYCLE_CLOSING = "cycle_closing"
INVITATION = "invitation"
SYNC_FAILED = "sync_failed"
REMINDER = "reminder"
TEAM_DIGEST = "team_digest"
COMPANY_DIGEST = "company_digest"
TEST = "test"
# To an organization's admins: one of its channels failed for a day and was paused.
CHANNEL_PAUSED = "channel_paused"
# To a person's manager or a team's members: a weekly report was shared (mubiao.reports).
WEEKLY_REPORT = "weekly_report"

EVENT_KINDS = (
    MENTION,
    COMMENT,
    ALIGNED_CHECKIN,
    PACE_WORSE,
    NOT_UPDATED,
    CYCLE_STARTED,
    GRADING_OPEN,
    CYCLE_CLOSING,
    INVITATION,
    SYNC_FAILED,
)
# The events an organization's chat groups and webhooks may subscribe to, worded for a group
# and sent only about public objectives: what happens on the company's OKRs. "Mentioned you"
# and "you have not checked in" are one person's news and go only to that person.
GROUP_EVENT_KINDS = (
    COMMENT,
    ALIGNED_CHECKIN,
    PACE_WORSE,
    CYCLE_STARTED,
    GRADING_OPEN,
    CYCLE_CLOSING,
    INVITATION,
)
SCHEDULED_KINDS = (REMINDER, TEAM_DIGEST, COMPANY_DIGEST)
KINDS = EVENT_KINDS + SCHEDULED_KINDS + (TEST, CHANNEL_PAUSED, WEEKLY_REPORT)
# What a person chooses channels for (the settings page, the API): every kind something sends
# to a person. SYNC_FAILED: a directory sync failed or was held (its owners and admins), or a
# key result's data source could not be read (notify.services.sync_failed).
PERSONAL_KINDS = (*EVENT_KINDS, WEEKLY_REPORT, CHANNEL_PAUSED, *SCHEDULED_KINDS)

# What a chat card's button asks of Mubiao (notify.services.chat_press): value + 1 on a number,
# percentage or currency key result; done on a done / not-done one.
PLUS_ONE = "plus_one"
DONE = "done"
NOT_DONE = "not_done"
CHAT_ACTIONS = (PLUS_ONE, DONE, NOT_DONE)


@dataclass(frozen=True)
class Line:
    """One item of a message: a key result to update, a person behind, a comment."""

    text: str
    url: str = ""
    # A pace status value of okrs.models.Status ("on_track", "at_risk", ...) or "".
    status: str = ""
    # What the line is about, for machines (the webhook body): ids or None.
    objective_id: int | None = None
    key_result_id: int | None = None
    comment_id: int | None = None


@dataclass(frozen=True)
class Link:
    """A button or link under the message ("Check in all mine", "Open Mubiao")."""

    label: str
    url: str


@dataclass(frozen=True)
class Action:
    """A button that posts back to Mubiao instead of opening a page (Slack interactivity, a
    飞书 app's card callback): `action` (one of CHAT_ACTIONS) on key result `key_result`, acting
    as whoever pressed it, with that person's rights."""

    label: str
    action: str
    key_result: int
    # The key result's page, for an "open" button beside it where the card has room for one.
    url: str = ""
    open_label: str = ""


@dataclass(frozen=True)
class Message:
    kind: str
    # "zh-hans" or "en": the language title, lines and labels are already written in.
    language: str
    title: str
    lines: list[Line] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # Who it is for ("王芳"), or the team's name for a chat group; "" when it has no one addressee.
    recipient_name: str = ""
    actions: list[Action] = field(default_factory=list)
    # The ids of the objectives it names: checked again when it is sent (a retry may come after
    # one was made private), so that it is dropped rather than shown to someone who may no
    # longer see them.
    objectives: list[int] = field(default_factory=list)
    # What the event is about, for machines (the webhook body): objective_id, key_result_id,
    # comment_id, actor_id (ids or None); empty for reminders and digests (their lines say).
    ids: dict = field(default_factory=dict)

    def as_text(self) -> str:
        """Plain text: the e-mail text part and the fallback for channels without markup."""
        out = [self.title, ""]
        for line in self.lines:
            out.append(f"- {line.text}" + (f"\n  {line.url}" if line.url else ""))
        if self.links:
            out.append("")
            out.extend(f"{link.label}: {link.url}" for link in self.links)
        return "\n".join(out).rstrip() + "\n"

    def as_dict(self) -> dict:
        """JSON-ready (webhook bodies, a delivery kept for a retry)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Message":
        return cls(
            **{
                **data,
                "lines": [Line(**line) for line in data.get("lines", [])],
                "links": [Link(**link) for link in data.get("links", [])],
                "actions": [Action(**action) for action in data.get("actions", [])],
            }
        )
