"""Reading a company directory from its vendor's contact API, as each documents it: a tenant
token from the app's credentials (fetched again once when the vendor says it expired), every
department under the top one, every person of each department page by page, rate-limit answers
waited out and retried, any other error code a DirectoryError carrying the vendor's own code
and message.

- 飞书 / Lark: https://open.feishu.cn/document/server-docs/authentication-management/
  access-token/tenant_access_token_internal, .../contact-v3/department/children,
  .../contact-v3/user/find_by_department, rate limits: .../api-call-guide/frequency-control
  (HTTP 429, code 99991400, header x-ogw-ratelimit-reset).
- 企业微信: https://developer.work.weixin.qq.com/document/path/91039 (gettoken), /90344
  (department/list), /90201 (user/list), error codes /90313 (45009 rate limit, -1 busy,
  40014/42001 token).
- 钉钉: https://open.dingtalk.com/document/orgapp/obtain-orgapp-token (gettoken),
  /obtain-the-department-list-v2 (topapi/v2/department/listsub), /queries-the-complete-
  information-of-a-department-user (topapi/v2/user/list: cursor and has_more), error codes
  /server-api-error-codes-1 (88/90002/90018 rate limits, 40014/42001 token).

Everything read becomes a Snapshot (plain data); rules.py and services.py never see a vendor.

Sign-in through each vendor's app (OAuth 2 authorization code; `login_url`, then `identify`
the person from the code) uses the same app credentials and names people by the same IDs:
- 飞书 / Lark: https://open.feishu.cn/document/common-capabilities/sso/api/obtain-oauth-code
  (authen/v1/authorize with PKCE), .../authentication-management/access-token/
  get-user-access-token (POST open-apis/authen/v2/oauth/token), .../reference/authen-v1/
  user_info/get (open_id, union_id, email, enterprise_email, mobile).
- 企业微信: https://developer.work.weixin.qq.com/document/path/98171 (构造企业微信登录链接:
  login.work.weixin.qq.com/wwlogin/sso/login, login_type=CorpApp with appid and agentid),
  /91023 (获取访问用户身份: cgi-bin/auth/getuserinfo?code= → userid, or only an openid for
  someone outside the company; 40029 invalid code).
- 钉钉: https://open-dingtalk.github.io/developerpedia/docs/develop/permission/token/browser/
  get_user_app_token_browser (login.dingtalk.com/oauth2/auth; POST api.dingtalk.com/v1.0/
  oauth2/userAccessToken; GET /v1.0/contact/users/me → unionId, with the header
  x-acs-dingtalk-access-token), and the server API 根据unionid获取用户userid (POST
  oapi.dingtalk.com/topapi/user/getbyunionid; 60121: not in the organization).
"""

import base64
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

import httpx
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mubiao.directory.rules import Department, Person, Snapshot, managers_from_leaders
from mubiao.id_sets import is_id
from mubiao.outbound import guard
from mubiao.outbound.transports import RefusedAddress, pinned_httpx

TIMEOUT = httpx.Timeout(20.0, connect=5.0)
MAX_ATTEMPTS = 5  # per request, rate-limit answers included
# The seconds one read may spend waiting out the vendor's rate limit, all requests together,
# unless its caller allows more (the worker waits as long as the vendor asks): a person
# waiting for a page (a sync or preview started from the web, a sign-in) is answered instead,
# and a sync is tried again in the background (services.sync).
WAIT_BUDGET = 5.0
PAGE_SIZE = 50
DEFAULT_URLS = {
    "feishu": "https://open.feishu.cn",
    "wecom": "https://qyapi.weixin.qq.com",
    "dingtalk": "https://oapi.dingtalk.com",
}
DEFAULT_ROOTS = {"feishu": "0", "wecom": "1", "dingtalk": "1"}
VENDOR_NAMES = {"feishu": "飞书", "wecom": "企业微信", "dingtalk": "钉钉"}
# Sign-in pages and APIs on hosts of their own. An API address other than the vendor's own
# (Lark's open.larksuite.com, a company proxy, the tests' loopback fakes) serves them all.
SIGN_IN_HOSTS = {
    "feishu": {"login": "https://accounts.feishu.cn"},
    "wecom": {"login": "https://login.work.weixin.qq.com"},
    "dingtalk": {"login": "https://login.dingtalk.com", "api": "https://api.dingtalk.com"},
}


