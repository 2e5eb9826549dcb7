"""Consent, the client's side in WeChat: read and sign a request, see and withdraw one's consents."""

from flask import request
from flask.views import MethodView
from sqlalchemy import select

from bff.agreements.service import AgreementRequired, requires_agreements
from bff.api import Blueprint
from bff.audit import service as audit
from bff.auth.guard import current_user
from bff.clients import crypto
from bff.clients.service import ClientNotFound
from bff.consent import grants, present, service, signing, withdrawal
from bff.consent import schemas as s
from bff.consent.routes import receipt_response
from bff.db import session as db
from bff.errors import RateLimited
from bff.limiter import limiter, user_or_ip
from bff.security.masking import mask_name
from bff.uploads import form_out
from bff.users.service import PhoneRequired
from models import Client, ConsentRecord, Store

blp = Blueprint("consent_signer", __name__, url_prefix="/api/v1", description="知情同意（客户端）")
SIGNATURE_UPLOAD_RATE_LIMIT = "20/minute"  # each call signs a policy and records a ticket
SIGNING_ERRORS = (service.ConsentRequestNotFound, service.ConsentRequestUsed, service.ConsentRequestExpired)


def _client_info(client: Client) -> dict:
    return {"client_name_masked": mask_name(crypto.unseal(client, "name") or "")}


@blp.route("/consent-requests/by-scene/<scene>")
class RequestByScene(MethodView):
    @blp.authenticated
    @blp.operation("consent_requests_view")
    @blp.response(200, s.RequestView)
    @blp.errors(*SIGNING_ERRORS, AgreementRequired, PhoneRequired, signing.SignerMismatch)
    @requires_agreements
    def get(self, scene):
        """打开签署请求

        客户扫码后，用小程序码中的 scene 打开签署请求：返回须完整阅读的知情同意书原文（查看行为会被记录）。

        调用方：已登录、同意协议并绑定手机号的客户本人（手机号须与档案一致，否则 403 `signer_mismatch`）。
        请求已签署 409、已过期 410。
        """
        found, client, store, template = signing.view_by_scene(current_user(), scene)
        minor = service.client_is_minor(client)
        return {"id": found.public_id, "store_name": store.name, "minor": minor, "guardian_required": minor,
                "template": present.template(template), "requested_scopes": found.scopes,
                "expires_at": found.expires_at} | _client_info(client)


@blp.route("/consent-requests/<request_id>/signature-upload")
class SignatureUpload(MethodView):
    @blp.authenticated
    @blp.operation("consent_requests_signature_upload")
    @blp.response(201, s.UploadForm)
    @blp.errors(*SIGNING_ERRORS, AgreementRequired, service.StorageDown, RateLimited)
    @limiter.limit(lambda: SIGNATURE_UPLOAD_RATE_LIMIT, key_func=user_or_ip)
    @requires_agreements
    def post(self, request_id):
        """获取签名上传表单

        为已打开的签署请求获取手写签名（PNG）的 OSS PostObject 上传表单，配合 `wx.uploadFile` 使用。

        调用方：已打开该请求的客户本人。请求已签署 409、已过期 410；按用户限流（429）；存储不可用 503。
        """
        return form_out(*signing.signature_upload(current_user(), request_id))


@blp.route("/consent-requests/<request_id>/sign")
class Sign(MethodView):
    @blp.authenticated
    @blp.operation("consent_requests_sign")
    @blp.arguments(s.SignIn)
    @blp.response(201, s.RecordOut)
    @blp.errors(*SIGNING_ERRORS, AgreementRequired, PhoneRequired, signing.SignerMismatch,
                signing.TemplateChanged, signing.ScopesMismatch, signing.NoScopeAgreed, signing.GuardianRequired,
                signing.SignatureMissing, signing.SignatureInvalid, service.StorageDown)
    @requires_agreements
    def post(self, data, request_id):
        """签署知情同意书

        逐项勾选同意的用途，并附上已上传的手写签名完成签署；未成年人须提供监护人信息。签署结果写入门店的证据链。

        调用方：已打开该请求的客户本人。缺少监护人 403 `guardian_required`；模板已更新 409 `template_changed`；
        已签署 409；已过期 410。
        """
        record = signing.sign(
            current_user(), request_id, template_sha256=data["template_sha256"],
            scopes_agreed=[{"scope": d["scope"].value, "agreed": d["agreed"]} for d in data["scopes_agreed"]],
            signature_ticket_id=data["signature_ticket_id"], guardian=data["guardian"],
            ip=request.remote_addr, user_agent=request.user_agent.string)
        return present.records([record])[0]


