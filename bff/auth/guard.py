"""Bearer-token authentication: one query loads the user and checks the session is live."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, request
from sqlalchemy import and_, select

from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.security import tokens as t
from models import AuthSession, Store, StoreMember, User
from models.users import UserStatus


class TokenMissing(DomainError):
    status, reason, message = 401, "token_missing", "请先登录"


class TokenInvalid(DomainError):
    status, reason, message = 401, "token_invalid", "登录凭证无效，请重新登录"


class TokenExpired(DomainError):
    status, reason, message = 401, "token_expired", "登录已过期，请刷新登录"


class SessionRevoked(DomainError):
    status, reason, message = 401, "session_revoked", "登录已失效，请重新登录"


class AccountDisabled(DomainError):
    status, reason, message = 401, "account_disabled", "账号已停用，如有疑问请联系客服"


AUTH_ERRORS = (TokenMissing, TokenInvalid, TokenExpired, SessionRevoked, AccountDisabled)


def verify(raw: str, typ: t.TokenType) -> dict[str, Any]:
    try:
        return deps().tokens.verify(raw, typ)
    except t.TokenExpired as exc:
        raise TokenExpired() from exc
    except t.TokenInvalid as exc:
        raise TokenInvalid() from exc


def authenticate() -> User:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise TokenMissing()
    claims = verify(raw.strip(), "access")
    stmt = (select(User, AuthSession)
            .join(AuthSession, AuthSession.user_id == User.id)
            .where(AuthSession.public_id == claims["sid"], User.public_id == claims["sub"]))
    store_id = (request.view_args or {}).get("store_id")
    if isinstance(store_id, str):
        # Store routes: the caller's membership comes in the same round trip (both outer-joined,
        # so a missing store or membership still authenticates and then answers 404 in membership()).
        stmt = (stmt.add_columns(Store, StoreMember)
                .outerjoin(Store, Store.public_id == store_id)
                .outerjoin(StoreMember, and_(StoreMember.store_id == Store.id, StoreMember.user_id == User.id)))
    row = db().execute(stmt).first()
    if row is None or row.AuthSession.revoked_at is not None:
        raise SessionRevoked()
    if row.User.status != UserStatus.active:
        raise AccountDisabled()
    g.user, g.auth_session = row.User, row.AuthSession
    if isinstance(store_id, str):
        g.prefetched_membership = (store_id, row.User.id, row.Store, row.StoreMember)
    return row.User


def login_required(fn: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        authenticate()
        return fn(*args, **kwargs)
    return wrapper


def current_user() -> User:
    return g.user


def current_session() -> AuthSession:
    return g.auth_session