@dataclass(frozen=True)
class Note:
    """A message kept as its message id and parameters (the sync log, a run's problems), put
    in words in the language of whoever reads it."""

    msgid: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return _(self.msgid) % self.params if self.params else _(self.msgid)

    def as_json(self) -> dict:
        return {"id": self.msgid, "params": self.params}

    @classmethod
    def from_json(cls, data: dict) -> "Note":
        return cls(str(data.get("id") or ""), dict(data.get("params") or {}))


ERROR_CODE = gettext_noop("%(vendor)s answered error %(code)s: %(message)s")
# An answer from an address that is not the vendor's own: its text may be anything that host
# wants to say (an intranet service's secrets), so only its code is shown (outbound.speaks_for).
ERROR_CODE_ONLY = gettext_noop(
    "%(vendor)s answered error %(code)s. %(host)s is not %(vendor)s's own address, so its "
    "message is not shown: look the code up in %(vendor)s's documentation, or check the API "
    "address."
)
# Where each vendor's answers come from (its API and sign-in hosts, Lark's for 飞书).
DOCUMENTED_HOSTS = {
    "feishu": {"open.feishu.cn", "accounts.feishu.cn", "open.larksuite.com"},
    "wecom": {"qyapi.weixin.qq.com", "login.work.weixin.qq.com"},
    "dingtalk": {"oapi.dingtalk.com", "api.dingtalk.com", "login.dingtalk.com"},
}


def vendor_error(vendor: str, url: str, code, message: str) -> tuple[str, dict]:
    """The msgid and parameters naming a vendor's error answer from `url`: with the vendor's
    message only from the vendor's documented hosts (or one the operator named)."""
    names = {"vendor": VENDOR_NAMES[vendor], "code": code}
    if guard.speaks_for(url, DOCUMENTED_HOSTS[vendor]):
        return ERROR_CODE, {**names, "message": message}
    return ERROR_CODE_ONLY, {**names, "host": urlsplit(url).netloc}


class DirectoryError(Exception):
    """What went wrong reading the directory, for the admin: `msgid` (marked with
    gettext_noop) and its parameters; `message` in the active language."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid)
        self.note = Note(msgid, params)

    @property
    def message(self) -> str:
        return str(self.note)

    def __str__(self) -> str:
        return self.message


class SyncHeld(DirectoryError):
    """A sync that would deactivate too many people (rules.hold_reason), or other people than
    the ones an admin confirmed: nothing changed; it runs once an admin confirms the
    deactivations it would make (`confirmation`, rules.departures_code)."""

    def __init__(self, msgid: str, *, confirmation: str = "", **params):
        super().__init__(msgid, **params)
        self.confirmation = confirmation


class RateLimited(DirectoryError):
    """The vendor kept answering that too many requests were made, beyond what the read could
    wait: `retry_after`, the seconds it last asked for."""

    def __init__(self, msgid: str, *, retry_after: float, **params):
        super().__init__(msgid, **params)
        self.retry_after = retry_after


TOO_MANY = gettext_noop(
    "%(vendor)s kept answering that too many requests were made; try again later."
)


class CodeRefused(DirectoryError):
    """The vendor refused a sign-in's code or the token it gave (invalid, expired, used):
    the person must start signing in again."""


# A vendor answering "more" forever (the same page token again and again) must not make one
# sync send tens of thousands of requests: no listing is read past this many pages.
MAX_PAGES = 1000


class Pagination:
    """The pages of one listing (`endpoint`) as the vendor announces them. A partial answer
    must never pass for the whole list (a sync deactivates whoever is missing from it), so
    anything but a clear end or a new page token is a DirectoryError naming the endpoint."""

    def __init__(self, vendor: str, endpoint: str):
        self.vendor, self.endpoint, self.seen = VENDOR_NAMES[vendor], endpoint, set()

    def next(self, has_more, token):
        """The next page's token, or None after the last page."""
        if has_more is None or has_more is False:
            return None
        where = {"vendor": self.vendor, "endpoint": self.endpoint}
        if has_more is not True:
            raise DirectoryError(
                gettext_noop(
                    "%(vendor)s answered %(endpoint)s with has_more=%(value)s instead of true or "
                    "false: the directory was not read."
                ),
                value=repr(has_more)[:40], **where,
            )  # fmt: skip
        if isinstance(token, bool) or not isinstance(token, str | int) or token == "":
            raise DirectoryError(
                gettext_noop(
                    "%(vendor)s answered %(endpoint)s that more follows but named no next page: "
                    "the directory was not read (a part of it is not the whole)."
                ),
                **where,
            )
        if str(token) in self.seen:
            raise DirectoryError(
                gettext_noop(
                    "%(vendor)s answered %(endpoint)s with a page it had already sent (page "
                    "token %(token)s again): the directory was not read."
                ),
                token=str(token)[:60], **where,
            )  # fmt: skip
        if len(self.seen) + 1 >= MAX_PAGES:
            raise DirectoryError(
                gettext_noop(
                    "%(vendor)s answered %(endpoint)s with more than %(pages)s pages: the "
                    "directory was not read."
                ),
                pages=MAX_PAGES, **where,
            )  # fmt: skip
        self.seen.add(str(token))
        return token


