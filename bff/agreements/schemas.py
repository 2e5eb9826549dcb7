import marshmallow as ma

from bff.schemas import Schema
from models.agreements import DocumentKind


class DocumentSummary(Schema):
    kind = ma.fields.Enum(DocumentKind, required=True, by_value=True)
    version = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    sha256 = ma.fields.String(required=True, metadata={"description": "正文 UTF-8 字节的 SHA-256"})
    published_at = ma.fields.DateTime(required=True)


class DocumentOut(DocumentSummary):
    body = ma.fields.String(required=True, metadata={"description": "Markdown 正文"})


class DocumentList(Schema):
    documents = ma.fields.List(ma.fields.Nested(DocumentSummary), required=True)


class AcceptedDocument(Schema):
    kind = ma.fields.Enum(DocumentKind, required=True, by_value=True)
    version = ma.fields.String(required=True, validate=ma.validate.Length(max=32))
    sha256 = ma.fields.String(required=True, validate=ma.validate.Length(equal=64))


class AcceptanceIn(Schema):
    accepted = ma.fields.List(ma.fields.Nested(AcceptedDocument), required=True,
                              validate=ma.validate.Length(min=1, max=4))


class AgreementStatus(Schema):
    pending = ma.fields.List(ma.fields.Nested(DocumentSummary), required=True,
                             metadata={"description": "尚未同意的当前版本；为空表示已全部同意"})
