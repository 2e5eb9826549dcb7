from flask import request
from flask.views import MethodView

from bff.agreements import schemas as s
from bff.agreements import service
from bff.api import Blueprint
from bff.auth.guard import current_user
from bff.db import session as db
from bff.errors import NotFound
from models.agreements import DocumentKind

blp = Blueprint("agreements", __name__, url_prefix="/api/v1", description="用户协议与隐私政策")


@blp.route("/agreements")
class Agreements(MethodView):
    @blp.operation("agreements_list")
    @blp.response(200, s.DocumentList)
    def get(self):
        """List the current versions of the terms and the privacy policy."""
        return {"documents": service.current_documents(db())}


@blp.route("/agreements/<any(terms, privacy):kind>")
class AgreementByKind(MethodView):
    @blp.operation("agreements_get")
    @blp.response(200, s.DocumentOut)
    @blp.errors(NotFound)
    def get(self, kind):
        """Read the full text of the current version of one document."""
        return service.get_current(DocumentKind(kind))


@blp.route("/me/agreements")
class MyAgreements(MethodView):
    @blp.authenticated
    @blp.operation("me_agreements_status")
    @blp.response(200, s.AgreementStatus)
    def get(self):
        """List the current documents the caller has not accepted yet."""
        return {"pending": service.pending_for(current_user())}

    @blp.authenticated
    @blp.operation("me_agreements_accept")
    @blp.arguments(s.AcceptanceIn)
    @blp.response(200, s.AgreementStatus)
    @blp.errors(service.AgreementOutdated)
    def post(self, data):
        """Accept the exact document versions that were shown to the user."""
        pending = service.accept(current_user(), data["accepted"], client_ip=request.remote_addr)
        return {"pending": pending}
