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
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=100))


class StoreEventsQuery(AuditPageQuery):
    subject_type = ma.fields.String(validate=ma.validate.Length(min=1, max=24))
    subject_id = ma.fields.String(validate=ma.validate.Length(min=1, max=32))
    action = ma.fields.String(validate=ma.validate.Length(min=1, max=32))


class AuditEventOut(Schema):
    seq = ma.fields.Integer(required=True, metadata={"description": "该门店审计链中的序号"})
    occurred_at = ma.fields.DateTime(required=True)
    store_id = ma.fields.String(allow_none=True, required=True)
    actor_id = ma.fields.String(allow_none=True, required=True, metadata={"description": "操作者 user_id"})
    actor_role = ma.fields.String(required=True)
    action = ma.fields.String(required=True)
    subject_type = ma.fields.String(required=True)
    subject_id = ma.fields.String(required=True)
    purpose = ma.fields.String(allow_none=True, required=True, metadata={"description": "操作者填写的用途"})
    result = ma.fields.String(required=True)
    request_id = ma.fields.String(allow_none=True, required=True)


class AuditPage(Schema):
    items = ma.fields.List(ma.fields.Nested(AuditEventOut), required=True)
    next_cursor = Cursor(allow_none=True, required=True, metadata={"description": "null 表示没有下一页"})
