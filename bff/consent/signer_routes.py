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
        """Open a consent request from its scanned scene: the exact text to read (the view is recorded)."""
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
        """Get the PostObject form to upload the handwritten signature (PNG) of a request you opened."""
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
        """Sign: agree scope by scope, with the uploaded signature (and a guardian for a minor)."""
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
        """The client files linked to me, with their active consent scopes and records per store."""
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
        """Withdraw some or all consent scopes of a client file linked to me (no re-acceptance needed)."""
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
        """Ask the store to delete my data (recorded in the consent chain for the data-rights process)."""
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
        """Download the PDF evidence receipt of a consent record about me."""
        record = service.record_of_user(current_user(), record_id)
        client, store = db().get(Client, record.client_id), db().get(Store, record.store_id)
        audit.record("consent.receipt", subject_type="client", subject_id=client.public_id, store=store,
                     actor_role="client", purpose=f"record {record.public_id}")
        return receipt_response(record)
