from flask.views import MethodView

from bff.api import Blueprint
from bff.errors import RateLimited
from bff.images import exports
from bff.images import schemas as s
from bff.limiter import limiter, setting, user_or_ip
from bff.stores.access import OwnerRequired, StoreNotFound, membership

blp = Blueprint("exports", __name__, url_prefix="/api/v1/stores/<store_id>/exports", description="影像导出")


@blp.route("")
class Exports(MethodView):
    @blp.authenticated
    @blp.operation("exports_create")
    @blp.arguments(s.ExportCreate)
    @blp.response(202, s.ExportOut)
    @blp.errors(StoreNotFound, OwnerRequired, exports.ExportApprovalRequired, exports.ExportImagesNotFound,
                exports.ExportNotAllowed, RateLimited)
    @limiter.limit(setting("export_rate_limit"), key_func=user_or_ip)
    @limiter.limit(setting("export_rate_limit"))
    def post(self, data, store_id):
        """Export chosen images as a ZIP with manifests (owner only; the approval reason is audited)."""
        m = membership(store_id, owner=True)
        return exports.export_out(m, exports.create_export(m, **data), with_link=False)


@blp.route("/<export_id>")
class ExportById(MethodView):
    @blp.authenticated
    @blp.operation("exports_get")
    @blp.response(200, s.ExportOut)
    @blp.errors(StoreNotFound, OwnerRequired, exports.ExportNotFound)
    def get(self, store_id, export_id):
        """Read an export's progress; once done, a short-lived download link (audited)."""
        m = membership(store_id, owner=True)
        return exports.export_out(m, exports.get_export(m, export_id), with_link=True)
