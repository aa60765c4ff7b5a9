"""企业微信 group bot (群机器人): a webhook whose `key` in the URL is the whole credential.

Vendor documentation used:
- https://developer.work.weixin.qq.com/document/path/91770 (群机器人配置说明: POST JSON to
  `.../cgi-bin/webhook/send?key=KEY`; markdown `content` at most 4096 bytes of UTF-8; `<@userid>`
  mentions inside markdown; "每个机器人发送的消息不能超过20条/分钟")
- https://developer.work.weixin.qq.com/document/path/90313 (全局错误码: 0 ok, -1 系统繁忙,
  45009 接口调用超过限制, 93000 invalid webhook url)
"""

import httpx

from mubiao.notify.messages import Message

from . import text
from .rules import INVALID_CONFIG, Result
from .transport import encode, json_code, post

CONTENT_BYTES = 4096


def build(message: Message) -> dict:
    head, lines, links = text.markdown_lines(message, title_prefix="### ", escape=text.wecom)
    content = text.fit_bytes(head, lines, links, CONTENT_BYTES)
    return {"msgtype": "markdown", "markdown": {"content": content}}


def send(
    config: dict, message: Message, *, client: httpx.Client, now: float | None = None
) -> Result:
    """config: `url`, the bot's webhook address with its key. The bot does not sign."""
    url = config.get("url") or ""
    if not url:
        return Result.failure(INVALID_CONFIG, retryable=False, detail="url")
    response = post(client, url, encode(build(message)))
    if isinstance(response, Result):
        return response
    return json_code(response, "errcode", "errmsg", vendor="wecom")
