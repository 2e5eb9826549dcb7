"""Key-usage accounting and re-encryption: move every value onto the primary data key,
then retire keys nothing references. See keyring.py for the rotation runbook."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bff.security.fields import DecryptionError, FieldCipher, aad_for, ciphertext_prefix
from bff.security.keyring import (
    ENCRYPTED_COLUMNS,
    EncryptedColumn,
)
from models import DataKey
from models.base import utcnow
from models.keys import DataKeyStatus

log = logging.getLogger(__name__)

# Added to the refresh interval before re-encryption trusts that no process still seals
# new values under a demoted key (covers requests that were in flight at the rotation).
PROPAGATION_GRACE = 5.0


def _references(session: Session, kid: str) -> int:
    prefix = ciphertext_prefix(kid)
    return sum(
        session.scalar(select(func.count()).select_from(enc.model)
                       .where(enc.column.startswith(prefix, autoescape=True))) or 0
        for enc in ENCRYPTED_COLUMNS
    )


@dataclass(frozen=True)
class KeyStatus:
    kid: str
    status: DataKeyStatus
    kek_id: str
    created_at: Any
    values: int  # values in ENCRYPTED_COLUMNS sealed under this key


def key_status(session: Session) -> tuple[list[KeyStatus], int]:
    """Every data key with how many values reference it, and how many values name no known key."""
    rows = list(session.scalars(select(DataKey).order_by(DataKey.created_at, DataKey.kid)))
    keys = [KeyStatus(r.kid, r.status, r.kek_id, r.created_at, _references(session, r.kid)) for r in rows]
    total = sum(
        session.scalar(select(func.count()).select_from(enc.model).where(enc.column.is_not(None))) or 0
        for enc in ENCRYPTED_COLUMNS
    )
    return keys, total - sum(k.values for k in keys)


def retire_unused(session: Session) -> list[str]:
    """Mark ``active`` data keys that no value references as ``retired``; their ids."""
    retired = []
    for row in session.scalars(select(DataKey).order_by(DataKey.kid).with_for_update()):
        if row.status == DataKeyStatus.active and _references(session, row.kid) == 0:
            row.status = DataKeyStatus.retired
            retired.append(row.kid)
    session.flush()
    return retired


# --- re-encryption ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReencryptProgress:
    """Reported after each committed batch (``phase="batch"``) and before waiting (``"waiting"``)."""

    phase: str
    column: str = ""  # "users.phone_enc"
    batch_scanned: int = 0
    batch_rewritten: int = 0
    scanned: int = 0  # totals over the whole run so far
    rewritten: int = 0
    failed: int = 0
    wait_seconds: float = 0.0


@dataclass
class ReencryptReport:
    scanned: int = 0
    rewritten: int = 0
    failed: int = 0  # values that did not decrypt (left untouched; their key is not retired)
    retired: list[str] = field(default_factory=list)
    remaining: dict[str, int] = field(default_factory=dict)  # active kid -> values still under it


def _wait_for_propagation(session_factory: sessionmaker, delay: float,
                          progress: Callable[[ReencryptProgress], Any] | None,
                          sleep: Callable[[float], Any]) -> None:
    with session_factory() as session:
        created = session.scalar(select(DataKey.created_at).where(DataKey.status == DataKeyStatus.primary))
    if created is None:
        return
    remaining = (created + timedelta(seconds=delay) - utcnow()).total_seconds()
    if remaining > 0:
        if progress:
            progress(ReencryptProgress("waiting", wait_seconds=remaining))
        sleep(remaining)


def reencrypt(session_factory: sessionmaker, cipher: FieldCipher, *, batch_size: int = 500,
              progress: Callable[[ReencryptProgress], Any] | None = None,
              columns: Sequence[EncryptedColumn] | None = None,
              propagation_delay: float | None = None,
              sleep: Callable[[float], Any] = time.sleep) -> ReencryptReport:
    """Rewrite every value not under the primary data key, then retire unreferenced keys.

    Walks each column of ``ENCRYPTED_COLUMNS`` in primary-key order, one transaction per
    batch. A value is replaced only if it is unchanged since it was read (compare-and-set),
    so concurrent writes are never lost, and ``updated_at``-style columns are left alone.
    Interrupting loses at most the current batch; running again resumes, since values
    already under the primary are not selected again.

    First waits until the primary key is ``propagation_delay`` seconds old (default: the
    keyring's refresh interval plus a grace period), so no process still seals values
    under a key this is about to retire.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    keyring = cipher.keyring
    if propagation_delay is None:
        propagation_delay = getattr(keyring, "refresh_interval", 0.0) + PROPAGATION_GRACE
    _wait_for_propagation(session_factory, propagation_delay, progress, sleep)
    refresh = getattr(keyring, "refresh", None)
    if refresh is not None:
        refresh()
    report = ReencryptReport()
    for enc in columns if columns is not None else ENCRYPTED_COLUMNS:
        table = enc.model.__table__
        column = table.c[enc.column.key]
        # Leave onupdate timestamps as they were: re-encryption changes no content.
        keep = {c.name: c for c in table.c if c.onupdate is not None}
        last_id = None
        while True:
            prefix = ciphertext_prefix(cipher.primary)
            query = (select(enc.model.id, enc.model.public_id, enc.column)
                     .where(enc.column.is_not(None), ~enc.column.startswith(prefix, autoescape=True))
                     .order_by(enc.model.id).limit(batch_size))
            if last_id is not None:
                query = query.where(enc.model.id > last_id)
            rewritten = 0
            with session_factory.begin() as session:
                rows = session.execute(query).all()
                for row_id, public_id, value in rows:
                    aad = aad_for(enc.table, enc.aad_column, public_id)
                    try:
                        plaintext = cipher.decrypt(value, aad)
                    except DecryptionError:
                        report.failed += 1
                        log.warning("re-encryption: %s of row %s does not decrypt", enc.label, row_id)
                        continue
                    result = session.execute(
                        update(table).where(table.c.id == row_id, column == value)
                        .values({**keep, column.name: cipher.encrypt(plaintext, aad)})
                    )
                    rewritten += result.rowcount
            if not rows:
                break
            last_id = rows[-1][0]
            report.scanned += len(rows)
            report.rewritten += rewritten
            if progress:
                progress(ReencryptProgress("batch", enc.label, len(rows), rewritten, report.scanned,
                                           report.rewritten, report.failed))
    with session_factory.begin() as session:
        report.retired = retire_unused(session)
        report.remaining = {
            k.kid: k.values for k in key_status(session)[0] if k.status == DataKeyStatus.active
        }
    return report