@blp.route("/me/consents")
class MyConsents(MethodView):
    @blp.authenticated
    @blp.operation("me_consents")
    @blp.response(200, s.MyConsents)
    def get(self):
        """我的知情同意

        列出与我关联的客户档案，以及每个门店中生效的同意用途和签署记录。

        调用方：已登录的用户。
        """
        rows = db().execute(select(Client, Store).join(Store, Store.id == Client.store_id)
                            .where(Client.linked_user_id == current_user().id).order_by(Client.id)).all()
        out = []
        for client, store in rows:
            records = db().scalars(select(ConsentRecord).where(
                ConsentRecord.store_id == store.id, ConsentRecord.client_id == client.id)
                .order_by(ConsentRecord.id.desc()).limit(100)).all()
            out.append({"client_id": client.public_id, "store_id": store.public_id, "store_name": store.name,
                        "active_scopes": grants.active_scopes(db(), store.id, client.id),
                        "records": present.records(list(records))} | _client_info(client))
        return {"clients": out}


@blp.route("/me/consents/withdraw")
class MyWithdraw(MethodView):
    @blp.authenticated
    @blp.operation("me_consents_withdraw")
    @blp.arguments(s.MyWithdrawIn)
    @blp.response(201, s.RecordOut)
    @blp.errors(ClientNotFound, withdrawal.NothingToWithdraw)
    def post(self, data):
        """撤回我的同意

        撤回与我关联的客户档案的部分或全部同意用途，撤回无需重新签署或确认。

        调用方：已登录、与该档案关联的客户本人。没有生效中的同意返回 409 `consent_not_active`。
        """
        user = current_user()
        client, store = service.linked_client(user, data["client_id"], data.get("store_id"))
        record = withdrawal.withdraw(
            client, store, scopes=None if data["all"] else [x.value for x in data["scopes"]], actor=user,
            actor_role="client", reason=data.get("reason"), ip=request.remote_addr,
            user_agent=request.user_agent.string)
        return present.records([record])[0]


@blp.route("/me/consents/deletion-request")
class MyDeletionRequest(MethodView):
    @blp.authenticated
    @blp.operation("me_consents_deletion_request")
    @blp.arguments(s.DeletionIn)
    @blp.response(201, s.RecordOut)
    @blp.errors(ClientNotFound)
    def post(self, data):
        """申请删除我的数据

        请求门店删除我的数据。申请会记入知情同意证据链，由门店按数据权利流程处理。

        调用方：已登录、与该档案关联的客户本人。
        """
        user = current_user()
        client, store = service.linked_client(user, data["client_id"], data.get("store_id"))
        record = withdrawal.request_deletion(client, store, actor=user, reason=data.get("reason"),
                                             ip=request.remote_addr, user_agent=request.user_agent.string)
        return present.records([record])[0]


@blp.route("/me/consent-records/<record_id>/receipt")
class MyRecordReceipt(MethodView):
    @blp.authenticated
    @blp.operation("me_consent_records_receipt")
    @blp.response(200, content_type="application/pdf", description="PDF 存证回执")
    @blp.errors(service.ConsentRecordNotFound, service.StorageDown)
    def get(self, record_id):
        """下载我的签署回执

        下载一条与我相关的知情同意记录的 PDF 证据回执。

        调用方：已登录的用户（只限与本人关联的记录）。存储不可用 503。
        """
        record = service.record_of_user(current_user(), record_id)
        client, store = db().get_one(Client, record.client_id), db().get_one(Store, record.store_id)
        audit.record("consent.receipt", subject_type="client", subject_id=client.public_id, store=store,
                     actor_role="client", purpose=f"record {record.public_id}")
        return receipt_response(record)
