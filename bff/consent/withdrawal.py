"""Withdrawal and deletion requests: appended to the same chain as the grants.

Withdrawing is as easy as consenting: the client needs no new agreement acceptance and no
phone, only a linked file. From the commit on, ``gate.require`` fails for the withdrawn
scopes, so no upload policy, queued job or view link goes ahead; earlier processing stays.
"""

from __future__ import annotations

from bff.audit import service as audit
from bff.consent import chain, grants, service
from bff.db import session as db
from bff.errors import DomainError
from bff.users.service import phone_of
from models import Client, ConsentRecord, Store, User
from models.consent import RecordKind


class NothingToWithdraw(DomainError):
    status, reason, message = 409, "consent_not_active", "所选用途当前没有有效的同意，无需撤回"


def withdraw(client: Client, store: Store, *, scopes: list[str] | None, actor: User, actor_role: str,
             reason: str | None, ip: str | None, user_agent: str | None) -> ConsentRecord:
    """Withdraw ``scopes`` (None: every active scope); scopes not active are skipped.

    :raise NothingToWithdraw: none of them is active.
    """
    chain.lock(db(), store.id)  # read the active scopes under the same lock the append takes
    active = grants.active_scopes(db(), store.id, client.id)
    wanted = active if scopes is None else [s for s in grants.ordered(scopes) if s in active]
    if not wanted:
        raise NothingToWithdraw(errors={"active": active})
    record = _append(client, store, RecordKind.withdraw, wanted, actor, actor_role, reason, ip, user_agent)
    grants.apply_withdrawal(db(), record)
    audit.record("consent.withdraw", subject_type="client", subject_id=client.public_id, store=store,
                 actor_role=actor_role, purpose=f"record {record.public_id}: {','.join(wanted)}")
    return record


def request_deletion(client: Client, store: Store, *, actor: User, reason: str | None, ip: str | None,
                     user_agent: str | None) -> ConsentRecord:
    """Record that the client asks for their data to be deleted (handled by the data-rights process)."""
    record = _append(client, store, RecordKind.deletion_request, [], actor, "client", reason, ip, user_agent)
    audit.record("consent.deletion_request", subject_type="client", subject_id=client.public_id, store=store,
                 actor_role="client", purpose=f"record {record.public_id}")
    return record


def _append(client: Client, store: Store, kind: RecordKind, scopes: list[str], actor: User, actor_role: str,
            reason: str | None, ip: str | None, user_agent: str | None) -> ConsentRecord:
    by_client = actor_role == "client"
    # The client's own openid and phone are evidence of who withdrew; staff are identified by user id.
    return service.append(ConsentRecord(
        store_id=store.id, kind=kind, client_id=client.id, scopes=scopes, actor_user_id=actor.id,
        actor_role=actor_role, signer_openid=actor.openid if by_client else None, reason=reason,
        user_agent=(user_agent or "")[:255] or None,
    ), {"signer_phone": phone_of(actor) if by_client else None, "guardian_name": None, "ip": ip})
