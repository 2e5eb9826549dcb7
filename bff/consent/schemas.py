"""Consent schemas: explicit inputs (unknown fields refused) and outputs."""

import marshmallow as ma

from bff.schemas import Schema
from models.consent import ConsentScope, RecordKind, RequestStatus, TemplateStatus

Scope = ma.fields.Enum(ConsentScope, by_value=True)
# Outputs: stored scopes are plain strings; the validator only documents the enum in the spec.
ScopeOut = ma.fields.String(validate=ma.validate.OneOf([s.value for s in ConsentScope]))
SCOPE_LIST = ma.validate.Length(min=1, max=len(ConsentScope))
SHA256 = ma.validate.Regexp(r"^[0-9a-f]{64}$")
RELATIONSHIPS = ("parent", "guardian", "other")
REASON = ma.validate.Length(min=2, max=200)


def _unique(values: list) -> None:
    if len(values) != len(set(values)):
        raise ma.ValidationError("每项用途只能出现一次")


# --- templates ----------------------------------------------------------------------------

class TemplateScope(Schema):
    scope = ma.fields.Enum(ConsentScope, by_value=True, required=True)
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=60))
    text = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))


class TemplateScopeOut(Schema):
    scope = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in ConsentScope]))
    title = ma.fields.String(required=True)
    text = ma.fields.String(required=True)


class TemplateEdit(Schema):
    """Every field optional; only the given ones change (the code of a draft never does)."""

    title = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    body = ma.fields.String(validate=ma.validate.Length(min=1, max=20000))
    scopes = ma.fields.List(ma.fields.Nested(TemplateScope), validate=SCOPE_LIST,
                            metadata={"description": "每项用途单独的标题和说明，按展示顺序"})

    @ma.validates("scopes")
    def _scopes_unique(self, value: list, **_kwargs: object) -> None:
        _unique([s["scope"] for s in value if "scope" in s])


class TemplateIn(TemplateEdit):
    code = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[a-z][a-z0-9_]{1,63}$"),
                            metadata={"description": "同一文书各版本共用的代码"})
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    body = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=20000))
    scopes = ma.fields.List(ma.fields.Nested(TemplateScope), required=True, validate=SCOPE_LIST)


class TemplateOut(Schema):
    id = ma.fields.String(required=True)
    code = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    body = ma.fields.String(required=True)
    scopes = ma.fields.List(ma.fields.Nested(TemplateScopeOut), required=True)
    sha256 = ma.fields.String(required=True, metadata={"description": (
        "SHA-256 of the canonical JSON {title, body, scopes:[{scope,title,text}]}: keys sorted, "
        "separators ',' ':', UTF-8 without escapes")})
    status = ma.fields.Enum(TemplateStatus, by_value=True, required=True)
    published_at = ma.fields.DateTime(required=True, allow_none=True)


class TemplateList(Schema):
    templates = ma.fields.List(ma.fields.Nested(TemplateOut), required=True)


# --- requests -----------------------------------------------------------------------------

class RequestIn(Schema):
    template_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    scopes = ma.fields.List(Scope, required=True, validate=SCOPE_LIST)

    @ma.validates("scopes")
    def _scopes_unique(self, value: list, **_kwargs: object) -> None:
        _unique(value)


class SharePayload(Schema):
    path = ma.fields.String(required=True, metadata={"description": "onShareAppMessage 的 path"})
    title = ma.fields.String(required=True)


class RequestOut(Schema):
    id = ma.fields.String(required=True)
    client_id = ma.fields.String(required=True)
    template_id = ma.fields.String(required=True)
    scopes = ma.fields.List(ScopeOut, required=True)
    status = ma.fields.Enum(RequestStatus, by_value=True, required=True)
    scene = ma.fields.String(required=True, metadata={"description": "小程序码 scene（≤32 字符）"})
    page = ma.fields.String(required=True)
    share = ma.fields.Nested(SharePayload, required=True)
    expires_at = ma.fields.DateTime(required=True)
    created_at = ma.fields.DateTime(required=True)
    viewed_at = ma.fields.DateTime(required=True, allow_none=True)
    signed_at = ma.fields.DateTime(required=True, allow_none=True)


class RequestView(Schema):
    """What the signer reads: the exact text and whose file it is (masked)."""

    id = ma.fields.String(required=True)
    store_name = ma.fields.String(required=True)
    client_name_masked = ma.fields.String(required=True)
    minor = ma.fields.Boolean(required=True)
    guardian_required = ma.fields.Boolean(required=True)
    template = ma.fields.Nested(TemplateOut, required=True)
    requested_scopes = ma.fields.List(ScopeOut, required=True, metadata={"description": "逐项选择同意与否"})
    expires_at = ma.fields.DateTime(required=True)


class ScopeDecision(Schema):
    scope = ma.fields.Enum(ConsentScope, by_value=True, required=True)
    agreed = ma.fields.Boolean(required=True)


