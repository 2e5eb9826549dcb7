"""Admin API: the analysis model registry (运营后台 · 分析模型)."""

import marshmallow as ma
from flask.views import MethodView

from bff.admin import auth
from bff.analyses import models_admin as service
from bff.api import Blueprint
from bff.audit.service import record
from bff.db import session as db
from bff.schemas import Schema
from models.analysis import ModelStatus

blp = Blueprint("analysis_models_admin", __name__, url_prefix="/api/admin/v1/analysis-models",
                description="运营后台：分析模型登记")


class ModelIn(Schema):
    name = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,63}$"),
                            metadata={"description": "模型名称（小写字母、数字、连字符）"})
    version = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9.]{1,32}$"),
                               metadata={"description": "版本号"})
    task = ma.fields.String(required=True, validate=ma.validate.OneOf(("capture_quality", "face_detection")),
                            metadata={"description": "任务：capture_quality 拍摄质量，face_detection 人脸检测"})
    runtime = ma.fields.String(load_default="onnxruntime",
                               validate=ma.validate.OneOf(("onnxruntime", "skimage-lbp-cascade")),
                               metadata={"description": "运行方式"})
    file = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9._-]{1,128}$"),
                            metadata={"description": "随程序发布的模型文件名（jobs/vision/weights 下）"})
    sha256 = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[0-9a-fA-F]{64}$"),
                              metadata={"description": "文件的 SHA-256（十六进制）"})
    input_shape = ma.fields.List(ma.fields.Raw(), required=True, validate=ma.validate.Length(min=1, max=8),
                                 metadata={"description": "输入形状，如 [\"N\", 1, 256, 256]"})
    normalisation = ma.fields.Dict(required=True, metadata={"description": "输入归一化说明"})
    labels = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=32)), required=True,
                            validate=ma.validate.Length(min=1, max=32), metadata={"description": "输出标签"})


class ModelOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "模型版本 ID"})
    name = ma.fields.String(required=True, metadata={"description": "模型名称"})
    version = ma.fields.String(required=True, metadata={"description": "版本号"})
    task = ma.fields.String(required=True, metadata={"description": "任务"})
    runtime = ma.fields.String(required=True, metadata={"description": "运行方式"})
    file = ma.fields.String(required=True, metadata={"description": "模型文件名"})
    sha256 = ma.fields.String(required=True, metadata={"description": "文件 SHA-256"})
    input_shape = ma.fields.List(ma.fields.Raw(), required=True, metadata={"description": "输入形状"})
    normalisation = ma.fields.Dict(required=True, metadata={"description": "输入归一化说明"})
    labels = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "输出标签"})
    status = ma.fields.Enum(ModelStatus, by_value=True, required=True,
                            metadata={"description": "active 使用中，retired 已停用"})
    registered_at = ma.fields.DateTime(required=True, metadata={"description": "登记时间"})
    retired_at = ma.fields.DateTime(allow_none=True, required=True, metadata={"description": "停用时间"})


class ModelList(Schema):
    items = ma.fields.List(ma.fields.Nested(ModelOut), required=True, metadata={"description": "全部模型版本"})


def _out(row):
    return {"id": row.public_id, **{k: getattr(row, k) for k in (
        "name", "version", "task", "runtime", "file", "sha256", "input_shape", "normalisation", "labels", "status",
        "registered_at", "retired_at")}}


def operator(fn):
    fn = blp.errors(*auth.OPERATOR_AUTH_ERRORS, auth.OperatorRoleRequired)(auth.operator_required("admin")(fn))
    return blp.doc(security=[{"bearerAuth": []}])(fn)


@blp.route("")
class AnalysisModels(MethodView):
    @operator
    @blp.operation("admin_analysis_models_list")
    @blp.response(200, ModelList)
    def get(self):
        """分析模型列表

        列出登记过的全部分析模型版本（含已停用的）及其哈希。

        调用方：admin 角色的运营人员。
        """
        return {"items": [_out(r) for r in service.list_models(db())]}

    @operator
    @blp.operation("admin_analysis_models_register")
    @blp.arguments(ModelIn)
    @blp.response(201, ModelOut)
    @blp.errors(service.ModelFileRefused, service.ModelVersionExists)
    def post(self, data):
        """登记分析模型版本

        登记一个随程序发布的模型文件的新版本；文件的 SHA-256 必须与填写的一致（422 `model_hash_mismatch`）。
        登记后新的分析使用每个任务最新登记且使用中的版本。

        调用方：admin 角色的运营人员（记入审计）。
        """
        row = service.register_model(db(), data, operator_id=auth.current_operator().public_id)
        record("analysis_model.register", subject_type="analysis_model", subject_id=row.public_id,
               actor_role="operator", actor_id=auth.current_operator().public_id)
        return _out(row)


@blp.route("/<model_id>/retire")
class AnalysisModelRetire(MethodView):
    @operator
    @blp.operation("admin_analysis_models_retire")
    @blp.response(200, ModelOut)
    @blp.errors(service.ModelNotFound)
    def post(self, model_id):
        """停用分析模型版本

        停用后新的分析不再使用该版本；已用该版本排队的分析仍会完成。

        调用方：admin 角色的运营人员（记入审计）。
        """
        row = service.retire_model(db(), model_id)
        record("analysis_model.retire", subject_type="analysis_model", subject_id=row.public_id,
               actor_role="operator", actor_id=auth.current_operator().public_id)
        return _out(row)
