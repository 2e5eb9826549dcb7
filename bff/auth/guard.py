"""Bearer-token authentication: one query loads the user and checks the session is live."""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, request
from sqlalchemy import Select, and_, bindparam, exists, select

from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.security import tokens as t
from models import AgreementAcceptance, AuthSession, Store, StoreMember, User
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


def authenticate(*, agreements: bool = False) -> User:
    """The caller, from the bearer token; one SELECT also reads what the route will check next:
    its membership of the route's store, and (``agreements``) which current agreement versions
    it has accepted."""
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise TokenMissing()
    claims = verify(raw.strip(), "access")
    store_id = (request.view_args or {}).get("store_id")
    refs: tuple[Any, ...] = ()
    if agreements:
        from bff.agreements.service import current_refs  # it imports this module

        refs = tuple(current_refs())
    on_store = isinstance(store_id, str)
    params = {"sid": claims["sid"], "sub": claims["sub"]} | ({"store_id": store_id} if on_store else {})
    stmt = _statement(on_store, tuple(r.id for r in refs))
    row = db().execute(stmt, params).first()
    if row is None or row.AuthSession.revoked_at is not None:
        raise SessionRevoked()
    if row.User.status != UserStatus.active:
        raise AccountDisabled()
    g.user, g.auth_session = row.User, row.AuthSession
    if isinstance(store_id, str):
        g.prefetched_membership = (store_id, row.User.id, row.Store, row.StoreMember)
    if agreements:
        g.prefetched_acceptances = (row.User.id, refs,
                                    frozenset(r.id for r in refs if row._mapping[f"accepted_{r.id}"]))
    return row.User


@functools.lru_cache(maxsize=64)
def _statement(on_store: bool, document_ids: tuple[int, ...]) -> Select[Any]:
    """The token check's SELECT, built once per shape (constructing it costs more CPU than running
    it): on store routes the store and the caller's membership are outer-joined (a missing store
    or membership still authenticates, then answers 404 in membership()); with ``document_ids``
    one EXISTS column per current agreement version the caller accepted."""
    stmt = (select(User, AuthSession)
            .join(AuthSession, AuthSession.user_id == User.id)
            .where(AuthSession.public_id == bindparam("sid"), User.public_id == bindparam("sub")))
    if on_store:
        stmt = (stmt.add_columns(Store, StoreMember)
                .outerjoin(Store, Store.public_id == bindparam("store_id"))
                .outerjoin(StoreMember, and_(StoreMember.store_id == Store.id, StoreMember.user_id == User.id)))
    return stmt.add_columns(*(
        exists().where(AgreementAcceptance.user_id == User.id, AgreementAcceptance.document_id == document_id)
        .label(f"accepted_{document_id}") for document_id in document_ids))


def reads_agreements(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a route that checks or shows the caller's pending agreements: the token check reads
    the acceptances in the same SELECT (``login_required`` must be applied outside of it)."""
    fn.reads_agreements = True  # type: ignore[attr-defined]
    return fn


def login_required(fn: Callable[..., Any]) -> Callable[..., Any]:
    agreements = getattr(fn, "reads_agreements", False)  # copied outwards by functools.wraps

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        authenticate(agreements=agreements)
        return fn(*args, **kwargs)
    return wrapper


def current_user() -> User:
    return g.user


def current_session() -> AuthSession:
    return g.auth_session
