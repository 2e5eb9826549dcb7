"""Login with a wx.login code, rotating refresh tokens, logout and account disable."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from bff.auth.guard import AccountDisabled, SessionRevoked, TokenInvalid, verify
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.security.fields import aad_for
from models import AuthSession, RefreshToken, User
from models.base import new_public_id, utcnow
from models.users import UserStatus


class RefreshTokenReused(DomainError):
    status, reason, message = 401, "refresh_token_reused", "登录凭证已被使用，为保护账号安全请重新登录"
    persist = True  # the session revocation below must survive the error response


def _hash(jti: str) -> str:
    return hashlib.sha256(jti.encode()).hexdigest()


def login_with_code(code: str) -> tuple[User, bool, dict[str, Any]]:
    """Exchange a wx.login code, upsert the user, open a session and issue tokens.

    WeChat is called before anything is written, so a WeChat failure leaves no rows.
    :raise WechatCodeRejected: used, expired or unknown code.
    :raise WechatUnavailable: WeChat errored or timed out.
    :raise AccountDisabled: the account was disabled by an operator.
    """
    d = deps()
    wx = d.wechat.code_to_session(code)
    user, created = _upsert_user(wx.openid, wx.unionid)
    if user.status != UserStatus.active:
        raise AccountDisabled()
    user.session_key_enc = d.cipher.encrypt(wx.session_key, aad_for("users", "session_key", user.public_id))
    user.last_login_at = utcnow()
    # Update the user row before inserting the session: the session's foreign key takes a
    # shared lock on the user row, and two concurrent logins upgrading it would deadlock.
    db().flush()
    auth = AuthSession(public_id=new_public_id(), user_id=user.id)
    db().add(auth)
    db().flush()
    return user, created, _issue_pair(user, auth)


def _upsert_user(openid: str, unionid: str | None) -> tuple[User, bool]:
    s = db()
    user = s.scalar(select(User).where(User.openid == openid))
    if user is None and unionid:
        # Same person reaching us through a new appid: keep one account, remember the new openid.
        user = s.scalar(select(User).where(User.unionid == unionid))
        if user is not None:
            user.openid = openid
    if user is not None:
        if unionid and user.unionid != unionid:
            user.unionid = unionid
        return user, False
    user = User(public_id=new_public_id(), openid=openid, unionid=unionid)
    try:
        with s.begin_nested():
            s.add(user)
    except IntegrityError:
        # A concurrent first login of the same person won the insert; use its row.
        return s.scalars(select(User).where(User.openid == openid)).one(), False
    return user, True


def _issue_pair(user: User, auth: AuthSession) -> dict[str, Any]:
    tokens = deps().tokens
    access = tokens.issue("access", subject=user.public_id, session_id=auth.public_id)
    refresh = tokens.issue("refresh", subject=user.public_id, session_id=auth.public_id)
    db().add(RefreshToken(
        session_id=auth.id, jti_hash=_hash(refresh.jti),
        expires_at=datetime.fromtimestamp(refresh.expires_at, UTC),
    ))
    settings = deps().settings
    return {
        "token_type": "Bearer",
        "access_token": access.token,
        "expires_in": settings.access_token_ttl,
        "refresh_token": refresh.token,
        "refresh_expires_in": settings.refresh_token_ttl,
    }


def refresh(raw_token: str) -> dict[str, Any]:
    """Rotate: each refresh token works once; a second use revokes the whole session.

    :raise TokenInvalid, TokenExpired, SessionRevoked, AccountDisabled, RefreshTokenReused:
    """
    claims = verify(raw_token, "refresh")
    row = db().execute(
        select(RefreshToken, AuthSession, User)
        .join(AuthSession, RefreshToken.session_id == AuthSession.id)
        .join(User, AuthSession.user_id == User.id)
        .where(RefreshToken.jti_hash == _hash(claims["jti"]))
        .with_for_update()
    ).first()
    if row is None or row.AuthSession.public_id != claims["sid"] or row.User.public_id != claims["sub"]:
        raise TokenInvalid()
    token, auth, user = row
    if auth.revoked_at is not None:
        raise SessionRevoked()
    if user.status != UserStatus.active:
        raise AccountDisabled()
    if token.used_at is not None:
        # Someone replayed an already-rotated token: assume theft, end the session.
        _revoke(AuthSession.id == auth.id, reason="refresh_reuse")
        raise RefreshTokenReused()
    token.used_at = utcnow()
    return _issue_pair(user, auth)


def logout(auth: AuthSession) -> None:
    _revoke(AuthSession.id == auth.id, reason="logout")


def logout_everywhere(user: User) -> int:
    return _revoke(AuthSession.user_id == user.id, reason="logout_all")


def disable_user(user: User) -> None:
    """Freeze the account and end every session at once."""
    user.status = UserStatus.disabled
    _revoke(AuthSession.user_id == user.id, reason="disabled")


def _revoke(condition: Any, *, reason: str) -> int:
    result = db().execute(
        update(AuthSession)
        .where(condition, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult, result).rowcount  # DML: a CursorResult
