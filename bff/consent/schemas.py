"""Consent schemas: explicit inputs (unknown fields refused) and outputs."""

import marshmallow as ma

from bff.schemas import Name, Schema
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
    scope = ma.fields.Enum(ConsentScope, by_value=True, required=True, metadata={"description": "用途代码"})
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=60),
                             metadata={"description": "用途标题"})
    text = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000),
                            metadata={"description": "用途说明原文"})


class TemplateScopeOut(Schema):
    scope = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in ConsentScope]),
                             metadata={"description": "用途代码"})
    title = ma.fields.String(required=True, metadata={"description": "用途标题"})
    text = ma.fields.String(required=True, metadata={"description": "用途说明原文"})


class TemplateEdit(Schema):
    """Every field optional; only the given ones change (the code of a draft never does)."""

    title = ma.fields.String(validate=ma.validate.Length(min=1, max=200), metadata={"description": "模板标题"})
    body = ma.fields.String(validate=ma.validate.Length(min=1, max=20000),
                            metadata={"description": "模板正文（Markdown）"})
    scopes = ma.fields.List(ma.fields.Nested(TemplateScope), validate=SCOPE_LIST,
                            metadata={"description": "每项用途单独的标题和说明，按展示顺序"})

    @ma.validates("scopes")
    def _scopes_unique(self, value: list, **_kwargs: object) -> None:
        _unique([s["scope"] for s in value if "scope" in s])


class TemplateIn(TemplateEdit):
    code = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[a-z][a-z0-9_]{1,63}$"),
                            metadata={"description": "同一文书各版本共用的代码"})
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                             metadata={"description": "模板标题"})
    body = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=20000),
                            metadata={"description": "模板正文（Markdown）"})
    scopes = ma.fields.List(ma.fields.Nested(TemplateScope), required=True, validate=SCOPE_LIST,
                            metadata={"description": "模板包含的用途（每项用途只能出现一次）"})


class TemplateOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "模板版本 ID"})
    code = ma.fields.String(required=True, metadata={"description": "模板代码（同一模板的各版本相同）"})
    version = ma.fields.Integer(required=True, metadata={"description": "版本号"})
    title = ma.fields.String(required=True, metadata={"description": "模板标题"})
    body = ma.fields.String(required=True, metadata={"description": "模板正文（Markdown），签署时须完整展示"})
    scopes = ma.fields.List(ma.fields.Nested(TemplateScopeOut), required=True,
                            metadata={"description": "模板包含的用途"})
    sha256 = ma.fields.String(required=True, metadata={"description": (
        "模板原文的 SHA-256：对规范化 JSON {title, body, scopes:[{scope,title,text}]} 计算，"
        "键排序，分隔符 ',' ':'，UTF-8 且不转义")})
    status = ma.fields.Enum(TemplateStatus, by_value=True, required=True,
                            metadata={"description": "状态：draft 草稿，published 已发布，retired 已停用"})
    published_at = ma.fields.DateTime(required=True, allow_none=True,
                                      metadata={"description": "发布时间；草稿为 null"})


class TemplateList(Schema):
    templates = ma.fields.List(ma.fields.Nested(TemplateOut), required=True, metadata={"description": "模板版本列表"})


# --- requests -----------------------------------------------------------------------------

class RequestIn(Schema):
    template_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                                   metadata={"description": "要签署的模板版本 ID（须为当前版本）"})
    scopes = ma.fields.List(Scope, required=True, validate=SCOPE_LIST, metadata={"description": "请客户同意的用途"})

    @ma.validates("scopes")
    def _scopes_unique(self, value: list, **_kwargs: object) -> None:
        _unique(value)


class SharePayload(Schema):
    path = ma.fields.String(required=True, metadata={"description": "onShareAppMessage 的 path"})
    title = ma.fields.String(required=True, metadata={"description": "分享卡片标题"})


class RequestOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "签署请求 ID"})
    client_id = ma.fields.String(required=True, metadata={"description": "客户档案 ID"})
    template_id = ma.fields.String(required=True, metadata={"description": "知情同意书模板版本 ID"})
    scopes = ma.fields.List(ScopeOut, required=True, metadata={"description": "请求的用途"})
    status = ma.fields.Enum(RequestStatus, by_value=True, required=True,
                            metadata={"description": "状态：pending 待签署，signed 已签署，cancelled 已取消；"
                                                     "过期以 expires_at 为准"})
    scene = ma.fields.String(required=True, metadata={"description": "小程序码 scene（≤32 字符）"})
    page = ma.fields.String(required=True, metadata={"description": "签署页面路径（可用于分享或生成小程序码）"})
    share = ma.fields.Nested(SharePayload, required=True, metadata={"description": "分享给客户时的卡片内容"})
    expires_at = ma.fields.DateTime(required=True, metadata={"description": "过期时间（ISO 8601，UTC）"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "创建时间（ISO 8601，UTC）"})
    viewed_at = ma.fields.DateTime(required=True, allow_none=True,
                                   metadata={"description": "客户打开时间；未打开为 null"})
    signed_at = ma.fields.DateTime(required=True, allow_none=True, metadata={"description": "签署时间；未签署为 null"})


