from datetime import date, datetime
from zoneinfo import ZoneInfo

import marshmallow as ma

from bff.schemas import Name, Schema
from bff.tags import Tags
from models.clients import Gender

BIRTH_EARLIEST = date(1900, 1, 1)


def birth_date_in_range(value: date | None) -> None:
    """0001-01-01 or a date in the future is a typo; "today" is Beijing's (the stores' day)."""
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    if value is not None and not BIRTH_EARLIEST <= value <= today:
        raise ma.ValidationError(f"出生日期须在 {BIRTH_EARLIEST.isoformat()} 到今天之间。")


REVEALABLE = ("name", "phone", "birth_date", "notes")


class ClientCreate(Schema):
    name = Name(required=True, validate=ma.validate.Length(min=1, max=40),
                metadata={"description": "客户姓名（加密存储）"})
    phone = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32),
                             metadata={"description": "客户手机号，任意格式（加密存储）"})
    gender = ma.fields.Enum(Gender, by_value=True, load_default=Gender.undisclosed,
                            metadata={"description": "性别：female、male、other、undisclosed（默认）"})
    birth_date = ma.fields.Date(allow_none=True, validate=birth_date_in_range,
                                metadata={"description": "出生日期（YYYY-MM-DD，加密存储），1900-01-01 至今天"})
    tags = Tags(load_default=list, validate=ma.validate.Length(max=10),
                          metadata={"description": "标签（最多 10 个，每个 1–20 字）"})
    notes = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=1000),
                             metadata={"description": "备注（加密存储）"})
    source = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32),
                              metadata={"description": "客户来源（自由填写，如 朋友介绍）"})


class ClientUpdate(ClientCreate):
    """Every field optional; only the given ones change."""

    name = Name(validate=ma.validate.Length(min=1, max=40), metadata={"description": "客户姓名"})
    gender = ma.fields.Enum(Gender, by_value=True, metadata={"description": "性别"})
    tags = Tags(validate=ma.validate.Length(max=10),
                          metadata={"description": "标签（整体替换，最多 10 个）"})


class ClientOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "客户档案 ID"})
    name_masked = ma.fields.String(required=True, metadata={"description": "脱敏姓名", "example": "张*"})
    phone_masked = ma.fields.String(allow_none=True, required=True, metadata={"description": "脱敏手机号；"
                                                                                             "未填写时为 null",
                                                                              "example": "138****8000"})
    birth_year = ma.fields.Integer(allow_none=True, required=True,
                                   metadata={"description": "出生年份；未填写时为 null"})
    gender = ma.fields.Enum(Gender, by_value=True, required=True, metadata={"description": "性别"})
    tags = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "标签列表"})
    has_notes = ma.fields.Boolean(required=True, metadata={"description": "是否有备注（备注内容需用 reveal 查看）"})
    source = ma.fields.String(allow_none=True, required=True,
                              metadata={"description": "客户来源（自由填写，如 朋友介绍）"})
    linked = ma.fields.Boolean(required=True, metadata={"description": "客户本人是否已用微信关联此档案"})
    deleted = ma.fields.Boolean(required=True, metadata={"description": "是否已删除"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "创建时间（ISO 8601，UTC）"})
    updated_at = ma.fields.DateTime(required=True, metadata={"description": "最后修改时间（ISO 8601，UTC）"})


class ClientPage(Schema):
    items = ma.fields.List(ma.fields.Nested(ClientOut), required=True, metadata={"description": "客户档案（脱敏）"})
    next_cursor = ma.fields.String(allow_none=True, required=True,
                                   metadata={"description": "下一页游标；为 null 表示没有更多"})


class ClientQuery(Schema):
    q = ma.fields.String(validate=ma.validate.Length(min=1, max=40), metadata={"description": "姓名前缀"})
    phone = ma.fields.String(validate=ma.validate.Length(min=5, max=32),
                             metadata={"description": "任意格式的完整手机号"})
    tag = ma.fields.String(validate=ma.validate.Length(min=1, max=20), metadata={"description": "按标签筛选"})
    deleted = ma.fields.Boolean(load_default=False, metadata={"description": "仅负责人：列出已删除的档案"})
    cursor = ma.fields.String(validate=ma.validate.Length(max=64),
                              metadata={"description": "翻页游标：上一页返回的 next_cursor；首页不传"})
    limit = ma.fields.Integer(load_default=20, metadata={"description": "每页条数，超过 50 按 50 处理"})


class RevealIn(Schema):
    # A field named "fields": marshmallow's metaclass moves it out of the class, so it shadows nothing.
    fields = ma.fields.List(  # type: ignore[assignment]
ma.fields.String(validate=ma.validate.OneOf(REVEALABLE)), required=True,
                            validate=ma.validate.Length(min=1, max=4),
                            metadata={"description": "要查看完整值的字段：name、phone、birth_date、notes"})
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=200),
                              metadata={"description": "查看完整信息的理由（记入审计）"})


class RevealOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "客户档案 ID"})
    name = ma.fields.String(allow_none=True, metadata={"description": "完整姓名（未请求时不返回）"})
    phone = ma.fields.String(allow_none=True, metadata={"description": "完整手机号（未请求时不返回）"})
    birth_date = ma.fields.String(allow_none=True, metadata={"description": "出生日期（未请求时不返回）"})
    notes = ma.fields.String(allow_none=True, metadata={"description": "备注全文（未请求时不返回）"})


class LinkInvitationOut(Schema):
    invitation_id = ma.fields.String(required=True, metadata={"description": "邀请 ID"})
    invite_code = ma.fields.String(required=True, metadata={"description": "邀请码，客户可在小程序中手动输入"})
    scene = ma.fields.String(required=True,
                             metadata={"description": "小程序码的 scene 参数（"
                                                      "扫码进入时由 onLoad 的 options.scene 得到）"})
    page = ma.fields.String(required=True, metadata={"description": "扫码后打开的小程序页面"})
    expires_at = ma.fields.DateTime(required=True, metadata={"description": "过期时间（ISO 8601，UTC）"})
