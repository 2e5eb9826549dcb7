import marshmallow as ma

from bff.capture.protocols import PROTOCOLS
from bff.schemas import Schema
from bff.uploads import EXTENSIONS
from models.images import DeviceKind, LightMode

DEVICE_FIELDS = {DeviceKind.phone_camera: {"camera_model"}, DeviceKind.imaging_device: {"maker", "model", "serial"}}


class Device(Schema):
    camera_model = ma.fields.String(validate=ma.validate.Length(min=1, max=64),
                                    metadata={"description": "手机相机型号（phone_camera）"})
    maker = ma.fields.String(validate=ma.validate.Length(min=1, max=64), metadata={"description": "影像设备厂商"})
    model = ma.fields.String(validate=ma.validate.Length(min=1, max=64), metadata={"description": "影像设备型号"})
    serial = ma.fields.String(validate=ma.validate.Length(min=1, max=64), metadata={"description": "影像设备序列号"})


class CaptureSettings(Schema):
    exposure = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32),
                                metadata={"description": "曝光设置", "example": "1/125s f/8 ISO100"})
    white_balance = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32),
                                     metadata={"description": "白平衡设置", "example": "5500K"})
    resolution = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32),
                                  metadata={"description": "分辨率设置", "example": "4032x3024"})


class CaptureSessionCreate(Schema):
    device_kind = ma.fields.Enum(DeviceKind, by_value=True, required=True, metadata={"description": "拍摄设备类型"})
    device = ma.fields.Nested(Device, required=True, metadata={
        "description": "设备信息。phone_camera：{camera_model}；imaging_device：{maker, model, serial}"})
    light_mode = ma.fields.Enum(LightMode, by_value=True, required=True, metadata={"description": "光线模式"})
    settings = ma.fields.Nested(CaptureSettings, load_default=dict, metadata={"description": "相机参数（可选）"})
    protocol = ma.fields.String(required=True, validate=ma.validate.OneOf(sorted(PROTOCOLS)),
                                metadata={"description": "拍摄规范代码（来自拍摄规范列表）"})

    @ma.validates_schema
    def _device_matches_kind(self, data, **_kwargs):
        wanted, given = DEVICE_FIELDS[data["device_kind"]], set(data["device"])
        if given != wanted:
            raise ma.ValidationError(f"需要且仅需要：{', '.join(sorted(wanted))}", field_name="device")


class ProtocolView(Schema):
    view = ma.fields.String(required=True, metadata={"description": "拍摄规范中的视图代码"})
    region = ma.fields.String(required=True, metadata={"description": "身体部位代码"})
    angle = ma.fields.String(required=True, metadata={"description": "拍摄角度代码"})
    label = ma.fields.String(required=True, metadata={"description": "视图的中文名称"})


class ProtocolOut(Schema):
    code = ma.fields.String(required=True, metadata={"description": "拍摄规范代码"})
    title = ma.fields.String(required=True, metadata={"description": "拍摄规范名称"})
    description = ma.fields.String(required=True, metadata={"description": "拍摄规范说明"})
    views = ma.fields.List(ma.fields.Nested(ProtocolView), required=True, metadata={"description": "规范包含的视图"})


class ProtocolList(Schema):
    protocols = ma.fields.List(ma.fields.Nested(ProtocolOut), required=True, metadata={"description": "拍摄规范列表"})


class ViewProgress(ProtocolView):
    ready = ma.fields.Integer(required=True, metadata={"description": "已通过检查的照片数"})
    processing = ma.fields.Integer(required=True, metadata={"description": "检查中的照片数"})
    done = ma.fields.Boolean(required=True, metadata={"description": "该角度已有可用照片"})


class CaptureSessionOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "拍摄记录 ID"})
    client_id = ma.fields.String(required=True, metadata={"description": "客户档案 ID"})
    consultant_id = ma.fields.String(required=True, metadata={"description": "发起拍摄的顾问（用户 id）"})
    device_kind = ma.fields.Enum(DeviceKind, by_value=True, required=True, metadata={"description": "拍摄设备类型"})
    device = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True,
                            metadata={"description": "设备信息（型号等）"})
    light_mode = ma.fields.Enum(LightMode, by_value=True, required=True, metadata={"description": "光线模式"})
    settings = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(allow_none=True), required=True,
                              metadata={"description": "相机参数"})
    protocol = ma.fields.String(required=True, metadata={"description": "拍摄规范代码"})
    views = ma.fields.List(ma.fields.Nested(ViewProgress), required=True, metadata={"description": "各视图的完成情况"})
    complete = ma.fields.Boolean(required=True, metadata={"description": "协议中每个角度都已有可用照片"})
    started_at = ma.fields.DateTime(required=True, metadata={"description": "开始时间"})
    ended_at = ma.fields.DateTime(allow_none=True, required=True, metadata={"description": "结束时间；进行中为 null"})


class CaptureSessionPage(Schema):
    items = ma.fields.List(ma.fields.Nested(CaptureSessionOut), required=True,
                           metadata={"description": "拍摄记录，最新的在前"})
    next_cursor = ma.fields.String(allow_none=True, required=True,
                                   metadata={"description": "下一页游标；为 null 表示没有更多"})


class CaptureSessionQuery(Schema):
    cursor = ma.fields.String(validate=ma.validate.Length(max=64),
                              metadata={"description": "翻页游标：上一页返回的 next_cursor；首页不传"})
    limit = ma.fields.Integer(load_default=20, metadata={"description": "每页条数，超过 50 按 50 处理"})


class UploadPolicyIn(Schema):
    client_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                                 metadata={"description": "客户档案 ID"})
    session_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                                  metadata={"description": "拍摄记录 ID"})
    view = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                            metadata={"description": "这张照片对应的视图代码"})
    content_type = ma.fields.String(required=True, validate=ma.validate.OneOf(sorted(EXTENSIONS)),
                                    metadata={"description": "照片类型（MIME）"})


class UploadPolicyOut(Schema):
    ticket_id = ma.fields.String(required=True, metadata={"description": "上传凭证 ID"})
    upload_url = ma.fields.String(required=True, metadata={"description": "wx.uploadFile 的 url"})
    form_data = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True,
                               metadata={"description": "wx.uploadFile 的 formData，原样提交"})
    file_field = ma.fields.String(required=True, metadata={"description": "文件字段名（必须最后提交）"})
    object_key = ma.fields.String(required=True, metadata={"description": "OSS 对象键（上传目标）"})
    content_type = ma.fields.String(required=True, metadata={"description": "须使用的 Content-Type"})
    max_bytes = ma.fields.Integer(required=True, metadata={"description": "允许上传的最大字节数"})
    expires_at = ma.fields.DateTime(required=True, metadata={"description": "表单过期时间"})


class UploadResult(Schema):
    ticket_id = ma.fields.String(required=True, metadata={"description": "已登记的上传凭证 ID"})
    image_id = ma.fields.String(allow_none=True, required=True, metadata={"description": "签名上传时为空"})
    status = ma.fields.String(required=True, metadata={
        "description": "processing（检查中）、ready、rejected、blocked（同意已撤回）；签名上传为 uploaded"})
