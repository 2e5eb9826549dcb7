import marshmallow as ma

from bff.schemas import Schema


class LoginIn(Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=128),
                            metadata={"description": "wx.login() 返回的临时登录凭证"})


class RefreshIn(Schema):
    refresh_token = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2048))


class TokenPair(Schema):
    token_type = ma.fields.String(required=True, metadata={"example": "Bearer"})
    access_token = ma.fields.String(required=True)
    expires_in = ma.fields.Integer(required=True, metadata={"description": "秒"})
    refresh_token = ma.fields.String(required=True)
    refresh_expires_in = ma.fields.Integer(required=True)


class LoginOut(Schema):
    user_id = ma.fields.String(required=True, metadata={"description": "用户公开 ID"})
    is_new_user = ma.fields.Boolean(required=True)
    tokens = ma.fields.Nested(TokenPair, required=True)
