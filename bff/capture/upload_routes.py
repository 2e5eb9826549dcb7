"""Photo upload policies, the uploader's confirm, and the OSS callback (no login: OSS signs it)."""

from urllib.parse import quote

from flask import request
from flask.views import MethodView

from bff import uploads as tickets
from bff.agreements.service import AgreementRequired, requires_agreements
from bff.api import Blueprint
from bff.capture import callback, uploads
from bff.capture import schemas as s
from bff.capture.service import CaptureSessionEnded, CaptureSessionNotFound
from bff.clients.service import ClientNotFound
from bff.consent.gate import ConsentRequired, GuardianConsentRequired
from bff.errors import RateLimited
from bff.limiter import limiter, user_or_ip
from bff.stores.access import StoreNotFound, membership

blp = Blueprint("capture_uploads", __name__, url_prefix="/api/v1", description="照片直传 OSS")

UPLOAD_RATE_LIMIT = "60/minute;600/hour"  # upload-policy issuance, per user (SECURITY.md 32)


@blp.route("/stores/<store_id>/uploads")
class Uploads(MethodView):
    @blp.authenticated
    @blp.operation("uploads_create")
    @blp.arguments(s.UploadPolicyIn)
    @blp.response(201, s.UploadPolicyOut)
    @blp.errors(StoreNotFound, ClientNotFound, AgreementRequired, ConsentRequired, GuardianConsentRequired,
                CaptureSessionNotFound, CaptureSessionEnded, uploads.ViewNotInProtocol, uploads.StorageDown,
                RateLimited)
    @limiter.limit(lambda: UPLOAD_RATE_LIMIT, key_func=user_or_ip)  # callable: read per request
    @requires_agreements
    def post(self, data, store_id):
        """Get a PostObject form for one photo (wx.uploadFile); needs the client's `capture` consent.

        The form is signed for one exact key, type and size range and expires within 5 minutes."""
        return tickets.form_out(*uploads.issue_policy(membership(store_id), **data))


@blp.route("/stores/<store_id>/uploads/<ticket_id>/confirm")
class UploadConfirm(MethodView):
    @blp.authenticated
    @blp.operation("uploads_confirm")
    @blp.response(200, s.UploadResult)
    @blp.errors(StoreNotFound, uploads.UploadNotFound, uploads.UploadExpired, uploads.UploadMissing,
                uploads.UploadTooLarge, uploads.UploadTypeMismatch, uploads.StorageDown)
    def post(self, store_id, ticket_id):
        """Confirm an upload whose OSS callback failed (203); the object is checked with a HEAD. Idempotent."""
        return uploads.result(*uploads.confirm(membership(store_id), ticket_id))


def _raw_path_and_query() -> tuple[str, str]:
    """The request target exactly as sent: OSS signed the raw path and query, not a re-encoding."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        path, _, query = raw.partition("?")
        return path, query
    return quote(request.script_root + request.path), request.query_string.decode("latin-1")


@blp.post("/oss/callback")
@blp.operation("oss_callback", summary="OSS 上传回调（由 OSS 调用，RSA 签名校验）")
@blp.errors(*callback.ERRORS)
@blp.response(200, s.UploadResult)
def oss_callback():
    path, query = _raw_path_and_query()
    return callback.receive(authorization=request.headers.get("Authorization"),
                            pub_key_url_b64=request.headers.get("x-oss-pub-key-url"),
                            path=path, query=query, body=request.get_data(cache=True))
