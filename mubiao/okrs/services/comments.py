"""Comments and mentions."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mubiao.okrs import limits
from mubiao.okrs.models import (
    CheckIn,
    Comment,
    KeyResult,
    Objective,
)
from mubiao.okrs.selectors import person_q
from mubiao.okrs.services._common import log
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team
from mubiao.transactions import write_transaction

# An @ that starts a mention (not the middle of an email address), and its first word.
MENTION_RE = re.compile(r"(?<![\w.])@([\w.\-]+)", re.UNICODE)


@dataclass
class Mentions:
    members: list[Membership]
    teams: list[Team]


def find_mentions(actor: Membership, body: str) -> Mentions:
    """Teams and people mentioned in a text.

    `@name` matches the longest team or person name that the text after the @ starts with, so
    names with spaces (`@Liam Turner`) and Chinese names run into the following text
    (`@客户支持部门xx`) both work; `@someone@example.com` or `@someone` also match an email
    address or its local part. Candidates are fetched by the first characters of each mention
    only, never the whole organization.
    """
    found_teams: dict[int, Team] = {}
    found_members: dict[int, Membership] = {}
    for match in MENTION_RE.finditer(body):
        word, rest = match.group(1), body[match.start(1) :].lower()
        stem = word[:2]
        teams = Team.objects.filter(
            organization_id=actor.organization_id, is_archived=False, name__istartswith=stem
        )
        named = [t for t in teams if rest.startswith(t.name.lower())]
        if named:
            team = max(named, key=lambda t: len(t.name))
            found_teams[team.pk] = team
            continue
        people = Membership.objects.filter(
            person_q(actor, stem, "istartswith", email=word),
            organization_id=actor.organization_id,
            is_active=True,
        ).select_related("user", "invitation")
        matches = [
            m
            for m in people
            if (m.name and rest.startswith(m.name.lower()))
            or word.lower() in (m.user.email.lower(), m.user.email.lower().split("@")[0])
        ]
        if matches:
            member = max(matches, key=lambda m: len(m.name or ""))
            found_members[member.pk] = member
    return Mentions(list(found_members.values()), list(found_teams.values()))


@write_transaction
def add_comment(
    actor: Membership,
    *,
    body: str,
    objective: Objective | None = None,
    key_result: KeyResult | None = None,
    check_in: CheckIn | None = None,
) -> Comment:
    """Comment on something the actor can see (the caller fetched it through the selectors);
    mentioned people, and the members of mentioned teams, are notified when they can see it."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    if problem := limits.text_error(body, limits.COMMENT_TEXT):
        raise ValidationError({"body": problem})
    if [objective, key_result, check_in].count(None) != 2:
        raise ValidationError({"target": _("Comment on one objective, key result or check-in.")})
    permissions.same_organization(actor, objective, key_result, check_in)
    target_objective = objective or (key_result or check_in.key_result).objective
    permissions.visible_or_absent(actor, target_objective)
    comment = Comment.objects.create(
        organization_id=actor.organization_id,
        objective=objective,
        key_result=key_result,
        check_in=check_in,
        author=actor,
        body=body,
    )
    mentions = find_mentions(actor, body)
    comment.mentioned_members.set(mentions.members)
    comment.mentioned_teams.set(mentions.teams)
    _notify_mentions(actor, comment, target_objective, mentions)
    log(actor, "comment.created", comment, objective=target_objective.pk)
    return comment


def _notify_mentions(
    actor: Membership, comment: Comment, objective: Objective, mentions: Mentions
) -> None:
    """Mentioned people and the members of mentioned teams, and the owners of what was
    commented on; notify drops whoever may not see the objective."""
    from mubiao.notify import messages as kinds
    from mubiao.notify.services import Event, notify

    mentioned = {m.pk: m for m in mentions.members}
    if mentions.teams:
        mentioned |= {
            m.pk: m
            for m in Membership.objects.filter(
                team_memberships__team__in=mentions.teams, is_active=True
            ).select_related("user")
        }
    notify(Event(kinds.MENTION, comment.organization_id, actor=actor, objective=objective,
                 comment=comment, recipients=list(mentioned.values())))  # fmt: skip
    target_kr = comment.key_result or (comment.check_in.key_result if comment.check_in else None)
    owners = {o.pk: o for o in (objective.owner_member, target_kr and target_kr.owner) if o}
    owners = [o for pk, o in owners.items() if pk not in mentioned]
    notify(Event(kinds.COMMENT, comment.organization_id, actor=actor, objective=objective,
                 comment=comment, recipients=owners))  # fmt: skip
