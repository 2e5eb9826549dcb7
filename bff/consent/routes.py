"""Consent, the consultant's side: templates to choose from, requests, a client's consents,
withdrawal on the client's behalf and evidence receipts. Every store route checks membership."""

from flask import Response, request
from flask.views import MethodView

from bff.agreements.service import AgreementRequired, requires_agreements
from bff.api import Blueprint
from bff.audit import service as audit
from bff.auth.guard import current_user
from bff.clients import service as clients
from bff.consent import present, receipts, service, signing, templates, withdrawal
from bff.consent import schemas as s
from bff.db import session as db
from bff.deps import deps
from bff.integrations.oss import StorageUnavailable
from bff.integrations.wechat import WechatRejected, WechatUnavailable
from bff.stores.access import StoreNotFound, membership
from models import Client, ConsentTemplate

blp = Blueprint("consent", __name__, url_prefix="/api/v1", description="知情同意（顾问端）")
CLIENT = "/stores/<store_id>/clients/<client_id>"
CLIENT_ERRORS = (StoreNotFound, clients.ClientNotFound)


@blp.route("/consent-templates")
class Templates(MethodView):
    @blp.authenticated
    @blp.operation("consent_templates_list")
    @blp.response(200, s.TemplateList)
    def get(self):
        """列出知情同意书模板

        列出每个已发布模板的当前版本，供顾问发起签署请求时选择。

        调用方：已登录的用户。
        """
        return {"templates": [present.template(t) for t in templates.latest_published(db())]}


@blp.route("/consent-templates/<template_id>")
class TemplateById(MethodView):
    @blp.authenticated
    @blp.operation("consent_templates_get")
    @blp.response(200, s.TemplateOut)
    @blp.errors(templates.TemplateNotFound)
    def get(self, template_id):
        """读取模板版本

        读取一个已发布（或已停用）模板版本的原文及其 SHA-256 哈希。

        调用方：已登录的用户。草稿或不存在的版本返回 404。
        """
        return present.template(templates.find(db(), template_id))


@blp.route(f"{CLIENT}/consent-requests")
class ConsentRequests(MethodView):
    @blp.authenticated
    @blp.operation("consent_requests_create")
    @blp.arguments(s.RequestIn)
    @blp.response(201, s.RequestOut)
    @blp.errors(*CLIENT_ERRORS, AgreementRequired, templates.TemplateNotFound, templates.TemplateNotCurrent,
                signing.ScopeNotInTemplate)
    @requires_agreements
    def post(self, data, store_id, client_id):
        """发起签署请求

        请客户就所选用途签署某个模板；可分享签署页，或展示其小程序码让客户扫码。

        调用方：已同意协议的门店成员。模板不是当前版本返回 409 `template_not_current`。
        """
        m = membership(store_id)
        created = signing.create_request(m, client_id, template_id=data["template_id"],
                                         scopes=[x.value for x in data["scopes"]])
        return present.request(created, db().get_one(Client, created.client_id),
                               db().get_one(ConsentTemplate, created.template_id))


@blp.route(f"{CLIENT}/consent-requests/<request_id>/qrcode")
class ConsentRequestQrCode(MethodView):
    @blp.authenticated
    @blp.operation("consent_requests_qrcode")
    @blp.response(200, content_type="image/png", description="小程序码 PNG")
    @blp.errors(*CLIENT_ERRORS, service.ConsentRequestNotFound, service.ConsentRequestUsed,
                service.ConsentRequestExpired, WechatUnavailable, WechatRejected)
    def get(self, store_id, client_id, request_id):
        """签署请求的小程序码

        获取打开待签署请求页面的小程序码（PNG 图片）。

        调用方：门店成员。请求已签署 409、已过期 410；微信接口拒绝 502、不可用 503。
        """
        found = service.request_of_member(membership(store_id), client_id, request_id)
        service.require_usable(found)
        png = deps().wechat.get_unlimited_qrcode(scene=found.scene, page=signing.SIGN_PAGE)
        return Response(png, mimetype="image/png")


@blp.route(f"{CLIENT}/consents")
class ClientConsents(MethodView):
    @blp.authenticated
    @blp.operation("consents_of_client")
    @blp.response(200, s.ClientConsents)
    @blp.errors(*CLIENT_ERRORS)
    def get(self, store_id, client_id):
        """客户的知情同意

        客户当前的授权、签署记录和签署请求。

        调用方：门店成员。
        """
        m = membership(store_id)
        client = clients.get_client(m, client_id, include_deleted=True)
        audit.record("consent.read", subject_type="client", subject_id=client.public_id, store=m.store,
                     actor_role=m.role.value)
        return present.client_consents(client)


@blp.route(f"{CLIENT}/consents/withdraw")
class ClientConsentsWithdraw(MethodView):
    @blp.authenticated
    @blp.operation("consents_withdraw_for_client")
    @blp.arguments(s.StaffWithdrawIn)
    @blp.response(201, s.RecordOut)
    @blp.errors(*CLIENT_ERRORS, withdrawal.NothingToWithdraw)
    def post(self, data, store_id, client_id):
        """代客户撤回同意

        代客户撤回同意用途（例如客户电话要求），须填写原因并记入证据链。

        调用方：门店成员。没有生效中的同意返回 409 `consent_not_active`。
        """
        m = membership(store_id)
        client = clients.get_client(m, client_id, include_deleted=True)
        record = withdrawal.withdraw(
            client, m.store, scopes=None if data["all"] else [x.value for x in data["scopes"]],
            actor=current_user(), actor_role=m.role.value, reason=data["reason"], ip=request.remote_addr,
            user_agent=request.user_agent.string)
        return present.records([record])[0]


@blp.route(f"{CLIENT}/consent-records/<record_id>/receipt")
class ClientRecordReceipt(MethodView):
    @blp.authenticated
    @blp.operation("consent_records_receipt")
    @blp.response(200, content_type="application/pdf", description="PDF 存证回执")
    @blp.errors(*CLIENT_ERRORS, service.ConsentRecordNotFound, service.StorageDown)
    def get(self, store_id, client_id, record_id):
        """下载签署回执

        下载一条知情同意记录的 PDF 证据回执。

        调用方：门店成员。存储不可用 503。
        """
        m = membership(store_id)
        record = service.record_of_member(m, client_id, record_id)
        audit.record("consent.receipt", subject_type="client", subject_id=client_id, store=m.store,
                     actor_role=m.role.value, purpose=f"record {record.public_id}")
        return receipt_response(record)


def receipt_response(record) -> Response:
    try:
        pdf = receipts.render_receipt(db(), record, oss=deps().oss, cipher=deps().cipher)
    except StorageUnavailable as exc:
        raise service.StorageDown() from exc
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="consent-{record.public_id}.pdf"', "Cache-Control": "no-store"})