class RequestView(Schema):
    """What the signer reads: the exact text and whose file it is (masked)."""

    id = ma.fields.String(required=True, metadata={"description": "签署请求 ID"})
    store_name = ma.fields.String(required=True, metadata={"description": "门店名称"})
    client_name_masked = ma.fields.String(required=True, metadata={"description": "脱敏的客户姓名，如 张*"})
    minor = ma.fields.Boolean(required=True, metadata={"description": "客户是否未成年"})
    guardian_required = ma.fields.Boolean(required=True, metadata={"description": "是否须填写监护人"})
    template = ma.fields.Nested(TemplateOut, required=True, metadata={"description": "须完整阅读的模板原文"})
    requested_scopes = ma.fields.List(ScopeOut, required=True, metadata={"description": "逐项选择同意与否"})
    expires_at = ma.fields.DateTime(required=True, metadata={"description": "过期时间（ISO 8601，UTC）"})


class ScopeDecision(Schema):
    scope = ma.fields.Enum(ConsentScope, by_value=True, required=True, metadata={"description": "用途代码"})
    agreed = ma.fields.Boolean(required=True, metadata={"description": "是否同意该用途"})


class Guardian(Schema):
    name = Name(required=True, validate=ma.validate.Length(min=1, max=40),
                metadata={"description": "监护人姓名"})
    relationship = ma.fields.String(required=True, validate=ma.validate.OneOf(RELATIONSHIPS),
                                    metadata={"description": "与客户的关系"})


class SignIn(Schema):
    template_sha256 = ma.fields.String(required=True, validate=SHA256,
                                       metadata={"description": "所读模板原文的 SHA-256，须与打开时返回的一致"})
    scopes_agreed = ma.fields.List(ma.fields.Nested(ScopeDecision), required=True, validate=SCOPE_LIST,
                                   metadata={"description": "逐项用途的同意与否"})
    signature_ticket_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                                           metadata={"description": "手写签名上传后的上传凭证 ID"})
    guardian = ma.fields.Nested(Guardian, load_default=None, allow_none=True,
                                metadata={"description": "监护人（客户未成年时必填）"})


class UploadForm(Schema):
    ticket_id = ma.fields.String(required=True, metadata={"description": "上传凭证 ID"})
    upload_url = ma.fields.String(required=True, metadata={"description": "wx.uploadFile 的 url"})
    form_data = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True,
                               metadata={"description": "wx.uploadFile 的 formData，原样提交"})
    file_field = ma.fields.String(required=True, metadata={"description": "wx.uploadFile 的 name（文件字段名）"})
    object_key = ma.fields.String(required=True, metadata={"description": "OSS 对象键（上传目标）"})
    content_type = ma.fields.String(required=True, metadata={"description": "文件须使用的 Content-Type"})
    max_bytes = ma.fields.Integer(required=True, metadata={"description": "允许上传的最大字节数"})
    expires_at = ma.fields.DateTime(required=True, metadata={"description": "表单过期时间"})


# --- records, grants, withdrawal ----------------------------------------------------------

class RecordOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "记录 ID"})
    kind = ma.fields.Enum(RecordKind, by_value=True, required=True,
                          metadata={"description": "记录类型：grant 签署同意，withdraw 撤回，"
                                                   "deletion_request 删除申请"})
    seq = ma.fields.Integer(required=True, metadata={"description": "在门店证据链中的序号"})
    scopes = ma.fields.List(ScopeOut, required=True, metadata={"description": "涉及的用途"})
    actor_role = ma.fields.String(required=True, metadata={"description": "操作者角色"})
    template_id = ma.fields.String(required=True, allow_none=True,
                                   metadata={"description": "签署的模板版本 ID；非签署记录为 null"})
    template_sha256 = ma.fields.String(required=True, allow_none=True,
                                       metadata={"description": "签署的模板原文 SHA-256；非签署记录为 null"})
    signature_sha256 = ma.fields.String(required=True, allow_none=True,
                                        metadata={"description": "手写签名图片的 SHA-256；非签署记录为 null"})
    minor = ma.fields.Boolean(required=True, metadata={"description": "客户是否未成年"})
    guardian_relationship = ma.fields.String(required=True, allow_none=True,
                                             metadata={"description": "监护人与客户的关系；无监护人为 null"})
    reason = ma.fields.String(required=True, allow_none=True,
                              metadata={"description": "撤回或删除申请的原因；无则为 null"})
    occurred_at = ma.fields.DateTime(required=True, metadata={"description": "发生时间（ISO 8601，UTC）"})
    prev_hash = ma.fields.String(required=True, metadata={"description": "上一条记录的哈希（证据链）"})
    hash = ma.fields.String(required=True, metadata={"description": "本记录的哈希（证据链）"})


class GrantOut(Schema):
    scope = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in ConsentScope]),
                             metadata={"description": "用途代码"})
    active = ma.fields.Boolean(required=True, metadata={"description": "是否生效中"})
    guardian = ma.fields.Boolean(required=True, metadata={"description": "是否由监护人代为同意"})
    granted_record_id = ma.fields.String(required=True, metadata={"description": "授予该同意的记录 ID"})
    withdrawn_record_id = ma.fields.String(required=True, allow_none=True,
                                           metadata={"description": "撤回该同意的记录 ID；未撤回为 null"})
    updated_at = ma.fields.DateTime(required=True, metadata={"description": "最后修改时间（ISO 8601，UTC）"})


class ClientConsents(Schema):
    client_id = ma.fields.String(required=True, metadata={"description": "客户档案 ID"})
    active_scopes = ma.fields.List(ScopeOut, required=True, metadata={"description": "当前生效的同意用途"})
    grants = ma.fields.List(ma.fields.Nested(GrantOut), required=True, metadata={"description": "各用途的授权状态"})
    records = ma.fields.List(ma.fields.Nested(RecordOut), required=True,
                             metadata={"description": "知情同意记录，按证据链顺序"})
    requests = ma.fields.List(ma.fields.Nested(RequestOut), required=True, metadata={"description": "签署请求"})


class MyClientConsents(Schema):
    client_id = ma.fields.String(required=True, metadata={"description": "与我关联的客户档案 ID"})
    store_id = ma.fields.String(required=True, metadata={"description": "门店 ID"})
    store_name = ma.fields.String(required=True, metadata={"description": "门店名称"})
    client_name_masked = ma.fields.String(required=True, metadata={"description": "脱敏的客户姓名，如 张*"})
    active_scopes = ma.fields.List(ScopeOut, required=True, metadata={"description": "当前生效的同意用途"})
    records = ma.fields.List(ma.fields.Nested(RecordOut), required=True,
                             metadata={"description": "知情同意记录，按证据链顺序"})


class MyConsents(Schema):
    clients = ma.fields.List(ma.fields.Nested(MyClientConsents), required=True,
                             metadata={"description": "与我关联的客户档案及其同意"})


class WithdrawIn(Schema):
    scopes = ma.fields.List(Scope, validate=SCOPE_LIST, metadata={"description": "要撤回的用途；与 all 二选一"})
    all = ma.fields.Boolean(load_default=False, metadata={"description": "撤回全部有效用途"})
    reason = ma.fields.String(validate=REASON, metadata={"description": "撤回原因（记入证据链）"})

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
    reason = ma.fields.String(validate=REASON, metadata={"description": "申请删除的原因（记入证据链）"})


class ChainProblem(Schema):
    seq = ma.fields.Integer(required=True, metadata={"description": "出问题的记录序号"})
    record_id = ma.fields.String(required=True, allow_none=True,
                                 metadata={"description": "出问题的记录 ID；记录缺失时为 null"})
    kind = ma.fields.String(required=True,
                            metadata={"description": "问题类型：altered、missing、broken_link、inserted、reordered、"
                                                     "truncated"})
    detail = ma.fields.String(required=True, metadata={"description": "问题说明"})


class ChainReport(Schema):
    store_id = ma.fields.String(required=True, metadata={"description": "门店 ID"})
    ok = ma.fields.Boolean(required=True, metadata={"description": "证据链是否完好"})
    records = ma.fields.Integer(required=True, metadata={"description": "校验的记录数"})
    problems = ma.fields.List(ma.fields.Nested(ChainProblem), required=True,
                              metadata={"description": "发现的问题（完好时为空）"})
