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
        """Search the store's client files (masked): name prefix, exact phone in any format, tag."""
        page, next_cursor = service.search_clients(membership(store_id), **query)
        tags = service.tags_of([c.id for c in page])
        return {"items": [_out(c, tags[c.id]) for c in page], "next_cursor": next_cursor}

    @blp.authenticated
    @blp.operation("clients_create")
    @blp.arguments(s.ClientCreate)
    @blp.response(201, s.ClientOut)
    @blp.errors(StoreNotFound, AgreementRequired, service.ClientPhoneInvalid, quotas.VipRequired,
                quotas.QuotaExceeded)
    @requires_agreements
    def post(self, data, store_id):
        """Create a client file in the store."""
        return _one(service.create_client(membership(store_id), data))


@blp.route("/<client_id>")
class ClientById(MethodView):
    @blp.authenticated
    @blp.operation("clients_get")
    @blp.response(200, s.ClientOut)
    @blp.errors(*CLIENT_ERRORS)
    def get(self, store_id, client_id):
        """Read one client file (masked)."""
        return _one(service.read_client(membership(store_id), client_id))

    @blp.authenticated
    @blp.operation("clients_update")
    @blp.arguments(s.ClientUpdate)
    @blp.response(200, s.ClientOut)
    @blp.errors(*CLIENT_ERRORS, AgreementRequired, service.ClientPhoneInvalid)
    @requires_agreements
    def patch(self, data, store_id, client_id):
        """Change some fields of a client file."""
        return _one(service.update_client(membership(store_id), client_id, data))

    @blp.authenticated
    @blp.operation("clients_delete")
    @blp.response(204)
    @blp.errors(*CLIENT_ERRORS, OwnerRequired)
    def delete(self, store_id, client_id):
        """Delete a client file (soft; the owner can restore it)."""
        service.delete_client(membership(store_id), client_id)


@blp.route("/<client_id>/restore")
class ClientRestore(MethodView):
    @blp.authenticated
    @blp.operation("clients_restore")
    @blp.response(200, s.ClientOut)
    @blp.errors(*CLIENT_ERRORS, OwnerRequired)
    def post(self, store_id, client_id):
        """Restore a deleted client file."""
        return _one(service.restore_client(membership(store_id), client_id))


@blp.route("/<client_id>/reveal")
class ClientReveal(MethodView):
    @blp.authenticated
    @blp.operation("clients_reveal")
    @blp.arguments(s.RevealIn)
    @blp.response(200, s.RevealOut)
    @blp.errors(*CLIENT_ERRORS)
    def post(self, data, store_id, client_id):
        """Show full values of chosen fields; the stated reason is audited."""
        return service.reveal(membership(store_id), client_id, **data)


@blp.route("/<client_id>/link-invitation")
class ClientLinkInvitation(MethodView):
    @blp.authenticated
    @blp.operation("clients_link_invitation")
    @blp.response(201, s.LinkInvitationOut)
    @blp.errors(*CLIENT_ERRORS)
    def post(self, store_id, client_id):
        """Invite the client to link their WeChat account to this file (QR scene or code)."""
        m = membership(store_id)
        client = service.get_client(m, client_id)
        invitation, code = stores.create_invitation(m, kind=InvitationKind.client_link, client=client)
        return {"invitation_id": invitation.public_id, "invite_code": code, "scene": invitation.scene,
                "page": stores.INVITE_PAGE, "expires_at": invitation.expires_at}
