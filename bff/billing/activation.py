"""Activation codes: batches created by operators, redeemed once each by mini-program users.

Format: 17 random symbols of Crockford's base32 alphabet (no I, L, O, U: 5 bits each, 85 bits of
entropy) plus one Luhn-mod-32 check symbol, shown as ``XXXXXX-XXXXXX-XXXXXX``. Input is
normalised (case, dashes, spaces; O→0, I/L→1) and a wrong check symbol is refused before any
database lookup. Only an HMAC-SHA256 of the normalised code (key derived from
``blind_index_key``) is stored; the codes are returned once, when the batch is created.

Redemption is a conditional ``UPDATE ... WHERE redeemed_at IS NULL``: of two simultaneous
redemptions exactly one changes the row and wins; the other answers 409. The grant is a ledger
entry with cause ``(activation_code, <code row id>)``, in the same transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, func, insert, select, update
from sqlalchemy.orm import Session

from bff.billing import ledger, service
from bff.deps import deps
from bff.errors import DomainError
from models import ActivationBatch, ActivationCode, EntitlementEntry, Plan, User
from models.base import utcnow
from models.billing import LedgerCause

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
DATA_CHARS = 17
GROUP = 6
CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
QUANTITY_MAX = 10_000
_INDEX = {c: i for i, c in enumerate(ALPHABET)}


class ActivationCodeMalformed(DomainError):
    status, reason, message = 422, "activation_code_malformed", "激活码格式有误，请核对后重新输入"


class ActivationCodeInvalid(DomainError):
    status, reason, message = 404, "activation_code_invalid", "激活码无效"


class ActivationCodeUsed(DomainError):
    status, reason, message = 409, "activation_code_used", "该激活码已被使用"


class ActivationBatchDisabled(DomainError):
    status, reason, message = 410, "activation_batch_disabled", "该激活码已停用"


class ActivationCodeNotYetValid(DomainError):
    status, reason, message = 410, "activation_code_not_yet_valid", "该激活码尚未到可用时间"


class ActivationCodeExpired(DomainError):
    status, reason, message = 410, "activation_code_expired", "该激活码已过期"


PlanNotFound = service.PlanNotFound  # one definition per reason


class BatchNotFound(DomainError):
    status, reason, message = 404, "activation_batch_not_found", "激活码批次不存在"


# A batch may start a little in the past (clock skew, same-day campaigns) and end within a few years;
# year 1 or 9999 is a typo, not a campaign.
BACKDATE_MAX = timedelta(days=7)
WINDOW_MAX = timedelta(days=3 * 365)


class BatchWindowInvalid(DomainError):
    status, reason, message = 422, "activation_batch_window_invalid", "有效期设置有误"


# -- the code format ---------------------------------------------------------------------------

def check_symbol(data: str) -> str:
    """Luhn mod 32 over the alphabet: catches every single wrong symbol and most adjacent swaps."""
    n, factor, total = len(ALPHABET), 2, 0
    for ch in reversed(data):
        addend = factor * _INDEX[ch]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def generate_code() -> str:
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_CHARS))
    return format_code(data + check_symbol(data))


def format_code(normalised: str) -> str:
    return "-".join(normalised[i:i + GROUP] for i in range(0, len(normalised), GROUP))


def normalise(raw: str) -> str:
    """Canonical form, or ActivationCodeMalformed (wrong length, symbol or check symbol)."""
    code = "".join(raw.split()).replace("-", "").upper().translate(CONFUSABLES)
    if len(code) != DATA_CHARS + 1 or any(c not in _INDEX for c in code):
        raise ActivationCodeMalformed()
    if check_symbol(code[:-1]) != code[-1]:
        raise ActivationCodeMalformed()
    return code


def code_hash(normalised: str) -> str:
    key = hmac.new(deps().settings.blind_index_key.get_secret_value().encode(), b"activation-code/v1",
                   hashlib.sha256).digest()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


# -- batches -----------------------------------------------------------------------------------

def create_batch(session: Session, *, plan_code: str, quantity: int, valid_from: datetime, valid_until: datetime,
                 channel_note: str, created_by: str) -> tuple[ActivationBatch, list[str]]:
    plan = session.scalar(select(Plan).where(Plan.code == plan_code))
    if plan is None or plan.duration_days <= 0:
        raise PlanNotFound()
    now = utcnow()
    if valid_from < now - BACKDATE_MAX:
        raise BatchWindowInvalid(errors={"valid_from": ["生效时间不能早于当前时间七天以上。"]})
    if valid_until <= valid_from or valid_until <= now:
        raise BatchWindowInvalid(errors={"valid_until": ["失效时间须晚于生效时间和当前时间。"]})
    if valid_until > now + WINDOW_MAX:
        raise BatchWindowInvalid(errors={"valid_until": [f"有效期最长到 {WINDOW_MAX.days // 365} 年后。"]})
    batch = ActivationBatch(plan_id=plan.id, quantity=quantity, valid_from=valid_from, valid_until=valid_until,
                            channel_note=channel_note, created_by=created_by, created_at=utcnow())
    session.add(batch)
    session.flush()
    codes: list[str] = []
    seen: set[str] = set()
    while len(codes) < quantity:
        code = generate_code()
        if code not in seen:
            seen.add(code)
            codes.append(code)
    rows = [{"batch_id": batch.id, "code_hash": code_hash(normalise(c))} for c in codes]
    for start in range(0, len(rows), 1000):
        session.execute(insert(ActivationCode), rows[start:start + 1000])
    session.flush()
    return batch, codes


def find_batch(session: Session, public_id: str) -> ActivationBatch:
    batch = session.scalar(select(ActivationBatch).where(ActivationBatch.public_id == public_id))
    if batch is None:
        raise BatchNotFound()
    return batch


def list_batches(session: Session) -> list[tuple[ActivationBatch, Plan, int]]:
    redeemed = (select(ActivationCode.batch_id, func.count().label("n")).where(ActivationCode.redeemed_at.is_not(None))
                .group_by(ActivationCode.batch_id).subquery())
    rows = session.execute(
        select(ActivationBatch, Plan, func.coalesce(redeemed.c.n, 0))
        .join(Plan, Plan.id == ActivationBatch.plan_id)
        .outerjoin(redeemed, redeemed.c.batch_id == ActivationBatch.id)
        .order_by(ActivationBatch.id.desc())
    ).all()
    return [(b, p, int(n)) for b, p, n in rows]


def disable_batch(session: Session, batch: ActivationBatch) -> ActivationBatch:
    if batch.disabled_at is None:
        batch.disabled_at = utcnow()
        session.flush()
    return batch


# -- redemption --------------------------------------------------------------------------------

def redeem(session: Session, user: User, raw_code: str, *, now: datetime | None = None
           ) -> tuple[Plan, EntitlementEntry]:
    now = now or utcnow()
    code = normalise(raw_code)  # before any lookup
    row = session.execute(
        select(ActivationCode, ActivationBatch, Plan)
        .join(ActivationBatch, ActivationBatch.id == ActivationCode.batch_id)
        .join(Plan, Plan.id == ActivationBatch.plan_id)
        .where(ActivationCode.code_hash == code_hash(code))
    ).first()
    if row is None:
        raise ActivationCodeInvalid()
    activation, batch, plan = row
    if activation.redeemed_at is not None:
        raise ActivationCodeUsed()
    if batch.disabled_at is not None:
        raise ActivationBatchDisabled()
    if now < batch.valid_from:
        raise ActivationCodeNotYetValid()
    if now >= batch.valid_until:
        raise ActivationCodeExpired()
    ledger.lock_account(session, user)  # before the claim writes redeemed_by (a foreign key to the user)
    claimed = session.execute(
        update(ActivationCode)
        .where(ActivationCode.id == activation.id, ActivationCode.redeemed_at.is_(None))
        .values(redeemed_at=now, redeemed_by=user.id)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult, claimed).rowcount != 1:  # DML: a CursorResult
        raise ActivationCodeUsed()
    entry = ledger.grant(session, user, plan, cause_type=LedgerCause.activation_code, cause_id=str(activation.id),
                         now=now)
    return plan, entry
