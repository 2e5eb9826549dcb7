from flask.views import MethodView

from bff.api import Blueprint
from bff.audit import schemas as s
from bff.audit import service
from bff.auth.guard import current_user
from bff.stores.access import OwnerRequired, StoreNotFound, membership

blp = Blueprint("audit", __name__, url_prefix="/api/v1", description="审计记录")


@blp.route("/stores/<store_id>/audit-events")
class StoreAuditEvents(MethodView):
    @blp.authenticated
    @blp.operation("stores_audit_events")
    @blp.arguments(s.StoreEventsQuery, location="query")
    @blp.response(200, s.AuditPage)
    @blp.errors(StoreNotFound, OwnerRequired)
    def get(self, query, store_id):
        """门店审计日志

        列出门店的审计事件（查看、修改、导出个人数据等），最新的在前。

        调用方：门店负责人（员工返回 403 `owner_required`）。
        """
        m = membership(store_id, owner=True)
        before = query.pop("cursor", None)
        items, next_cursor = service.store_events(m.store, before=before, **query)
        return {"items": items, "next_cursor": next_cursor}


@blp.route("/me/access-history")
class MyAccessHistory(MethodView):
    @blp.authenticated
    @blp.operation("me_access_history")
    @blp.arguments(s.AuditPageQuery, location="query")
    @blp.response(200, s.AuditPage)
    def get(self, query):
        """我的档案访问记录

        列出谁查看、修改或导出了与我关联的客户档案，最新的在前。

        调用方：已登录的用户（只能看到与本人关联的档案）。
        """
        items, next_cursor = service.access_history(current_user(), limit=query["limit"],
                                                    before=query.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}
