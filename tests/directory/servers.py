"""Loopback stand-ins for the contact APIs of 飞书 / Lark, 企业微信 and 钉钉, written from their
documentation (the pages listed in mubiao/directory/vendors.py), with their own code.

Each server holds a small directory (`departments`, `people`, in one vendor-neutral shape that
tests edit between syncs) and answers as its vendor does: a tenant token for the right app
credentials only, every other call refused without that token, departments and people in
pages (飞书: page_token/has_more; 钉钉: cursor/has_more/next_cursor), the vendor's own error
bodies. Switches, to fail on demand:

- `rate_limited`: the next N calls get the vendor's rate-limit answer (飞书: HTTP 429 with
  code 99991400 and x-ogw-ratelimit-reset; 企业微信 45009; 钉钉 90018)
- `paging_fault`: every listing's pagination answers as a broken vendor's (see `page`)
- `listing_limit`: each department's people listing stops after this many people (a vendor
  that answers with a partial listing, its last page missing)
- `expire_token`: the current token is declared expired on its next use (飞书 99991663,
  企业微信 42001, 钉钉 40014); a new token must be fetched

Sign-in through the vendor's app (OAuth 2, the pages named in vendors.py): the vendor's login
page sends whoever `signed_in_as` names (a person of the directory, or of `outsiders`: people
the vendor knows who are not in this company) back to the redirect URI with a one-time code;
the token and user-info endpoints answer as documented, with their errors for a code that is
unknown, used already or expired (`expire_codes`), and for an expired user token
(`expire_user_tokens`).
"""

import base64
import hashlib
import json
from itertools import count
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.loopback import Loopback, QuietHandler

APP_ID, APP_SECRET = "cli_acme", "app-secret-of-acme-2026"
AGENT_ID = "1000002"  # 企业微信's app that signs people in
PAGE_SIZE = 2  # small pages, so that every listing has several


class Directory(Loopback):
    """departments: {id: {"name", "parent" (None: under the top), "leaders": [person id]}};
    people: {id: {"name", "email", "title", "departments": [id], "manager", "active",
    "mobile" (optional)}}."""

    vendor = ""
    root = ""

    def __init__(self):
        self.departments: dict[str, dict] = {}
        self.people: dict[str, dict] = {}
        self.rate_limited = 0
        self.listing_limit: int | None = None
        self.paging_fault: str | None = None  # see page()
        self.root_leaders: list[str] = []  # the top department's leaders (the CEO)
        self.expire_token = False
        self.calls: list[str] = []
        self.tokens_issued = 0
        self._numbers = count(1)
        self.token = ""
        self.signed_in_as = ""
        self.outsiders: dict[str, dict] = {}
        self.codes: dict[str, dict] = {}
        self.user_tokens: dict[str, str] = {}
        self.expire_codes = False
        self.expire_user_tokens = False
        directory = self

        class Handler(QuietHandler):
            def _answer(self, method):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                directory.calls.append(parts.path)
                status, headers, answer = directory.respond(
                    method, parts.path, query, dict(self.headers.items()), body
                )
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._answer("GET")

            def do_POST(self):
                self._answer("POST")

        self.serve(Handler)

    @property
    def url(self) -> str:
        return self.base

    def new_token(self) -> str:
        self.tokens_issued += 1
        self.token = f"t-{self.vendor}-{next(self._numbers)}"
        return self.token

    def token_problem(self, token: str):
        """None when `token` is the current one; else the vendor's answer."""
        if token and token == self.token and self.expire_token:
            self.expire_token = False
            self.token = ""
            return self.expired()
        if not token or token != self.token:
            return self.expired()
        return None

    def respond(self, method, path, query, headers, body):
        signing_in = self.sign_in(method, path, query, headers, body)
        if signing_in is not None:
            return signing_in
        if self.rate_limited and not self.is_token_path(path):
            self.rate_limited -= 1
            return self.rate_answer()
        return self.route(method, path, query, headers, body)

    def members_of(self, department: str):
        return [
            (pid, p)
            for pid, p in sorted(self.people.items())
            if department in p["departments"] or (department == self.root and not p["departments"])
        ][: self.listing_limit]

    def subtree(self, top: str):
        """Every department under `top`, parents first."""
        found, queue = [], [top]
        while queue:
            parent = queue.pop(0)
            for did, d in sorted(self.departments.items()):
                if (d["parent"] or self.root) == parent:
                    found.append(did)
                    queue.append(did)
        return found

    # -- sign-in --------------------------------------------------------------------------

    def sign_in(self, method, path, query, headers, body):  # pragma: no cover - per vendor
        return None

    def person(self, pid: str) -> dict | None:
        return self.people.get(pid) or self.outsiders.get(pid)

    def login_page(self, redirect_uri: str, state: str, code_name="code", **kept):
        """The person `signed_in_as` scanned the QR code and agreed: back with a code."""
        code = f"c-{self.vendor}-{next(self._numbers)}"
        self.codes[code] = {"person": self.signed_in_as, "redirect_uri": redirect_uri, **kept}
        query = urlencode({code_name: code, "state": state})
        return 302, {"Location": f"{redirect_uri}?{query}"}, {}

    def take_code(self, code: str, redirect_uri: str | None = None):
        """The code's person, or the reason it is refused: "unknown", "used", "expired"."""
        entry = self.codes.get(code)
        if entry is None or (redirect_uri is not None and entry["redirect_uri"] != redirect_uri):
            return None, "unknown"
        if entry.get("used"):
            return None, "used"
        entry["used"] = True
        if self.expire_codes:
            return None, "expired"
        return entry, ""

    def user_token(self, pid: str) -> str:
        token = f"u-{self.vendor}-{next(self._numbers)}"
        self.user_tokens[token] = pid
        return token

    def user_of(self, token: str) -> str | None:
        if self.expire_user_tokens:
            return None
        return self.user_tokens.get(token)


