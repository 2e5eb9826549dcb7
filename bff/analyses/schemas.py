import marshmallow as ma

from bff.schemas import Schema
from models.analysis import AnalysisStatus


class DisclaimerOut(Schema):
    version = ma.fields.String(required=True, metadata={"description": "免责声明文本版本"})
    text = ma.fields.String(required=True, metadata={"description": "免责声明（必须随结果展示）"})


class AnalysisOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "分析 ID"})
    image_id = ma.fields.String(required=True, metadata={"description": "被分析的图片 ID"})
    status = ma.fields.Enum(AnalysisStatus, by_value=True, required=True,
                            metadata={"description": "状态：queued 排队中，running 进行中，succeeded 已完成，"
                                                     "failed 失败（见 reason），cancelled 已取消"})
    stage = ma.fields.String(allow_none=True, required=True,
                             metadata={"description": "进行中的阶段：fetch 读取原图，analyse 分析；其他状态为 null"})
    percent = ma.fields.Integer(required=True, metadata={"description": "进度百分比（0–100）"})
    reason = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "失败原因码：consent_withdrawn 同意已撤回，image_unavailable 图片不可用，decode_failed 图片无法解码，"  # noqa: E501
                       "pixel_limit 像素超限，input_mismatch 原图与记录不符，model_hash_mismatch / model_file_missing / "  # noqa: E501
                       "model_load_failed / model_missing 模型校验失败，transient_failure_exhausted 多次重试仍失败，"
                       "cancelled 已取消；否则为 null"})
    retake_recommended = ma.fields.Boolean(allow_none=True, required=True, metadata={
        "description": "拍摄质量未达标、建议重拍时为 true（此时不计算皮肤特征）；未完成为 null"})
    result = ma.fields.Dict(allow_none=True, required=True, metadata={
        "description": "结果 JSON：quality（各项拍摄质量检查、阈值与是否通过）、features（各指标的 value 与 light_mode，"  # noqa: E501
                       "定义和单位见 GET /api/v1/analysis-metrics）、models（模型名称、版本、SHA-256）、input_sha256、"
                       "parameters、timings_ms、disclaimer_version；未完成为 null"})
    has_overlay = ma.fields.Boolean(required=True, metadata={"description": "是否有标注图（用 view-url 的 overlay 查看）"})  # noqa: E501
    has_deidentified = ma.fields.Boolean(required=True, metadata={
        "description": "是否有去标识化副本（人脸已打码，用于科研导出）"})
    disclaimer = ma.fields.Nested(DisclaimerOut, required=True, metadata={"description": "免责声明：算法参考，不构成诊断"})  # noqa: E501
    metrics_url = ma.fields.String(required=True, metadata={"description": "指标定义与单位说明的接口地址"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "请求时间"})
    finished_at = ma.fields.DateTime(allow_none=True, required=True, metadata={"description": "结束时间；未结束为 null"})  # noqa: E501


class AnalysisList(Schema):
    items = ma.fields.List(ma.fields.Nested(AnalysisOut), required=True, metadata={"description": "分析记录，最新的在前"})  # noqa: E501


class OutputUrlIn(Schema):
    variant = ma.fields.String(load_default="overlay", validate=ma.validate.OneOf(("overlay", "deidentified")),
                               metadata={"description": "overlay 标注图（测量区域、斑点）；deidentified 人脸打码副本"})


class MetricOut(Schema):
    name = ma.fields.String(required=True, metadata={"description": "指标代码（结果 JSON 中的键）"})
    label = ma.fields.String(required=True, metadata={"description": "中文名称"})
    unit = ma.fields.String(required=True, metadata={"description": "单位"})
    definition = ma.fields.String(required=True, metadata={"description": "定义"})
    light_mode = ma.fields.String(required=True, metadata={
        "description": "该指标来自的光线模式：standard 标准光，cross_polarized 交叉偏振，uv 紫外，any 任意"})


class MetricsOut(Schema):
    metrics = ma.fields.List(ma.fields.Nested(MetricOut), required=True, metadata={"description": "全部指标"})
    disclaimer = ma.fields.Nested(DisclaimerOut, required=True, metadata={"description": "免责声明"})


class ComparisonIn(Schema):
    before_analysis_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                                          metadata={"description": "之前（基线）的分析 ID"})
    after_analysis_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                                         metadata={"description": "之后的分析 ID（同一客户、同一视图）"})


class ComparisonOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "前后对比 ID"})
    before_analysis_id = ma.fields.String(required=True, metadata={"description": "之前的分析 ID"})
    after_analysis_id = ma.fields.String(required=True, metadata={"description": "之后的分析 ID"})
    status = ma.fields.Enum(AnalysisStatus, by_value=True, required=True,
                            metadata={"description": "queued 排队中，running 进行中，succeeded 已完成，failed 失败"})
    reason = ma.fields.String(allow_none=True, required=True, metadata={"description": "失败原因码；否则为 null"})
    result = ma.fields.Dict(allow_none=True, required=True, metadata={
        "description": "alignment（对齐质量 score 0–1、内点数、旋转角、缩放、单应矩阵）、flags（device 设备不同、"
                       "light_mode 光线模式不同、settings 拍摄参数不同、pose 姿态或距离相差过大）、"
                       "comparable（无任何标记时为 true）、"
                       "deltas（每个指标的 before、after、delta = after − before）；未完成为 null"})
    has_aligned_pair = ma.fields.Boolean(required=True, metadata={
        "description": "是否有对齐后的图片对（用 view-url 的 before / after 并排显示）"})
    disclaimer = ma.fields.Nested(DisclaimerOut, required=True, metadata={"description": "免责声明"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "请求时间"})
    finished_at = ma.fields.DateTime(allow_none=True, required=True, metadata={"description": "结束时间"})


class PairUrlIn(Schema):
    side = ma.fields.String(required=True, validate=ma.validate.OneOf(("before", "after")),
                            metadata={"description": "before 之前的图；after 对齐到之前视角后的图"})
