from flask.views import MethodView

from bff.api import Blueprint
from bff.billing.quotas import QuotaExceeded
from bff.errors import RateLimited
from bff.images import exports
from bff.images import schemas as s
from bff.limiter import ip_key, limiter, setting, user_or_ip
from bff.stores.access import OwnerRequired, StoreNotFound, membership

blp = Blueprint("exports", __name__, url_prefix="/api/v1/stores/<store_id>/exports", description="影像导出")


@blp.route("")
class Exports(MethodView):
    @blp.authenticated
    @blp.operation("exports_create")
    @blp.arguments(s.ExportCreate)
    @blp.response(202, s.ExportOut)
    @blp.errors(StoreNotFound, OwnerRequired, exports.ExportApprovalRequired, exports.ExportImagesNotFound,
                exports.ExportNotAllowed, RateLimited, QuotaExceeded)
    @limiter.limit(setting("export_rate_limit"), key_func=user_or_ip)
    @limiter.limit(setting("export_ip_rate_limit"), key_func=ip_key)
    def post(self, data, store_id):
        """导出图片

        将所选图片导出为带清单的 ZIP 包，后台异步生成，用 `GET /exports/{export_id}` 查询进度。
        须填写审批理由 `approval_reason`（记入审计）。

        调用方：门店负责人（员工 403 `owner_required`）。缺少审批理由返回 422；
        理由只有空白返回 403 `export_approval_required`；请求过于频繁 429；负责人套餐本月导出次数用完返回 429
        `quota_exceeded`（带 Retry-After）。
        """
        m = membership(store_id, owner=True)
        return exports.export_out(m, exports.create_export(m, **data), with_link=False)


@blp.route("/<export_id>")
class ExportById(MethodView):
    @blp.authenticated
    @blp.operation("exports_get")
    @blp.response(200, s.ExportOut)
    @blp.errors(StoreNotFound, OwnerRequired, exports.ExportNotFound)
    def get(self, store_id, export_id):
        """查询导出进度

        查询导出进度；完成后返回短时有效的下载链接（每次获取都记入审计）。

        调用方：门店负责人。
        """
        m = membership(store_id, owner=True)
        return exports.export_out(m, exports.get_export(m, export_id), with_link=True)
