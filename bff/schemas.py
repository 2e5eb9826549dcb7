"""Schema base: unknown fields are rejected, never silently ignored; every field error reads in Chinese.

marshmallow's default messages live on its field and validator classes. They are replaced here, once,
for the whole process: every schema (ours, webargs', flask-smorest's) then speaks Simplified Chinese,
while the machine-readable part (field names as keys) is unchanged.
"""

import re
from typing import Any

import marshmallow as ma
from marshmallow import fields as f
from marshmallow import validate as v

FIELD_MESSAGES: dict[type[f.Field], dict[str, str]] = {
    f.Field: {"required": "缺少必填字段。", "null": "该字段不能为空（null）。", "validator_failed": "取值无效。"},
    f.String: {"invalid": "应为字符串。", "invalid_utf8": "不是有效的 UTF-8 字符串。",
               "control": "不能包含控制字符或双向文本控制符。"},
    f.Number: {"invalid": "应为数字。", "too_large": "数字过大。"},
    f.Integer: {"invalid": "应为整数。"},
    f.Float: {"special": "不允许 NaN 或无穷大。"},
    f.Decimal: {"special": "不允许 NaN 或无穷大。"},
    f.Boolean: {"invalid": "应为布尔值（true 或 false）。"},
    f.DateTime: {"invalid": "不是有效的日期时间（ISO 8601）。", "invalid_awareness": "日期时间须带时区。",
                 "format": "\"{input}\" 无法格式化为日期时间。"},
    f.NaiveDateTime: {"invalid_awareness": "日期时间不能带时区。"},
    f.AwareDateTime: {"invalid_awareness": "日期时间须带时区。"},
    f.Date: {"invalid": "不是有效的日期（YYYY-MM-DD）。", "format": "\"{input}\" 无法格式化为日期。",
             "invalid_awareness": "日期不应带时区。"},
    f.Time: {"invalid": "不是有效的时间（HH:MM:SS）。", "format": "\"{input}\" 无法格式化为时间。",
             "invalid_awareness": "时间的时区信息不符合要求。"},
    f.TimeDelta: {"invalid": "不是有效的时长。", "format": "{input!r} 无法格式化为时长。"},
    f.Email: {"invalid": "不是有效的电子邮箱地址。"},
    f.Url: {"invalid": "不是有效的网址。"},
    f.UUID: {"invalid_uuid": "不是有效的 UUID。"},
    f.IP: {"invalid_ip": "不是有效的 IP 地址。"},
    f.IPv4: {"invalid_ip": "不是有效的 IPv4 地址。"},
    f.IPv6: {"invalid_ip": "不是有效的 IPv6 地址。"},
    f.IPInterface: {"invalid_ip_interface": "不是有效的 IP 网段。"},
    f.IPv4Interface: {"invalid_ip_interface": "不是有效的 IPv4 网段。"},
    f.IPv6Interface: {"invalid_ip_interface": "不是有效的 IPv6 网段。"},
    f.Enum: {"unknown": "取值须为以下之一：{choices}。"},
    f.List: {"invalid": "应为数组。"},
    f.Tuple: {"invalid": "应为数组（元组）。"},
    f.Mapping: {"invalid": "应为对象。"},
    f.Nested: {"type": "应为对象。"},
}
VALIDATOR_MESSAGES: dict[type[v.Validator], dict[str, str]] = {
    v.Length: {"message_min": "长度不能少于 {min}。", "message_max": "长度不能超过 {max}。",
               "message_all": "长度须在 {min} 到 {max} 之间。", "message_equal": "长度须为 {equal}。"},
    v.Range: {"message_min": "须{min_op} {{min}}。", "message_max": "须{max_op} {{max}}。",
              "message_all": "须{min_op} {{min}} 且{max_op} {{max}}。",
              "message_gte": "大于或等于", "message_gt": "大于", "message_lte": "小于或等于", "message_lt": "小于"},
    v.OneOf: {"default_message": "取值须为以下之一：{choices}。"},
    v.NoneOf: {"default_message": "取值无效。"},
    v.ContainsOnly: {"default_message": "所选项中有不在 {choices} 之内的。"},
    v.ContainsNoneOf: {"default_message": "所选项中有属于 {values} 的。"},
    v.Equal: {"default_message": "须等于 {other}。"},
    v.Email: {"default_message": "不是有效的电子邮箱地址。"},
    v.URL: {"default_message": "不是有效的网址。"},
    v.Regexp: {"default_message": "格式不符合要求。"},
    v.Predicate: {"default_message": "取值无效。"},
}
SCHEMA_MESSAGES = {"unknown": "未知字段。", "type": "输入类型无效，应为对象。"}


# NUL and other C0/C1 controls (tab and line breaks excepted), bidi embeddings, overrides and
# isolates, the BOM and lone surrogates: no text field takes them. "\u202eabc" would otherwise be
# stored as a name and shown masked as "\u202e**c", reversing whatever follows it on screen.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                                  "\u2066-\u2069\ufeff\ud800-\udfff]")
_string_deserialize = f.String._deserialize


def _deserialize_text(self: f.String, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
    out = _string_deserialize(self, value, attr, data, **kwargs)
    if isinstance(out, str) and FORBIDDEN_CHARACTERS.search(out):
        raise self.make_error("control")
    return out


_regexp_call = v.Regexp.__call__


def _regexp_whole(self: v.Regexp, value: Any) -> Any:
    # A pattern ending in "$" also matches before a trailing newline ("abc\n" passed "^[a-z]+$").
    # marshmallow types the pattern str or bytes apart from the value: a mismatch raises TypeError as before.
    match = self.regex.match(value) if isinstance(value, str | bytes) else None  # type: ignore[arg-type]
    if match is not None and match.end() != len(value):
        raise ma.ValidationError(self._format_error(value))
    return _regexp_call(self, value)


def _install() -> None:
    f.String._deserialize = _deserialize_text  # type: ignore[method-assign]
    v.Regexp.__call__ = _regexp_whole  # type: ignore[method-assign]
    for cls, messages in FIELD_MESSAGES.items():
        # Each class gets its own dict: Field.__init__ merges them along the MRO, subclasses last.
        cls.default_error_messages = {**cls.__dict__.get("default_error_messages", {}), **messages}
    for validator, messages in VALIDATOR_MESSAGES.items():
        for name, text in messages.items():
            setattr(validator, name, text)
    ma.Schema._default_error_messages = {**ma.Schema._default_error_messages, **SCHEMA_MESSAGES}


_install()


class Schema(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class Name(f.String):
    """One line of text people read (names, addresses): trimmed; blank or multi-line is refused."""

    default_error_messages = {"blank": "不能为空白。", "multiline": "不能换行。"}  # noqa: RUF012 - marshmallow's

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            raise self.make_error("blank")
        if any(c in text for c in "\t\n\r\u2028\u2029"):
            raise self.make_error("multiline")
        return text
