"""Envelope encryption: data keys stored wrapped, rotated and retired with no downtime.

- A *data key* (DEK, 32 random bytes) seals field values (``FieldCipher``). DEKs live in
  ``data_keys``, only ever wrapped with AES-256-GCM under a *key-encryption key* (KEK)
  from settings (``field_keys`` / ``field_primary_key``). The wrapped form is
  ``v1.<kek id>.<base64url(nonce | ct | tag)>`` with AAD ``b"dek|" + kid``, so a wrapped
  key copied onto another row does not unwrap.
- Exactly one DEK is ``primary`` (seals new values); older ones are ``active`` (open old
  values) until ``reencrypt`` has moved every value off them, then ``retired`` (no longer
  loaded: values still naming them fail to decrypt).
- ``Keyring`` is what a process uses: it loads and unwraps DEKs lazily through its own
  session factory (works in the web app, jobs and the CLI), caches them, reloads when it
  meets an unknown key id and re-reads which key is primary at most every
  ``refresh_interval`` seconds, so a rotation reaches every process without restarts.

Rotation runbook (``mirror keys ...``): ``rotate`` → wait ``data_key_refresh_seconds`` →
``reencrypt`` (waits by itself if needed; resumable) → old DEK retired. KEK rotation: add
the new KEK to ``field_keys``, make it ``field_primary_key``, deploy, ``rewrap``, then
remove the old KEK.

Key ids are ``k1``, ``k2``...: the primary key of ``data_keys`` makes two processes that
create "the next" key at once collide instead of both succeeding, which is what keeps
``ensure_primary_key`` and ``rotate`` race-safe on every database without locks.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from bff.config import Settings
from bff.security.fields import FieldCipher, ciphertext_prefix
from models import ActivationBatch, Client, ConsentRecord, DataKey, Operator, User
from models.base import utcnow
from models.keys import DataKeyStatus

log = logging.getLogger(__name__)

_WRAP_VERSION = "v1"
_KID_PATTERN = re.compile(r"k(\d+)")
_MAX_ID = 16  # data_keys.kid and data_keys.kek_id are String(16)


class KeyringError(Exception):
    """A data key cannot be created, unwrapped or found (missing KEK, wrong KEK, no primary)."""


# --- registry of encrypted columns ------------------------------------------------------


class EncryptedColumn(NamedTuple):
    """One encrypted column: values are sealed with ``aad_for(table, aad_column, row.public_id)``."""

    model: Any
    column: InstrumentedAttribute[Any]
    aad_column: str

    @property
    def table(self) -> str:
        return self.model.__tablename__

    @property
    def label(self) -> str:
        return f"{self.table}.{self.column.key}"


# Every column FieldCipher writes. Add new encrypted columns here so re-encryption,
# retirement and `mirror keys status` see them.
ENCRYPTED_COLUMNS: list[EncryptedColumn] = [
    EncryptedColumn(User, User.session_key_enc, "session_key"),
    EncryptedColumn(User, User.phone_enc, "phone"),
    EncryptedColumn(Client, Client.name_enc, "name"),
    EncryptedColumn(Client, Client.phone_enc, "phone"),
    EncryptedColumn(Client, Client.birth_date_enc, "birth_date"),
    EncryptedColumn(Client, Client.notes_enc, "notes"),
    # Consent evidence: its hash covers the plaintext, so re-encrypting keeps the chain valid.
    EncryptedColumn(ConsentRecord, ConsentRecord.signer_phone_enc, "signer_phone"),
    EncryptedColumn(ConsentRecord, ConsentRecord.guardian_name_enc, "guardian_name"),
    EncryptedColumn(ConsentRecord, ConsentRecord.ip_enc, "ip"),
    # Operators' TOTP secrets, and activation codes until their one-time export.
    EncryptedColumn(Operator, Operator.totp_secret_enc, "totp_secret"),
    EncryptedColumn(ActivationBatch, ActivationBatch.codes_enc, "codes"),
]


# --- wrapping under the KEKs ------------------------------------------------------------


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _dek_aad(kid: str) -> bytes:
    return b"dek|" + kid.encode()


class Keks:
    """The key-encryption keys from settings; the primary wraps new and re-wrapped DEKs."""

    def __init__(self, keys: dict[str, bytes], primary: str) -> None:
        if primary not in keys:
            raise KeyringError("the primary KEK must be one of the KEKs")
        self._keys = {kek_id: AESGCM(key) for kek_id, key in keys.items()}
        self.primary = primary

    @classmethod
    def from_settings(cls, settings: Settings) -> Keks:
        keys = {kek_id: base64.b64decode(k.get_secret_value()) for kek_id, k in settings.field_keys.items()}
        return cls(keys, settings.field_primary_key)

    def wrap(self, kid: str, dek: bytes) -> tuple[str, str]:
        """(kek id, wrapped key) of ``dek`` under the primary KEK."""
        if len(self.primary) > _MAX_ID or "." in self.primary:
            raise KeyringError(f"KEK id {self.primary!r} must be at most {_MAX_ID} characters, without dots")
        nonce = os.urandom(12)
        sealed = self._keys[self.primary].encrypt(nonce, dek, _dek_aad(kid))
        return self.primary, f"{_WRAP_VERSION}.{self.primary}.{_b64e(nonce + sealed)}"

    def unwrap(self, kid: str, kek_id: str, wrapped: str) -> bytes:
        try:
            version, named_kek, body = wrapped.split(".", 2)
        except ValueError as exc:
            raise KeyringError(f"data key {kid}: unknown wrapped format") from exc
        if version != _WRAP_VERSION or named_kek != kek_id:
            raise KeyringError(f"data key {kid}: unknown wrapped format")
        kek = self._keys.get(kek_id)
        if kek is None:
            raise KeyringError(f"data key {kid} is wrapped by KEK {kek_id!r}, which is not configured")
        try:
            raw = _b64d(body)
            dek = kek.decrypt(raw[:12], raw[12:], _dek_aad(kid))
        except (InvalidTag, ValueError) as exc:
            raise KeyringError(f"data key {kid} does not unwrap under KEK {kek_id!r} (wrong KEK?)") from exc
        if len(dek) != 32:
            raise KeyringError(f"data key {kid} is not 32 bytes")
        return dek


def _next_kid(kids: Iterable[str]) -> str:
    numbers = [int(m.group(1)) for kid in kids if (m := _KID_PATTERN.fullmatch(kid))]
    return f"k{max(numbers, default=0) + 1}"


def _new_row(keks: Keks, kid: str, dek: bytes, status: DataKeyStatus) -> DataKey:
    kek_id, wrapped = keks.wrap(kid, dek)
    return DataKey(kid=kid, kek_id=kek_id, wrapped_key=wrapped, status=status, created_at=utcnow())


# --- the per-process keyring ------------------------------------------------------------


@dataclass(frozen=True)
class _Snapshot:
    primary: str | None
    keys: dict[str, tuple[str, AESGCM]]  # kid -> (wrapped form it was unwrapped from, AEAD)
    loaded_at: float  # self._clock(), for the refresh interval
    started_ns: int  # perf_counter_ns() when the read began, to order concurrent reloads


class Keyring:
    """Data keys of one process, read from ``data_keys`` through ``session_factory``.

    Thread-safe. Lookups of cached keys take no lock; reloads are serialised, and a caller
    that asked after a reload started reuses its result instead of querying again.
    """

    def __init__(self, session_factory: sessionmaker, settings: Settings, *,
                 refresh_interval: float | None = None, create_missing: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._factory = session_factory
        self._settings = settings
        self._keks = Keks.from_settings(settings)
        self.refresh_interval = (settings.data_key_refresh_seconds if refresh_interval is None
                                 else refresh_interval)
        self._create_missing = create_missing
        self._clock = clock
        self._lock = threading.Lock()
        self._snap: _Snapshot | None = None

    def primary(self) -> tuple[str, AESGCM]:
        snap = self._snap
        if snap is None or snap.primary is None or self._clock() - snap.loaded_at >= self.refresh_interval:
            snap = self._reload(time.perf_counter_ns())
        if snap.primary is None:
            raise KeyringError("no primary data key (run `mirror migrate`)")
        return snap.primary, snap.keys[snap.primary][1]

    def get(self, kid: str) -> AESGCM | None:
        snap = self._snap
        if snap is not None and kid in snap.keys:
            return snap.keys[kid][1]
        # Unknown here: another process may have rotated since we last looked.
        snap = self._reload(time.perf_counter_ns())
        entry = snap.keys.get(kid)
        return entry[1] if entry else None

    def refresh(self) -> None:
        """Re-read the table now (e.g. right after rotating in this process)."""
        self._reload(time.perf_counter_ns())

    def invalidate(self) -> None:
        """Forget everything; the next use reloads (tests that wipe the table use this)."""
        with self._lock:
            self._snap = None

    def _reload(self, asked_ns: int) -> _Snapshot:
        with self._lock:
            current = self._snap
            if current is not None and current.started_ns > asked_ns:
                return current  # another thread reloaded after we asked
            snap = self._load(current)
            self._snap = snap
            return snap

    def _read(self) -> list[tuple[str, str, str, DataKeyStatus]]:
        with self._factory() as session:
            rows = session.execute(
                select(DataKey.kid, DataKey.kek_id, DataKey.wrapped_key, DataKey.status)
                .where(DataKey.status != DataKeyStatus.retired)
                .order_by(DataKey.created_at, DataKey.kid)
            ).all()
        return [tuple(r) for r in rows]

    def _load(self, previous: _Snapshot | None) -> _Snapshot:
        started_ns, loaded_at = time.perf_counter_ns(), self._clock()
        rows = self._read()
        if self._create_missing and not any(r[3] == DataKeyStatus.primary for r in rows):
            with self._factory.begin() as session:
                ensure_primary_key(session, self._settings)
            rows = self._read()
        cached = previous.keys if previous else {}
        keys: dict[str, tuple[str, AESGCM]] = {}
        primary = None
        for kid, kek_id, wrapped, status in rows:
            hit = cached.get(kid)
            if hit is not None and hit[0] == wrapped:
                keys[kid] = hit
            else:
                try:
                    keys[kid] = (wrapped, AESGCM(self._keks.unwrap(kid, kek_id, wrapped)))
                except KeyringError:
                    if status == DataKeyStatus.primary:
                        raise
                    log.warning("data key %s cannot be unwrapped; values under it will not decrypt", kid)
                    continue
            if status == DataKeyStatus.primary:
                if primary is not None:
                    log.warning("more than one primary data key; using the newest, %s", kid)
                primary = kid
        return _Snapshot(primary, keys, loaded_at, started_ns)


def stored_cipher(session_factory: sessionmaker, settings: Settings) -> FieldCipher:
    """The FieldCipher of the app, jobs and CLI: data keys from ``data_keys``."""
    return FieldCipher(Keyring(session_factory, settings))


# --- key management (callers own the transaction) --------------------------------------


def _legacy_keys_in_use(session: Session, settings: Settings) -> dict[str, bytes]:
    """Before envelope encryption the configured keys sealed values directly (``v1.<kek id>.``).

    When ``data_keys`` is first filled, such keys are imported as ``active`` data keys so
    those values stay readable until ``reencrypt`` moves them to the primary.
    """
    found = {}
    for kek_id, key in settings.field_keys.items():
        prefix = ciphertext_prefix(kek_id)
        for enc in ENCRYPTED_COLUMNS:
            where = enc.column.startswith(prefix, autoescape=True)
            hit = session.scalar(select(enc.model.id).where(where).limit(1))
            if hit is not None:
                if len(kek_id) > _MAX_ID:
                    raise KeyringError(f"values use legacy key {kek_id!r}, longer than {_MAX_ID} characters")
                found[kek_id] = base64.b64decode(key.get_secret_value())
                break
    return found


def ensure_primary_key(session: Session, settings: Settings) -> str:
    """The primary data key's id, creating the first one if there is none. Idempotent.

    Race-safe: two processes that both find no primary both insert the same next key id;
    the loser's insert fails on the primary key, and it returns the winner's key.
    """
    current = session.scalar(select(DataKey.kid).where(DataKey.status == DataKeyStatus.primary))
    if current is not None:
        return current
    existing = list(session.scalars(select(DataKey.kid)))
    keks = Keks.from_settings(settings)
    try:
        with session.begin_nested():
            if not existing:
                for kid, raw in _legacy_keys_in_use(session, settings).items():
                    log.warning("importing pre-envelope field key %s as an active data key", kid)
                    session.add(_new_row(keks, kid, raw, DataKeyStatus.active))
                    existing.append(kid)
            kid = _next_kid(existing)
            session.add(_new_row(keks, kid, os.urandom(32), DataKeyStatus.primary))
            session.flush()
    except IntegrityError:
        # Someone else created it first. A locking read sees their committed row even
        # where this transaction's snapshot predates it (InnoDB repeatable read).
        winner = session.scalar(
            select(DataKey.kid).where(DataKey.status == DataKeyStatus.primary).with_for_update()
        )
        if winner is None:
            raise
        return winner
    log.info("created primary data key %s", kid)
    return kid


def rotate(session: Session, settings: Settings) -> str:
    """Demote the primary data key to ``active`` and make a new one primary; its id.

    Processes seal new values under the new key within ``data_key_refresh_seconds``;
    old values stay readable. Then run ``reencrypt``.
    """
    rows = list(session.scalars(select(DataKey).order_by(DataKey.kid).with_for_update()))
    if not rows:
        return ensure_primary_key(session, settings)
    for row in rows:
        if row.status == DataKeyStatus.primary:
            row.status = DataKeyStatus.active
    kid = _next_kid(r.kid for r in rows)
    session.add(_new_row(Keks.from_settings(settings), kid, os.urandom(32), DataKeyStatus.primary))
    session.flush()
    log.info("rotated: primary data key is now %s", kid)
    return kid


@dataclass
class RewrapReport:
    rewrapped: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # retired keys whose KEK is gone


def rewrap(session: Session, settings: Settings) -> RewrapReport:
    """Re-wrap every data key that is not under the primary KEK, so old KEKs can be removed.

    :raise KeyringError: a key still in use is wrapped by a KEK missing from settings.
    """
    keks = Keks.from_settings(settings)
    report = RewrapReport()
    for row in session.scalars(select(DataKey).order_by(DataKey.kid).with_for_update()):
        if row.kek_id == keks.primary:
            continue
        try:
            dek = keks.unwrap(row.kid, row.kek_id, row.wrapped_key)
        except KeyringError:
            if row.status == DataKeyStatus.retired:
                report.skipped.append(row.kid)
                continue
            raise
        row.kek_id, row.wrapped_key = keks.wrap(row.kid, dek)
        report.rewrapped.append(row.kid)
    session.flush()
    return report
