import marshmallow as ma

from bff.schemas import Schema
from bff.tags import Tags
from models.images import ExportMode, ExportStatus, ImageStatus

MAX_EXPORT_IMAGES = 200
View = ma.fields.String(validate=ma.validate.Length(min=1, max=32),
                        metadata={"example": "face_front", "description": "新的视图代码（修改后解除对比配对）"})


class ImageQuery(Schema):
    client_id = ma.fields.String(validate=ma.validate.Length(max=32), metadata={"description": "按客户档案筛选"})
    session_id = ma.fields.String(validate=ma.validate.Length(max=32), metadata={"description": "按拍摄记录筛选"})
    view = ma.fields.String(validate=ma.validate.Length(min=1, max=32), metadata={"description": "按视图筛选"})
    region = ma.fields.String(validate=ma.validate.Length(min=1, max=32), metadata={"description": "按身体部位筛选"})
    tag = ma.fields.String(validate=ma.validate.Length(min=1, max=20), metadata={"description": "按标签筛选"})
    captured_from = ma.fields.Date(metadata={"description": "拍摄日期起（含，北京时间）"})
    captured_to = ma.fields.Date(metadata={"description": "拍摄日期止（含，北京时间）"})
    status = ma.fields.Enum(ImageStatus, by_value=True, load_default=ImageStatus.ready,
                            metadata={"description": "按状态筛选，默认 ready"})
    cursor = ma.fields.String(validate=ma.validate.Length(max=96),
                              metadata={"description": "翻页游标：上一页返回的 next_cursor；首页不传"})
    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1),
                              metadata={"description": "每页条数，超过 50 按 50 处理"})


class ImageOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "图片 ID"})
    client_id = ma.fields.String(required=True, metadata={"description": "客户档案 ID"})
    session_id = ma.fields.String(allow_none=True, required=True, metadata={"description": "拍摄记录 ID；无则为 null"})
    view = ma.fields.String(allow_none=True, required=True, metadata={"description": "视图代码；未指定为 null"})
    region = ma.fields.String(allow_none=True, required=True, metadata={"description": "身体部位代码；未指定为 null"})
    status = ma.fields.Enum(ImageStatus, by_value=True, required=True,
                            metadata={"description": "状态：processing 处理中，ready 可用，rejected 未通过检查，"
                                                     "blocked 已拦截，deleted 已删除"})
    tags = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "标签列表"})
    content_type = ma.fields.String(required=True, metadata={"description": "图片类型（MIME），如 image/jpeg"})
    width = ma.fields.Integer(allow_none=True, required=True,
                              metadata={"description": "宽度（像素）；处理完成前为 null"})
    height = ma.fields.Integer(allow_none=True, required=True,
                               metadata={"description": "高度（像素）；处理完成前为 null"})
    sha256 = ma.fields.String(allow_none=True, required=True, metadata={"description": "去除元数据后原图的 SHA-256"})
    paired_with = ma.fields.String(allow_none=True, required=True, metadata={"description": "前后对比配对的影像"})
    uploaded_by = ma.fields.String(required=True, metadata={"description": "上传者用户 ID"})
    captured_at = ma.fields.DateTime(required=True, metadata={"description": "拍摄（上传）时间"})
    deleted_at = ma.fields.DateTime(allow_none=True, required=True,
                                    metadata={"description": "删除时间；未删除为 null"})


class ImagePage(Schema):
    items = ma.fields.List(ma.fields.Nested(ImageOut), required=True, metadata={"description": "图片，最新的在前"})
    next_cursor = ma.fields.String(allow_none=True, required=True,
                                   metadata={"description": "下一页游标；为 null 表示没有更多"})


class ImageUpdate(Schema):
    tags = Tags(validate=ma.validate.Length(max=10),
                          metadata={"description": "标签（整体替换，最多 10 个）"})
    view = View


class PairIn(Schema):
    other_image_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                                      metadata={"description": "要配对的另一张图片 ID（同一客户、同一视图）"})


class ViewUrlIn(Schema):
    variant = ma.fields.String(load_default="display", validate=ma.validate.OneOf(("thumbnail", "display")),
                               metadata={"description": "thumbnail 缩略图；display 最长边 1280 的查看图"})


class SignedUrlOut(Schema):
    url = ma.fields.String(required=True, metadata={"description": "带签名的短时链接（不可公开访问）"})
    expires_at = ma.fields.DateTime(required=True, metadata={"description": "链接过期时间"})


class ExportCreate(Schema):
    image_ids = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=32)), required=True,
                               validate=ma.validate.Length(min=1, max=MAX_EXPORT_IMAGES),
                               metadata={"description": "要导出的图片 ID"})
    mode = ma.fields.Enum(ExportMode, by_value=True, required=True, metadata={"description": (
        "original：去除元数据的原图、清单与同意回执，须客户有效的 capture 同意；"
        "deidentified：去标识化副本与假名清单，须 capture 或 research 同意")})
    approval_reason = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=200),
                                       metadata={"description": "导出的审批说明（必填，记入审计）；去除首尾空白后"
                                                                "不足 2 字返回 403 export_approval_required"})


class ExportOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "导出 ID"})
    mode = ma.fields.Enum(ExportMode, by_value=True, required=True,
                          metadata={"description": "导出方式：original 原图，deidentified 去标识化"})
    status = ma.fields.Enum(ExportStatus, by_value=True, required=True,
                            metadata={"description": "状态：queued 排队中，running 生成中，done 完成，failed 失败"})
    total = ma.fields.Integer(required=True, metadata={"description": "图片总数"})
    done = ma.fields.Integer(required=True, metadata={"description": "已处理数"})
    skipped = ma.fields.Integer(required=True, metadata={"description": "执行时因同意撤回等原因未导出的影像数"})
    progress = ma.fields.Integer(required=True, metadata={"description": "进度百分比 0-100"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "创建时间（ISO 8601，UTC）"})
    finished_at = ma.fields.DateTime(allow_none=True, required=True,
                                     metadata={"description": "完成时间；未完成为 null"})
    download_url = ma.fields.String(allow_none=True, required=True,
                                    metadata={"description": "完成后才有的短时下载链接"})
    download_expires_at = ma.fields.DateTime(allow_none=True, required=True,
                                             metadata={"description": "下载链接过期时间；未完成为 null"})
