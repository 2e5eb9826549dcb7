"""Request → view → signature upload → sign: how a grant record comes to exist.

A request is a single-use capability: its random wxacode scene opens the signing page. Only
the person the client file belongs to may use it: the WeChat user linked to the file, or, for
an unlinked file, a user whose bound phone is the file's phone (any user if the file has no
phone). Signing links an unlinked file to the signer.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from datetime import timedelta
from typing import Any

from PIL import Image as PILImage
from sqlalchemy import select

from bff.audit import service as audit
from bff.clients import crypto
from bff.clients import service as clients
from bff.consent import grants, service, templates
from bff.consent.service import ConsentRequestNotFound
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.integrations.oss import StorageUnavailable
from bff.stores.access import Membership
from bff.uploads import issue
from bff.users.service import PhoneRequired, phone_of
from models import Client, ConsentRecord, ConsentRequest, ConsentTemplate, Store, UploadTicket, User
from models.base import utcnow
from models.clients import ClientStatus
from models.consent import RecordKind, RequestStatus, TemplateStatus
from models.images import UploadPurpose
from models.locking import for_update

SIGN_PAGE = "pages/consent/sign"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class ScopeNotInTemplate(DomainError):
    status, reason, message = 422, "scope_not_in_template", "所选用途不在该知情同意书的范围内"


class TemplateChanged(DomainError):
    status, reason, message = 409, "template_changed", "知情同意书内容已变更，请重新阅读"


class ScopesMismatch(DomainError):
    status, reason, message = 422, "scopes_mismatch", "请对每一项用途分别选择同意或不同意"


class NoScopeAgreed(DomainError):
    status, reason, message = 422, "no_scope_agreed", "请至少同意一项用途，或直接关闭页面"


class GuardianRequired(DomainError):
    status, reason, message = 403, "guardian_required", "客户未满法定年龄，须由监护人填写信息并签署"


class SignerMismatch(DomainError):
    status, reason, message = 403, "signer_mismatch", "当前微信账号与客户档案不符，请由客户本人签署"


class SignatureMissing(DomainError):
    status, reason, message = 422, "signature_missing", "未找到手写签名，请重新签名并上传"


class SignatureInvalid(DomainError):
    status, reason, message = 422, "signature_invalid", "手写签名图片无效，请重新签名"


# --- consultant ---------------------------------------------------------------------------

def create_request(m: Membership, client_public_id: str, *, template_id: str, scopes: list[str]) -> ConsentRequest:
    """:raise ClientNotFound, TemplateNotFound, TemplateNotCurrent, ScopeNotInTemplate:"""
    client = clients.get_client(m, client_public_id)
    template = templates.find(db(), template_id)
    templates.require_current(db(), template)
    outside = set(scopes) - set(templates.scope_names(template))
    if outside:
        raise ScopeNotInTemplate(errors={"scopes": sorted(outside)})
    request = ConsentRequest(
        store_id=m.store.id, client_id=client.id, template_id=template.id, scopes=grants.ordered(scopes),
        created_by=m.member.user_id, scene=secrets.token_urlsafe(24),  # 32 characters, 192 random bits
        expires_at=utcnow() + timedelta(seconds=deps().settings.consent_request_ttl))
    db().add(request)
    db().flush()
    audit.record("consent.request_create", subject_type="client", subject_id=client.public_id, store=m.store,
                 actor_role=m.role.value, purpose=f"request {request.public_id}")
    return request


# --- the signer ---------------------------------------------------------------------------

def check_signer(user: User, client: Client, store: Store) -> None:
    """:raise PhoneRequired: :raise SignerMismatch: the file is someone else's."""
    if user.phone_bidx is None:
        raise PhoneRequired()
    if client.linked_user_id is not None:
        if client.linked_user_id != user.id:
            raise SignerMismatch()
        return
    if client.phone_bidx is not None and client.phone_bidx != crypto.phone_index(store, phone_of(user) or ""):
        raise SignerMismatch()


def _context(request: ConsentRequest) -> tuple[Client, Store]:
    client = db().get(Client, request.client_id)
    if client is None or client.status == ClientStatus.deleted:
        raise ConsentRequestNotFound()
    return client, db().get_one(Store, request.store_id)


def view_by_scene(user: User, scene: str) -> tuple[ConsentRequest, Client, Store, ConsentTemplate]:
    """Show the request to the person who scanned it; the view is recorded and audited.

    :raise ConsentRequestNotFound, ConsentRequestUsed, ConsentRequestExpired, PhoneRequired, SignerMismatch:
    """
    request = db().scalar(select(ConsentRequest).where(ConsentRequest.scene == scene))
    if request is None:
        raise ConsentRequestNotFound()
    service.require_usable(request)
    client, store = _context(request)
    check_signer(user, client, store)
    request.viewed_at, request.viewed_by = utcnow(), user.id
    db().flush()
    audit.record("consent.request_view", subject_type="client", subject_id=client.public_id, store=store,
                 actor_role="client", purpose=f"request {request.public_id}")
    return request, client, store, db().get_one(ConsentTemplate, request.template_id)


def viewed_request(user: User, request_public_id: str, *, lock: bool = False) -> ConsentRequest:
    """A usable request the caller viewed last. :raise ConsentRequestNotFound: (also for anyone else)"""
    query = select(ConsentRequest).where(ConsentRequest.public_id == request_public_id,
                                         ConsentRequest.viewed_by == user.id)
    request = db().scalar(for_update(query) if lock else query)
    if request is None:
        raise ConsentRequestNotFound()
    service.require_usable(request)
    return request


