"""Consent templates: versioned documents whose text, once published, never changes.

A version is identified by the SHA-256 of its canonical text (:func:`template_sha256`), which
the mini-program recomputes before the client signs. Operators edit drafts only; changing a
published text means publishing a new version of the same code. No Flask here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bff.errors import DomainError
from models import ConsentTemplate
from models.base import utcnow
from models.consent import TemplateStatus

DOCUMENTS_DIR = Path(__file__).parent / "documents"


class TemplateNotFound(DomainError):
    status, reason, message = 404, "consent_template_not_found", "知情同意书不存在"


class TemplateImmutable(DomainError):
    status, reason, message = 409, "template_immutable", "已发布的知情同意书不能修改，请发布新版本"


class TemplateNotPublished(DomainError):
    status, reason, message = 409, "template_not_published", "该知情同意书未处于发布状态"


class TemplateNotCurrent(DomainError):
    status, reason, message = 409, "template_not_current", "该知情同意书不是当前发布的版本"


def canonical_text(title: str, body: str, scopes: Sequence[dict[str, Any]]) -> str:
    """Exactly what the hash covers: title, body and each scope's title and text, in order.

    ``{"body":…,"scopes":[{"scope":…,"text":…,"title":…}],"title":…}``, keys sorted, no
    spaces, UTF-8 without escapes.
    """
    doc = {"title": title, "body": body,
           "scopes": [{"scope": str(s["scope"]), "title": s["title"], "text": s["text"]} for s in scopes]}
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def template_sha256(title: str, body: str, scopes: Sequence[dict[str, Any]]) -> str:
    return hashlib.sha256(canonical_text(title, body, scopes).encode("utf-8")).hexdigest()


def scope_names(template: ConsentTemplate) -> list[str]:
    return [s["scope"] for s in template.scopes]


def find(session: Session, public_id: str, *, drafts: bool = False) -> ConsentTemplate:
    """:raise TemplateNotFound: unknown, or a draft when ``drafts`` is false (drafts are not public)."""
    template = session.scalar(select(ConsentTemplate).where(ConsentTemplate.public_id == public_id))
    if template is None or (template.status == TemplateStatus.draft and not drafts):
        raise TemplateNotFound()
    return template


def latest_published(session: Session) -> list[ConsentTemplate]:
    """The newest published version of each code (a handful of rows: picked in Python)."""
    rows = session.scalars(select(ConsentTemplate).where(ConsentTemplate.status == TemplateStatus.published)
                           .order_by(ConsentTemplate.code, ConsentTemplate.version.desc()))
    seen: dict[str, ConsentTemplate] = {}
    for template in rows:
        seen.setdefault(template.code, template)
    return list(seen.values())


def require_current(session: Session, template: ConsentTemplate) -> None:
    """Requests are made only for the newest published version of a code.

    :raise TemplateNotCurrent: a draft, a retired version, or one superseded by a newer version.
    """
    newest = session.scalar(select(func.max(ConsentTemplate.version)).where(
        ConsentTemplate.code == template.code, ConsentTemplate.status == TemplateStatus.published))
    if template.status != TemplateStatus.published or template.version != newest:
        raise TemplateNotCurrent()


def list_all(session: Session) -> list[ConsentTemplate]:
    return list(session.scalars(select(ConsentTemplate).order_by(ConsentTemplate.code, ConsentTemplate.version)))


def create_draft(session: Session, *, code: str, title: str, body: str, scopes: list[dict[str, Any]],
                 operator: str | None) -> ConsentTemplate:
    """A new draft numbered after every existing version of ``code``."""
    version = (session.scalar(select(func.max(ConsentTemplate.version)).where(ConsentTemplate.code == code))
               or 0) + 1
    template = ConsentTemplate(code=code, version=version, title=title, body=body, scopes=_plain(scopes),
                               sha256=template_sha256(title, body, scopes), created_by_operator=operator)
    session.add(template)
    session.flush()
    return template


def edit_draft(session: Session, template: ConsentTemplate, changes: dict[str, Any]) -> ConsentTemplate:
    """:raise TemplateImmutable: the version was published (or retired) already."""
    if template.status != TemplateStatus.draft:
        raise TemplateImmutable()
    title, body = changes.get("title", template.title), changes.get("body", template.body)
    scopes = _plain(changes["scopes"]) if "scopes" in changes else template.scopes
    template.title, template.body, template.scopes = title, body, scopes
    template.sha256 = template_sha256(title, body, scopes)
    session.flush()
    return template


def publish(session: Session, template: ConsentTemplate) -> ConsentTemplate:
    """:raise TemplateImmutable: not a draft."""
    if template.status != TemplateStatus.draft:
        raise TemplateImmutable()
    template.status, template.published_at = TemplateStatus.published, utcnow()
    session.flush()
    return template


def retire(session: Session, template: ConsentTemplate) -> ConsentTemplate:
    """No new requests or signatures; signed records keep pointing at it.

    :raise TemplateNotPublished:
    """
    if template.status != TemplateStatus.published:
        raise TemplateNotPublished()
    template.status = TemplateStatus.retired
    session.flush()
    return template


def publish_bundled(session: Session) -> list[str]:
    """Publish the templates shipped in ``documents/`` (``<code>-<version>.json``) once each.

    A shipped text never changes in place: a new text gets a new version (a new file).
    """
    published = []
    for path in sorted(DOCUMENTS_DIR.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        exists = session.scalar(select(ConsentTemplate.id).where(
            ConsentTemplate.code == doc["code"], ConsentTemplate.version == doc["version"]))
        if exists:
            continue
        session.add(ConsentTemplate(
            code=doc["code"], version=doc["version"], title=doc["title"], body=doc["body"], scopes=doc["scopes"],
            sha256=template_sha256(doc["title"], doc["body"], doc["scopes"]),
            status=TemplateStatus.published, published_at=utcnow()))
        published.append(path.stem)
    session.flush()
    return published


def _plain(scopes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"scope": str(s["scope"]), "title": s["title"], "text": s["text"]} for s in scopes]
