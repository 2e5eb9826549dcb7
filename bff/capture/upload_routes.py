"""Photo upload policies, the uploader's confirm, and the OSS callback (no login: OSS signs it)."""

from urllib.parse import quote

from flask import request
from flask.views import MethodView

from bff import uploads as tickets
from bff.agreements.service import AgreementRequired, requires_agreements
from bff.api import Blueprint
from bff.billing import quotas
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
                RateLimited, quotas.VipRequired, quotas.PlanLimitReached)
    @limiter.limit(lambda: UPLOAD_RATE_LIMIT, key_func=user_or_ip)  # callable: read per request
    @requires_agreements
    def post(self, data, store_id):
        """获取照片上传表单

        为一张照片获取 OSS PostObject 表单，配合 `wx.uploadFile` 直传。表单只对一个确定的存储键、
        类型和大小范围有效，5 分钟内过期。需要客户的 `capture` 同意。

        调用方：已同意协议的门店成员。缺少同意 403；拍摄已结束 409 `capture_session_ended`；限流 429；
        存储不可用 503。门店图片数达到负责人套餐上限时，免费版返回 402 `vip_required`，付费套餐返回 403
        `plan_limit_reached`。
        """
        return tickets.form_out(*uploads.issue_policy(membership(store_id), **data))


@blp.route("/stores/<store_id>/uploads/<ticket_id>/confirm")
class UploadConfirm(MethodView):
    @blp.authenticated
    @blp.operation("uploads_confirm")
    @blp.response(200, s.UploadResult)
    @blp.errors(StoreNotFound, uploads.UploadNotFound, uploads.UploadExpired, uploads.UploadMissing,
                uploads.UploadTooLarge, uploads.UploadTypeMismatch, uploads.StorageDown)
    def post(self, store_id, ticket_id):
        """确认上传

        当 OSS 回调失败（上传返回 203）时确认上传：服务端用 HEAD 检查对象后登记图片。可重复调用。

        调用方：门店成员。对象不存在 409 `upload_missing`；上传凭证过期 410。
        """
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
    """OSS 上传回调（由 OSS 调用）

    OSS 在文件上传完成后回调此接口，服务端用 RSA 签名校验来源并登记图片。

    调用方：阿里云 OSS（小程序不直接调用）。签名缺失或无效返回 403。
    """
    path, query = _raw_path_and_query()
    return callback.receive(authorization=request.headers.get("Authorization"),
                            pub_key_url_b64=request.headers.get("x-oss-pub-key-url"),
                            path=path, query=query, body=request.get_data(cache=True))