@dataclass
class Identity:
    """Who a vendor's sign-in says the person is: `id` is the directory's ID of them (the one
    a sync links; "" when they are not in the organization's directory)."""

    id: str
    email: str = ""
    name: str = ""
    mobile: str = ""


def pkce_challenge(verifier: str) -> str:
    """RFC 7636 S256."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class _Answer:
    code: int
    message: str
    body: dict
    retry_after: float | None = None


@dataclass
class Client:
    """One sync's connection to a vendor (subclasses: one per vendor)."""

    base_url: str
    app_id: str
    secret: str
    root: str
    sleep: Callable[[float], None] = time.sleep
    # Only to public addresses, unless the site allows others (mubiao.outbound).
    http: httpx.Client = field(default_factory=lambda: pinned_httpx(timeout=TIMEOUT))
    token: str = ""
    agent_id: str = ""
    wait_budget: float | None = WAIT_BUDGET  # None: wait as long as the vendor asks
    waited: float = 0.0
    vendor = ""
    rate_codes = frozenset()
    token_codes = frozenset()
    code_key, message_key = "errcode", "errmsg"

    def read(self) -> Snapshot:
        try:
            return self.snapshot()
        finally:
            self.http.close()

    def snapshot(self) -> Snapshot:  # pragma: no cover - each vendor has its own
        raise NotImplementedError

    # -- one call, with the documented retries -------------------------------------------

    def call(
        self, method: str, path: str, *, params=None, json=None, auth=True, headers=None,
        refused=frozenset(), accepted=frozenset(),
    ) -> dict:  # fmt: skip
        """The answer's body. `refused`: codes that mean CodeRefused; `accepted`: error codes
        whose body is answered too (the caller reads them)."""
        refreshed = False
        for attempt in range(MAX_ATTEMPTS):
            if auth and not self.token:
                self.token = self.fetch_token()
            answer = self._send(method, path, params=params, json=json, auth=auth, headers=headers)
            if answer.code == 0 or answer.code in accepted:
                return answer.body
            if answer.code in refused or answer.body.get("error") == "invalid_grant":
                msgid, params = self._error(answer)
                raise CodeRefused(msgid, **params)
            if answer.code in self.token_codes and auth and not refreshed:
                self.token, refreshed = "", True
                continue
            if answer.code in self.rate_codes or answer.code == -429:
                wait = answer.retry_after if answer.retry_after is not None else 2**attempt
                budget = self.wait_budget
                if attempt + 1 < MAX_ATTEMPTS and (budget is None or self.waited + wait <= budget):
                    self.waited += wait
                    self.sleep(wait)
                    continue
                raise RateLimited(TOO_MANY, retry_after=wait, vendor=VENDOR_NAMES[self.vendor])
            msgid, params = self._error(answer)
            raise DirectoryError(msgid, **params)
        raise DirectoryError(
            gettext_noop("%(vendor)s did not accept a fresh access token."),
            vendor=VENDOR_NAMES[self.vendor],
        )

    def _error(self, answer: _Answer) -> tuple[str, dict]:
        return vendor_error(self.vendor, self.base_url, answer.code, answer.message)

    def authorize(self, params: dict, headers: dict) -> None:
        params["access_token"] = self.token

    def _request(self, method, url, **options) -> httpx.Response:
        try:
            return self.http.request(method, url, **options)
        except httpx.HTTPError as error:
            # The host, in words: the library's exception name (ConnectError) tells nobody
            # anything, and the URL's path and query may hold a credential.
            names = {"vendor": VENDOR_NAMES[self.vendor], "host": urlsplit(str(url)).netloc}
            if isinstance(error, RefusedAddress):
                message = gettext_noop(
                    "%(vendor)s was not called: %(host)s is inside the server's own network. "
                    "Enter the vendor's public API address in Settings."
                )
            elif isinstance(error, httpx.TimeoutException):
                message = gettext_noop(
                    "%(vendor)s could not be reached: %(host)s did not answer in time."
                )
            else:
                message = gettext_noop(
                    "%(vendor)s could not be reached: could not connect to %(host)s."
                )
            raise DirectoryError(message, **names) from None

    def _send(self, method, path, *, params, json, auth, headers=None) -> _Answer:
        params, headers = dict(params or {}), dict(headers or {})
        if auth:
            self.authorize(params, headers)
        response = self._request(
            method, self.base_url.rstrip("/") + path, params=params, json=json, headers=headers
        )
        retry_after = _seconds(
            response.headers.get("Retry-After") or response.headers.get("x-ogw-ratelimit-reset")
        )
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get(self.code_key), int):
            if response.status_code == 429:
                return _Answer(-429, "HTTP 429", {}, retry_after)
            # Most often the API address is not the vendor's (a typo, a web page): named with
            # the address asked (its query may hold a credential, its path does not).
            raise DirectoryError(
                gettext_noop(
                    "%(url)s gave an answer Mubiao cannot read (HTTP %(status)s): it does not "
                    "answer as %(vendor)s's API does. Check the API address."
                ),
                vendor=VENDOR_NAMES[self.vendor],
                status=response.status_code,
                url=self.base_url.rstrip("/") + path,
            )
        code = body[self.code_key]
        if code == 0 and response.status_code == 429:
            code = -429
        # OAuth token endpoints describe their errors the RFC 6749 way.
        message = body.get(self.message_key) or body.get("error_description") or ""
        return _Answer(code, str(message)[:300], body, retry_after)

    def fetch_token(self) -> str:  # pragma: no cover - each vendor has its own
        raise NotImplementedError

    # -- sign-in through the vendor's app --------------------------------------------------

    def host(self, which: str) -> str:
        base = self.base_url.rstrip("/")
        if base != DEFAULT_URLS[self.vendor]:
            return base
        return SIGN_IN_HOSTS[self.vendor].get(which, base)

    def login_url(self, redirect_uri: str, state: str, verifier: str) -> str:  # pragma: no cover
        raise NotImplementedError

    def identify(self, code: str, redirect_uri: str, verifier: str) -> Identity:  # pragma: no cover
        raise NotImplementedError


