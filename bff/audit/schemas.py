import base64
import binascii

import marshmallow as ma

from bff.schemas import Schema


class Cursor(ma.fields.String):
    """Opaque to the client: a position in the list, base64url of ``v1:<n>``."""

    def _serialize(self, value, attr, obj, **kwargs):  # type: ignore[no-untyped-def]
        return None if value is None else encode_cursor(value)

    def _deserialize(self, value, attr, data, **kwargs):  # type: ignore[no-untyped-def]
        raw = super()._deserialize(value, attr, data, **kwargs)
        if len(raw) > 64:
            raise ma.ValidationError("无效的翻页游标")
        try:
            version, _, number = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode().partition(":")
            position = int(number)
        except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
            raise ma.ValidationError("无效的翻页游标") from exc
        if version != "v1" or position < 1:
            raise ma.ValidationError("无效的翻页游标")
        return position


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{position}".encode()).decode().rstrip("=")


class AuditPageQuery(Schema):
    cursor = Cursor(metadata={"description": "上一页返回的 next_cursor"})
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=100),
                              metadata={"description": "每页条数（1–100）"})


class StoreEventsQuery(AuditPageQuery):
    subject_type = ma.fields.String(validate=ma.validate.Length(min=1, max=24),
                                    metadata={"description": "按对象类型筛选，如 client、image"})
    subject_id = ma.fields.String(validate=ma.validate.Length(min=1, max=32),
                                  metadata={"description": "按对象 ID 筛选"})
    action = ma.fields.String(validate=ma.validate.Length(min=1, max=32),
                              metadata={"description": "按操作筛选，如 client.read"})


class AuditEventOut(Schema):
    seq = ma.fields.Integer(allow_none=True, required=True,
                            metadata={"description": "该门店审计链中的序号；"
                                                     "刚发生、尚未封存入链的事件为 null（通常数秒内封存）"})
    occurred_at = ma.fields.DateTime(required=True, metadata={"description": "发生时间（ISO 8601，UTC）"})
    store_id = ma.fields.String(allow_none=True, required=True, metadata={"description": "门店 ID；平台级事件为 null"})
    actor_id = ma.fields.String(allow_none=True, required=True, metadata={"description": "操作者 user_id"})
    actor_role = ma.fields.String(required=True,
                                  metadata={"description": "操作者角色，如 owner、staff、client、operator"})
    action = ma.fields.String(required=True,
                              metadata={"description": "操作，如 client.read、client.reveal、image.export"})
    subject_type = ma.fields.String(required=True, metadata={"description": "对象类型"})
    subject_id = ma.fields.String(required=True, metadata={"description": "对象 ID"})
    purpose = ma.fields.String(allow_none=True, required=True, metadata={"description": "操作者填写的用途"})
    result = ma.fields.String(required=True, metadata={"description": "结果，如 ok"})
    request_id = ma.fields.String(allow_none=True, required=True,
                                  metadata={"description": "请求 ID（对应响应头 X-Request-ID）；后台任务为 null"})


class AuditPage(Schema):
    items = ma.fields.List(ma.fields.Nested(AuditEventOut), required=True,
                           metadata={"description": "审计事件，最新的在前"})
    next_cursor = Cursor(allow_none=True, required=True, metadata={"description": "null 表示没有下一页"})