def page(items: list, token: str, fault: str | None = None):
    """One page of a listing; `fault` answers as a broken vendor does: "repeat" (more, with
    the same page token again), "no_token" (more, naming no next page), "bad_has_more"
    (has_more neither true nor false), "duplicate" (every item listed twice)."""
    start = int(token or 0)
    chunk = items[start : start + PAGE_SIZE]
    more = start + PAGE_SIZE < len(items)
    if fault == "duplicate":
        chunk = chunk + chunk
    if fault == "repeat":
        return chunk, True, token or str(PAGE_SIZE)
    if fault == "no_token":
        return chunk, True, ""
    if fault == "bad_has_more":
        return chunk, "yes", str(start + PAGE_SIZE)
    return chunk, more, str(start + PAGE_SIZE) if more else ""


class Feishu(Directory):
    vendor, root = "feishu", "0"

    def is_token_path(self, path):
        return path.endswith("/tenant_access_token/internal")

    def expired(self):
        return 400, {}, {"code": 99991663, "msg": "Invalid access token for authorization."}

    def rate_answer(self):
        return (
            429,
            {"x-ogw-ratelimit-reset": "0"},
            {"code": 99991400, "msg": "request trigger frequency limit"},
        )

    def sign_in(self, method, path, query, headers, body):
        if path == "/open-apis/authen/v1/authorize":
            if query.get("client_id") != APP_ID or query.get("code_challenge_method") != "S256":
                return 400, {}, {"code": 20001, "msg": "invalid request"}
            return self.login_page(
                query["redirect_uri"], query.get("state", ""), challenge=query["code_challenge"]
            )
        if path == "/open-apis/authen/v2/oauth/token":
            if (body.get("client_id"), body.get("client_secret")) != (APP_ID, APP_SECRET):
                return 400, {}, {"code": 20002, "error": "invalid_client"}
            entry, problem = self.take_code(body.get("code", ""), body.get("redirect_uri"))
            if problem:
                number = {"unknown": 20003, "used": 20065, "expired": 20004}[problem]
                return (
                    400,
                    {},
                    {
                        "code": number,
                        "error": "invalid_grant",
                        "error_description": f"The authorization code is {problem}.",
                    },
                )
            verifier = body.get("code_verifier", "").encode()
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if challenge.decode() != entry["challenge"]:
                return (
                    400,
                    {},
                    {
                        "code": 20049,
                        "error": "invalid_grant",
                        "error_description": "PKCE verification failed.",
                    },
                )
            token = self.user_token(entry["person"])
            return (
                200,
                {},
                {
                    "code": 0,
                    "access_token": token,
                    "expires_in": 7200,
                    "token_type": "Bearer",
                    "scope": "",
                },
            )
        if path == "/open-apis/authen/v1/user_info":
            pid = self.user_of(headers.get("Authorization", "").removeprefix("Bearer "))
            if pid is None:
                return 401, {}, {"code": 99991677, "msg": "user access token expired"}
            person = self.person(pid) or {}
            return (
                200,
                {},
                {
                    "code": 0,
                    "msg": "success",
                    "data": {
                        "open_id": pid,
                        "union_id": "on-" + pid,
                        "name": person.get("name", ""),
                        "email": person.get("email", ""),
                        "enterprise_email": person.get("email", ""),
                        "mobile": person.get("mobile", ""),
                    },
                },
            )
        return None

    def route(self, method, path, query, headers, body):
        if self.is_token_path(path):
            if method != "POST" or (body.get("app_id"), body.get("app_secret")) != (
                APP_ID,
                APP_SECRET,
            ):
                return 400, {}, {"code": 10014, "msg": "app secret invalid"}
            return (
                200,
                {},
                {"code": 0, "msg": "ok", "tenant_access_token": self.new_token(), "expire": 7200},
            )
        auth = headers.get("Authorization", "")
        problem = self.token_problem(auth.removeprefix("Bearer "))
        if problem:
            return problem
        if query.get("page_size") and int(query["page_size"]) > 50:
            return 400, {}, {"code": 99992402, "msg": "field validation failed"}
        if path.startswith("/open-apis/contact/v3/departments/") and path.endswith("/children"):
            top = path.split("/")[-2]
            ids = self.subtree(top) if query.get("fetch_child") == "true" else []
            chunk, more, token = page(ids, query.get("page_token"), self.paging_fault)
            items = [
                {
                    "name": self.departments[d]["name"],
                    "open_department_id": d,
                    "department_id": "D" + d,
                    "parent_department_id": self.departments[d]["parent"] or "0",
                    "leader_user_id": (self.departments[d]["leaders"] or [""])[0],
                    "leaders": [
                        {"leaderType": 1, "leaderID": u} for u in self.departments[d]["leaders"]
                    ],
                    "status": {"is_deleted": False},
                }
                for d in chunk
            ]
            return (
                200,
                {},
                {
                    "code": 0,
                    "msg": "success",
                    "data": {"has_more": more, "page_token": token, "items": items},
                },
            )
        if path == "/open-apis/contact/v3/users/find_by_department":
            members = self.members_of(query.get("department_id", ""))
            chunk, more, token = page(members, query.get("page_token"), self.paging_fault)
            items = [
                {
                    "open_id": pid,
                    "name": p["name"],
                    "enterprise_email": p["email"],
                    "mobile": p.get("mobile", "+86 13800000000"),
                    "job_title": p.get("title", ""),
                    "department_ids": p["departments"] or ["0"],
                    "leader_user_id": p.get("manager") or "",
                    "status": {
                        "is_resigned": not p.get("active", True),
                        "is_activated": True,
                        "is_frozen": False,
                    },
                }
                for pid, p in chunk
            ]
            return (
                200,
                {},
                {
                    "code": 0,
                    "msg": "success",
                    "data": {"has_more": more, "page_token": token, "items": items},
                },
            )
        return 404, {}, {"code": 1, "msg": "not found"}


