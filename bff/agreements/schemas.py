import marshmallow as ma

from bff.schemas import Schema
from models.agreements import DocumentKind


class DocumentSummary(Schema):
    kind = ma.fields.Enum(DocumentKind, required=True, by_value=True,
                          metadata={"description": "协议类型：terms 用户协议，privacy 隐私政策"})
    version = ma.fields.String(required=True, metadata={"description": "协议版本"})
    title = ma.fields.String(required=True, metadata={"description": "协议标题"})
    sha256 = ma.fields.String(required=True, metadata={"description": "正文 UTF-8 字节的 SHA-256"})
    published_at = ma.fields.DateTime(required=True, metadata={"description": "发布时间；草稿为 null"})


class DocumentOut(DocumentSummary):
    body = ma.fields.String(required=True, metadata={"description": "Markdown 正文"})


class DocumentList(Schema):
    documents = ma.fields.List(ma.fields.Nested(DocumentSummary), required=True, metadata={"description": "协议列表"})


class AcceptedDocument(Schema):
    kind = ma.fields.Enum(DocumentKind, required=True, by_value=True,
                          metadata={"description": "协议类型：terms 用户协议，privacy 隐私政策"})
    version = ma.fields.String(required=True, validate=ma.validate.Length(max=32),
                               metadata={"description": "展示给用户的协议版本"})
    sha256 = ma.fields.String(required=True, validate=ma.validate.Length(equal=64),
                              metadata={"description": "展示给用户的协议全文的 SHA-256（十六进制，64 位）"})


class AcceptanceIn(Schema):
    accepted = ma.fields.List(ma.fields.Nested(AcceptedDocument), required=True,
                              validate=ma.validate.Length(min=1, max=4),
                              metadata={"description": "用户同意的协议（版本与哈希须与当前版本一致）"})


class AgreementStatus(Schema):
    pending = ma.fields.List(ma.fields.Nested(DocumentSummary), required=True,
                             metadata={"description": "尚未同意的当前版本；为空表示已全部同意"})
