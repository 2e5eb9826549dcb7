"""Each store's consent records form a hash chain: the writer and the verifier share this format.

``hash = sha256(canonical_json(fields) + prev_hash)``; a store's first record links to
``GENESIS``. The encrypted columns enter the hash as their plaintext, so re-encryption under
a new data key (``mirror keys reencrypt``) keeps every hash valid, while a ciphertext that was
swapped or altered fails to decrypt and shows up as an altered record. No Flask here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from bff.hashchain import GENESIS, iso_utc, link, lock_head
from bff.security.fields import FieldCipher, aad_for
from models import ConsentChainHead, ConsentRecord
from models.base import new_public_id, utcnow

__all__ = ["GENESIS", "append", "lock", "record_hash", "unseal"]

TABLE = "consent_records"
HASHED_FIELDS = (
    "public_id", "store_id", "seq", "kind", "client_id", "request_id", "template_id", "template_sha256",
    "scopes", "actor_user_id", "actor_role", "signer_openid", "guardian_relationship", "minor",
    "signature_object_key", "signature_sha256", "user_agent", "reason", "occurred_at",
)
# Plaintext name -> encrypted column (AAD: consent_records|<name>|<public id>).
SEALED = {"signer_phone": "signer_phone_enc", "guardian_name": "guardian_name_enc", "ip": "ip_enc"}


def record_hash(row: Any, plain: Mapping[str, str | None], prev_hash: str) -> str:
    """The hash of a record (ORM object or table row) given the plaintext of its sealed columns."""
    fields = {name: getattr(row, name) for name in HASHED_FIELDS}
    fields["kind"] = str(fields["kind"])
    fields["minor"] = bool(fields["minor"])
    fields["occurred_at"] = iso_utc(fields["occurred_at"])
    fields.update({name: plain.get(name) for name in SEALED})
    return link(fields, prev_hash)


def unseal(cipher: FieldCipher, row: Any) -> dict[str, str | None]:
    """Plaintext of the sealed columns. :raise DecryptionError: a value was altered or moved."""
    return {name: None if getattr(row, column) is None
            else cipher.decrypt(getattr(row, column), aad_for(TABLE, name, row.public_id))
            for name, column in SEALED.items()}


def append(session: Session, cipher: FieldCipher, record: ConsentRecord,
           sealed: Mapping[str, str | None]) -> ConsentRecord:
    """Seal, number, time, hash and insert ``record`` at the end of its store's chain.

    Appends to one store's chain are serialised by the row lock on its head, held until the
    caller's transaction ends; the time is taken under the lock so it never runs backwards.
    """
    head = lock(session, record.store_id)
    record.public_id = record.public_id or new_public_id()
    record.seq, record.occurred_at, record.prev_hash = head.last_seq + 1, utcnow(), head.last_hash
    for name, column in SEALED.items():
        value = sealed.get(name)
        sealed_value = None if value is None else cipher.encrypt(value, aad_for(TABLE, name, record.public_id))
        setattr(record, column, sealed_value)
    record.hash = record_hash(record, sealed, record.prev_hash)
    head.last_seq, head.last_hash = record.seq, record.hash
    session.add(record)
    session.flush()
    return record


def lock(session: Session, store_id: int) -> ConsentChainHead:
    """Create-or-lock the store's head (``bff.hashchain.lock_head``), held until the transaction
    ends; locking again in the same transaction is free."""
    head: ConsentChainHead = lock_head(session, ConsentChainHead, store_id)
    return head
