"""The people spreadsheet: one row per person, headers in English or Chinese, in any order.

column (中文)          values
name (姓名)           the person's name
email (邮箱)          their e-mail address: who the row is about (required); for a member
                      without one (known by mobile number from directory sync), their mobile
                      number or directory identity, as the export writes it
team (团队)           team paths such as `产品部/文档组`, several separated by `;`; missing
                      teams are created
leads (负责的团队)    the team paths the person leads (团队负责人), written as in team; the
                      person is then also in those teams; empty: leads no team
manager (上级邮箱)    their manager, as in email: in the file or in the organization
role (角色)           owner, admin, member (所有者, 管理员, 成员); default member
title (职位)          job title
time zone (时区)      an IANA time zone such as Asia/Shanghai
language (语言)       en, zh-hans (English, 简体中文)
status (状态)         active or deactivated (在职, 已停用 / 离职)

A column left out of the file leaves that value of existing people as it is; a column that is
there but empty clears it (an empty team cell takes the person out of every team).
"""

import unicodedata
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from mubiao.accounts.models import User, normalise_email
from mubiao.accounts.phones import phone_key
from mubiao.okrs.transfer.columns import CellError, ChoiceTable, header_keys, header_text, text
from mubiao.orgs.models import Membership, Team
from mubiao.orgs.rules import is_team_name, is_time_zone

# (key, English header, Chinese header, other accepted spellings)
COLUMNS = (
    ("name", "name", "姓名", ("full name", "名字")),
    (
        "email",
        "email",
        "邮箱",
        (
            *("e-mail", "e mail", "mail", "email address", "e-mail address", "work email"),
            *("电子邮件", "电子邮箱", "邮件", "邮箱地址", "邮件地址", "工作邮箱", "企业邮箱"),
        ),
    ),
    ("team", "team", "团队", ("teams", "team path", "部门", "所属部门", "团队路径")),
    (
        "lead",
        "leads",
        "负责的团队",
        ("lead", "lead of", "leader of", "team lead", "负责团队", "团队负责人", "部门负责人"),
    ),
    ("manager", "manager", "上级邮箱", ("manager email", "manager's email", "上级", "直属上级")),
    ("role", "role", "角色", ()),
    ("title", "title", "职位", ("job title", "职务", "岗位")),
    ("time_zone", "time zone", "时区", ("timezone", "tz")),
    ("language", "language", "语言", ("lang",)),
    ("status", "status", "状态", ("在职状态",)),
)
_HEADER_KEYS = header_keys(COLUMNS)

# Team paths: `产品部/文档组`; several in one cell separated by `;` or line breaks.
PATH_SEPARATORS = ("/", "／")
LIST_SEPARATORS = (";", "；", "\n")
MAX_TEAM_DEPTH = 20


class Status(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("member", "Active")
    # Invited and not joined yet: what the export says of a pending invitation. Read back,
    # it is active (the person stays invited; a file cannot accept for them).
    INVITED = "invited", pgettext_lazy("member", "Invited")
    DEACTIVATED = "deactivated", pgettext_lazy("member", "Deactivated")


ROLES = ChoiceTable(
    Membership.Role,
    (Membership.Role.OWNER, ("所有者",)),
    (Membership.Role.ADMIN, ("管理员", "administrator")),
    (Membership.Role.MEMBER, ("成员", "员工")),
)
STATUSES = ChoiceTable(
    Status,
    (Status.ACTIVE, ("在职", "启用", "enabled")),
    (Status.INVITED, ("已邀请", "待加入", "pending")),
    (Status.DEACTIVATED, ("停用", "离职", "已离职", "inactive", "disabled", "left")),
)
LANGUAGES = ChoiceTable(
    SimpleNamespace(choices=settings.LANGUAGES),
    ("en", ("english", "英文", "英语")),
    ("zh-hans", ("zh", "zh-cn", "zh_hans", "chinese", "中文", "简体中文")),
)


def header_key(value) -> str | None:
    return None if value is None else _HEADER_KEYS.get(header_text(value))


def headers(language_zh: bool) -> list[str]:
    return [zh if language_zh else en for _key, en, zh, _others in COLUMNS]


def in_chinese() -> bool:
    """Whether headers are written in Chinese: the active language is."""
    return (translation.get_language() or "").startswith("zh")


def header_name(key: str) -> str:
    """The column's header in the active language (as exports write it)."""
    return next(zh if in_chinese() else en for k, en, zh, _others in COLUMNS if k == key)


def email(value) -> str:
    address = normalise_email(text(value))
    try:
        validate_email(address)
    except ValidationError:
        raise CellError(_("“%(value)s” is not an e-mail address.") % {"value": address}) from None
    if len(address) > User._meta.get_field("email").max_length:
        raise CellError(_("this e-mail address is too long."))
    return address


def person(value) -> str:
    """Who a row is about (or their manager): an e-mail address, else what names a member
    without one (their mobile number, as its phone_key, or directory identity), which the
    import looks up."""
    typed = unicodedata.normalize("NFKC", text(value)).strip()
    if "@" in typed:
        return email(typed)
    if key := phone_key(typed):
        return key  # 138 0013 8000 and +86 13800138000 are one person
    if len(typed) > User._meta.get_field("username").max_length:
        raise CellError(_("“%(value)s” is not an e-mail address.") % {"value": typed})
    return typed


def optional_person(value) -> str:
    return person(value) if text(value) else ""


def choice(value, table: ChoiceTable, default: str = "") -> str:
    typed = text(value)
    if not typed:
        return default
    found = table.lookup(typed)
    if found is None:
        raise CellError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {
                "value": typed,
                "choices": ", ".join(str(label) for _v, label in table.choices.choices),
            }
        )
    return found


