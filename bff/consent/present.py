"""Consent rows as the API shows them: public ids only, nothing sealed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bff.consent import grants
from bff.consent.signing import SIGN_PAGE
from bff.db import session as db
from models import Client, ConsentGrant, ConsentRecord, ConsentRequest, ConsentTemplate


def template(t: ConsentTemplate) -> dict[str, Any]:
    return {"id": t.public_id, "code": t.code, "version": t.version, "title": t.title, "body": t.body,
            "scopes": t.scopes, "sha256": t.sha256, "status": t.status, "published_at": t.published_at}


def _public_ids(model: Any, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(db().execute(select(model.id, model.public_id).where(model.id.in_(wanted))).all())


def request(r: ConsentRequest, client: Client, template_row: ConsentTemplate) -> dict[str, Any]:
    return {"id": r.public_id, "client_id": client.public_id, "template_id": template_row.public_id,
            "scopes": r.scopes, "status": r.status, "scene": r.scene, "page": SIGN_PAGE,
            "share": {"path": f"{SIGN_PAGE}?scene={r.scene}", "title": f"请阅读并签署《{template_row.title}》"},
            "expires_at": r.expires_at, "created_at": r.created_at, "viewed_at": r.viewed_at,
            "signed_at": r.signed_at}


def records(rows: list[ConsentRecord]) -> list[dict[str, Any]]:
    templates = _public_ids(ConsentTemplate, {r.template_id for r in rows})
    return [{"id": r.public_id, "kind": r.kind, "seq": r.seq, "scopes": r.scopes, "actor_role": r.actor_role,
             "template_id": templates.get(r.template_id or 0), "template_sha256": r.template_sha256,
             "signature_sha256": r.signature_sha256, "minor": r.minor,
             "guardian_relationship": r.guardian_relationship, "reason": r.reason, "occurred_at": r.occurred_at,
             "prev_hash": r.prev_hash, "hash": r.hash} for r in rows]


def client_consents(client: Client) -> dict[str, Any]:
    """Grants, records (newest first) and requests (newest first) of one client file."""
    rows = grants.of_client(db(), client.store_id, client.id)
    recs = list(db().scalars(select(ConsentRecord).where(
        ConsentRecord.store_id == client.store_id, ConsentRecord.client_id == client.id)
        .order_by(ConsentRecord.id.desc()).limit(200)))
    reqs = list(db().scalars(select(ConsentRequest).where(
        ConsentRequest.store_id == client.store_id, ConsentRequest.client_id == client.id)
        .order_by(ConsentRequest.id.desc()).limit(50)))
    record_ids = _public_ids(ConsentRecord, {i for g in rows for i in (g.granted_record_id, g.withdrawn_record_id)})
    templates = {t.id: t for t in db().scalars(select(ConsentTemplate).where(
        ConsentTemplate.id.in_({r.template_id for r in reqs} or {0})))}
    return {
        "client_id": client.public_id,
        "active_scopes": [g.scope.value for g in rows if g.active],
        "grants": [_grant(g, record_ids) for g in rows],
        "records": records(recs),
        "requests": [request(r, client, templates[r.template_id]) for r in reqs],
    }


def _grant(g: ConsentGrant, record_ids: dict[int, str]) -> dict[str, Any]:
    return {"scope": g.scope, "active": g.active, "guardian": g.guardian,
            "granted_record_id": record_ids[g.granted_record_id],
            "withdrawn_record_id": record_ids.get(g.withdrawn_record_id or 0), "updated_at": g.updated_at}
