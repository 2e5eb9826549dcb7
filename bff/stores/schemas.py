import marshmallow as ma

from bff.schemas import Name, Schema
from models.stores import StoreRole

CATEGORIES = ("beauty_salon", "health_management", "medical_aesthetics", "wellness_center", "other")


class StoreCreate(Schema):
    name = Name(required=True, validate=ma.validate.Length(min=1, max=80),
                metadata={"description": "门店名称"})
    address = Name(required=True, validate=ma.validate.Length(min=1, max=200),
                   metadata={"description": "门店地址"})
    business_category = ma.fields.String(required=True, validate=ma.validate.OneOf(CATEGORIES),
                                         metadata={"description": "门店业态"})


class StoreOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "门店 ID"})
    name = ma.fields.String(required=True, metadata={"description": "门店名称"})
    address = ma.fields.String(required=True, metadata={"description": "门店地址"})
    business_category = ma.fields.String(required=True, metadata={"description": "门店业态"})
    my_role = ma.fields.Enum(StoreRole, by_value=True, required=True, allow_none=True,
                             metadata={"description": "客户关联档案时为空"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "创建时间（ISO 8601，UTC）"})


class StoreList(Schema):
    stores = ma.fields.List(ma.fields.Nested(StoreOut), required=True, metadata={"description": "我所属的门店"})


class MemberOut(Schema):
    user_id = ma.fields.String(required=True, metadata={"description": "用户 ID"})
    display_name = ma.fields.String(allow_none=True, required=True,
                                    metadata={"description": "成员昵称；未注册顾问为 null"})
    role = ma.fields.Enum(StoreRole, by_value=True, required=True,
                          metadata={"description": "角色：owner 负责人，staff 员工"})
    joined_at = ma.fields.DateTime(required=True, metadata={"description": "加入时间"})


class MemberList(Schema):
    members = ma.fields.List(ma.fields.Nested(MemberOut), required=True, metadata={"description": "门店成员"})


class OwnershipIn(Schema):
    user_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                               metadata={"description": "接手门店的员工的用户 ID"})


class InvitationOut(Schema):
    invitation_id = ma.fields.String(required=True, metadata={"description": "邀请 ID"})
    invite_code = ma.fields.String(metadata={"description": "仅在创建时返回一次"})
    scene = ma.fields.String(required=True, metadata={"description": "小程序码 scene（≤32 字符）"})
    page = ma.fields.String(required=True, metadata={"description": "扫码后打开的小程序页面"})
    expires_at = ma.fields.DateTime(required=True, metadata={"description": "过期时间（ISO 8601，UTC）"})


class InvitationList(Schema):
    invitations = ma.fields.List(ma.fields.Nested(InvitationOut), required=True,
                                 metadata={"description": "尚未使用的邀请"})


class AcceptIn(Schema):
    code = ma.fields.String(validate=ma.validate.Length(min=4, max=20),
                            metadata={"description": "手动输入的邀请码；与 scene 二选一"})
    scene = ma.fields.String(validate=ma.validate.Length(min=1, max=32),
                             metadata={"description": "扫码得到的 scene；与 code 二选一"})

    @ma.validates_schema
    def _one(self, data, **_kwargs):
        if ("code" in data) == ("scene" in data):
            raise ma.ValidationError("提供邀请码 code 或小程序码 scene 之一", "_schema")


class AcceptOut(Schema):
    kind = ma.fields.String(required=True, metadata={"description": "staff：加入门店；client_link：关联客户档案"})
    store = ma.fields.Nested(StoreOut, required=True, metadata={"description": "加入的门店"})