def segment(value) -> str:
    """A value as one URL path segment: every reserved character encoded, and a segment of
    dots too (httpx would resolve "." and ".." against the path before it)."""
    encoded = quote(str(value), safe="")
    return encoded.replace(".", "%2E") if encoded.strip(".") == "" else encoded


def _seconds(value) -> float | None:
    try:
        return max(0.0, min(float(value), 60.0))
    except (TypeError, ValueError):
        return None


class Feishu(Client):
    vendor = "feishu"
    code_key, message_key = "code", "msg"
    rate_codes = frozenset({99991400})
    token_codes = frozenset({99991661, 99991663, 99991664, 99991668, 99991677})

    def fetch_token(self) -> str:
        body = self.call(
            "POST",
            "/open-apis/auth/v3/tenant_access_token/internal",
            json={"app_id": self.app_id, "app_secret": self.secret},
            auth=False,
        )
        return str(body.get("tenant_access_token") or "")

    # The user_access_token's answers for a code not found, expired or used already (also
    # named `"error": "invalid_grant"`, which counts alike).
    code_codes = frozenset({20003, 20004, 20065})

    def authorize(self, params, headers):
        headers["Authorization"] = f"Bearer {self.token}"

    def login_url(self, redirect_uri, state, verifier):
        return (
            self.host("login")
            + "/open-apis/authen/v1/authorize?"
            + urlencode(
                {
                    "client_id": self.app_id,
                    "redirect_uri": redirect_uri,
                    "state": state,
                    "code_challenge": pkce_challenge(verifier),
                    "code_challenge_method": "S256",
                }
            )
        )

    def identify(self, code, redirect_uri, verifier):
        token = self.call(
            "POST",
            "/open-apis/authen/v2/oauth/token",
            json={
                "grant_type": "authorization_code",
                "client_id": self.app_id,
                "client_secret": self.secret,
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            },
            auth=False,
            refused=self.code_codes,
        )
        user = (
            self.call(
                "GET",
                "/open-apis/authen/v1/user_info",
                headers={"Authorization": f"Bearer {token.get('access_token', '')}"},
                auth=False,
                refused=self.token_codes,
            ).get("data")
            or {}
        )
        return Identity(
            id=str(user.get("open_id") or ""),
            email=str(user.get("enterprise_email") or user.get("email") or ""),
            name=str(user.get("name") or ""),
            mobile=str(user.get("mobile") or ""),
        )

    def pages(self, path: str, params: dict):
        token, pagination = "", Pagination(self.vendor, path)
        while True:
            page = {**params, "page_size": PAGE_SIZE, **({"page_token": token} if token else {})}
            data = self.call("GET", path, params=page).get("data") or {}
            yield from data.get("items") or []
            token = pagination.next(data.get("has_more"), data.get("page_token"))
            if token is None:
                return

    def snapshot(self) -> Snapshot:
        ids = {"department_id_type": "open_department_id", "user_id_type": "open_id"}
        departments, seen = [], {self.root}
        for item in self.pages(
            f"/open-apis/contact/v3/departments/{segment(self.root)}/children",
            {**ids, "fetch_child": "true"},
        ):
            # A department listed twice (on two pages) is read once: its people once, too.
            if (item.get("status") or {}).get("is_deleted") or item["open_department_id"] in seen:
                continue
            seen.add(item["open_department_id"])
            leaders = [
                leader["leaderID"] for leader in item.get("leaders") or [] if leader.get("leaderID")
            ] or ([item["leader_user_id"]] if item.get("leader_user_id") else [])
            parent = item.get("parent_department_id") or self.root
            departments.append(
                Department(
                    id=item["open_department_id"],
                    name=str(item.get("name") or ""),
                    parent_id=None if parent == self.root else parent,
                    leader_ids=leaders,
                )
            )
        people: dict[str, Person] = {}
        for department in [self.root, *(d.id for d in departments)]:
            for item in self.pages(
                "/open-apis/contact/v3/users/find_by_department",
                {**ids, "department_id": department},
            ):
                status = item.get("status") or {}
                people[item["open_id"]] = Person(
                    id=item["open_id"],
                    name=str(item.get("name") or ""),
                    email=str(item.get("enterprise_email") or item.get("email") or ""),
                    mobile=str(item.get("mobile") or ""),
                    title=str(item.get("job_title") or ""),
                    department_ids=[d for d in item.get("department_ids") or [] if d != self.root],
                    manager_id=item.get("leader_user_id") or None,
                    active=not (status.get("is_resigned") or status.get("is_frozen")),
                )
        return managers_from_leaders(Snapshot(departments, list(people.values())))