def status(value) -> str:
    """active or deactivated: invited is active (Status.INVITED)."""
    found = choice(value, STATUSES, Status.ACTIVE)
    return Status.ACTIVE if found == Status.INVITED else found


def time_zone(value) -> str:
    zone = text(value)
    if zone and not is_time_zone(zone):
        raise CellError(
            _("“%(zone)s” is not a time zone; write one such as Asia/Shanghai.") % {"zone": zone}
        )
    return zone


def limited(value, model, field: str) -> str:
    typed = text(value)
    if len(typed) > model._meta.get_field(field).max_length:
        raise CellError(
            _("this is longer than %(limit)s characters.")
            % {"limit": model._meta.get_field(field).max_length}
        )
    return typed


def team_paths(value) -> list[tuple[str, ...]]:
    """`产品部/文档组; 市场部` → [("产品部", "文档组"), ("市场部",)]. A backslash makes the next
    separator (or backslash) part of a name, as exports write `EMEA\\/APAC` (path_text)."""
    paths = []
    for written, names in _split_paths(text(value)):
        while names and not names[0].strip():  # `/产品部/`: the slashes around are allowed
            names.pop(0)
        while names and not names[-1].strip():
            names.pop()
        if not names:
            continue
        names = tuple(name.strip() for name in names)
        if any(not name for name in names):
            raise CellError(
                _("“%(path)s” has an empty team name between two slashes.") % {"path": written}
            )
        if bad := next((name for name in names if not is_team_name(name)), None):
            raise CellError(
                _("“%(path)s”: “%(name)s” cannot name a team (it reads as a step in a path).")
                % {"path": written, "name": bad}
            )
        if len(names) > MAX_TEAM_DEPTH:
            raise CellError(
                _("a team path may have at most %(limit)s levels.") % {"limit": MAX_TEAM_DEPTH}
            )
        for name in names:
            limited(name, Team, "name")
        if names not in paths:
            paths.append(names)
    return paths


ESCAPE = "\\"
_SPECIAL = frozenset((ESCAPE, *PATH_SEPARATORS, *LIST_SEPARATORS))


def _split_paths(cell: str) -> list[tuple[str, list[str]]]:
    """Each path of a cell as written and as its names, escapes undone."""
    paths, written, names, name = [], [], [], []
    characters = iter(cell)
    for character in characters:
        if character == ESCAPE:
            following = next(characters, "")
            if following not in _SPECIAL:  # `R\D`, as files wrote it before escapes
                name.append(character)
            written.append(character + following)
            name.append(following)
            continue
        if character in LIST_SEPARATORS:
            paths.append(("".join(written).strip(), [*names, "".join(name)]))
            written, names, name = [], [], []
            continue
        written.append(character)
        if character in PATH_SEPARATORS:
            names.append("".join(name))
            name = []
        else:
            name.append(character)
    paths.append(("".join(written).strip(), [*names, "".join(name)]))
    return paths


def path_text(names: tuple[str, ...]) -> str:
    """A path as files write it: a team name may hold a separator (`EMEA/APAC`, `Ops; Infra`),
    which is escaped so that reading the path back (team_paths) finds the same teams."""
    return PATH_SEPARATORS[0].join(
        "".join(ESCAPE + c if c in _SPECIAL else c for c in name) for name in names
    )
