import marshmallow as ma

from bff.schemas import Schema
from models.images import ExportMode, ExportStatus, ImageStatus

MAX_EXPORT_IMAGES = 200
Tag = ma.fields.String(validate=ma.validate.Length(min=1, max=20))
View = ma.fields.String(validate=ma.validate.Length(min=1, max=32), metadata={"example": "face_front"})


class ImageQuery(Schema):
    client_id = ma.fields.String(validate=ma.validate.Length(max=32))
    session_id = ma.fields.String(validate=ma.validate.Length(max=32))
    view = ma.fields.String(validate=ma.validate.Length(min=1, max=32))
    region = ma.fields.String(validate=ma.validate.Length(min=1, max=32))
    tag = ma.fields.String(validate=ma.validate.Length(min=1, max=20))
    captured_from = ma.fields.Date(metadata={"description": "拍摄日期起（含，北京时间）"})
    captured_to = ma.fields.Date(metadata={"description": "拍摄日期止（含，北京时间）"})
    status = ma.fields.Enum(ImageStatus, by_value=True, load_default=ImageStatus.ready)
    cursor = ma.fields.String(validate=ma.validate.Length(max=96))
    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1),
                              metadata={"description": "每页条数，超过 50 按 50 处理"})


class ImageOut(Schema):
    id = ma.fields.String(required=True)
    client_id = ma.fields.String(required=True)
    session_id = ma.fields.String(allow_none=True, required=True)
    view = ma.fields.String(allow_none=True, required=True)
    region = ma.fields.String(allow_none=True, required=True)
    status = ma.fields.Enum(ImageStatus, by_value=True, required=True)
    tags = ma.fields.List(ma.fields.String(), required=True)
    content_type = ma.fields.String(required=True)
    width = ma.fields.Integer(allow_none=True, required=True)
    height = ma.fields.Integer(allow_none=True, required=True)
    sha256 = ma.fields.String(allow_none=True, required=True, metadata={"description": "去除元数据后原图的 SHA-256"})
    paired_with = ma.fields.String(allow_none=True, required=True, metadata={"description": "前后对比配对的影像"})
    uploaded_by = ma.fields.String(required=True)
    captured_at = ma.fields.DateTime(required=True)
    deleted_at = ma.fields.DateTime(allow_none=True, required=True)


class ImagePage(Schema):
    items = ma.fields.List(ma.fields.Nested(ImageOut), required=True)
    next_cursor = ma.fields.String(allow_none=True, required=True)


class ImageUpdate(Schema):
    tags = ma.fields.List(Tag, validate=ma.validate.Length(max=10))
    view = View


class PairIn(Schema):
    other_image_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))


class ViewUrlIn(Schema):
    variant = ma.fields.String(load_default="display", validate=ma.validate.OneOf(("thumbnail", "display")),
                               metadata={"description": "thumbnail 缩略图；display 最长边 1280 的查看图"})


class SignedUrlOut(Schema):
    url = ma.fields.String(required=True, metadata={"description": "带签名的短时链接（不可公开访问）"})
    expires_at = ma.fields.DateTime(required=True)


class ExportCreate(Schema):
    image_ids = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=32)), required=True,
                               validate=ma.validate.Length(min=1, max=MAX_EXPORT_IMAGES))
    mode = ma.fields.Enum(ExportMode, by_value=True, required=True, metadata={"description": (
        "original：去除元数据的原图、清单与同意回执，须客户有效的 capture 同意；"
        "deidentified：去标识化副本与假名清单，须 capture 或 research 同意")})
    approval_reason = ma.fields.String(load_default=None, validate=ma.validate.Length(max=200),
                                       metadata={"description": "批量导出的审批说明（必填，记入审计）"})


class ExportOut(Schema):
    id = ma.fields.String(required=True)
    mode = ma.fields.Enum(ExportMode, by_value=True, required=True)
    status = ma.fields.Enum(ExportStatus, by_value=True, required=True)
    total = ma.fields.Integer(required=True)
    done = ma.fields.Integer(required=True)
    skipped = ma.fields.Integer(required=True, metadata={"description": "执行时因同意撤回等原因未导出的影像数"})
    progress = ma.fields.Integer(required=True, metadata={"description": "进度百分比 0-100"})
    created_at = ma.fields.DateTime(required=True)
    finished_at = ma.fields.DateTime(allow_none=True, required=True)
    download_url = ma.fields.String(allow_none=True, required=True,
                                    metadata={"description": "完成后才有的短时下载链接"})
    download_expires_at = ma.fields.DateTime(allow_none=True, required=True)
