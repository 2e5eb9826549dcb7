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
        """List the stores the caller belongs to, with their role."""
        return {"stores": [_store(store, m.role) for store, m in service.my_stores(current_user())]}

    @blp.authenticated
    @blp.operation("stores_create")
    @blp.arguments(s.StoreCreate)
    @blp.response(201, s.StoreOut)
    @blp.errors(AgreementRequired, service.ConsultantRequired)
    @requires_agreements
    def post(self, data):
        """Create a store; the caller becomes its owner."""
        return _store(service.create_store(current_user(), **data), StoreRole.owner)


@blp.route("/stores/<store_id>")
class StoreById(MethodView):
    @blp.authenticated
    @blp.operation("stores_get")
    @blp.response(200, s.StoreOut)
    @blp.errors(StoreNotFound)
    def get(self, store_id):
        """Read a store the caller belongs to."""
        m = membership(store_id)
        return _store(m.store, m.role)


@blp.route("/stores/<store_id>/members")
class Members(MethodView):
    @blp.authenticated
    @blp.operation("stores_members")
    @blp.response(200, s.MemberList)
    @blp.errors(StoreNotFound)
    def get(self, store_id):
        """List the members of a store."""
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
        """Remove a staff member (owner), or leave the store (staff removing themselves)."""
        service.remove_member(membership(store_id), user_id)


@blp.route("/stores/<store_id>/ownership")
class Ownership(MethodView):
    @blp.authenticated
    @blp.operation("stores_transfer_ownership")
    @blp.arguments(s.OwnershipIn)
    @blp.response(204)
    @blp.errors(StoreNotFound, OwnerRequired, service.MemberNotFound)
    def post(self, data, store_id):
        """Hand the store to a staff member; the current owner becomes staff."""
        service.transfer_ownership(membership(store_id, owner=True), data["user_id"])


@blp.route("/stores/<store_id>/invitations")
class Invitations(MethodView):
    @blp.authenticated
    @blp.operation("stores_invitations_list")
    @blp.response(200, s.InvitationList)
    @blp.errors(StoreNotFound, OwnerRequired)
    def get(self, store_id):
        """List the store's pending staff invitations."""
        return {"invitations": [_invitation(i) for i in service.pending_invitations(membership(store_id, owner=True))]}

    @blp.authenticated
    @blp.operation("stores_invitations_create")
    @blp.response(201, s.InvitationOut)
    @blp.errors(StoreNotFound, OwnerRequired)
    def post(self, store_id):
        """Invite staff: a single-use code and a mini-program QR scene, valid 72 hours."""
        invitation, code = service.create_invitation(membership(store_id, owner=True))
        return _invitation(invitation, code)


@blp.route("/stores/<store_id>/invitations/<invitation_id>")
class InvitationById(MethodView):
    @blp.authenticated
    @blp.operation("stores_invitations_revoke")
    @blp.response(204)
    @blp.errors(StoreNotFound, OwnerRequired, service.InvitationNotFound)
    def delete(self, store_id, invitation_id):
        """Revoke an invitation that has not been used."""
        service.revoke_invitation(membership(store_id, owner=True), invitation_id)


@blp.route("/stores/<store_id>/invitations/<invitation_id>/qrcode")
class InvitationQrCode(MethodView):
    @blp.authenticated
    @blp.operation("stores_invitations_qrcode")
    @blp.response(200, content_type="image/png", description="小程序码 PNG")
    @blp.errors(StoreNotFound, OwnerRequired, service.InvitationNotFound, WechatUnavailable, WechatRejected)
    def get(self, store_id, invitation_id):
        """Get the mini-program code (wxacode) that opens the invitation page."""
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
        """Accept an invitation by scanned scene or typed code."""
        store, invitation = service.accept_invitation(current_user(), **data)
        role = StoreRole.staff if invitation.kind.value == "staff" else None
        return {"kind": invitation.kind.value, "store": _store(store, role)}