class WeCom(Client):
    vendor = "wecom"
    rate_codes = frozenset({45009, 45033, -1})
    token_codes = frozenset({40014, 42001})

    def fetch_token(self) -> str:
        body = self.call(
            "GET", "/cgi-bin/gettoken", params={"corpid": self.app_id, "corpsecret": self.secret},
            auth=False,
        )  # fmt: skip
        return str(body.get("access_token") or "")

    def login_url(self, redirect_uri, state, verifier):
        return (
            self.host("login")
            + "/wwlogin/sso/login?"
            + urlencode(
                {
                    "login_type": "CorpApp",
                    "appid": self.app_id,
                    "agentid": self.agent_id,
                    "redirect_uri": redirect_uri,
                    "state": state,
                }
            )
        )

    def identify(self, code, redirect_uri, verifier):
        # 40029: invalid code (wrong, expired after five minutes, or used already).
        body = self.call("GET", "/cgi-bin/auth/getuserinfo", params={"code": code}, refused={40029})
        # A member has a userid; someone outside the company only an openid.
        return Identity(id=str(body.get("userid") or body.get("UserId") or ""))

    def snapshot(self) -> Snapshot:
        body = self.call("GET", "/cgi-bin/department/list", params={"id": self.root})
        top_leaders = [
            str(u)
            for item in body.get("department") or []
            if str(item["id"]) == self.root
            for u in item.get("department_leader") or []
        ]
        # A department listed twice is read once (by its ID): its people once, too.
        departments = list(
            {
                str(item["id"]): Department(
                    id=str(item["id"]),
                    name=str(item.get("name") or ""),
                    parent_id=None
                    if str(item.get("parentid")) == self.root
                    else str(item["parentid"]),
                    leader_ids=[str(u) for u in item.get("department_leader") or []],
                )
                for item in reversed(body.get("department") or [])
                if str(item["id"]) != self.root
            }.values()
        )[::-1]
        people: dict[str, Person] = {}
        for department in [self.root, *(d.id for d in departments)]:
            body = self.call("GET", "/cgi-bin/user/list", params={"department_id": department})
            for item in body.get("userlist") or []:
                userid = str(item["userid"])
                leaders = item.get("direct_leader") or []
                people[userid] = Person(
                    id=userid,
                    name=str(item.get("name") or ""),
                    email=str(item.get("biz_mail") or item.get("email") or ""),
                    mobile=str(item.get("mobile") or ""),
                    title=str(item.get("position") or ""),
                    department_ids=[
                        str(d) for d in item.get("department") or [] if str(d) != self.root
                    ],
                    manager_id=str(leaders[0]) if leaders else None,
                    # 1 active, 4 not yet activated; 2 disabled, 5 left.
                    active=item.get("status", 1) in (1, 4),
                )
        return managers_from_leaders(Snapshot(departments, list(people.values()), top_leaders))


