from flask import Response
from flask.views import MethodView

from bff.agreements.service import AgreementRequired, requires_agreements
from bff.api import Blueprint
from bff.auth.guard import current_user
from bff.deps import deps
from bff.errors import RateLimited
from bff.integrations.wechat import WechatRejected, WechatUnavailable
from bff.limiter import limiter, setting, user_or_ip
from bff.stores import schemas as s
from bff.stores import service
from bff.stores.access import OwnerRequired, StoreNotFound, membership
from bff.users.service import PhoneRequired
from models.stores import StoreRole

blp = Blueprint("stores", __name__, url_prefix="/api/v1", description="门店、成员与邀请")


def _store(store, role):
    return {"id": store.public_id, "name": store.name, "address": store.address,
            "business_category": store.business_category, "my_role": role, "created_at": store.created_at}


def _invitation(invitation, code=None):
    out = {"invitation_id": invitation.public_id, "scene": invitation.scene, "page": service.INVITE_PAGE,
           "expires_at": invitation.expires_at}
    return out | ({"invite_code": code} if code else {})


@blp.route("/stores")
class Stores(MethodView):
    @blp.authenticated
    @blp.operation("stores_list")
    @blp.response(200, s.StoreList)
    def get(self):
        """我的门店

        列出调用者所属的门店及其角色。

        调用方：已登录的用户。
        """
        return {"stores": [_store(store, m.role) for store, m in service.my_stores(current_user())]}

    @blp.authenticated
    @blp.operation("stores_create")
    @blp.arguments(s.StoreCreate)
    @blp.response(201, s.StoreOut)
    @blp.errors(AgreementRequired, service.ConsultantRequired)
    @requires_agreements
    def post(self, data):
        """创建门店

        创建门店，调用者成为负责人。

        调用方：已注册并同意协议的顾问（否则 403 `consultant_required` / `agreement_required`）。
        """
        return _store(service.create_store(current_user(), **data), StoreRole.owner)


@blp.route("/stores/<store_id>")
class StoreById(MethodView):
    @blp.authenticated
    @blp.operation("stores_get")
    @blp.response(200, s.StoreOut)
    @blp.errors(StoreNotFound)
    def get(self, store_id):
        """读取门店

        读取调用者所属的一个门店。

        调用方：门店成员。不属于该门店时返回 404（不暴露门店是否存在）。
        """
        m = membership(store_id)
        return _store(m.store, m.role)


@blp.route("/stores/<store_id>/members")
class Members(MethodView):
    @blp.authenticated
    @blp.operation("stores_members")
    @blp.response(200, s.MemberList)
    @blp.errors(StoreNotFound)
    def get(self, store_id):
        """门店成员

        列出门店的成员及其角色。

        调用方：门店成员。
        """
        rows = service.members(membership(store_id))
        return {"members": [{"user_id": u.public_id, "display_name": p.display_name if p else None,
                             "role": m.role, "joined_at": m.joined_at} for m, u, p in rows]}


@blp.route("/stores/<store_id>/members/<user_id>")
class MemberById(MethodView):
    @blp.authenticated
    @blp.operation("stores_member_remove")
    @blp.response(204)
    @blp.errors(StoreNotFound, OwnerRequired, service.MemberNotFound, service.CannotRemoveOwner)
    def delete(self, store_id, user_id):
        """移除成员

        负责人移除员工，或员工移除自己（退出门店）。

        调用方：门店负责人，或员工本人。不能移除负责人（409 `cannot_remove_owner`）。
        """
        service.remove_member(membership(store_id), user_id)


@blp.route("/stores/<store_id>/ownership")
class Ownership(MethodView):
    @blp.authenticated
    @blp.operation("stores_transfer_ownership")
    @blp.arguments(s.OwnershipIn)
    @blp.response(204)
    @blp.errors(StoreNotFound, OwnerRequired, service.MemberNotFound)
    def post(self, data, store_id):
        """转让门店

        把门店转让给一名员工，原负责人变为员工。

        调用方：门店负责人。
        """
        service.transfer_ownership(membership(store_id, owner=True), data["user_id"])


@blp.route("/stores/<store_id>/invitations")
class Invitations(MethodView):
    @blp.authenticated
    @blp.operation("stores_invitations_list")
    @blp.response(200, s.InvitationList)
    @blp.errors(StoreNotFound, OwnerRequired)
    def get(self, store_id):
        """待接受的员工邀请

        列出门店尚未使用的员工邀请。

        调用方：门店负责人。
        """
        return {"invitations": [_invitation(i) for i in service.pending_invitations(membership(store_id, owner=True))]}

    @blp.authenticated
    @blp.operation("stores_invitations_create")
    @blp.response(201, s.InvitationOut)
    @blp.errors(StoreNotFound, OwnerRequired)
    def post(self, store_id):
        """邀请员工

        邀请员工：生成一次性邀请码和小程序码 scene，72 小时内有效。

        调用方：门店负责人。
        """
        invitation, code = service.create_invitation(membership(store_id, owner=True))
        return _invitation(invitation, code)


@blp.route("/stores/<store_id>/invitations/<invitation_id>")
class InvitationById(MethodView):
    @blp.authenticated
    @blp.operation("stores_invitations_revoke")
    @blp.response(204)
    @blp.errors(StoreNotFound, OwnerRequired, service.InvitationNotFound)
    def delete(self, store_id, invitation_id):
        """撤销邀请

        撤销一个尚未使用的邀请。

        调用方：门店负责人。
        """
        service.revoke_invitation(membership(store_id, owner=True), invitation_id)


@blp.route("/stores/<store_id>/invitations/<invitation_id>/qrcode")
class InvitationQrCode(MethodView):
    @blp.authenticated
    @blp.operation("stores_invitations_qrcode")
    @blp.response(200, content_type="image/png", description="小程序码 PNG")
    @blp.errors(StoreNotFound, OwnerRequired, service.InvitationNotFound, WechatUnavailable, WechatRejected)
    def get(self, store_id, invitation_id):
        """邀请的小程序码

        获取打开邀请页面的小程序码（PNG 图片）。

        调用方：门店负责人。微信接口拒绝 502、不可用 503。
        """
        invitation = service.invitation_of(membership(store_id, owner=True), invitation_id)
        png = deps().wechat.get_unlimited_qrcode(scene=invitation.scene, page=service.INVITE_PAGE)
        return Response(png, mimetype="image/png")


@blp.route("/invitations/accept")
class AcceptInvitation(MethodView):
    @blp.authenticated
    @blp.operation("invitations_accept")
    @blp.arguments(s.AcceptIn)
    @blp.response(200, s.AcceptOut)
    @blp.errors(AgreementRequired, service.InvitationNotFound, service.InvitationExpired,
                service.InvitationRevoked, service.InvitationUsed, service.AlreadyMember,
                service.ConsultantRequired, service.PhoneMismatch, PhoneRequired, RateLimited)
    @limiter.limit(setting("invite_rate_limit"), key_func=user_or_ip)
    @requires_agreements
    def post(self, data):
        """接受门店邀请

        用扫码得到的 scene 或手动输入的邀请码接受邀请，成为门店员工（或关联客户档案）。

        调用方：已登录、同意协议并绑定手机号的顾问。邀请不存在 404、已使用或已是成员 409、已过期或已撤销 410；
        手机号与邀请不符 403；按用户限流（429）。
        """
        store, invitation = service.accept_invitation(current_user(), **data)
        role = StoreRole.staff if invitation.kind.value == "staff" else None
        return {"kind": invitation.kind.value, "store": _store(store, role)}
