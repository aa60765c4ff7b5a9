"""What each vendor's channel needs before it can ever deliver, checked when it is saved: the
settings it cannot send without, and its webhook address in the shape the vendor documents.

A channel saved without them would only fail at every send, days later, in the delivery log.
Pure: `problems` returns {field: code}; notify.services.channels words the codes.

The documented addresses (the same pages as each vendor's module):
- 飞书 / Lark custom bot: https://open.feishu.cn/open-apis/bot/v2/hook/<token>
  (open.larksuite.com for Lark); an app bot posts to the open platform's root
  (https://open.feishu.cn, https://open.larksuite.com).
- 企业微信 group bot: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<key>
- 钉钉 custom robot: https://oapi.dingtalk.com/robot/send?access_token=<token>
- Slack incoming webhook: https://hooks.slack.com/services/<T…>/<B…>/<secret>
- outgoing webhooks: any https:// or http:// address of the integrator's, always signed (a secret).
"""

from urllib.parse import parse_qs, urlsplit

# Codes of `problems`.
MISSING = "missing"
WRONG_HOST = "host"
WRONG_PATH = "path"

FEISHU_HOSTS = ("open.feishu.cn", "open.larksuite.com")
HOSTS = {
    "feishu": FEISHU_HOSTS,
    "wecom": ("qyapi.weixin.qq.com",),
    "dingtalk": ("oapi.dingtalk.com",),
    "slack": ("hooks.slack.com",),
}


# What the vendor's address looks like, for the message refusing another one.
EXAMPLES = {
    "feishu": "https://open.feishu.cn/open-apis/bot/v2/hook/…",
    "feishu_app": "https://open.feishu.cn",
    "wecom": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
    "dingtalk": "https://oapi.dingtalk.com/robot/send?access_token=…",
    "slack": "https://hooks.slack.com/services/…/…/…",
}


def example(kind: str, config: dict) -> str:
    """The documented address of a `kind` channel with `config`."""
    return EXAMPLES["feishu_app" if kind == "feishu" and config.get("app_id") else kind]


def _path_ok(kind: str, path: str, query: dict, *, app: bool) -> bool:
    if kind == "feishu" and app:
        return path in ("", "/")
    if kind == "feishu":
        token = path.removeprefix("/open-apis/bot/v2/hook/")
        return token != path and bool(token) and "/" not in token
    if kind == "wecom":
        return path == "/cgi-bin/webhook/send" and bool(query.get("key", [""])[0])
    if kind == "dingtalk":
        return path == "/robot/send" and bool(query.get("access_token", [""])[0])
    if kind == "slack":
        parts = path.split("/")
        return len(parts) == 5 and parts[1] == "services" and all(parts[2:])
    return True


def problems(kind: str, config: dict, *, any_host: bool = False) -> dict[str, str]:
    """{field: code} for what keeps a `kind` channel with `config` (url, secret, app_id, …)
    from delivering: a required setting left out (MISSING), an address off the vendor's
    documented host (WRONG_HOST; `any_host` lets an on-premises or test stand-in be used, the
    path still in the vendor's shape) or path (WRONG_PATH). Empty when it can deliver."""
    found: dict[str, str] = {}
    url = config.get("url") or ""
    if not url:
        found["url"] = MISSING
    if kind == "webhook" and not config.get("secret"):
        # An unsigned event is useless to a receiver that must check where it came from.
        found["secret"] = MISSING
    if kind not in HOSTS or not url:
        return found
    parts = urlsplit(url)
    if not any_host and (parts.scheme != "https" or parts.hostname not in HOSTS[kind]):
        found["url"] = WRONG_HOST
    elif not _path_ok(kind, parts.path, parse_qs(parts.query), app=bool(config.get("app_id"))):
        found["url"] = WRONG_PATH
    return found
