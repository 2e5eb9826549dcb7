import marshmallow as ma

from bff.schemas import Schema
from models.clients import Gender

REVEALABLE = ("name", "phone", "birth_date", "notes")
Tag = ma.fields.String(validate=ma.validate.Length(min=1, max=20))


class ClientCreate(Schema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40))
    phone = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32))
    gender = ma.fields.Enum(Gender, by_value=True, load_default=Gender.undisclosed)
    birth_date = ma.fields.Date(allow_none=True)
    tags = ma.fields.List(Tag, load_default=list, validate=ma.validate.Length(max=10))
    notes = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=1000))
    source = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32))


class ClientUpdate(ClientCreate):
    """Every field optional; only the given ones change."""

    name = ma.fields.String(validate=ma.validate.Length(min=1, max=40))
    gender = ma.fields.Enum(Gender, by_value=True)
    tags = ma.fields.List(Tag, validate=ma.validate.Length(max=10))


class ClientOut(Schema):
    id = ma.fields.String(required=True)
    name_masked = ma.fields.String(required=True, metadata={"example": "张*"})
    phone_masked = ma.fields.String(allow_none=True, required=True, metadata={"example": "138****8000"})
    birth_year = ma.fields.Integer(allow_none=True, required=True)
    gender = ma.fields.Enum(Gender, by_value=True, required=True)
    tags = ma.fields.List(ma.fields.String(), required=True)
    has_notes = ma.fields.Boolean(required=True)
    source = ma.fields.String(allow_none=True, required=True)
    linked = ma.fields.Boolean(required=True, metadata={"description": "客户本人是否已用微信关联此档案"})
    deleted = ma.fields.Boolean(required=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class ClientPage(Schema):
    items = ma.fields.List(ma.fields.Nested(ClientOut), required=True)
    next_cursor = ma.fields.String(allow_none=True, required=True)


class ClientQuery(Schema):
    q = ma.fields.String(validate=ma.validate.Length(min=1, max=40), metadata={"description": "姓名前缀"})
    phone = ma.fields.String(validate=ma.validate.Length(min=5, max=32),
                             metadata={"description": "任意格式的完整手机号"})
    tag = ma.fields.String(validate=ma.validate.Length(min=1, max=20))
    deleted = ma.fields.Boolean(load_default=False, metadata={"description": "仅负责人：列出已删除的档案"})
    cursor = ma.fields.String(validate=ma.validate.Length(max=64))
    limit = ma.fields.Integer(load_default=20, metadata={"description": "每页条数，超过 50 按 50 处理"})


class RevealIn(Schema):
    fields = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(REVEALABLE)), required=True,
                            validate=ma.validate.Length(min=1, max=4))
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=200),
                              metadata={"description": "查看完整信息的理由（记入审计）"})


class RevealOut(Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)
    birth_date = ma.fields.String(allow_none=True)
    notes = ma.fields.String(allow_none=True)


class LinkInvitationOut(Schema):
    invitation_id = ma.fields.String(required=True)
    invite_code = ma.fields.String(required=True)
    scene = ma.fields.String(required=True)
    page = ma.fields.String(required=True)
    expires_at = ma.fields.DateTime(required=True)
