"""GRANT statements for the application's restricted MariaDB/MySQL user (no Flask needed).

The app may read and write its own tables but only append to ``audit_events``, ``audit_batches``
and ``consent_records`` (the sealer writes an event's seal columns once): a compromised app (or
an operator using its credentials) cannot rewrite the evidence.
Schema changes (DDL) run as a separate migration user; see migrations/README.md.
"""

from __future__ import annotations

import re

from models import Base

DML = ("SELECT", "INSERT", "UPDATE", "DELETE")
# Tables whose privileges are narrower than full DML.
RESTRICTED = {
    # Append-only evidence; the sealer fills in the seal columns once (content is never writable).
    "audit_events": ("SELECT", "INSERT", "UPDATE (`seq`, `prev_hash`, `hash`)"),
    "audit_batches": ("SELECT", "INSERT"),  # append-only: each sealed batch and its digest
    "audit_chain_heads": ("SELECT", "INSERT", "UPDATE"),  # advanced in place, never removed
    "alembic_version": ("SELECT",),  # readiness checks may read it; only migrations move it
    # Consent evidence is append-only too; only its sealed columns may be rewritten, by
    # `mirror keys reencrypt` (the chain hashes their plaintext, so that breaks nothing).
    "consent_records": ("SELECT", "INSERT", "UPDATE (`signer_phone_enc`, `guardian_name_enc`, `ip_enc`)"),
    "consent_chain_heads": ("SELECT", "INSERT", "UPDATE"),
}
_USER = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")
_HOST = re.compile(r"^[A-Za-z0-9_.%:-]{1,255}$")


def grant_statements(database: str, user: str, host: str = "%") -> list[str]:
    """One GRANT per table of ``models.Base.metadata`` (plus ``alembic_version``), sorted by table.

    :raise ValueError: a user or host name outside ``[A-Za-z0-9_.-]`` (host may also use ``%:``).
    """
    if not _USER.match(user) or not _HOST.match(host):
        raise ValueError("user and host may only use letters, digits and _.- (host also % and :)")
    if not database or "\x00" in database:
        raise ValueError("database name is empty or invalid")
    grantee = f"'{user}'@'{host}'"
    schema = _quote(database)
    tables = sorted(set(Base.metadata.tables) | {"alembic_version"})
    return [f"GRANT {', '.join(RESTRICTED.get(t, DML))} ON {schema}.{_quote(t)} TO {grantee};"
            for t in tables]


def _quote(identifier: str) -> str:
    return "`" + identifier.replace("`", "``") + "`"
