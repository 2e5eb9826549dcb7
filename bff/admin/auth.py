"""Operator (platform staff) authentication, entirely separate from mini-program users.

* Passwords: argon2id (``bff/admin/passwords.py``); older scrypt hashes still verify.
* Tokens: HS256 JWTs with their own audience (``operator_jwt_audience``, never the
  mini-program's) and ``typ`` ``operator``; short-lived (``operator_token_ttl``). A mini-program
  token fails here on audience and type, and an operator token fails the mini-program guard the
  same way. The token's ``roles`` claim is informational: roles and the disabled flag are read
  from the database on every request.
* Usernames are normalised (NFKC, casefold, trimmed) when created and when typed, and compared
  normalised on read too (rows made before the rule need no migration).
* Lockout: ``operator_max_failed_logins`` bad passwords for one operator (counted in Redis under
  the operator's id, found first: the database compares names accent- and width-insensitively, so
  a counter keyed on the typed text would give every spelling fresh guesses) lock it for
  ``operator_lockout_seconds`` (423 ``operator_locked``), even for the right password. Each
  attempt is counted before it is checked, atomically, so parallel guesses get no extra tries.
  ``authenticate`` holds the whole rule without Flask, for every login front end.
* Not done yet: a second factor for admins (SECURITY.md #24) and idle timeout beyond the short TTL.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

import jwt
from flask import g, request
from sqlalchemy import select

from bff.admin.passwords import hash_password, verify_password
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.security.tokens import ALGORITHMS
from models import Operator
from models.base import utcnow
from models.billing import OperatorRole

OPERATOR_TYP = "operator"
PASSWORD_MIN = 12


class OperatorTokenMissing(DomainError):
    status, reason, message = 401, "operator_token_missing", "请先登录运营后台"


class OperatorTokenInvalid(DomainError):
    status, reason, message = 401, "operator_token_invalid", "运营后台登录凭证无效，请重新登录"


class OperatorTokenExpired(DomainError):
    status, reason, message = 401, "operator_token_expired", "运营后台登录已过期，请重新登录"


class OperatorDisabled(DomainError):
    status, reason, message = 401, "operator_disabled", "该运营账号已停用"


class OperatorRoleRequired(DomainError):
    status, reason, message = 403, "operator_role_required", "当前运营账号没有此操作的权限"


class OperatorLoginFailed(DomainError):
    status, reason, message = 401, "operator_login_failed", "用户名或密码错误"


class OperatorLocked(DomainError):
    status, reason, message = 423, "operator_locked", "登录失败次数过多，账号已临时锁定，请稍后再试"


OPERATOR_AUTH_ERRORS = (OperatorTokenMissing, OperatorTokenInvalid, OperatorTokenExpired, OperatorDisabled)


# -- passwords ---------------------------------------------------------------------------------

@functools.cache
def _dummy_hash() -> str:
    """Checked against for unknown usernames, so they cost the same work as known ones."""
    return hash_password(secrets.token_urlsafe(16))


def check_password_policy(password: str) -> None:
    classes = sum(any(f(c) for c in password) for f in (str.islower, str.isupper, str.isdigit,
                                                          lambda c: not c.isalnum()))
    if len(password) < PASSWORD_MIN or classes < 3:
        raise ValueError(f"password needs at least {PASSWORD_MIN} characters and 3 of: lower, upper, digit, symbol")


def parse_roles(roles: Iterable[str]) -> list[str]:
    out = sorted({r.strip() for r in roles if r.strip()})
    valid = {r.value for r in OperatorRole}
    if not out or set(out) - valid:
        raise ValueError(f"roles must be a non-empty subset of {sorted(valid)}")
    return out


# -- tokens ------------------------------------------------------------------------------------

def issue_token(operator: Operator, *, now: float | None = None, settings: Any = None) -> tuple[str, int]:
    settings = settings or deps().settings
    issued_at = int(now if now is not None else time.time())
    claims = {
        "iss": settings.jwt_issuer, "aud": settings.operator_jwt_audience, "sub": operator.public_id,
        "typ": OPERATOR_TYP, "roles": list(operator.roles), "jti": secrets.token_urlsafe(16),
        "iat": issued_at, "exp": issued_at + settings.operator_token_ttl,
    }
    return jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm="HS256"), claims["exp"]


def verify_token(raw: str) -> dict[str, Any]:
    settings = deps().settings
    try:
        claims = jwt.decode(raw, settings.secret_key.get_secret_value(), algorithms=ALGORITHMS,
                            audience=settings.operator_jwt_audience, issuer=settings.jwt_issuer,
                            options={"require": ["exp", "iat", "sub", "typ", "jti", "aud", "iss"]}, leeway=5)
    except jwt.ExpiredSignatureError as exc:
        raise OperatorTokenExpired() from exc
    except jwt.PyJWTError as exc:
        raise OperatorTokenInvalid() from exc
    if claims.get("typ") != OPERATOR_TYP:
        raise OperatorTokenInvalid()
    return claims


# -- login -------------------------------------------------------------------------------------

def normalise_username(username: str) -> str:
    """The one form usernames are stored and compared in (full-width, ligatures and case folded)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold()).strip()


