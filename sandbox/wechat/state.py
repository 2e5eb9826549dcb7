"""In-memory WeChat server state: users, login/phone codes, access tokens and sent messages.

Every public method takes the state lock: the sandbox is one threaded process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox.clock import SandboxClock
from sandbox.wechat import crypto
from sandbox.wechat.errors import WeChatError
from sandbox.wechat.limits import ApiLimits

if TYPE_CHECKING:
    from sandbox.app import SandboxConfig

CODE_TTL = 300.0  # login and phone codes live 5 minutes
TOKEN_TTL = 7200  # access tokens (both kinds) live 2 hours
TOKEN_OVERLAP = 300.0  # a replaced /cgi-bin/token token, and a stable token near expiry, live 5 more minutes


@dataclass
class User:
    openid: str
    appid: str
    unionid: str | None = None
    session_key: str | None = None  # set when a login code is exchanged
    quota: dict[str, int] = field(default_factory=dict)  # template_id -> sends left


@dataclass
class LoginCode:
    openid: str
    appid: str
    session_key: str  # becomes the user's session_key when exchanged
    issued_at: float
    used: bool = False


@dataclass
class PhoneCode:
    openid: str
    appid: str
    country_code: str
    pure_number: str
    issued_at: float
    used: bool = False


@dataclass
class Token:
    value: str
    appid: str
    stable: bool
    expires_at: float
    revoked: bool = False  # stable token replaced by force_refresh
    superseded_until: float | None = None  # replaced /cgi-bin/token token: usable until then


class WeChatState:
    def __init__(self, config: SandboxConfig, clock: SandboxClock) -> None:
        self.config = config
        self.clock = clock
        self.lock = threading.RLock()
        self.limits = ApiLimits(clock)
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.users: dict[str, User] = {}
            self.login_codes: dict[str, LoginCode] = {}
            self.phone_codes: dict[str, PhoneCode] = {}
            self.tokens: dict[str, Token] = {}
            self.current_token: dict[tuple[str, bool], Token] = {}  # (appid, stable) -> latest
            self.messages: list[dict[str, Any]] = []
            self.limits.reset()

    # --- app credentials -------------------------------------------------
    def check_app(self, appid: str | None, secret: str | None) -> str:
        if not appid:
            raise WeChatError(41002)
        if appid != self.config.wechat_appid:
            raise WeChatError(40013)
        if not secret:
            raise WeChatError(41004)
        if secret != self.config.wechat_secret:
            raise WeChatError(40125)
        return appid

    # --- wx.login / code2Session -----------------------------------------
    def login(
        self, openid: str | None, appid: str, set_unionid: bool = False, unionid: str | None = None
    ) -> tuple[str, str]:
        """Stand-in for wx.login: a fresh code bound to a NEW session_key."""
        with self.lock:
            user = self.users.get(openid) if openid else None
            if user is None:
                user = User(openid=openid or crypto.new_openid(), appid=appid)
                self.users[user.openid] = user
            elif user.appid != appid:
                raise ValueError(f"openid {user.openid} belongs to app {user.appid}")
            if set_unionid:
                user.unionid = unionid
            code = crypto.new_login_code()
            self.login_codes[code] = LoginCode(user.openid, appid, crypto.new_session_key(), self.clock.now())
            return code, user.openid

    def code2session(self, appid: str, code: str | None) -> dict[str, str]:
        with self.lock:
            if not code:
                raise WeChatError(41008)
            issued = self.login_codes.get(code)
            if issued is None or issued.appid != appid:
                raise WeChatError(40029)
            if issued.used:
                raise WeChatError(40163)
            if self.clock.now() - issued.issued_at > CODE_TTL:
                raise WeChatError(40029)
            issued.used = True
            user = self.users[issued.openid]
            user.session_key = issued.session_key  # only one valid session_key per user
            reply = {"openid": user.openid, "session_key": user.session_key}
            if user.unionid:
                reply["unionid"] = user.unionid
            return reply

    # --- access tokens ---------------------------------------------------
    def _new_token(self, appid: str, stable: bool) -> Token:
        token = Token(crypto.new_access_token(), appid, stable, self.clock.now() + TOKEN_TTL)
        self.tokens[token.value] = token
        self.current_token[(appid, stable)] = token
        return token

    def issue_token(self, appid: str) -> Token:
        """/cgi-bin/token: always a new token; the previous one keeps working for 5 minutes."""
        with self.lock:
            previous = self.current_token.get((appid, False))
            if previous is not None and previous.superseded_until is None:
                previous.superseded_until = self.clock.now() + TOKEN_OVERLAP
            return self._new_token(appid, stable=False)

    def stable_token(self, appid: str, force_refresh: bool) -> Token:
        """/cgi-bin/stable_token: same token while it has > 5 minutes left."""
        with self.lock:
            current = self.current_token.get((appid, True))
            if force_refresh and current is not None:
                current.revoked = True
            elif (
                current is not None
                and not current.revoked
                and current.expires_at - self.clock.now() > TOKEN_OVERLAP
            ):
                return current
            # Refreshed early: the old one simply runs out at its own expires_at.
            return self._new_token(appid, stable=True)

    def authorize(self, value: str | None) -> str:
        """Validate an access_token query parameter; return the app it belongs to."""
        if not value:
            raise WeChatError(41001)
        with self.lock:
            token = self.tokens.get(value)
            now = self.clock.now()
            if token is None or token.revoked:
                raise WeChatError(40001)
            if now >= token.expires_at:
                raise WeChatError(42001)
            if token.superseded_until is not None and now >= token.superseded_until:
                raise WeChatError(40001)
            return token.appid

    def expire_tokens(self) -> int:
        with self.lock:
            now = self.clock.now()
            for token in self.tokens.values():
                token.expires_at = min(token.expires_at, now)
            return len(self.tokens)

    # --- phone numbers ---------------------------------------------------
    def issue_phone_code(self, openid: str, country_code: str, pure_number: str) -> str:
        with self.lock:
            user = self.users.get(openid)
            if user is None:
                raise ValueError(f"unknown openid {openid}")
            code = crypto.new_phone_code()
            self.phone_codes[code] = PhoneCode(
                openid, user.appid, country_code, pure_number, self.clock.now()
            )
            return code

    def redeem_phone_code(self, appid: str, code: Any, openid: Any) -> PhoneCode:
        with self.lock:
            issued = self.phone_codes.get(code) if isinstance(code, str) else None
            if issued is None or issued.appid != appid:
                raise WeChatError(40029)
            if openid is not None and openid != issued.openid:
                raise WeChatError(40029)
            if issued.used:
                raise WeChatError(40163)
            if self.clock.now() - issued.issued_at > CODE_TTL:
                raise WeChatError(40029)
            issued.used = True
            return issued

    # --- subscribe messages ----------------------------------------------
    def grant_subscription(self, openid: str, template_id: str, count: int) -> int:
        with self.lock:
            user = self.users.get(openid)
            if user is None:
                raise ValueError(f"unknown openid {openid}")
            user.quota[template_id] = user.quota.get(template_id, 0) + count
            return user.quota[template_id]

    def record_message(self, appid: str, message: dict[str, Any]) -> None:
        """Check the recipient and its quota, consume one send, and keep the message."""
        with self.lock:
            user = self.users.get(message["touser"])
            if user is None or user.appid != appid:
                raise WeChatError(40003)
            template_id = message["template_id"]
            if user.quota.get(template_id, 0) <= 0:
                raise WeChatError(43101)
            user.quota[template_id] -= 1
            self.messages.append(message | {"sent_at": self.clock.now()})

    def known_user(self, appid: str, openid: Any) -> bool:
        with self.lock:
            user = self.users.get(openid) if isinstance(openid, str) else None
            return user is not None and user.appid == appid