class WeCom(Directory):
    vendor, root = "wecom", "1"

    def is_token_path(self, path):
        return path == "/cgi-bin/gettoken"

    def expired(self):
        return 200, {}, {"errcode": 42001, "errmsg": "access_token expired"}

    def rate_answer(self):
        return 200, {}, {"errcode": 45009, "errmsg": "api freq out of limit"}

    def sign_in(self, method, path, query, headers, body):
        if path == "/wwlogin/sso/login":
            if (query.get("login_type"), query.get("appid"), query.get("agentid")) != (
                "CorpApp",
                APP_ID,
                AGENT_ID,
            ):
                return 200, {}, {"errcode": 40013, "errmsg": "invalid corpid"}
            return self.login_page(query["redirect_uri"], query.get("state", ""))
        if path == "/cgi-bin/auth/getuserinfo":
            problem = self.token_problem(query.get("access_token", ""))
            if problem:
                return problem
            entry, problem = self.take_code(query.get("code", ""))
            if problem:
                return 200, {}, {"errcode": 40029, "errmsg": "invalid code"}
            pid = entry["person"]
            if pid in self.people:
                return 200, {}, {"errcode": 0, "errmsg": "ok", "userid": pid, "user_ticket": "x"}
            return 200, {}, {"errcode": 0, "errmsg": "ok", "openid": "o-" + pid}
        return None

    def route(self, method, path, query, headers, body):
        if self.is_token_path(path):
            if (query.get("corpid"), query.get("corpsecret")) != (APP_ID, APP_SECRET):
                return 200, {}, {"errcode": 40001, "errmsg": "invalid credential"}
            return (
                200,
                {},
                {
                    "errcode": 0,
                    "errmsg": "ok",
                    "access_token": self.new_token(),
                    "expires_in": 7200,
                },
            )
        problem = self.token_problem(query.get("access_token", ""))
        if problem:
            return problem
        if path == "/cgi-bin/department/list":
            top = query.get("id", self.root)
            items = [
                {
                    "id": int(top),
                    "name": "Acme",
                    "parentid": 0,
                    "department_leader": self.root_leaders if top == self.root else [],
                }
            ]
            items += [
                {
                    "id": int(d),
                    "name": self.departments[d]["name"],
                    "parentid": int(self.departments[d]["parent"] or self.root),
                    "department_leader": self.departments[d]["leaders"],
                }
                for d in self.subtree(top)
            ]
            return 200, {}, {"errcode": 0, "errmsg": "ok", "department": items}
        if path == "/cgi-bin/user/list":
            department = query.get("department_id", "")
            items = [
                {
                    "userid": pid,
                    "name": p["name"],
                    "department": [int(d) for d in p["departments"] or [self.root]],
                    "is_leader_in_dept": [
                        int(pid in self.departments.get(d, {}).get("leaders", []))
                        for d in p["departments"]
                    ],
                    "direct_leader": [p["manager"]] if p.get("manager") else [],
                    "position": p.get("title", ""),
                    "biz_mail": p["email"],
                    "mobile": p.get("mobile", ""),
                    "status": 1 if p.get("active", True) else 5,
                }
                for pid, p in self.members_of(department)
            ]
            return 200, {}, {"errcode": 0, "errmsg": "ok", "userlist": items}
        return 404, {}, {"errcode": 404, "errmsg": "not found"}


