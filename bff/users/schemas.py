import marshmallow as ma

from bff.schemas import Name, Schema
from bff.stores.schemas import CATEGORIES, StoreOut

INDUSTRIES = ("health_management", "beauty_consulting", "medical_aesthetics", "wellness", "other")


class PhoneBindIn(Schema):
    code = ma.fields.String(validate=ma.validate.Length(min=1, max=128),
                            metadata={"description": "getPhoneNumber 按钮返回的 code（推荐）"})
    encrypted_data = ma.fields.String(validate=ma.validate.Length(min=1, max=4096),
                                      metadata={"description": "旧版 encryptedData"})
    iv = ma.fields.String(validate=ma.validate.Length(min=1, max=64),
                          metadata={"description": "旧版 getPhoneNumber 的 iv（与 encrypted_data 一起提供）"})

    @ma.validates_schema
    def _one_path(self, data, **_kwargs):
        if ("code" in data) == ("encrypted_data" in data):
            raise ma.ValidationError("提供 code，或同时提供 encrypted_data 与 iv", "_schema")
        if "encrypted_data" in data and "iv" not in data:
            raise ma.ValidationError("缺少 iv", "iv")


class ConsultantIn(Schema):
    display_name = Name(required=True, validate=ma.validate.Length(min=1, max=40),
                        metadata={"description": "顾问昵称"})
    industry = ma.fields.String(required=True, validate=ma.validate.OneOf(INDUSTRIES),
                                metadata={"description": "所属行业"})
    store_name = Name(required=True, validate=ma.validate.Length(min=1, max=80),
                      metadata={"description": "门店名称"})
    store_city = Name(required=True, validate=ma.validate.Length(min=1, max=40),
                      metadata={"description": "门店所在城市"})
    store_address = Name(required=True, validate=ma.validate.Length(min=1, max=200),
                         metadata={"description": "门店地址；不以城市开头时，门店地址为“城市 + 地址”"
                                                           "（合计不超过 200 字）"})
    store_business_category = ma.fields.String(
        validate=ma.validate.OneOf(CATEGORIES),
        metadata={"description": "门店业态；不填时按所属行业推断（beauty_consulting → beauty_salon，"
                                 "wellness → wellness_center，其余同名）"})
    adult_attested = ma.fields.Boolean(required=True, metadata={"description": "本人声明已年满十八周岁"})

    @ma.validates_schema
    def _address_fits(self, data, **_kwargs):
        city, address = data.get("store_city", ""), data.get("store_address", "")
        if not address.startswith(city) and len(city) + len(address) > 200:
            raise ma.ValidationError("门店所在城市与地址合计不能超过 200 字", "store_address")


class ConsultantOut(Schema):
    display_name = ma.fields.String(required=True, metadata={"description": "顾问昵称"})
    industry = ma.fields.String(required=True, metadata={"description": "所属行业"})
    store_name = ma.fields.String(required=True, metadata={"description": "门店名称"})
    store_city = ma.fields.String(required=True, metadata={"description": "门店所在城市"})
    store_address = ma.fields.String(required=True, metadata={"description": "门店地址"})
    registered_at = ma.fields.DateTime(required=True, metadata={"description": "注册时间"})


class ProfileOut(Schema):
    user_id = ma.fields.String(required=True, metadata={"description": "用户 ID"})
    phone_masked = ma.fields.String(allow_none=True, required=True, metadata={"description": "脱敏手机号；"
                                                                                             "未绑定时为 null",
                                                                              "example": "138****8000"})
    phone_bound = ma.fields.Boolean(required=True, metadata={"description": "是否已绑定手机号"})
    pending_agreements = ma.fields.List(ma.fields.String(), required=True,
                                        metadata={"description": "尚未同意的协议类型"})
    consultant = ma.fields.Nested(ConsultantOut, allow_none=True, required=True,
                                  metadata={"description": "顾问资料；未注册顾问为 null"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "注册时间"})


class ConsultantRegisteredOut(ProfileOut):
    store = ma.fields.Nested(StoreOut, required=True,
                             metadata={"description": "注册时创建的第一家门店（调用者为负责人）；"
                                                      "无需再调用创建门店接口"})
