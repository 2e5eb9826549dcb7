"""Consent grants for tests that need a consented client without going through signing.

Inserts what signing would leave behind: a ConsentRecord (chained on the store's head, so
seq stays unique) and an active ConsentGrant per scope. Withdrawal appends a withdraw record
and flips ``active``. Tests of signing itself must use the real flow, not this.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Client, ConsentChainHead, ConsentGrant, ConsentRecord, Store
from models.base import new_public_id
from models.consent import ConsentScope, RecordKind

GENESIS = "0" * 64


def _append(session: Session, store_id: int, client_id: int, kind: RecordKind, scopes: list[str],
            *, guardian: bool = False) -> ConsentRecord:
    head = session.get(ConsentChainHead, store_id, with_for_update=True)
    if head is None:
        head = ConsentChainHead(store_id=store_id, last_seq=0, last_hash=GENESIS)
        session.add(head)
    record = ConsentRecord(public_id=new_public_id(), store_id=store_id, seq=head.last_seq + 1, kind=kind,
                           client_id=client_id, scopes=scopes, actor_role="guardian" if guardian else "client",
                           minor=guardian, prev_hash=head.last_hash)
    record.hash = hashlib.sha256(f"test|{record.public_id}|{record.prev_hash}".encode()).hexdigest()
    head.last_seq, head.last_hash = record.seq, record.hash
    session.add(record)
    session.flush()
    return record


def insert_grant(session: Session, store_id: int, client_id: int, scopes: Iterable[str], *,
                 guardian: bool = False) -> None:
    """Grant ``scopes`` (internal ids); re-granting a withdrawn scope reactivates its row."""
    scopes = [ConsentScope(s).value for s in scopes]
    record = _append(session, store_id, client_id, RecordKind.grant, scopes, guardian=guardian)
    for scope in scopes:
        grant = session.scalar(select(ConsentGrant).where(
            ConsentGrant.store_id == store_id, ConsentGrant.client_id == client_id, ConsentGrant.scope == scope))
        if grant is None:
            grant = ConsentGrant(store_id=store_id, client_id=client_id, scope=ConsentScope(scope))
            session.add(grant)
        grant.active, grant.guardian = True, guardian
        grant.granted_record_id, grant.withdrawn_record_id = record.id, None
    session.flush()


def insert_withdrawal(session: Session, store_id: int, client_id: int, scopes: Iterable[str] | None = None) -> None:
    """Withdraw ``scopes`` (all active ones when None)."""
    grants = list(session.scalars(select(ConsentGrant).where(
        ConsentGrant.store_id == store_id, ConsentGrant.client_id == client_id, ConsentGrant.active.is_(True))))
    if scopes is not None:
        wanted = {ConsentScope(s) for s in scopes}
        grants = [g for g in grants if g.scope in wanted]
    if not grants:
        return
    record = _append(session, store_id, client_id, RecordKind.withdraw, sorted(g.scope.value for g in grants))
    for grant in grants:
        grant.active, grant.withdrawn_record_id = False, record.id
    session.flush()


def _ids(session: Session, store_public_id: str, client_public_id: str) -> tuple[int, int]:
    store = session.scalar(select(Store).where(Store.public_id == store_public_id))
    client = session.scalar(select(Client).where(Client.public_id == client_public_id))
    assert store is not None and client is not None and client.store_id == store.id
    return store.id, client.id


@pytest.fixture
def grant_consent(app: Flask):  # type: ignore[no-untyped-def]
    """``grant_consent(store_id, client_id, scopes, guardian=False)`` with public ids; committed."""

    def do(store_id: str, client_id: str, scopes: Iterable[str] = ("capture",), guardian: bool = False) -> None:
        with app.extensions["mirror.db"].factory.begin() as session:
            insert_grant(session, *_ids(session, store_id, client_id), scopes, guardian=guardian)

    return do


@pytest.fixture
def withdraw_consent(app: Flask):  # type: ignore[no-untyped-def]
    """``withdraw_consent(store_id, client_id, scopes=None)`` with public ids; committed."""

    def do(store_id: str, client_id: str, scopes: Iterable[str] | None = None) -> None:
        with app.extensions["mirror.db"].factory.begin() as session:
            insert_withdrawal(session, *_ids(session, store_id, client_id), scopes)

    return do
