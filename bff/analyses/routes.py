"""AI image analysis (algorithmic reference on image features, never a diagnosis)."""

from typing import Any

from flask.views import MethodView

from bff.analyses import schemas as s
from bff.analyses import service
from bff.api import Blueprint
from bff.auth.guard import current_user
from bff.billing.quotas import QuotaExceeded
from bff.consent.gate import ConsentRequired, GuardianConsentRequired
from bff.db import session as db
from bff.deps import deps
from bff.images.schemas import SignedUrlOut
from bff.images.service import ImageNotFound
from bff.images.viewing import ImageNotReady
from bff.stores.access import StoreNotFound, membership
from jobs.vision.metrics import DISCLAIMER, DISCLAIMER_VERSION, catalogue
from models import Analysis, Comparison, Image

blp = Blueprint("analyses", __name__, url_prefix="/api/v1", description="影像分析（算法参考，不构成诊断）")
METRICS_URL = "/api/v1/analysis-metrics"


def disclaimer() -> dict[str, str]:
    return {"version": DISCLAIMER_VERSION, "text": DISCLAIMER}


def _out(a: Analysis) -> dict[str, Any]:
    image_pid = db().get_one(Image, a.image_id).public_id
    passed = None if a.result is None else a.result["quality"]["passed"]
    return {"id": a.public_id, "image_id": image_pid, "status": a.status, "stage": a.stage, "percent": a.percent,
            "reason": a.reason, "result": a.result, "retake_recommended": None if passed is None else not passed,
            "has_overlay": a.overlay_key is not None, "has_deidentified": a.deidentified_key is not None,
            "disclaimer": disclaimer(), "metrics_url": METRICS_URL, "created_at": a.created_at,
            "finished_at": a.finished_at}


@blp.route("/stores/<store_id>/images/<image_id>/analyses")
class ImageAnalyses(MethodView):
    @blp.authenticated
    @blp.operation("analyses_request")
    @blp.response(202, s.AnalysisOut)
    @blp.errors(StoreNotFound, ImageNotFound, ImageNotReady, ConsentRequired, GuardianConsentRequired,
                QuotaExceeded, service.AnalysisModelsUnavailable)
    def post(self, store_id, image_id):
        """请求影像分析

        对一张已处理完成的图片排队进行分析：拍摄质量检查、人脸去标识化、皮肤区域特征。用同一组模型版本
        再次请求同一张图片时返回已有的分析（不重复计算、不重复扣额度）；失败或取消的会重新排队。
        用 GET 分析详情轮询进度。结果仅为基于图像特征的算法参考，不构成诊断。

        调用方：门店成员。需要客户生效中的 capture 和 analysis 同意（403 `consent_required`）；
        本月分析额度用完返回 429 `quota_exceeded`（带 Retry-After）；图片未处理完成 409 `image_not_ready`。
        """
        d = deps()
        found = service.request_analysis(db(), membership(store_id), image_id, user=current_user(), cipher=d.cipher,
                                         minor_age=d.settings.minor_age, redis=d.redis)
        return _out(found)

    @blp.authenticated
    @blp.operation("analyses_list_for_image")
    @blp.response(200, s.AnalysisList)
    @blp.errors(StoreNotFound, ImageNotFound)
    def get(self, store_id, image_id):
        """图片的分析记录

        列出一张图片的分析（最新的在前，最多 50 条），每条都带免责声明。

        调用方：门店成员。
        """
        return {"items": [_out(a) for a in service.list_for_image(db(), membership(store_id), image_id)]}


@blp.route("/stores/<store_id>/analyses/<analysis_id>")
class AnalysisById(MethodView):
    @blp.authenticated
    @blp.operation("analyses_get")
    @blp.response(200, s.AnalysisOut)
    @blp.errors(StoreNotFound, service.AnalysisNotFound)
    def get(self, store_id, analysis_id):
        """读取分析（进度与结果）

        返回分析的状态、阶段和进度；完成后返回全部指标、模型版本与哈希、输入图片的 SHA-256、参数、
        各阶段耗时，以及必须一并展示的免责声明。指标定义见 `metrics_url`。

        调用方：门店成员（记入审计）。
        """
        return _out(service.read_analysis(db(), membership(store_id), analysis_id))


@blp.route("/stores/<store_id>/analyses/<analysis_id>/cancel")
class AnalysisCancel(MethodView):
    @blp.authenticated
    @blp.operation("analyses_cancel")
    @blp.response(200, s.AnalysisOut)
    @blp.errors(StoreNotFound, service.AnalysisNotFound, service.AnalysisNotCancellable)
    def post(self, store_id, analysis_id):
        """取消分析

        取消排队中或进行中的分析，之后不会保存任何结果。

        调用方：门店成员。已结束的分析返回 409 `analysis_not_cancellable`。
        """
        return _out(service.cancel_analysis(db(), membership(store_id), analysis_id))