class DingTalk(Directory):
    vendor, root = "dingtalk", "1"

    def is_token_path(self, path):
        return path == "/gettoken"

    def expired(self):
        return 200, {}, {"errcode": 40014, "errmsg": "不合法的access_token"}

    def rate_answer(self):
        return 200, {}, {"errcode": 90018, "errmsg": "当前企业所有应用调用该接口的QPS超过限制"}

    def sign_in(self, method, path, query, headers, body):
        if path == "/oauth2/auth":
            if (query.get("client_id"), query.get("response_type")) != (APP_ID, "code"):
                return 400, {}, {"code": "invalidClient", "message": "client_id不合法"}
            return self.login_page(query["redirect_uri"], query.get("state", ""), "authCode")
        if path == "/v1.0/oauth2/userAccessToken":
            if (body.get("clientId"), body.get("clientSecret")) != (APP_ID, APP_SECRET):
                return 400, {}, {"code": "invalidClientSecret", "message": "clientSecret不合法"}
            entry, problem = self.take_code(body.get("code", ""))
            if problem:
                return 400, {}, {"code": "invalidAuthCode", "message": "不合法的临时授权码"}
            return (
                200,
                {},
                {
                    "accessToken": self.user_token(entry["person"]),
                    "refreshToken": "r",
                    "expireIn": 7200,
                    "corpId": "ding-acme",
                },
            )
        if path == "/v1.0/contact/users/me":
            pid = self.user_of(headers.get("x-acs-dingtalk-access-token", ""))
            if pid is None:
                return 401, {}, {"code": "InvalidAuthentication", "message": "不合法的access_token"}
            person = self.person(pid) or {}
            return (
                200,
                {},
                {
                    "nick": person.get("name", ""),
                    "unionId": "union-" + pid,
                    "openId": "open-" + pid,
                    "email": person.get("email", ""),
                    "mobile": person.get("mobile", ""),
                    "stateCode": "86",
                },
            )
        if path == "/topapi/user/getbyunionid":
            problem = self.token_problem(query.get("access_token", ""))
            if problem:
                return problem
            pid = str(body.get("unionid", "")).removeprefix("union-")
            if pid not in self.people:
                return 200, {}, {"errcode": 60121, "errmsg": "找不到该用户"}
            return (
                200,
                {},
                {"errcode": 0, "errmsg": "ok", "result": {"contact_type": 0, "userid": pid}},
            )
        return None

    def route(self, method, path, query, headers, body):
        if self.is_token_path(path):
            if (query.get("appkey"), query.get("appsecret")) != (APP_ID, APP_SECRET):
                return 200, {}, {"errcode": 40089, "errmsg": "不合法的corpid或corpsecret"}
            return (
                200,
                {},
                {
                    "errcode": 0,
                    "errmsg": "ok",
                    "access_token": self.new_token(),
                    "expires_in": 7200,
                },
            )
        problem = self.token_problem(query.get("access_token", ""))
        if problem:
            return problem
        if method != "POST":
            return 405, {}, {"errcode": 43002, "errmsg": "需要POST请求"}
        if path == "/topapi/v2/department/listsub":
            parent = str(body.get("dept_id", self.root))
            items = [
                {"dept_id": int(d), "name": v["name"], "parent_id": int(v["parent"] or self.root)}
                for d, v in sorted(self.departments.items())
                if (v["parent"] or self.root) == parent
            ]
            return 200, {}, {"errcode": 0, "errmsg": "ok", "result": items}
        if path == "/topapi/v2/user/list":
            department = str(body["dept_id"])
            if int(body.get("size", 0)) > 100:
                return 200, {}, {"errcode": 400002, "errmsg": "size超过最大值"}
            members = [m for m in self.members_of(department) if m[1].get("active", True)]
            chunk, more, token = page(members, str(body.get("cursor") or 0), self.paging_fault)
            items = [
                {
                    "userid": pid,
                    "name": p["name"],
                    "org_email": p["email"],
                    "mobile": p.get("mobile", ""),
                    "title": p.get("title", ""),
                    "dept_id_list": [int(d) for d in p["departments"] or [self.root]],
                    "leader": pid
                    in (
                        self.root_leaders
                        if department == self.root
                        else self.departments.get(department, {}).get("leaders", [])
                    ),
                    "active": True,
                }
                for pid, p in chunk
            ]
            result = {"has_more": more, "list": items}
            if more and token:
                result["next_cursor"] = int(token)
            return 200, {}, {"errcode": 0, "errmsg": "ok", "result": result}
        return 404, {}, {"errcode": 404, "errmsg": "not found"}


SERVERS = {"feishu": Feishu, "wecom": WeCom, "dingtalk": DingTalk}


def acme_directory(server: Directory) -> Directory:
    """产品部 (led by 李雷) with 文档组 under it, 市场部; four people."""
    server.departments.update(
        {
            "11": {"name": "产品部", "parent": None, "leaders": ["u-li"]},
            "12": {"name": "文档组", "parent": "11", "leaders": []},
            "13": {"name": "市场部", "parent": None, "leaders": ["u-han"]},
        }
    )
    server.people.update(
        {
            "u-li": {
                "name": "李雷",
                "email": "lilei@acme.test",
                "title": "产品总监",
                "departments": ["11"],
                "manager": None,
            },
            "u-wang": {
                "name": "王芳",
                "email": "wang@acme.test",
                "title": "编辑",
                "departments": ["12"],
                "manager": "u-li",
            },
            "u-han": {
                "name": "韩梅梅",
                "email": "hanmeimei@acme.test",
                "title": "市场总监",
                "departments": ["13"],
                "manager": None,
            },
            "u-zhao": {
                "name": "赵强",
                "email": "zhao@acme.test",
                "title": "",
                "departments": ["13", "11"],
                "manager": "u-han",
            },
        }
    )
    return server
