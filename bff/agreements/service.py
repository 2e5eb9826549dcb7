"""Terms of Service / Privacy Policy: current versions, acceptance, and the gate."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

from flask import g
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bff import caching
from bff.auth.guard import current_user, reads_agreements
from bff.db import session as db
from bff.errors import DomainError, NotFound
from models import AgreementAcceptance, LegalDocument, User
from models.agreements import DocumentKind
from models.base import utcnow

DOCUMENTS_DIR = Path(__file__).parent / "documents"


class AgreementRequired(DomainError):
    status, reason, message = 403, "agreement_required", "请先阅读并同意最新的用户协议和隐私政策"


class AgreementOutdated(DomainError):
    status, reason, message = 409, "agreement_outdated", "协议已更新，请阅读最新版本后再同意"


def current_documents(session: Session) -> list[LegalDocument]:
    """The newest published version of each kind."""
    latest = (
        select(func.max(LegalDocument.id))
        .where(LegalDocument.published_at <= utcnow())
        .group_by(LegalDocument.kind)
    )
    return list(session.scalars(select(LegalDocument).where(LegalDocument.id.in_(latest))
                                .order_by(LegalDocument.kind)))


@dataclass(frozen=True)
class DocumentRef:
    id: int
    kind: DocumentKind


def _load_current_refs() -> tuple[DocumentRef, ...]:
    return tuple(DocumentRef(d.id, d.kind) for d in current_documents(db()))


def current_refs() -> tuple[DocumentRef, ...]:
    """Ids and kinds of the current versions, cached per process (``caching.ACCESS_CACHE_SECONDS``)."""
    return caching.per_app("agreements.current", _load_current_refs)


def pending_kinds(user: User) -> list[DocumentKind]:
    """Kinds of the current versions the user has not accepted (one indexed lookup per call)."""
    refs = current_refs()
    prefetched = g.get("prefetched_acceptances")
    if prefetched is not None and prefetched[0] == user.id and prefetched[1] == refs:
        # Read with the token check, in this request's transaction.
        return [r.kind for r in refs if r.id not in prefetched[2]]
    accepted = set(db().scalars(
        select(AgreementAcceptance.document_id).where(
            AgreementAcceptance.user_id == user.id,
            AgreementAcceptance.document_id.in_([r.id for r in refs]),
        )
    )) if refs else set()
    return [r.kind for r in refs if r.id not in accepted]


def get_current(kind: DocumentKind) -> LegalDocument:
    """:raise NotFound: no published version of that kind."""
    for doc in current_documents(db()):
        if doc.kind == kind:
            return doc
    raise NotFound()


def pending_for(user: User, docs: list[LegalDocument] | None = None) -> list[LegalDocument]:
    docs = current_documents(db()) if docs is None else docs
    accepted = set(db().scalars(
        select(AgreementAcceptance.document_id).where(
            AgreementAcceptance.user_id == user.id,
            AgreementAcceptance.document_id.in_([d.id for d in docs]),
        )
    ))
    return [d for d in docs if d.id not in accepted]


def accept(user: User, accepted: list[dict[str, str]], *, client_ip: str | None) -> list[LegalDocument]:
    """Record acceptance of the exact versions the user was shown.

    :raise AgreementOutdated: a version or hash is not the current one.
    """
    current = {d.kind: d for d in current_documents(db())}
    for item in accepted:
        doc = current.get(DocumentKind(item["kind"]))
        if doc is None or doc.version != item["version"] or doc.sha256 != item["sha256"]:
            raise AgreementOutdated(errors={"kind": item["kind"]})
    pending = {d.id for d in pending_for(user)}
    for item in accepted:
        doc = current[DocumentKind(item["kind"])]
        if doc.id in pending:
            db().add(AgreementAcceptance(user_id=user.id, document_id=doc.id, client_ip=client_ip))
    db().flush()
    return pending_for(user)


def requires_agreements(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Endpoints that take personal data refuse until the current versions are accepted.

    Fails closed: a kind with no published document counts as not accepted.
    """

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        pending = set(pending_kinds(current_user()))
        pending |= set(DocumentKind) - {r.kind for r in current_refs()}
        if pending:
            raise AgreementRequired(errors={"pending": sorted(k.value for k in pending)})
        return fn(*args, **kwargs)

    return reads_agreements(wrapper)


def publish_bundled(session: Session) -> list[str]:
    """Publish the documents shipped in ``documents/`` (``<kind>-<version>.md``) once each."""
    published = []
    for path in sorted(DOCUMENTS_DIR.glob("*.md")):
        kind, _, version = path.stem.partition("-")
        exists = session.scalar(select(LegalDocument.id).where(
            LegalDocument.kind == DocumentKind(kind), LegalDocument.version == version))
        if exists:
            continue
        body = path.read_text(encoding="utf-8")
        title = body.splitlines()[0].lstrip("# ").strip()
        session.add(LegalDocument(kind=DocumentKind(kind), version=version, title=title, body=body,
                                  sha256=hashlib.sha256(body.encode()).hexdigest()))
        published.append(path.stem)
    session.flush()
    return published
