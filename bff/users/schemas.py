import marshmallow as ma

from bff.schemas import Schema

INDUSTRIES = ("health_management", "beauty_consulting", "medical_aesthetics", "wellness", "other")


class PhoneBindIn(Schema):
    code = ma.fields.String(validate=ma.validate.Length(min=1, max=128),
                            metadata={"description": "getPhoneNumber 按钮返回的 code（推荐）"})
    encrypted_data = ma.fields.String(validate=ma.validate.Length(min=1, max=4096),
                                      metadata={"description": "旧版 encryptedData"})
    iv = ma.fields.String(validate=ma.validate.Length(min=1, max=64))

    @ma.validates_schema
    def _one_path(self, data, **_kwargs):
        if ("code" in data) == ("encrypted_data" in data):
            raise ma.ValidationError("提供 code，或同时提供 encrypted_data 与 iv", "_schema")
        if "encrypted_data" in data and "iv" not in data:
            raise ma.ValidationError("缺少 iv", "iv")


class ConsultantIn(Schema):
    display_name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40))
    industry = ma.fields.String(required=True, validate=ma.validate.OneOf(INDUSTRIES))
    store_name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=80))
    store_city = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40))
    store_address = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    adult_attested = ma.fields.Boolean(required=True, metadata={"description": "本人声明已年满十八周岁"})


class ConsultantOut(Schema):
    display_name = ma.fields.String(required=True)
    industry = ma.fields.String(required=True)
    store_name = ma.fields.String(required=True)
    store_city = ma.fields.String(required=True)
    store_address = ma.fields.String(required=True)
    registered_at = ma.fields.DateTime(required=True)


class ProfileOut(Schema):
    user_id = ma.fields.String(required=True)
    phone_masked = ma.fields.String(allow_none=True, required=True, metadata={"example": "138****8000"})
    phone_bound = ma.fields.Boolean(required=True)
    pending_agreements = ma.fields.List(ma.fields.String(), required=True,
                                        metadata={"description": "尚未同意的协议类型"})
    consultant = ma.fields.Nested(ConsultantOut, allow_none=True, required=True)
    created_at = ma.fields.DateTime(required=True)
