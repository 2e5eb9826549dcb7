"""The OSS upload callback: verify OSS signed exactly these bytes, then trust only the ticket.

The body is ours (``bff.uploads.CALLBACK_BODY``) as OSS rendered it; the ticket id in it came
from a form field the policy pins, so a verified callback names the ticket it was issued for.
OSS answers the uploader with our JSON reply; on any error the uploader gets 203 and confirms.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from sqlalchemy import select

from bff.capture.uploads import record_upload, result
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.integrations.oss_callback import CallbackRejected
from models import UploadTicket
from models.images import UploadPurpose


class CallbackSignatureMissing(DomainError):
    status, reason, message = 403, "callback_signature_missing", "回调缺少签名"


class CallbackSignatureInvalid(DomainError):
    status, reason, message = 403, "callback_signature_invalid", "回调签名无效"


class CallbackKeyNotAllowed(DomainError):
    status, reason, message = 403, "pub_key_url_not_allowed", "回调公钥地址不在允许范围内"


class CallbackKeyUnavailable(DomainError):
    status, reason, message = 503, "pub_key_unavailable", "暂时无法获取回调公钥"


class CallbackMismatch(DomainError):
    status, reason, message = 403, "callback_mismatch", "回调内容与上传凭证不符"


REJECTIONS: dict[str, type[DomainError]] = {e.reason: e for e in (
    CallbackSignatureMissing, CallbackSignatureInvalid, CallbackKeyNotAllowed, CallbackKeyUnavailable)}
ERRORS = (*REJECTIONS.values(), CallbackMismatch)


def _fields(body: bytes) -> dict[str, str]:
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        raise CallbackMismatch() from None
    return {name: values[0] for name, values in parsed.items() if len(values) == 1}


def receive(*, authorization: str | None, pub_key_url_b64: str | None, path: str, query: str,
            body: bytes) -> dict[str, str | None]:
    """:raise CallbackSignature*, CallbackKey*: not signed by OSS. :raise CallbackMismatch: the
    signed body does not describe an object we issued a ticket for."""
    try:
        deps().oss_callbacks.verify(authorization=authorization, pub_key_url_b64=pub_key_url_b64,
                                    path=path, query=query, body=body)
    except CallbackRejected as exc:
        raise REJECTIONS.get(exc.reason, CallbackSignatureInvalid)() from None
    fields = _fields(body)
    # Locked at once (callback and confirm may race): record_upload needs no second read.
    ticket = db().scalar(select(UploadTicket).where(UploadTicket.public_id == fields.get("ticket", ""))
                         .with_for_update().execution_options(populate_existing=True))
    if (ticket is None or fields.get("object") != ticket.object_key
            or fields.get("bucket") != deps().settings.oss_bucket or fields.get("mimeType") != ticket.content_type):
        raise CallbackMismatch()
    # An expired ticket is still recorded: OSS accepted the upload while the policy was valid.
    if ticket.purpose == UploadPurpose.signature:
        return result(ticket, None)  # the consent signing flow picks signatures up itself
    size = fields.get("size", "")
    return result(ticket, record_upload(db(), ticket, size=int(size) if size.isdigit() else None, locked=True))