class DingTalk(Client):
    vendor = "dingtalk"
    rate_codes = frozenset({88, 90002, 90006, 90018, -1})
    token_codes = frozenset({40014, 42001})

    def fetch_token(self) -> str:
        body = self.call(
            "GET", "/gettoken", params={"appkey": self.app_id, "appsecret": self.secret}, auth=False
        )
        return str(body.get("access_token") or "")

    def login_url(self, redirect_uri, state, verifier):
        return (
            self.host("login")
            + "/oauth2/auth?"
            + urlencode(
                {
                    "redirect_uri": redirect_uri,
                    "response_type": "code",
                    "client_id": self.app_id,
                    "scope": "openid",
                    "state": state,
                    "prompt": "consent",
                }
            )
        )

    def _v1(self, method, path, **options) -> dict:
        """A call of the newer API (api.dingtalk.com): an answer is its body, an error HTTP
        4xx with {"code", "message"}; a refused code or token (400, 401) is CodeRefused."""
        response = self._request(method, self.host("api") + path, **options)
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.is_success and isinstance(body, dict):
            return body
        body = body if isinstance(body, dict) else {}
        msgid, params = vendor_error(
            self.vendor,
            self.host("api"),
            body.get("code") or response.status_code,
            str(body.get("message") or "")[:300],
        )
        if response.status_code in (400, 401):
            raise CodeRefused(msgid, **params)
        raise DirectoryError(msgid, **params)

    def identify(self, code, redirect_uri, verifier):
        token = self._v1(
            "POST",
            "/v1.0/oauth2/userAccessToken",
            json={
                "clientId": self.app_id,
                "clientSecret": self.secret,
                "code": code,
                "grantType": "authorization_code",
            },
        )
        me = self._v1(
            "GET",
            "/v1.0/contact/users/me",
            headers={"x-acs-dingtalk-access-token": str(token.get("accessToken") or "")},
        )
        # The sync knows people by their userid in the organization; 60121: not in it.
        found = self.call(
            "POST",
            "/topapi/user/getbyunionid",
            json={"unionid": str(me.get("unionId") or "")},
            accepted={60121},
        )
        return Identity(
            id=str((found.get("result") or {}).get("userid") or ""),
            email=str(me.get("email") or ""),
            name=str(me.get("nick") or ""),
            mobile=str(me.get("mobile") or ""),
        )

    def snapshot(self) -> Snapshot:
        if not is_id(self.root):  # sent as a number: one stored before Settings checked it
            raise DirectoryError(gettext_noop("A department ID of 企业微信 or 钉钉 is a number."))
        departments, queue, seen = [], [self.root], {self.root}
        while queue:
            parent = queue.pop(0)
            body = self.call("POST", "/topapi/v2/department/listsub", json={"dept_id": int(parent)})
            for item in body.get("result") or []:
                dept_id = str(item["dept_id"])
                if dept_id in seen:
                    continue
                seen.add(dept_id)
                queue.append(dept_id)
                departments.append(
                    Department(
                        id=dept_id,
                        name=str(item.get("name") or ""),
                        parent_id=None if parent == self.root else parent,
                        leader_ids=[],
                    )
                )
        by_id = {d.id: d for d in departments}
        top_leaders: list[str] = []
        people: dict[str, Person] = {}
        for department in [self.root, *by_id]:
            cursor, pagination = 0, Pagination(self.vendor, "/topapi/v2/user/list")
            while cursor is not None:
                body = self.call(
                    "POST",
                    "/topapi/v2/user/list",
                    json={"dept_id": int(department), "cursor": cursor, "size": PAGE_SIZE},
                )
                result = body.get("result") or {}
                for item in result.get("list") or []:
                    userid = str(item["userid"])
                    if item.get("leader"):
                        # The top department's leader heads the company: the heads of the
                        # departments report to them.
                        leaders = (
                            by_id[department].leader_ids if department in by_id else top_leaders
                        )
                        leaders.append(userid)
                    people.setdefault(
                        userid,
                        Person(
                            id=userid,
                            name=str(item.get("name") or ""),
                            email=str(item.get("org_email") or item.get("email") or ""),
                            mobile=str(item.get("mobile") or ""),
                            title=str(item.get("title") or ""),
                            department_ids=[
                                str(d)
                                for d in item.get("dept_id_list") or []
                                if str(d) != self.root
                            ],
                            manager_id=None,
                            active=item.get("active", True) is not False,
                        ),
                    )
                cursor = pagination.next(result.get("has_more"), result.get("next_cursor"))
        # 钉钉's user list names no direct manager: the leaders make them all.
        return managers_from_leaders(Snapshot(departments, list(people.values()), top_leaders))


CLIENTS = {"feishu": Feishu, "wecom": WeCom, "dingtalk": DingTalk}


def client_for(vendor: str, *, base_url: str, app_id: str, secret: str, root: str, **extra):
    return CLIENTS[vendor](base_url=base_url, app_id=app_id, secret=secret, root=root, **extra)
