"""Panel sign-in: password (through the admin API's lockout), then a TOTP code; cookie sessions
with idle and absolute timeouts; CSRF tokens bound to the session. No Flask here.

* The cookie carries a random token; the table keeps its SHA-256 only. Every stage change
  (password accepted, second factor passed) issues a new token, so a planted cookie is useless.
* TOTP (RFC 6238, 30 s steps, 6 digits, ±1 step of clock drift). The accepted step is stored on
  the operator: a code is accepted once, and no code from an older step afterwards.
* Wrong codes are counted per operator in Redis; ``operator_max_failed_logins`` of them refuse
  codes for ``operator_lockout_seconds`` (the panel ends the half-signed-in session).
* CSRF: ``HMAC(secret_key, "admin-csrf|" + cookie token)``; before sign-in the cookie holds a
  random nonce, so the login form is protected the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import pyotp
import segno
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from bff.admin.passwords import hash_password, needs_rehash
from bff.config import Settings
from bff.errors import DomainError
from bff.security.fields import aad_for
from models import Operator, OperatorSession
from models.base import utcnow

TOTP, ENROL, FULL = "totp", "enrol", "full"
STEP_SECONDS = 30
DRIFT_STEPS = 1


class TotpInvalid(DomainError):
    status, reason, message = 401, "totp_invalid", "动态验证码错误或已过期"


class TotpReplayed(DomainError):
    status, reason, message = 401, "totp_replayed", "该动态验证码已使用过，请等待下一个验证码"


class TotpLocked(DomainError):
    status, reason, message = 423, "totp_locked", "动态验证码错误次数过多，请稍后重新登录"


class TotpRequired(DomainError):
    status, reason, message = 401, "totp_required", "该运营账号已启用动态验证码，请同时提交 totp_code"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(settings: Settings, cookie: str) -> str:
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, b"admin-csrf|" + cookie.encode(), hashlib.sha256).hexdigest()


def csrf_valid(settings: Settings, cookie: str | None, submitted: str | None) -> bool:
    if not cookie or not submitted:
        return False
    return hmac.compare_digest(csrf_token(settings, cookie), submitted)


# -- sessions ----------------------------------------------------------------------------------

@dataclass
class Current:
    session: OperatorSession
    operator: Operator


def start(s: Session, operator: Operator, cipher: Any, *, now: datetime | None = None) -> tuple[str, str]:
    """A half-signed-in session after a right password: (cookie token, stage). An operator
    without a confirmed TOTP secret gets a fresh one to enrol."""
    now = now or utcnow()
    stage = TOTP if operator.totp_enrolled_at is not None else ENROL
    if stage == ENROL:
        operator.totp_secret_enc = cipher.encrypt(pyotp.random_base32(), _aad(operator))
    token = new_token()
    s.add(OperatorSession(token_hash=token_hash(token), operator_id=operator.id, stage=stage, created_at=now,
                          last_seen_at=now))
    s.flush()
    return token, stage


def rehash_if_needed(operator: Operator, password: str) -> None:
    if needs_rehash(operator.password_hash):
        operator.password_hash = hash_password(password)


def load(s: Session, token: str | None, settings: Settings, *, now: datetime | None = None) -> Current | None:
    """The live session the cookie names, or None (unknown, revoked, idle, too old, operator
    disabled). An expired session is revoked on the way."""
    if not token:
        return None
    now = now or utcnow()
    row = s.execute(select(OperatorSession, Operator).join(Operator, Operator.id == OperatorSession.operator_id)
                    .where(OperatorSession.token_hash == token_hash(token))).first()
    if row is None:
        return None
    sess, operator = row
    if sess.revoked_at is not None or operator.disabled_at is not None:
        return None
    if sess.stage == FULL:
        expired = (now - sess.last_seen_at > timedelta(seconds=settings.admin_idle_seconds)
                   or now - sess.created_at > timedelta(seconds=settings.admin_session_max_seconds))
    else:
        expired = now - sess.created_at > timedelta(seconds=settings.admin_second_factor_seconds)
    if expired:
        sess.revoked_at = now
        s.flush()
        return None
    return Current(sess, operator)


def touch(current: Current, *, now: datetime | None = None) -> None:
    current.session.last_seen_at = now or utcnow()


def end(s: Session, current: Current, *, now: datetime | None = None) -> None:
    current.session.revoked_at = now or utcnow()
    s.flush()


def end_all(s: Session, operator: Operator, *, now: datetime | None = None) -> None:
    s.execute(update(OperatorSession).where(OperatorSession.operator_id == operator.id,
                                            OperatorSession.revoked_at.is_(None))
              .values(revoked_at=now or utcnow()).execution_options(synchronize_session=False))


def promote(s: Session, current: Current, *, now: datetime | None = None) -> str:
    """The second factor passed: the half session ends and a full one starts under a new token."""
    now = now or utcnow()
    current.session.revoked_at = now
    token = new_token()
    s.add(OperatorSession(token_hash=token_hash(token), operator_id=current.operator.id, stage=FULL,
                          created_at=now, last_seen_at=now))
    current.operator.last_login_at = now
    s.flush()
    return token


# -- TOTP --------------------------------------------------------------------------------------

def _aad(operator: Operator) -> bytes:
    return aad_for("operators", "totp_secret", operator.public_id)


def secret_of(operator: Operator, cipher: Any) -> str:
    assert operator.totp_secret_enc is not None
    return str(cipher.decrypt(operator.totp_secret_enc, _aad(operator)))


def provisioning_uri(operator: Operator, cipher: Any, issuer: str) -> str:
    return pyotp.TOTP(secret_of(operator, cipher)).provisioning_uri(name=operator.username, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG markup (no image request, no script)."""
    return str(segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#111", light="#fff"))


def _fail_key(operator: Operator) -> str:
    return "mirror:operator-totp-failures:" + operator.public_id


def verify_code(s: Session, operator: Operator, code: str, *, cipher: Any, redis: Any, settings: Settings,
                now: float | None = None) -> None:
    """Accept ``code`` once: confirms enrolment, records the step.

    :raise TotpLocked: too many wrong codes (the caller ends what was half signed in).
    :raise TotpReplayed: the code (or an older one) was already used.
    :raise TotpInvalid: wrong, malformed or expired (older than one step of drift).
    """
    key = _fail_key(operator)
    if int(redis.get(key) or 0) >= settings.operator_max_failed_logins:
        raise TotpLocked()
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret_of(operator, cipher))
    code = "".join(code.split())
    step = int(now // STEP_SECONDS)
    matched = None
    if len(code) == 6 and code.isdigit():
        for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
            if hmac.compare_digest(totp.at(candidate * STEP_SECONDS), code):
                matched = candidate
    if matched is not None and operator.totp_last_step is not None and matched <= operator.totp_last_step:
        raise TotpReplayed()
    if matched is None:
        pipe = redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, settings.operator_lockout_seconds)
        if pipe.execute()[0] >= settings.operator_max_failed_logins:
            raise TotpLocked()
        raise TotpInvalid()
    redis.delete(key)
    # Compare-and-set, so two requests racing with one code cannot both pass.
    claimed = s.execute(
        update(Operator).where(Operator.id == operator.id,
                               (Operator.totp_last_step.is_(None)) | (Operator.totp_last_step < matched))
        .values(totp_last_step=matched).execution_options(synchronize_session=False))
    if cast(CursorResult, claimed).rowcount != 1:  # DML: a CursorResult
        raise TotpReplayed()
    operator.totp_last_step = matched
    if operator.totp_enrolled_at is None:
        operator.totp_enrolled_at = utcnow()
