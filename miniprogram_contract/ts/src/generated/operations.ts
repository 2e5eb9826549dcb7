// Generated from miniprogram_contract/openapi.json by `npm run generate`. Do not edit.

/** Every error reason the document declares: its HTTP status and the message the server sends. */
export const ERROR_REASONS = {
  "account_disabled": {
    "status": 401,
    "message": "账号已停用，如有疑问请联系客服"
  },
  "activation_batch_disabled": {
    "status": 410,
    "message": "该激活码已停用"
  },
  "activation_code_expired": {
    "status": 410,
    "message": "该激活码已过期"
  },
  "activation_code_invalid": {
    "status": 404,
    "message": "激活码无效"
  },
  "activation_code_malformed": {
    "status": 422,
    "message": "激活码格式有误，请核对后重新输入"
  },
  "activation_code_not_yet_valid": {
    "status": 410,
    "message": "该激活码尚未到可用时间"
  },
  "activation_code_used": {
    "status": 409,
    "message": "该激活码已被使用"
  },
  "adult_attestation_required": {
    "status": 422,
    "message": "顾问须年满十八周岁"
  },
  "agreement_outdated": {
    "status": 409,
    "message": "协议已更新，请阅读最新版本后再同意"
  },
  "agreement_required": {
    "status": 403,
    "message": "请先阅读并同意最新的用户协议和隐私政策"
  },
  "already_member": {
    "status": 409,
    "message": "您已是该门店成员"
  },
  "bad_request": {
    "status": 400,
    "message": "请求无效"
  },
  "callback_mismatch": {
    "status": 403,
    "message": "回调内容与上传凭证不符"
  },
  "callback_signature_invalid": {
    "status": 403,
    "message": "回调签名无效"
  },
  "callback_signature_missing": {
    "status": 403,
    "message": "回调缺少签名"
  },
  "cannot_remove_owner": {
    "status": 409,
    "message": "不能移除门店负责人，请先转让负责人身份"
  },
  "capture_session_ended": {
    "status": 409,
    "message": "本次拍摄已结束，请新建拍摄"
  },
  "capture_session_not_found": {
    "status": 404,
    "message": "拍摄记录不存在"
  },
  "client_not_found": {
    "status": 404,
    "message": "客户档案不存在"
  },
  "consent_not_active": {
    "status": 409,
    "message": "所选用途当前没有有效的同意，无需撤回"
  },
  "consent_record_not_found": {
    "status": 404,
    "message": "同意记录不存在"
  },
  "consent_request_expired": {
    "status": 410,
    "message": "同意请求已过期，请让顾问重新发起"
  },
  "consent_request_not_found": {
    "status": 404,
    "message": "同意请求不存在"
  },
  "consent_request_used": {
    "status": 409,
    "message": "该同意请求已签署，不能重复使用"
  },
  "consent_required": {
    "status": 403,
    "message": "客户尚未签署覆盖此用途的知情同意，或已撤回"
  },
  "consent_template_not_found": {
    "status": 404,
    "message": "知情同意书不存在"
  },
  "consultant_already_registered": {
    "status": 409,
    "message": "您已完成顾问注册"
  },
  "consultant_required": {
    "status": 403,
    "message": "请先完成顾问注册"
  },
  "database_busy": {
    "status": 503,
    "message": "系统繁忙，请稍后重试"
  },
  "database_unavailable": {
    "status": 503,
    "message": "数据库暂不可用，请稍后再试"
  },
  "dependency_unavailable": {
    "status": 503,
    "message": "服务暂不可用，请稍后再试"
  },
  "export_approval_required": {
    "status": 403,
    "message": "批量导出须填写审批说明"
  },
  "export_images_not_found": {
    "status": 422,
    "message": "部分影像不存在或不可导出"
  },
  "export_not_allowed": {
    "status": 422,
    "message": "部分影像的客户同意范围不允许以该方式导出"
  },
  "export_not_found": {
    "status": 404,
    "message": "导出任务不存在"
  },
  "guardian_consent_required": {
    "status": 403,
    "message": "未成年客户需由监护人签署知情同意"
  },
  "guardian_required": {
    "status": 403,
    "message": "客户未满法定年龄，须由监护人填写信息并签署"
  },
  "image_not_found": {
    "status": 404,
    "message": "影像不存在"
  },
  "image_not_ready": {
    "status": 409,
    "message": "影像尚未处理完成，暂不能查看"
  },
  "internal_error": {
    "status": 500,
    "message": "服务器开小差了，请稍后再试"
  },
  "invalid_cursor": {
    "status": 422,
    "message": "分页游标无效"
  },
  "invitation_expired": {
    "status": 410,
    "message": "邀请已过期，请联系门店负责人重新邀请"
  },
  "invitation_not_found": {
    "status": 404,
    "message": "邀请不存在"
  },
  "invitation_revoked": {
    "status": 410,
    "message": "邀请已被撤销"
  },
  "invitation_used": {
    "status": 409,
    "message": "邀请已被使用"
  },
  "malformed_json": {
    "status": 400,
    "message": "请求体不是合法的 JSON"
  },
  "member_not_found": {
    "status": 404,
    "message": "成员不存在"
  },
  "method_not_allowed": {
    "status": 405,
    "message": "不支持该请求方法"
  },
  "no_scope_agreed": {
    "status": 422,
    "message": "请至少同意一项用途，或直接关闭页面"
  },
  "not_found": {
    "status": 404,
    "message": "资源不存在"
  },
  "notification_malformed": {
    "status": 400,
    "message": "通知内容格式无效"
  },
  "notification_probe": {
    "status": 401,
    "message": "微信支付签名探测请求，已拒绝"
  },
  "notification_signature_invalid": {
    "status": 401,
    "message": "通知签名无效"
  },
  "notification_signature_type": {
    "status": 401,
    "message": "通知签名类型不受支持"
  },
  "notification_stale": {
    "status": 401,
    "message": "通知时间戳超出允许范围"
  },
  "notification_undecryptable": {
    "status": 400,
    "message": "通知内容无法解密"
  },
  "notification_unknown_serial": {
    "status": 401,
    "message": "通知使用了未知的平台证书或公钥"
  },
  "notification_unsigned": {
    "status": 401,
    "message": "通知缺少微信支付签名"
  },
  "order_not_found": {
    "status": 404,
    "message": "订单不存在"
  },
  "owner_required": {
    "status": 403,
    "message": "仅门店负责人可以执行此操作"
  },
  "pair_mismatch": {
    "status": 422,
    "message": "只能配对同一客户、同一拍摄角度的两张影像"
  },
  "payload_too_large": {
    "status": 413,
    "message": "请求体过大"
  },
  "payment_unavailable_on_platform": {
    "status": 403,
    "message": "iOS 端暂不支持在小程序内购买，请使用激活码开通"
  },
  "phone_already_bound": {
    "status": 409,
    "message": "该手机号已绑定其他账号"
  },
  "phone_invalid": {
    "status": 422,
    "message": "手机号格式不正确"
  },
  "phone_mismatch": {
    "status": 403,
    "message": "您绑定的手机号与档案不一致"
  },
  "phone_payload_invalid": {
    "status": 400,
    "message": "手机号授权数据无效，请重新授权"
  },
  "phone_required": {
    "status": 403,
    "message": "请先绑定手机号"
  },
  "plan_not_found": {
    "status": 404,
    "message": "套餐不存在或暂不可购买"
  },
  "pub_key_unavailable": {
    "status": 503,
    "message": "暂时无法获取回调公钥"
  },
  "pub_key_url_not_allowed": {
    "status": 403,
    "message": "回调公钥地址不在允许范围内"
  },
  "quota_exceeded": {
    "status": 403,
    "message": "已达到当前套餐的上限"
  },
  "rate_limited": {
    "status": 429,
    "message": "操作过于频繁，请稍后再试"
  },
  "refresh_token_reused": {
    "status": 401,
    "message": "登录凭证已被使用，为保护账号安全请重新登录"
  },
  "scope_not_in_template": {
    "status": 422,
    "message": "所选用途不在该知情同意书的范围内"
  },
  "scopes_mismatch": {
    "status": 422,
    "message": "请对每一项用途分别选择同意或不同意"
  },
  "session_revoked": {
    "status": 401,
    "message": "登录已失效，请重新登录"
  },
  "signature_invalid": {
    "status": 422,
    "message": "手写签名图片无效，请重新签名"
  },
  "signature_missing": {
    "status": 422,
    "message": "未找到手写签名，请重新签名并上传"
  },
  "signer_mismatch": {
    "status": 403,
    "message": "当前微信账号与客户档案不符，请由客户本人签署"
  },
  "storage_unavailable": {
    "status": 503,
    "message": "存储服务暂不可用，请稍后再试"
  },
  "store_not_found": {
    "status": 404,
    "message": "门店不存在"
  },
  "template_changed": {
    "status": 409,
    "message": "知情同意书内容已变更，请重新阅读"
  },
  "template_not_current": {
    "status": 409,
    "message": "该知情同意书不是当前发布的版本"
  },
  "token_expired": {
    "status": 401,
    "message": "登录已过期，请刷新登录"
  },
  "token_invalid": {
    "status": 401,
    "message": "登录凭证无效，请重新登录"
  },
  "token_missing": {
    "status": 401,
    "message": "请先登录"
  },
  "upload_expired": {
    "status": 410,
    "message": "上传凭证已过期，请重新上传"
  },
  "upload_missing": {
    "status": 409,
    "message": "未找到已上传的文件，请重新上传"
  },
  "upload_not_found": {
    "status": 404,
    "message": "上传凭证不存在"
  },
  "upload_too_large": {
    "status": 422,
    "message": "上传的文件超过大小限制"
  },
  "upload_type_mismatch": {
    "status": 422,
    "message": "上传的文件类型与申请时不一致"
  },
  "validation_error": {
    "status": 422,
    "message": "提交的数据有误"
  },
  "view_not_in_protocol": {
    "status": 422,
    "message": "该角度不属于本次拍摄的协议"
  },
  "vip_required": {
    "status": 402,
    "message": "已达到基础版上限，开通 VIP 后可继续使用"
  },
  "wechat_code_invalid": {
    "status": 401,
    "message": "微信授权码无效或已使用，请重新授权"
  },
  "wechat_rejected": {
    "status": 502,
    "message": "微信拒绝了该请求"
  },
  "wechat_unavailable": {
    "status": 503,
    "message": "微信服务暂不可用，请稍后再试"
  },
  "wechatpay_rejected": {
    "status": 502,
    "message": "微信支付拒绝了该请求"
  },
  "wechatpay_unavailable": {
    "status": 503,
    "message": "微信支付暂不可用，请稍后再试"
  }
} as const;

