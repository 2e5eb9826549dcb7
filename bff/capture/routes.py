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
        """列出拍摄规范

        列出标准拍摄规范及其各视图（身体部位与角度），供拍摄页引导使用。

        调用方：已登录的用户。
        """
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
        """客户的拍摄记录

        列出客户的拍摄记录，最新的在前，含各视图的完成情况。

        调用方：门店成员。
        """
        page, next_cursor = service.list_sessions(membership(store_id), client_id, **query)
        return {"items": service.describe(page), "next_cursor": next_cursor}

    @blp.authenticated
    @blp.operation("capture_sessions_create")
    @blp.arguments(s.CaptureSessionCreate)
    @blp.response(201, s.CaptureSessionOut)
    @blp.errors(StoreNotFound, ClientNotFound, AgreementRequired, ConsentRequired, GuardianConsentRequired)
    @requires_agreements
    def post(self, data, store_id, client_id):
        """开始拍摄

        为客户开始一次拍摄（一次到店）。需要客户生效中的 `capture`（拍摄）同意；未成年人还需监护人同意。

        调用方：已同意协议的门店成员。缺少同意返回 403 `consent_required` / `guardian_consent_required`。
        """
        return service.describe([service.start_session(membership(store_id), client_id, data)])[0]


@blp.route("/stores/<store_id>/capture-sessions/<session_id>")
class CaptureSessionById(MethodView):
    @blp.authenticated
    @blp.operation("capture_sessions_get")
    @blp.response(200, s.CaptureSessionOut)
    @blp.errors(*SESSION_ERRORS)
    def get(self, store_id, session_id):
        """读取拍摄记录

        读取一次拍摄（到店）记录：设备、光线、参数，以及拍摄规范中哪些视图已有可用照片。

        调用方：门店成员。
        """
        return service.describe([service.read_session(membership(store_id), session_id)])[0]


@blp.route("/stores/<store_id>/capture-sessions/<session_id>/end")
class CaptureSessionEnd(MethodView):
    @blp.authenticated
    @blp.operation("capture_sessions_end")
    @blp.response(200, s.CaptureSessionOut)
    @blp.errors(*SESSION_ERRORS)
    def post(self, store_id, session_id):
        """结束拍摄

        结束一次拍摄，此后不再为其签发上传表单。可重复调用。

        调用方：门店成员。
        """
        return service.describe([service.end_session(membership(store_id), session_id)])[0]