def signature_upload(user: User, request_public_id: str) -> tuple[Any, Any]:
    """A PostObject form for the handwritten signature (PNG), bound to this request."""
    request = viewed_request(user, request_public_id)
    client, store = _context(request)
    settings = deps().settings
    try:
        return issue(db(), deps().oss, public_base_url=settings.public_base_url, store=store, client=client,
                     purpose=UploadPurpose.signature, content_type="image/png",
                     max_bytes=settings.signature_max_bytes, issued_to=user.id, consent_request_id=request.id)
    except StorageUnavailable as exc:
        raise service.StorageDown() from exc


def sign(user: User, request_public_id: str, *, template_sha256: str, scopes_agreed: list[dict[str, Any]],
         signature_ticket_id: str, guardian: dict[str, str] | None, ip: str | None,
         user_agent: str | None) -> ConsentRecord:
    """Append the grant record, activate its scopes, mark the request signed: one transaction.

    :raise ConsentRequestNotFound, ConsentRequestUsed, ConsentRequestExpired, PhoneRequired,
        SignerMismatch, TemplateChanged, ScopesMismatch, NoScopeAgreed, GuardianRequired,
        SignatureMissing, SignatureInvalid, StorageDown:
    """
    request = viewed_request(user, request_public_id, lock=True)  # the lock makes it single-use
    client, store = _context(request)
    check_signer(user, client, store)
    template = db().get_one(ConsentTemplate, request.template_id)
    if template.status != TemplateStatus.published or template_sha256 != template.sha256:
        raise TemplateChanged(errors={"template_sha256": template.sha256})
    agreed, declined = _decisions(request, scopes_agreed)
    minor = service.client_is_minor(client)
    if minor and guardian is None:
        raise GuardianRequired()
    key, digest = _signature(user, request, signature_ticket_id)
    if client.linked_user_id is None:
        client.linked_user_id = user.id
        audit.record("client.link", subject_type="client", subject_id=client.public_id, store=store,
                     actor_role="client", purpose="signed a consent")
    role = "guardian" if guardian else "client"
    record = service.append(ConsentRecord(
        store_id=store.id, kind=RecordKind.grant, client_id=client.id, request_id=request.id,
        template_id=template.id, template_sha256=template.sha256, scopes=agreed, actor_user_id=user.id,
        actor_role=role, signer_openid=user.openid, guardian_relationship=guardian and guardian["relationship"],
        minor=minor, signature_object_key=key, signature_sha256=digest, user_agent=(user_agent or "")[:255] or None,
    ), {"signer_phone": phone_of(user), "guardian_name": guardian["name"] if guardian else None, "ip": ip})
    grants.apply_grant(db(), record, guardian=guardian is not None)
    _withdraw_declined(user, client, store, declined, role, ip, user_agent)
    request.status, request.signed_at = RequestStatus.signed, record.occurred_at
    db().flush()
    audit.record("consent.sign", subject_type="client", subject_id=client.public_id, store=store,
                 actor_role=role, purpose=f"record {record.public_id}")
    return record


def _decisions(request: ConsentRequest, items: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Every requested scope answered exactly once. :raise ScopesMismatch, NoScopeAgreed:"""
    answered = [str(item["scope"]) for item in items]
    if len(answered) != len(set(answered)) or set(answered) != set(request.scopes):
        raise ScopesMismatch(errors={"requested": request.scopes})
    agreed = grants.ordered(str(i["scope"]) for i in items if i["agreed"])
    if not agreed:
        raise NoScopeAgreed()
    return agreed, grants.ordered(set(answered) - set(agreed))


def _withdraw_declined(user: User, client: Client, store: Store, declined: list[str], role: str,
                       ip: str | None, user_agent: str | None) -> None:
    """Saying "no" on a new form to a scope granted earlier withdraws it: the latest answer counts."""
    active = [s for s in declined if s in grants.active_scopes(db(), store.id, client.id)]
    if not active:
        return
    record = service.append(ConsentRecord(
        store_id=store.id, kind=RecordKind.withdraw, client_id=client.id, scopes=active, actor_user_id=user.id,
        actor_role=role, signer_openid=user.openid, user_agent=(user_agent or "")[:255] or None,
        reason="签署新同意书时选择不同意"), {"signer_phone": phone_of(user), "guardian_name": None, "ip": ip})
    grants.apply_withdrawal(db(), record)


def _signature(user: User, request: ConsentRequest, ticket_public_id: str) -> tuple[str, str]:
    """The uploaded signature's key and SHA-256, after checking it is a PNG within the limits.

    :raise SignatureMissing, SignatureInvalid, StorageDown:
    """
    ticket = db().scalar(select(UploadTicket).where(
        UploadTicket.public_id == ticket_public_id, UploadTicket.consent_request_id == request.id,
        UploadTicket.purpose == UploadPurpose.signature, UploadTicket.issued_to == user.id))
    if ticket is None:
        raise SignatureMissing()
    limit = min(ticket.max_bytes, deps().settings.signature_max_bytes)
    try:
        info = deps().oss.head(ticket.object_key)
    except StorageUnavailable as exc:
        raise service.StorageDown() from exc
    if info is None:
        raise SignatureMissing()
    if info.size > limit:
        raise SignatureInvalid(errors={"why": "too_large"})
    data = service.fetch_object(ticket.object_key)
    if len(data) > limit or not data.startswith(PNG_MAGIC) or not _decodes_as_png(data):
        raise SignatureInvalid(errors={"why": "not_png"})
    return ticket.object_key, hashlib.sha256(data).hexdigest()


def _decodes_as_png(data: bytes) -> bool:
    """The magic bytes alone admit polyglots; the PNG must also parse and stay within the pixel limit."""
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            if image.format != "PNG" or image.width * image.height > deps().settings.image_max_pixels:
                return False
            image.verify()
    except Exception:  # noqa: BLE001 - any parse failure means "not a usable PNG"
        return False
    return True