/** The error reasons the server may send, from any route. */
export type ErrorReason = keyof typeof ERROR_REASONS;

/** Reasons any route may answer (documented once, on the default error response). */
export const GENERIC_REASONS = [
  "bad_request",
  "database_busy",
  "database_unavailable",
  "dependency_unavailable",
  "internal_error",
  "malformed_json",
  "method_not_allowed",
  "payload_too_large"
] as const;

export type GenericReason = (typeof GENERIC_REASONS)[number];

/** The mini-program's operations by operationId: how to call each, and the reasons it declares. */
export const OPERATIONS = {
  "activation_codes_redeem": {
    "method": "POST",
    "path": "/api/v1/activation-codes/redeem",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "activation_batch_disabled",
      "activation_code_expired",
      "activation_code_invalid",
      "activation_code_malformed",
      "activation_code_not_yet_valid",
      "activation_code_used",
      "agreement_required",
      "malformed_json",
      "rate_limited",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "agreements_get": {
    "method": "GET",
    "path": "/api/v1/agreements/{kind}",
    "auth": false,
    "status": 200,
    "body": "json",
    "reasons": [
      "not_found"
    ]
  },
  "agreements_list": {
    "method": "GET",
    "path": "/api/v1/agreements",
    "auth": false,
    "status": 200,
    "body": "json",
    "reasons": []
  },
  "auth_login": {
    "method": "POST",
    "path": "/api/v1/auth/login",
    "auth": false,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "dependency_unavailable",
      "malformed_json",
      "rate_limited",
      "validation_error",
      "wechat_code_invalid",
      "wechat_unavailable"
    ]
  },
  "auth_logout": {
    "method": "POST",
    "path": "/api/v1/auth/logout",
    "auth": true,
    "status": 204,
    "body": "none",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "auth_logout_all": {
    "method": "POST",
    "path": "/api/v1/auth/logout-all",
    "auth": true,
    "status": 204,
    "body": "none",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "auth_refresh": {
    "method": "POST",
    "path": "/api/v1/auth/refresh",
    "auth": false,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "malformed_json",
      "refresh_token_reused",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "validation_error"
    ]
  },
  "capture_protocols_list": {
    "method": "GET",
    "path": "/api/v1/capture-protocols",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "capture_sessions_create": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}/capture-sessions",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "client_not_found",
      "consent_required",
      "guardian_consent_required",
      "malformed_json",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "capture_sessions_end": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/capture-sessions/{session_id}/end",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "capture_session_not_found",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "capture_sessions_get": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/capture-sessions/{session_id}",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "capture_session_not_found",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "capture_sessions_list": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}/capture-sessions",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "invalid_cursor",
      "malformed_json",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "clients_create": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/clients",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "malformed_json",
      "phone_invalid",
      "quota_exceeded",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error",
      "vip_required"
    ]
  },
  "clients_delete": {
    "method": "DELETE",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}",
    "auth": true,
    "status": 204,
    "body": "none",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "clients_get": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "clients_link_invitation": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}/link-invitation",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "clients_list": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/clients",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "invalid_cursor",
      "malformed_json",
      "owner_required",
      "phone_invalid",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "clients_restore": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}/restore",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "clients_reveal": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}/reveal",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "malformed_json",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "clients_update": {
    "method": "PATCH",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "client_not_found",
      "malformed_json",
      "phone_invalid",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "consent_records_receipt": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}/consent-records/{record_id}/receipt",
    "auth": true,
    "status": 200,
    "body": "binary",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "consent_record_not_found",
      "session_revoked",
      "storage_unavailable",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "consent_requests_create": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}/consent-requests",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "client_not_found",
      "consent_template_not_found",
      "malformed_json",
      "scope_not_in_template",
      "session_revoked",
      "store_not_found",
      "template_not_current",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "consent_requests_qrcode": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}/consent-requests/{request_id}/qrcode",
    "auth": true,
    "status": 200,
    "body": "binary",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "consent_request_expired",
      "consent_request_not_found",
      "consent_request_used",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "wechat_rejected",
      "wechat_unavailable"
    ]
  },
  "consent_requests_sign": {
    "method": "POST",
    "path": "/api/v1/consent-requests/{request_id}/sign",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "consent_request_expired",
      "consent_request_not_found",
      "consent_request_used",
      "guardian_required",
      "malformed_json",
      "no_scope_agreed",
      "phone_required",
      "scopes_mismatch",
      "session_revoked",
      "signature_invalid",
      "signature_missing",
      "signer_mismatch",
      "storage_unavailable",
      "template_changed",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "consent_requests_signature_upload": {
    "method": "POST",
    "path": "/api/v1/consent-requests/{request_id}/signature-upload",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "consent_request_expired",
      "consent_request_not_found",
      "consent_request_used",
      "rate_limited",
      "session_revoked",
      "storage_unavailable",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "consent_requests_view": {
    "method": "GET",
    "path": "/api/v1/consent-requests/by-scene/{scene}",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "consent_request_expired",
      "consent_request_not_found",
      "consent_request_used",
      "phone_required",
      "session_revoked",
      "signer_mismatch",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "consent_templates_get": {
    "method": "GET",
    "path": "/api/v1/consent-templates/{template_id}",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "consent_template_not_found",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "consent_templates_list": {
    "method": "GET",
    "path": "/api/v1/consent-templates",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "consents_of_client": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}/consents",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "consents_withdraw_for_client": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/clients/{client_id}/consents/withdraw",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "consent_not_active",
      "malformed_json",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "exports_create": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/exports",
    "auth": true,
    "status": 202,
    "body": "json",
    "reasons": [
      "account_disabled",
      "export_approval_required",
      "export_images_not_found",
      "export_not_allowed",
      "malformed_json",
      "owner_required",
      "rate_limited",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "exports_get": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/exports/{export_id}",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "export_not_found",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "images_delete": {
    "method": "DELETE",
    "path": "/api/v1/stores/{store_id}/images/{image_id}",
    "auth": true,
    "status": 204,
    "body": "none",
    "reasons": [
      "account_disabled",
      "image_not_found",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "images_get": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/images/{image_id}",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "image_not_found",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "images_list": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/images",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "invalid_cursor",
      "malformed_json",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "images_pair": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/images/{image_id}/pair",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "image_not_found",
      "malformed_json",
      "pair_mismatch",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "images_unpair": {
    "method": "DELETE",
    "path": "/api/v1/stores/{store_id}/images/{image_id}/pair",
    "auth": true,
    "status": 204,
    "body": "none",
    "reasons": [
      "account_disabled",
      "image_not_found",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "images_update": {
    "method": "PATCH",
    "path": "/api/v1/stores/{store_id}/images/{image_id}",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "image_not_found",
      "malformed_json",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "images_view_url": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/images/{image_id}/view-url",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "consent_required",
      "guardian_consent_required",
      "image_not_found",
      "image_not_ready",
      "malformed_json",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "invitations_accept": {
    "method": "POST",
    "path": "/api/v1/invitations/accept",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "already_member",
      "consultant_required",
      "invitation_expired",
      "invitation_not_found",
      "invitation_revoked",
      "invitation_used",
      "malformed_json",
      "phone_mismatch",
      "phone_required",
      "rate_limited",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "me_access_history": {
    "method": "GET",
    "path": "/api/v1/me/access-history",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "malformed_json",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "me_agreements_accept": {
    "method": "POST",
    "path": "/api/v1/me/agreements",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_outdated",
      "malformed_json",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "me_agreements_status": {
    "method": "GET",
    "path": "/api/v1/me/agreements",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "me_bind_phone": {
    "method": "POST",
    "path": "/api/v1/me/phone",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "dependency_unavailable",
      "malformed_json",
      "phone_already_bound",
      "phone_invalid",
      "phone_payload_invalid",
      "rate_limited",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error",
      "wechat_code_invalid",
      "wechat_unavailable"
    ]
  },
  "me_consent_records_receipt": {
    "method": "GET",
    "path": "/api/v1/me/consent-records/{record_id}/receipt",
    "auth": true,
    "status": 200,
    "body": "binary",
    "reasons": [
      "account_disabled",
      "consent_record_not_found",
      "session_revoked",
      "storage_unavailable",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "me_consents": {
    "method": "GET",
    "path": "/api/v1/me/consents",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "me_consents_deletion_request": {
    "method": "POST",
    "path": "/api/v1/me/consents/deletion-request",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "malformed_json",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "me_consents_withdraw": {
    "method": "POST",
    "path": "/api/v1/me/consents/withdraw",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "client_not_found",
      "consent_not_active",
      "malformed_json",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "me_get": {
    "method": "GET",
    "path": "/api/v1/me",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "me_register_consultant": {
    "method": "POST",
    "path": "/api/v1/me/consultant",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "adult_attestation_required",
      "agreement_required",
      "consultant_already_registered",
      "malformed_json",
      "phone_required",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "me_vip": {
    "method": "GET",
    "path": "/api/v1/me/vip",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "orders_create": {
    "method": "POST",
    "path": "/api/v1/orders",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "consultant_required",
      "malformed_json",
      "payment_unavailable_on_platform",
      "plan_not_found",
      "rate_limited",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error",
      "wechatpay_rejected",
      "wechatpay_unavailable"
    ]
  },
  "orders_get": {
    "method": "GET",
    "path": "/api/v1/orders/{order_id}",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "order_not_found",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "orders_list": {
    "method": "GET",
    "path": "/api/v1/orders",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "oss_callback": {
    "method": "POST",
    "path": "/api/v1/oss/callback",
    "auth": false,
    "status": 200,
    "body": "json",
    "reasons": [
      "callback_mismatch",
      "callback_signature_invalid",
      "callback_signature_missing",
      "pub_key_unavailable",
      "pub_key_url_not_allowed"
    ]
  },
  "payments_wechatpay_notify": {
    "method": "POST",
    "path": "/api/v1/payments/wechatpay/notify",
    "auth": false,
    "status": 204,
    "body": "none",
    "reasons": [
      "notification_malformed",
      "notification_probe",
      "notification_signature_invalid",
      "notification_signature_type",
      "notification_stale",
      "notification_undecryptable",
      "notification_unknown_serial",
      "notification_unsigned"
    ]
  },
  "payments_wechatpay_refund_notify": {
    "method": "POST",
    "path": "/api/v1/payments/wechatpay/refund-notify",
    "auth": false,
    "status": 204,
    "body": "none",
    "reasons": [
      "notification_malformed",
      "notification_probe",
      "notification_signature_invalid",
      "notification_signature_type",
      "notification_stale",
      "notification_undecryptable",
      "notification_unknown_serial",
      "notification_unsigned"
    ]
  },
  "plans_list": {
    "method": "GET",
    "path": "/api/v1/plans",
    "auth": false,
    "status": 200,
    "body": "json",
    "reasons": [
      "malformed_json",
      "validation_error"
    ]
  },
  "stores_audit_events": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/audit-events",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "malformed_json",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "stores_create": {
    "method": "POST",
    "path": "/api/v1/stores",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "consultant_required",
      "malformed_json",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "stores_get": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "stores_invitations_create": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/invitations",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "stores_invitations_list": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/invitations",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "stores_invitations_qrcode": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/invitations/{invitation_id}/qrcode",
    "auth": true,
    "status": 200,
    "body": "binary",
    "reasons": [
      "account_disabled",
      "invitation_not_found",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "wechat_rejected",
      "wechat_unavailable"
    ]
  },
  "stores_invitations_revoke": {
    "method": "DELETE",
    "path": "/api/v1/stores/{store_id}/invitations/{invitation_id}",
    "auth": true,
    "status": 204,
    "body": "none",
    "reasons": [
      "account_disabled",
      "invitation_not_found",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "stores_list": {
    "method": "GET",
    "path": "/api/v1/stores",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "stores_member_remove": {
    "method": "DELETE",
    "path": "/api/v1/stores/{store_id}/members/{user_id}",
    "auth": true,
    "status": 204,
    "body": "none",
    "reasons": [
      "account_disabled",
      "cannot_remove_owner",
      "member_not_found",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "stores_members": {
    "method": "GET",
    "path": "/api/v1/stores/{store_id}/members",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing"
    ]
  },
  "stores_transfer_ownership": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/ownership",
    "auth": true,
    "status": 204,
    "body": "none",
    "reasons": [
      "account_disabled",
      "malformed_json",
      "member_not_found",
      "owner_required",
      "session_revoked",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error"
    ]
  },
  "uploads_confirm": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/uploads/{ticket_id}/confirm",
    "auth": true,
    "status": 200,
    "body": "json",
    "reasons": [
      "account_disabled",
      "session_revoked",
      "storage_unavailable",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "upload_expired",
      "upload_missing",
      "upload_not_found",
      "upload_too_large",
      "upload_type_mismatch"
    ]
  },
  "uploads_create": {
    "method": "POST",
    "path": "/api/v1/stores/{store_id}/uploads",
    "auth": true,
    "status": 201,
    "body": "json",
    "reasons": [
      "account_disabled",
      "agreement_required",
      "capture_session_ended",
      "capture_session_not_found",
      "client_not_found",
      "consent_required",
      "guardian_consent_required",
      "malformed_json",
      "rate_limited",
      "session_revoked",
      "storage_unavailable",
      "store_not_found",
      "token_expired",
      "token_invalid",
      "token_missing",
      "validation_error",
      "view_not_in_protocol"
    ]
  }
} as const;

export type OperationId = keyof typeof OPERATIONS;

/** The reasons one operation may answer: those it declares, plus those any route may answer. */
export type OperationReason<O extends OperationId> = (typeof OPERATIONS)[O]["reasons"][number] | GenericReason;
