from flask.views import MethodView

from bff.agreements.service import AgreementRequired, requires_agreements
from bff.api import Blueprint
from bff.billing import quotas
from bff.clients import crypto, service
from bff.clients import schemas as s
from bff.cursors import InvalidCursor
from bff.security.masking import mask_name
from bff.security.phones import mask
from bff.stores import service as stores
from bff.stores.access import OwnerRequired, StoreNotFound, membership
from models.clients import ClientStatus
from models.stores import InvitationKind

blp = Blueprint("clients", __name__, url_prefix="/api/v1/stores/<store_id>/clients", description="客户档案")
CLIENT_ERRORS = (StoreNotFound, service.ClientNotFound)


def _out(client, tags):
    phone = crypto.unseal(client, "phone")
    birth = crypto.unseal(client, "birth_date")
    return {
        "id": client.public_id, "name_masked": mask_name(crypto.unseal(client, "name") or ""),
        "phone_masked": mask(phone) if phone else None, "birth_year": int(birth[:4]) if birth else None,
        "gender": client.gender, "tags": tags, "has_notes": client.notes_enc is not None,
        "source": client.source, "linked": client.linked_user_id is not None,
        "deleted": client.status == ClientStatus.deleted,
        "created_at": client.created_at, "updated_at": client.updated_at,
    }


def _one(client):
    return _out(client, service.tags_of([client.id])[client.id])


@blp.route("")
class Clients(MethodView):
    @blp.authenticated
    @blp.operation("clients_list")
    @blp.arguments(s.ClientQuery, location="query")
    @blp.response(200, s.ClientPage)
    @blp.errors(StoreNotFound, OwnerRequired, service.ClientPhoneInvalid, InvalidCursor)
    def get(self, query, store_id):
        """搜索客户档案

        按姓名前缀、完整手机号（任意格式）或标签搜索门店的客户档案（脱敏显示），按游标分页。

        调用方：门店成员；列出已删除档案（`deleted=true`）仅限负责人。游标无效返回 422。
        """
        page, next_cursor = service.search_clients(membership(store_id), **query)
        tags = service.tags_of([c.id for c in page])
        return {"items": [_out(c, tags[c.id]) for c in page], "next_cursor": next_cursor}

    @blp.authenticated
    @blp.operation("clients_create")
    @blp.arguments(s.ClientCreate)
    @blp.response(201, s.ClientOut)
    @blp.errors(StoreNotFound, AgreementRequired, service.ClientPhoneInvalid, quotas.VipRequired,
                quotas.PlanLimitReached)
    @requires_agreements
    def post(self, data, store_id):
        """新建客户档案

        在门店中新建客户档案；姓名、手机号、生日和备注加密存储。

        调用方：已同意协议的门店成员。免费版超出客户数量上限返回 402 `vip_required`，
        付费套餐超出上限返回 403 `plan_limit_reached`。
        """
        return _one(service.create_client(membership(store_id), data))


@blp.route("/<client_id>")
class ClientById(MethodView):
    @blp.authenticated
    @blp.operation("clients_get")
    @blp.response(200, s.ClientOut)
    @blp.errors(*CLIENT_ERRORS)
    def get(self, store_id, client_id):
        """读取客户档案

        读取一份客户档案（脱敏显示）。查看完整信息请用 reveal 接口。

        调用方：门店成员。
        """
        return _one(service.read_client(membership(store_id), client_id))

    @blp.authenticated
    @blp.operation("clients_update")
    @blp.arguments(s.ClientUpdate)
    @blp.response(200, s.ClientOut)
    @blp.errors(*CLIENT_ERRORS, AgreementRequired, service.ClientPhoneInvalid)
    @requires_agreements
    def patch(self, data, store_id, client_id):
        """修改客户档案

        修改客户档案的部分字段，只改提供的字段。

        调用方：已同意协议的门店成员。手机号无效返回 422。
        """
        return _one(service.update_client(membership(store_id), client_id, data))

    @blp.authenticated
    @blp.operation("clients_delete")
    @blp.response(204)
    @blp.errors(*CLIENT_ERRORS, OwnerRequired)
    def delete(self, store_id, client_id):
        """删除客户档案

        删除客户档案（软删除，负责人可恢复）。

        调用方：门店负责人。
        """
        service.delete_client(membership(store_id), client_id)


@blp.route("/<client_id>/restore")
class ClientRestore(MethodView):
    @blp.authenticated
    @blp.operation("clients_restore")
    @blp.response(200, s.ClientOut)
    @blp.errors(*CLIENT_ERRORS, OwnerRequired)
    def post(self, store_id, client_id):
        """恢复客户档案

        恢复已删除的客户档案。

        调用方：门店负责人。
        """
        return _one(service.restore_client(membership(store_id), client_id))


@blp.route("/<client_id>/reveal")
class ClientReveal(MethodView):
    @blp.authenticated
    @blp.operation("clients_reveal")
    @blp.arguments(s.RevealIn)
    @blp.response(200, s.RevealOut)
    @blp.errors(*CLIENT_ERRORS)
    def post(self, data, store_id, client_id):
        """查看完整信息

        查看所选字段的完整值（姓名、手机号、生日、备注），须填写理由，记入审计。

        调用方：门店成员。
        """
        return service.reveal(membership(store_id), client_id, **data)


@blp.route("/<client_id>/link-invitation")
class ClientLinkInvitation(MethodView):
    @blp.authenticated
    @blp.operation("clients_link_invitation")
    @blp.response(201, s.LinkInvitationOut)
    @blp.errors(*CLIENT_ERRORS)
    def post(self, store_id, client_id):
        """邀请客户关联档案

        邀请客户用微信关联此档案（小程序码 scene 或邀请码），关联后客户可查看和管理自己的同意。

        调用方：门店成员。
        """
        m = membership(store_id)
        client = service.get_client(m, client_id)
        invitation, code = stores.create_invitation(m, kind=InvitationKind.client_link, client=client)
        return {"invitation_id": invitation.public_id, "invite_code": code, "scene": invitation.scene,
                "page": stores.INVITE_PAGE, "expires_at": invitation.expires_at}