class Guardian(Schema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40))
    relationship = ma.fields.String(required=True, validate=ma.validate.OneOf(RELATIONSHIPS))


class SignIn(Schema):
    template_sha256 = ma.fields.String(required=True, validate=SHA256)
    scopes_agreed = ma.fields.List(ma.fields.Nested(ScopeDecision), required=True, validate=SCOPE_LIST)
    signature_ticket_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    guardian = ma.fields.Nested(Guardian, load_default=None, allow_none=True)


class UploadForm(Schema):
    ticket_id = ma.fields.String(required=True)
    upload_url = ma.fields.String(required=True)
    form_data = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)
    file_field = ma.fields.String(required=True)
    object_key = ma.fields.String(required=True)
    content_type = ma.fields.String(required=True)
    max_bytes = ma.fields.Integer(required=True)
    expires_at = ma.fields.DateTime(required=True)


# --- records, grants, withdrawal ----------------------------------------------------------

class RecordOut(Schema):
    id = ma.fields.String(required=True)
    kind = ma.fields.Enum(RecordKind, by_value=True, required=True)
    seq = ma.fields.Integer(required=True)
    scopes = ma.fields.List(ScopeOut, required=True)
    actor_role = ma.fields.String(required=True)
    template_id = ma.fields.String(required=True, allow_none=True)
    template_sha256 = ma.fields.String(required=True, allow_none=True)
    signature_sha256 = ma.fields.String(required=True, allow_none=True)
    minor = ma.fields.Boolean(required=True)
    guardian_relationship = ma.fields.String(required=True, allow_none=True)
    reason = ma.fields.String(required=True, allow_none=True)
    occurred_at = ma.fields.DateTime(required=True)
    prev_hash = ma.fields.String(required=True)
    hash = ma.fields.String(required=True)


class GrantOut(Schema):
    scope = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in ConsentScope]))
    active = ma.fields.Boolean(required=True)
    guardian = ma.fields.Boolean(required=True)
    granted_record_id = ma.fields.String(required=True)
    withdrawn_record_id = ma.fields.String(required=True, allow_none=True)
    updated_at = ma.fields.DateTime(required=True)


class ClientConsents(Schema):
    client_id = ma.fields.String(required=True)
    active_scopes = ma.fields.List(ScopeOut, required=True)
    grants = ma.fields.List(ma.fields.Nested(GrantOut), required=True)
    records = ma.fields.List(ma.fields.Nested(RecordOut), required=True)
    requests = ma.fields.List(ma.fields.Nested(RequestOut), required=True)


class MyClientConsents(Schema):
    client_id = ma.fields.String(required=True)
    store_id = ma.fields.String(required=True)
    store_name = ma.fields.String(required=True)
    client_name_masked = ma.fields.String(required=True)
    active_scopes = ma.fields.List(ScopeOut, required=True)
    records = ma.fields.List(ma.fields.Nested(RecordOut), required=True)


class MyConsents(Schema):
    clients = ma.fields.List(ma.fields.Nested(MyClientConsents), required=True)


class WithdrawIn(Schema):
    scopes = ma.fields.List(Scope, validate=SCOPE_LIST)
    all = ma.fields.Boolean(load_default=False, metadata={"description": "撤回全部有效用途"})
    reason = ma.fields.String(validate=REASON)

    @ma.validates_schema
    def _one_of(self, data: dict, **_kwargs: object) -> None:
        if bool(data.get("scopes")) == bool(data.get("all")):
            raise ma.ValidationError("请选择要撤回的用途，或选择全部撤回（二选一）", "scopes")


class StaffWithdrawIn(WithdrawIn):
    reason = ma.fields.String(required=True, validate=REASON,
                              metadata={"description": "代客户撤回的原因（记入存证和审计）"})


MY_CLIENT = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                             metadata={"description": "与我关联的客户档案 id（见 me_consents）"})
MY_STORE = ma.fields.String(validate=ma.validate.Length(min=1, max=32),
                            metadata={"description": "可选：档案所属门店 id，给出时必须一致"})


class MyWithdrawIn(WithdrawIn):
    client_id = MY_CLIENT
    store_id = MY_STORE


class DeletionIn(Schema):
    client_id = MY_CLIENT
    store_id = MY_STORE
    reason = ma.fields.String(validate=REASON)


class ChainProblem(Schema):
    seq = ma.fields.Integer(required=True)
    record_id = ma.fields.String(required=True, allow_none=True)
    kind = ma.fields.String(required=True)
    detail = ma.fields.String(required=True)


class ChainReport(Schema):
    store_id = ma.fields.String(required=True)
    ok = ma.fields.Boolean(required=True)
    records = ma.fields.Integer(required=True)
    problems = ma.fields.List(ma.fields.Nested(ChainProblem), required=True)
