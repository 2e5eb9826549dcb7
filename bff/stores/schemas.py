import marshmallow as ma

from bff.schemas import Schema
from models.stores import StoreRole

CATEGORIES = ("beauty_salon", "health_management", "medical_aesthetics", "wellness_center", "other")


class StoreCreate(Schema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=80))
    address = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    business_category = ma.fields.String(required=True, validate=ma.validate.OneOf(CATEGORIES))


class StoreOut(Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    address = ma.fields.String(required=True)
    business_category = ma.fields.String(required=True)
    my_role = ma.fields.Enum(StoreRole, by_value=True, required=True, allow_none=True,
                             metadata={"description": "客户关联档案时为空"})
    created_at = ma.fields.DateTime(required=True)


class StoreList(Schema):
    stores = ma.fields.List(ma.fields.Nested(StoreOut), required=True)


class MemberOut(Schema):
    user_id = ma.fields.String(required=True)
    display_name = ma.fields.String(allow_none=True, required=True)
    role = ma.fields.Enum(StoreRole, by_value=True, required=True)
    joined_at = ma.fields.DateTime(required=True)


class MemberList(Schema):
    members = ma.fields.List(ma.fields.Nested(MemberOut), required=True)


class OwnershipIn(Schema):
    user_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))


class InvitationOut(Schema):
    invitation_id = ma.fields.String(required=True)
    invite_code = ma.fields.String(metadata={"description": "仅在创建时返回一次"})
    scene = ma.fields.String(required=True, metadata={"description": "小程序码 scene（≤32 字符）"})
    page = ma.fields.String(required=True)
    expires_at = ma.fields.DateTime(required=True)


class InvitationList(Schema):
    invitations = ma.fields.List(ma.fields.Nested(InvitationOut), required=True)


class AcceptIn(Schema):
    code = ma.fields.String(validate=ma.validate.Length(min=4, max=20))
    scene = ma.fields.String(validate=ma.validate.Length(min=1, max=32))

    @ma.validates_schema
    def _one(self, data, **_kwargs):
        if ("code" in data) == ("scene" in data):
            raise ma.ValidationError("提供邀请码 code 或小程序码 scene 之一", "_schema")


class AcceptOut(Schema):
    kind = ma.fields.String(required=True, metadata={"description": "staff：加入门店；client_link：关联客户档案"})
    store = ma.fields.Nested(StoreOut, required=True)
