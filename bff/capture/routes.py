from flask.views import MethodView

from bff.agreements.service import AgreementRequired, requires_agreements
from bff.api import Blueprint
from bff.capture import schemas as s
from bff.capture import service
from bff.capture.protocols import PROTOCOLS
from bff.clients.service import ClientNotFound
from bff.consent.gate import ConsentRequired, GuardianConsentRequired
from bff.cursors import InvalidCursor
from bff.stores.access import StoreNotFound, membership

blp = Blueprint("capture", __name__, url_prefix="/api/v1", description="拍摄：协议与拍摄记录")
SESSION_ERRORS = (StoreNotFound, service.CaptureSessionNotFound)


@blp.route("/capture-protocols")
class CaptureProtocols(MethodView):
    @blp.authenticated
    @blp.operation("capture_protocols_list")
    @blp.response(200, s.ProtocolList)
    def get(self):
        """The standard capture protocols and their views (body region and angle)."""
        return {"protocols": [{"code": p.code, "title": p.title, "description": p.description,
                               "views": [v.as_dict() for v in p.views]} for p in PROTOCOLS.values()]}


@blp.route("/stores/<store_id>/clients/<client_id>/capture-sessions")
class ClientCaptureSessions(MethodView):
    @blp.authenticated
    @blp.operation("capture_sessions_list")
    @blp.arguments(s.CaptureSessionQuery, location="query")
    @blp.response(200, s.CaptureSessionPage)
    @blp.errors(StoreNotFound, ClientNotFound, InvalidCursor)
    def get(self, query, store_id, client_id):
        """A client's capture sessions, newest first, with per-view progress."""
        page, next_cursor = service.list_sessions(membership(store_id), client_id, **query)
        return {"items": service.describe(page), "next_cursor": next_cursor}

    @blp.authenticated
    @blp.operation("capture_sessions_create")
    @blp.arguments(s.CaptureSessionCreate)
    @blp.response(201, s.CaptureSessionOut)
    @blp.errors(StoreNotFound, ClientNotFound, AgreementRequired, ConsentRequired, GuardianConsentRequired)
    @requires_agreements
    def post(self, data, store_id, client_id):
        """Start a capture session (a visit); needs the client's active `capture` consent."""
        return service.describe([service.start_session(membership(store_id), client_id, data)])[0]


@blp.route("/stores/<store_id>/capture-sessions/<session_id>")
class CaptureSessionById(MethodView):
    @blp.authenticated
    @blp.operation("capture_sessions_get")
    @blp.response(200, s.CaptureSessionOut)
    @blp.errors(*SESSION_ERRORS)
    def get(self, store_id, session_id):
        """One capture session: device, light, settings and which protocol views have ready photos."""
        return service.describe([service.read_session(membership(store_id), session_id)])[0]


@blp.route("/stores/<store_id>/capture-sessions/<session_id>/end")
class CaptureSessionEnd(MethodView):
    @blp.authenticated
    @blp.operation("capture_sessions_end")
    @blp.response(200, s.CaptureSessionOut)
    @blp.errors(*SESSION_ERRORS)
    def post(self, store_id, session_id):
        """End a capture session; no upload policy is issued for it afterwards (idempotent)."""
        return service.describe([service.end_session(membership(store_id), session_id)])[0]
