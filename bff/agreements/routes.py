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
        """列出当前协议

        列出用户协议和隐私政策的当前版本（不含全文）。

        调用方：任何人（无需登录）。
        """
        return {"documents": service.current_documents(db())}


@blp.route("/agreements/<any(terms, privacy):kind>")
class AgreementByKind(MethodView):
    @blp.operation("agreements_get")
    @blp.response(200, s.DocumentOut)
    @blp.errors(NotFound)
    def get(self, kind):
        """读取协议全文

        读取某一协议当前版本的全文（Markdown）。

        调用方：任何人（无需登录）。`kind` 不存在时返回 404。
        """
        return service.get_current(DocumentKind(kind))


@blp.route("/me/agreements")
class MyAgreements(MethodView):
    @blp.authenticated
    @blp.operation("me_agreements_status")
    @blp.response(200, s.AgreementStatus)
    def get(self):
        """待同意的协议

        列出调用者尚未同意的当前协议版本；为空表示已全部同意。

        调用方：已登录的用户。
        """
        return {"pending": service.pending_for(current_user())}

    @blp.authenticated
    @blp.operation("me_agreements_accept")
    @blp.arguments(s.AcceptanceIn)
    @blp.response(200, s.AgreementStatus)
    @blp.errors(service.AgreementOutdated)
    def post(self, data):
        """同意协议

        同意展示给用户的确切协议版本。若期间协议已更新，返回 409 `agreement_outdated`，请重新展示最新版本。

        调用方：已登录的用户。
        """
        pending = service.accept(current_user(), data["accepted"], client_ip=request.remote_addr)
        return {"pending": pending}