@blp.route("/stores/<store_id>/analyses/<analysis_id>/view-url")
class AnalysisViewUrl(MethodView):
    @blp.authenticated
    @blp.operation("analyses_view_url")
    @blp.arguments(s.OutputUrlIn)
    @blp.response(200, SignedUrlOut)
    @blp.errors(StoreNotFound, service.AnalysisNotFound, service.AnalysisOutputMissing, ConsentRequired,
                GuardianConsentRequired)
    def post(self, data, store_id, analysis_id):
        """获取分析标注图链接

        获取标注图（测量区域、斑点位置）或人脸打码副本的短时签名链接，带查看者 ID 和时间水印（记入审计）。

        调用方：门店成员。需要客户生效中的同意（403 `consent_required`）；
        没有该衍生图返回 409 `analysis_output_missing`。
        """
        d = deps()
        return service.issue_output_url(db(), membership(store_id), analysis_id, variant=data["variant"],
                                        viewer=current_user(), oss=d.oss, cipher=d.cipher,
                                        minor_age=d.settings.minor_age, ttl=d.settings.view_url_ttl)


@blp.route("/analysis-metrics")
class AnalysisMetrics(MethodView):
    @blp.operation("analysis_metrics")
    @blp.response(200, s.MetricsOut)
    def get(self):
        """分析指标说明

        每个分析指标的中文名称、单位、定义及其来自的光线模式，以及分析结果的免责声明。

        调用方：任何人（无需登录）。
        """
        return {"metrics": catalogue(), "disclaimer": disclaimer()}


def _comparison_out(c: Comparison) -> dict[str, Any]:
    before, after = db().get_one(Analysis, c.before_id), db().get_one(Analysis, c.after_id)
    return {"id": c.public_id, "before_analysis_id": before.public_id, "after_analysis_id": after.public_id,
            "status": c.status, "reason": c.reason, "result": c.result, "has_aligned_pair": c.after_key is not None,
            "disclaimer": disclaimer(), "created_at": c.created_at, "finished_at": c.finished_at}


@blp.route("/stores/<store_id>/comparisons")
class Comparisons(MethodView):
    @blp.authenticated
    @blp.operation("comparisons_create")
    @blp.arguments(s.ComparisonIn)
    @blp.response(202, s.ComparisonOut)
    @blp.errors(StoreNotFound, service.AnalysisNotFound, service.NotComparable, ConsentRequired,
                GuardianConsentRequired)
    def post(self, data, store_id):
        """请求前后对比

        对同一客户、同一视图的两次已完成且拍摄质量合格的分析做前后对比：特征点匹配加单应性对齐，给出每个指标的变化、
        对齐质量，并标记设备、光线模式、拍摄参数不同或姿态相差过大而不宜直接比较的情况。再次请求同一对返回已有结果。

        调用方：门店成员。需要客户生效中的 capture 和 analysis 同意；不满足对比条件返回 422
        `comparison_not_comparable`（errors.problems 说明原因）。
        """
        d = deps()
        return _comparison_out(service.request_comparison(
            db(), membership(store_id), data["before_analysis_id"], data["after_analysis_id"], user=current_user(),
            cipher=d.cipher, minor_age=d.settings.minor_age))


@blp.route("/stores/<store_id>/comparisons/<comparison_id>")
class ComparisonById(MethodView):
    @blp.authenticated
    @blp.operation("comparisons_get")
    @blp.response(200, s.ComparisonOut)
    @blp.errors(StoreNotFound, service.ComparisonNotFound)
    def get(self, store_id, comparison_id):
        """读取前后对比

        返回对比的状态与结果（对齐质量、标记、各指标变化）和免责声明。

        调用方：门店成员。
        """
        return _comparison_out(service.get_comparison(db(), membership(store_id), comparison_id))


@blp.route("/stores/<store_id>/comparisons/<comparison_id>/view-url")
class ComparisonViewUrl(MethodView):
    @blp.authenticated
    @blp.operation("comparisons_view_url")
    @blp.arguments(s.PairUrlIn)
    @blp.response(200, SignedUrlOut)
    @blp.errors(StoreNotFound, service.ComparisonNotFound, service.AnalysisOutputMissing, ConsentRequired,
                GuardianConsentRequired)
    def post(self, data, store_id, comparison_id):
        """获取对齐图片链接

        获取对齐后图片对中一侧的短时签名链接（带查看者 ID 和时间水印，记入审计），两侧尺寸相同，可并排显示。

        调用方：门店成员。需要客户生效中的同意；对齐失败没有图片对时返回 409 `analysis_output_missing`。
        """
        d = deps()
        return service.issue_pair_url(db(), membership(store_id), comparison_id, side=data["side"],
                                      viewer=current_user(), oss=d.oss, cipher=d.cipher,
                                      minor_age=d.settings.minor_age, ttl=d.settings.view_url_ttl)