def _fail_key(subject: str) -> str:
    return "mirror:operator-login-failures:" + hashlib.sha256(subject.encode()).hexdigest()[:32]


def authenticate(session: Any, redis: Any, settings: Any, username: str, password: str) -> Operator:
    """Check an operator's credentials under the lockout rule; Flask-free (any login front end).

    The operator is looked up first and failures are counted on its id, so every spelling the
    database collation folds onto one row (accents, widths, case) shares one counter; a spelling
    that is not the stored name once normalised is a failure too. Unknown names count under
    their normalised text (they hold no account to protect, but guesses stay bounded).

    :raise OperatorLocked: (with Retry-After) too many failures, even for the right password.
    :raise OperatorLoginFailed: unknown name or wrong password.
    :raise OperatorDisabled: right password, disabled account.
    """
    typed = normalise_username(username)
    operator = session.scalar(select(Operator).where(Operator.username == typed)) if typed else None
    key = _fail_key(f"operator:{operator.id}" if operator is not None else f"name:{typed}")
    # Count the attempt before checking it (one atomic step): concurrent guesses cannot all read
    # "4 failures so far" and each get a try; at most the limit are ever checked per window.
    pipe = redis.pipeline(transaction=True)
    pipe.set(key, 0, ex=settings.operator_lockout_seconds, nx=True)
    pipe.incr(key)
    attempt = int(pipe.execute()[1])
    if attempt > settings.operator_max_failed_logins:
        raise OperatorLocked(headers={"Retry-After": str(max(1, redis.ttl(key)))})
    exact = operator is not None and normalise_username(operator.username) == typed
    ok = verify_password(password, operator.password_hash if operator else _dummy_hash()) and exact
    if not ok:
        raise OperatorLoginFailed()
    assert operator is not None
    if operator.disabled_at is not None:
        raise OperatorDisabled()
    redis.delete(key)
    return operator


def login(username: str, password: str) -> tuple[Operator, str, int]:
    d = deps()
    operator = authenticate(db(), d.redis, d.settings, username, password)
    token, expires_at = issue_token(operator, settings=d.settings)
    return operator, token, expires_at


def check_username(username: str) -> str:
    """The normalised username, or ValueError (empty, too long, control or invisible characters)."""
    name = normalise_username(username)
    if not name or len(name) > 64 or any(unicodedata.category(c)[0] in "CZ" and c != " " for c in name):
        raise ValueError("username must be 1-64 printable characters")
    return name


def create_operator(session: Any, username: str, password: str, roles: Iterable[str]) -> Operator:
    """:raise ValueError: a bad username, password or roles, or a name the database takes for an existing one."""
    name = check_username(username)
    check_password_policy(password)
    if session.scalar(select(Operator.id).where(Operator.username == name)) is not None:
        raise ValueError("an operator with this username (or one the database compares equal) exists")
    operator = Operator(username=name, password_hash=hash_password(password), roles=parse_roles(roles),
                        created_at=utcnow())
    session.add(operator)
    session.flush()
    return operator


# -- the guard ---------------------------------------------------------------------------------

def authenticate_operator() -> Operator:
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise OperatorTokenMissing()
    claims = verify_token(raw.strip())
    operator = db().scalar(select(Operator).where(Operator.public_id == claims["sub"]))
    if operator is None:
        raise OperatorTokenInvalid()
    if operator.disabled_at is not None:
        raise OperatorDisabled()
    g.operator = operator
    return operator


def operator_required(role: str | tuple[str, ...] | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """401 without a live operator token; 403 unless the operator (per the DB) has one of ``role``."""
    allowed = (role,) if isinstance(role, str) else role

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            operator = authenticate_operator()
            if allowed and not set(allowed) & set(operator.roles or []):
                raise OperatorRoleRequired(errors={"required_any_of": list(allowed)})
            return fn(*args, **kwargs)
        return wrapper

    return decorator


def current_operator() -> Operator:
    return g.operator
