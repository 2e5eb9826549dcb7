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
        """List the store's audit events, newest first (owner only)."""
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
        """List who viewed, changed or exported the client files linked to me, newest first."""
        items, next_cursor = service.access_history(current_user(), limit=query["limit"],
                                                    before=query.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}
