import marshmallow as ma

from bff.schemas import Schema


class LoginIn(Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=128),
                            metadata={"description": "wx.login() 返回的临时登录凭证"})


class RefreshIn(Schema):
    refresh_token = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2048),
                                     metadata={"description": "登录或上次刷新时得到的刷新令牌"})


class TokenPair(Schema):
    token_type = ma.fields.String(required=True, metadata={"description": "令牌类型，固定为 Bearer",
                                                           "example": "Bearer"})
    access_token = ma.fields.String(required=True,
                                    metadata={"description": "访问令牌，放在请求头 `Authorization: Bearer <令牌>` 中"})
    expires_in = ma.fields.Integer(required=True, metadata={"description": "秒"})
    refresh_token = ma.fields.String(required=True,
                                     metadata={"description": "刷新令牌，仅用于 `POST /api/v1/auth/refresh`，"
                                                              "每个只能用一次"})
    refresh_expires_in = ma.fields.Integer(required=True, metadata={"description": "刷新令牌的剩余有效秒数"})


class LoginOut(Schema):
    user_id = ma.fields.String(required=True, metadata={"description": "用户公开 ID"})
    is_new_user = ma.fields.Boolean(required=True, metadata={"description": "是否本次登录新建的账号"})
    tokens = ma.fields.Nested(TokenPair, required=True, metadata={"description": "访问令牌与刷新令牌"})
