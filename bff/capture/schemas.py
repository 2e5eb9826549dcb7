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
                                metadata={"example": "1/125s f/8 ISO100"})
    white_balance = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32),
                                     metadata={"example": "5500K"})
    resolution = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32),
                                  metadata={"example": "4032x3024"})


class CaptureSessionCreate(Schema):
    device_kind = ma.fields.Enum(DeviceKind, by_value=True, required=True)
    device = ma.fields.Nested(Device, required=True, metadata={
        "description": "phone_camera：{camera_model}；imaging_device：{maker, model, serial}"})
    light_mode = ma.fields.Enum(LightMode, by_value=True, required=True)
    settings = ma.fields.Nested(CaptureSettings, load_default=dict)
    protocol = ma.fields.String(required=True, validate=ma.validate.OneOf(sorted(PROTOCOLS)))

    @ma.validates_schema
    def _device_matches_kind(self, data, **_kwargs):
        wanted, given = DEVICE_FIELDS[data["device_kind"]], set(data["device"])
        if given != wanted:
            raise ma.ValidationError(f"需要且仅需要：{', '.join(sorted(wanted))}", field_name="device")


class ProtocolView(Schema):
    view = ma.fields.String(required=True)
    region = ma.fields.String(required=True)
    angle = ma.fields.String(required=True)
    label = ma.fields.String(required=True)


class ProtocolOut(Schema):
    code = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    views = ma.fields.List(ma.fields.Nested(ProtocolView), required=True)


class ProtocolList(Schema):
    protocols = ma.fields.List(ma.fields.Nested(ProtocolOut), required=True)


class ViewProgress(ProtocolView):
    ready = ma.fields.Integer(required=True, metadata={"description": "已通过检查的照片数"})
    processing = ma.fields.Integer(required=True, metadata={"description": "检查中的照片数"})
    done = ma.fields.Boolean(required=True, metadata={"description": "该角度已有可用照片"})


class CaptureSessionOut(Schema):
    id = ma.fields.String(required=True)
    client_id = ma.fields.String(required=True)
    consultant_id = ma.fields.String(required=True, metadata={"description": "发起拍摄的顾问（用户 id）"})
    device_kind = ma.fields.Enum(DeviceKind, by_value=True, required=True)
    device = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)
    light_mode = ma.fields.Enum(LightMode, by_value=True, required=True)
    settings = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(allow_none=True), required=True)
    protocol = ma.fields.String(required=True)
    views = ma.fields.List(ma.fields.Nested(ViewProgress), required=True)
    complete = ma.fields.Boolean(required=True, metadata={"description": "协议中每个角度都已有可用照片"})
    started_at = ma.fields.DateTime(required=True)
    ended_at = ma.fields.DateTime(allow_none=True, required=True)


class CaptureSessionPage(Schema):
    items = ma.fields.List(ma.fields.Nested(CaptureSessionOut), required=True)
    next_cursor = ma.fields.String(allow_none=True, required=True)


class CaptureSessionQuery(Schema):
    cursor = ma.fields.String(validate=ma.validate.Length(max=64))
    limit = ma.fields.Integer(load_default=20, metadata={"description": "每页条数，超过 50 按 50 处理"})


class UploadPolicyIn(Schema):
    client_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    session_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    view = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    content_type = ma.fields.String(required=True, validate=ma.validate.OneOf(sorted(EXTENSIONS)))


class UploadPolicyOut(Schema):
    ticket_id = ma.fields.String(required=True)
    upload_url = ma.fields.String(required=True, metadata={"description": "wx.uploadFile 的 url"})
    form_data = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True,
                               metadata={"description": "wx.uploadFile 的 formData，原样提交"})
    file_field = ma.fields.String(required=True, metadata={"description": "文件字段名（必须最后提交）"})
    object_key = ma.fields.String(required=True)
    content_type = ma.fields.String(required=True)
    max_bytes = ma.fields.Integer(required=True)
    expires_at = ma.fields.DateTime(required=True)


class UploadResult(Schema):
    ticket_id = ma.fields.String(required=True)
    image_id = ma.fields.String(allow_none=True, required=True, metadata={"description": "签名上传时为空"})
    status = ma.fields.String(required=True, metadata={
        "description": "processing（检查中）、ready、rejected、blocked（同意已撤回）；签名上传为 uploaded"})
