// Generated from miniprogram_contract/openapi.json by `npm run generate`. Do not edit.
export interface paths {
    "/api/admin/v1/activation-batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 列出激活码批次
         * @description 运营后台：列出全部激活码批次及已兑换数量（从不返回激活码本身）。
         *
         *     调用方：平台运营人员（admin 角色）。
         */
        get: operations["admin_activation_batches_list"];
        put?: never;
        /**
         * 创建激活码批次
         * @description 运营后台：为某个套餐生成一批激活码。激活码只在本次响应中出现一次，请立即妥善保存。
         *
         *     调用方：平台运营人员（admin 角色）。套餐不存在时返回 404 `plan_not_found`。
         */
        post: operations["admin_activation_batch_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/activation-batches/{batch_id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 激活码批次 ID */
                batch_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 停用激活码批次
         * @description 运营后台：停用一个批次，其中尚未兑换的激活码随即失效（兑换时返回 410）。已兑换的不受影响。
         *
         *     调用方：平台运营人员（admin 角色）。
         */
        post: operations["admin_activation_batch_disable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/analysis-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 分析模型列表
         * @description 列出登记过的全部分析模型版本（含已停用的）及其哈希。
         *
         *     调用方：admin 角色的运营人员。
         */
        get: operations["admin_analysis_models_list"];
        put?: never;
        /**
         * 登记分析模型版本
         * @description 登记一个随程序发布的模型文件的新版本；文件的 SHA-256 必须与填写的一致（422 `model_hash_mismatch`）。
         *     登记后新的分析使用每个任务最新登记且使用中的版本。
         *
         *     调用方：admin 角色的运营人员（记入审计）。
         */
        post: operations["admin_analysis_models_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/analysis-models/{model_id}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 分析模型版本 ID */
                model_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 停用分析模型版本
         * @description 停用后新的分析不再使用该版本；已用该版本排队的分析仍会完成。
         *
         *     调用方：admin 角色的运营人员（记入审计）。
         */
        post: operations["admin_analysis_models_retire"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/consent-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 列出全部知情同意书模板版本
         * @description 运营后台：列出所有模板版本，包括草稿和已停用的版本。
         *
         *     调用方：平台运营人员（admin 或 support 角色）。
         */
        get: operations["admin_consent_templates_list"];
        put?: never;
        /**
         * 新建知情同意书模板草稿
         * @description 运营后台：为某个模板代码创建下一个版本的草稿。草稿在发布前不会被门店使用。
         *
         *     调用方：平台运营人员（admin 角色）。
         */
        post: operations["admin_consent_templates_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/consent-templates/{template_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 知情同意书模板版本 ID */
                template_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改模板草稿
         * @description 运营后台：修改一个草稿。已发布或已停用的版本永不改变，修改它们返回 409 `template_immutable`。
         *
         *     调用方：平台运营人员（admin 角色）。
         */
        patch: operations["admin_consent_templates_edit"];
        trace?: never;
    };
    "/api/admin/v1/consent-templates/{template_id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 知情同意书模板版本 ID */
                template_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 发布模板草稿
         * @description 运营后台：发布草稿，使其成为该模板代码的当前版本，此后新的签署请求使用它。
         *
         *     调用方：平台运营人员（admin 角色）。非草稿返回 409 `template_immutable`。
         */
        post: operations["admin_consent_templates_publish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/consent-templates/{template_id}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 知情同意书模板版本 ID */
                template_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 停用已发布的模板版本
         * @description 运营后台：停用一个已发布版本：不再接受新的签署请求和签署；已签署的记录仍然有效。
         *
         *     调用方：平台运营人员（admin 角色）。未发布的版本返回 409 `template_not_published`。
         */
        post: operations["admin_consent_templates_retire"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 运营人员登录
         * @description 用用户名和密码登录运营后台，返回短时有效的运营令牌（放在 `Authorization: Bearer` 中）。
         *     已在运营后台绑定动态验证码的账号须同时提交 `totp_code`（缺少时 401 `totp_required`；
         *     错误或过期 401 `totp_invalid`；已用过 401 `totp_replayed`；错误过多 423 `totp_locked`）。
         *
         *     调用方：任何人（无需登录）。连续失败会锁定账号（423 `operator_locked`），并按来源限流（429）。
         */
        post: operations["admin_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 搜索订单
         * @description 运营后台：按商户订单号、微信支付订单号、门店、用户、状态或下单日期范围查找订单，最新的在前，游标分页。
         *
         *     调用方：平台运营人员（finance 或 support 角色）。
         */
        get: operations["admin_orders_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/orders/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 订单 ID */
                order_id: string;
            };
            cookie?: never;
        };
        /**
         * 查看订单详情
         * @description 运营后台：一笔订单的完整记录：收到的支付通知（可按 event_id 重放校验）、退款、权益流水、支付告警和对账差异。
         *
         *     调用方：平台运营人员（finance 或 support 角色）。
         */
        get: operations["admin_order_detail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/orders/{order_id}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 订单 ID */
                order_id: string;
            };
            cookie?: never;
        };
        /**
         * 查看订单的退款
         * @description 运营后台：列出一笔订单的全部退款尝试，以及仍可退的金额。
         *
         *     调用方：平台运营人员（finance 或 support 角色）。
         */
        get: operations["admin_order_refunds_list"];
        put?: never;
        /**
         * 发起退款
         * @description 运营后台：通过微信支付退还已支付订单的全部或部分金额，须填写退款原因 `refund_reason`（记入审计）。
         *     退款结果以微信支付的退款通知或同步为准。
         *
         *     调用方：平台运营人员（finance 角色）。超过可退金额返回 422 `refund_amount_exceeds_paid`；
         *     订单不可退返回 409；微信支付拒绝返回 502；结果未知返回 503，可稍后同步。
         */
        post: operations["admin_order_refund_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/payment-alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 列出支付告警
         * @description 运营后台：列出支付告警（金额或商户号不符、未发放权益等），最新的在前。
         *
         *     调用方：平台运营人员（finance 或 support 角色）。
         */
        get: operations["admin_payment_alerts_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/payment-notifications/{event_id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 支付通知事件 ID */
                event_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 重放支付通知
         * @description 运营后台：根据已保存的证据重新处理一条微信支付通知（校验签名，不校验时效）。
         *
         *     调用方：平台运营人员（finance 角色）。
         */
        post: operations["admin_payment_notification_replay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/reconciliation/mismatches/{mismatch_id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 对账差异 ID */
                mismatch_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 处理对账差异
         * @description 运营后台：填写处理说明，将一条待处理的差异标为已处理（记入审计）；之后重跑该日期，这条差异仍为已处理。
         *
         *     调用方：平台运营人员（finance 角色）。已处理或已自动修复的差异返回 409。
         */
        post: operations["admin_reconciliation_mismatch_resolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/reconciliation/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 列出对账记录
         * @description 运营后台：列出微信支付账单的对账记录（每次运行一条，重跑不覆盖历史），最新的在前；
         *     `latest` 标出各日期最新的一次。
         *
         *     调用方：平台运营人员（finance 角色）。
         */
        get: operations["admin_reconciliation_runs_list"];
        put?: never;
        /**
         * 对某日重新对账
         * @description 运营后台：立即下载该日期（最近三个月内）的交易账单和退款账单并对账，新增一条对账记录；已处理的差异保持已处理。
         *     账单未就绪、摘要不符或格式错误时，该记录状态为 failed 并给出原因。
         *
         *     调用方：平台运营人员（finance 角色）。
         */
        post: operations["admin_reconciliation_runs_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/reconciliation/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 对账记录 ID */
                run_id: string;
            };
            cookie?: never;
        };
        /**
         * 查看对账记录与差异
         * @description 运营后台：一次对账的汇总（账单汇总、明细合计、本地合计）和差异明细，每条差异附双方证据；可按类别、状态筛选。
         *
         *     调用方：平台运营人员（finance 角色）。
         */
        get: operations["admin_reconciliation_run_detail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/reconciliation/runs/{run_id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 对账记录 ID */
                run_id: string;
            };
            cookie?: never;
        };
        /**
         * 导出对账差异 CSV
         * @description 运营后台：导出一次对账的全部差异（含双方证据），以 `=`、`+`、`-`、`@` 开头的单元格已加前缀防止表格公式注入。
         *
         *     调用方：平台运营人员（finance 角色）。导出记入审计。
         */
        get: operations["admin_reconciliation_run_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/refunds/{refund_id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 退款 ID */
                refund_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 同步退款状态
         * @description 运营后台：向微信支付查询一笔退款的最新状态，并应用最终结果。
         *
         *     调用方：平台运营人员（finance 角色）。微信支付不可用时返回 503。
         */
        post: operations["admin_refund_sync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/v1/stores/{store_id}/consent-chain/verify": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        /**
         * 校验门店的知情同意证据链
         * @description 运营后台：重新计算门店的知情同意证据链，报告第一条被篡改、缺失、插入或乱序的记录（如有）。
         *
         *     调用方：平台运营人员（admin 或 support 角色）。
         */
        get: operations["admin_consent_chain_verify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/activation-codes/redeem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 兑换激活码
         * @description 兑换一个激活码：其套餐时长加到调用者的 VIP 上（VIP 未到期时从到期日往后顺延）。iOS 上购买 VIP 只能用此方式。
         *
         *     调用方：已登录并同意协议的用户。激活码无效 404、已使用 409、批次停用或未生效/已过期 410；按用户限流（429）。
         */
        post: operations["activation_codes_redeem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 列出当前协议
         * @description 列出用户协议和隐私政策的当前版本（不含全文）。
         *
         *     调用方：任何人（无需登录）。
         */
        get: operations["agreements_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 协议类型：terms 用户协议，privacy 隐私政策 */
                kind: "terms" | "privacy";
            };
            cookie?: never;
        };
        /**
         * 读取协议全文
         * @description 读取某一协议当前版本的全文（Markdown）。
         *
         *     调用方：任何人（无需登录）。`kind` 不存在时返回 404。
         */
        get: operations["agreements_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analysis-metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 分析指标说明
         * @description 每个分析指标的中文名称、单位、定义及其来自的光线模式，以及分析结果的免责声明。
         *
         *     调用方：任何人（无需登录）。
         */
        get: operations["analysis_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 微信登录
         * @description 用 `wx.login()` 得到的 code 登录，返回访问令牌和刷新令牌；首次登录会创建账号。
         *
         *     调用方：任何人（无需登录）。code 无效或已用返回 401 `wechat_code_invalid`；
         *     账号被冻结返回 401 `account_disabled`；按来源限流（429）；微信接口不可用返回 503。
         */
        post: operations["auth_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 退出登录
         * @description 结束当前登录会话：本会话的访问令牌和刷新令牌立即失效。
         *
         *     调用方：已登录的用户。
         */
        post: operations["auth_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 退出全部设备
         * @description 结束调用者在所有设备上的全部登录会话。
         *
         *     调用方：已登录的用户。
         */
        post: operations["auth_logout_all"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 刷新令牌
         * @description 用刷新令牌换取一对新的令牌。每个刷新令牌只能用一次；重复使用会被视为泄露，
         *     整个会话随即失效（401 `refresh_token_reused`）。
         *
         *     调用方：持有刷新令牌的客户端（无需访问令牌）。
         */
        post: operations["auth_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/capture-protocols": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 列出拍摄规范
         * @description 列出标准拍摄规范及其各视图（身体部位与角度），供拍摄页引导使用。
         *
         *     调用方：已登录的用户。
         */
        get: operations["capture_protocols_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consent-requests/by-scene/{scene}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 小程序码中的 scene 参数 */
                scene: string;
            };
            cookie?: never;
        };
        /**
         * 打开签署请求
         * @description 客户扫码后，用小程序码中的 scene 打开签署请求：返回须完整阅读的知情同意书原文（查看行为会被记录）。
         *
         *     调用方：已登录、同意协议并绑定手机号的客户本人（手机号须与档案一致，否则 403 `signer_mismatch`）。
         *     请求已签署 409、已过期 410。
         */
        get: operations["consent_requests_view"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consent-requests/{request_id}/sign": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 签署请求 ID */
                request_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 签署知情同意书
         * @description 逐项勾选同意的用途，并附上已上传的手写签名完成签署；未成年人须提供监护人信息。签署结果写入门店的证据链。
         *
         *     调用方：已打开该请求的客户本人。缺少监护人 403 `guardian_required`；模板已更新 409 `template_changed`；
         *     已签署 409；已过期 410。
         */
        post: operations["consent_requests_sign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consent-requests/{request_id}/signature-upload": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 签署请求 ID */
                request_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 获取签名上传表单
         * @description 为已打开的签署请求获取手写签名（PNG）的 OSS PostObject 上传表单，配合 `wx.uploadFile` 使用。
         *
         *     调用方：已打开该请求的客户本人。请求已签署 409、已过期 410；按用户限流（429）；存储不可用 503。
         */
        post: operations["consent_requests_signature_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consent-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 列出知情同意书模板
         * @description 列出每个已发布模板的当前版本，供顾问发起签署请求时选择。
         *
         *     调用方：已登录的用户。
         */
        get: operations["consent_templates_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consent-templates/{template_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 知情同意书模板版本 ID */
                template_id: string;
            };
            cookie?: never;
        };
        /**
         * 读取模板版本
         * @description 读取一个已发布（或已停用）模板版本的原文及其 SHA-256 哈希。
         *
         *     调用方：已登录的用户。草稿或不存在的版本返回 404。
         */
        get: operations["consent_templates_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 接受门店邀请
         * @description 用扫码得到的 scene 或手动输入的邀请码接受邀请，成为门店员工（或关联客户档案）。
         *
         *     调用方：已登录、同意协议并绑定手机号的顾问。邀请不存在 404、已使用或已是成员 409、已过期或已撤销 410；
         *     手机号与邀请不符 403；按用户限流（429）。
         */
        post: operations["invitations_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 我的资料
         * @description 读取调用者的个人资料（手机号脱敏显示）。
         *
         *     调用方：已登录的用户。
         */
        get: operations["me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/access-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 我的档案访问记录
         * @description 列出谁查看、修改或导出了与我关联的客户档案，最新的在前。
         *
         *     调用方：已登录的用户（只能看到与本人关联的档案）。
         */
        get: operations["me_access_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/agreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 待同意的协议
         * @description 列出调用者尚未同意的当前协议版本；为空表示已全部同意。
         *
         *     调用方：已登录的用户。
         */
        get: operations["me_agreements_status"];
        put?: never;
        /**
         * 同意协议
         * @description 同意展示给用户的确切协议版本。若期间协议已更新，返回 409 `agreement_outdated`，请重新展示最新版本。
         *
         *     调用方：已登录的用户。
         */
        post: operations["me_agreements_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consent-records/{record_id}/receipt": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 知情同意记录 ID */
                record_id: string;
            };
            cookie?: never;
        };
        /**
         * 下载我的签署回执
         * @description 下载一条与我相关的知情同意记录的 PDF 证据回执。
         *
         *     调用方：已登录的用户（只限与本人关联的记录）。存储不可用 503。
         */
        get: operations["me_consent_records_receipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 我的知情同意
         * @description 列出与我关联的客户档案，以及每个门店中生效的同意用途和签署记录。
         *
         *     调用方：已登录的用户。
         */
        get: operations["me_consents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consents/deletion-request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 申请删除我的数据
         * @description 请求门店删除我的数据。申请会记入知情同意证据链，由门店按数据权利流程处理。
         *
         *     调用方：已登录、与该档案关联的客户本人。
         */
        post: operations["me_consents_deletion_request"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consents/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 撤回我的同意
         * @description 撤回与我关联的客户档案的部分或全部同意用途，撤回无需重新签署或确认。
         *
         *     调用方：已登录、与该档案关联的客户本人。没有生效中的同意返回 409 `consent_not_active`。
         */
        post: operations["me_consents_withdraw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consultant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 注册为顾问
         * @description 注册成为顾问：确认已满 18 岁，填写行业、昵称和门店信息。同一请求内用所填门店信息创建顾问的第一家门店，
         *     调用者为负责人：应答的 `store` 即该门店（与创建门店接口的应答相同），小程序无需再调用创建门店接口。
         *     门店地址为所填地址（不以城市开头时在前面加上城市）；业态取 `store_business_category`，不填时按行业推断。
         *
         *     调用方：已登录、同意协议并绑定手机号的用户。已注册返回 409 `consultant_already_registered`（不会再建门店）。
         */
        post: operations["me_register_consultant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/phone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 绑定手机号
         * @description 用手机号快速验证组件（getPhoneNumber 按钮）返回的 code（或旧版 encryptedData + iv）绑定手机号。
         *
         *     调用方：已登录并同意协议的用户。code 无效 401；手机号已被其他账号绑定 409 `phone_already_bound`；限流 429；
         *     微信接口不可用 503。
         */
        post: operations["me_bind_phone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/vip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 我的 VIP
         * @description 调用者的 VIP 权益（来自权益流水）、当前生效的限额和本月用量。
         *
         *     调用方：已登录的用户。
         */
        get: operations["me_vip"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 我的订单
         * @description 调用者的订单，最新的在前（最多 50 条）。
         *
         *     调用方：已登录的用户。
         */
        get: operations["orders_list"];
        put?: never;
        /**
         * 下单购买套餐
         * @description 下单购买套餐：服务端按服务器价格向微信支付预下单，返回 `wx.requestPayment` 所需参数（RSA 签名的 paySign）。
         *     支付结果以 `GET /orders/{order_id}` 或支付通知为准。
         *
         *     调用方：已注册的顾问。iOS 返回 403 `payment_unavailable_on_platform`，请改用激活码；套餐不存在 404；
         *     限流 429；微信支付拒绝 502、不可用 503。
         */
        post: operations["orders_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 订单 ID */
                order_id: string;
            };
            cookie?: never;
        };
        /**
         * 查询订单
         * @description 读取调用者的一笔订单；未支付的订单会先向微信支付查询（按商户订单号），因此支付后轮询即可得到最终状态。
         *
         *     调用方：订单所属的用户。
         */
        get: operations["orders_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oss/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OSS 上传回调（由 OSS 调用，RSA 签名校验）
         * @description OSS 在文件上传完成后回调此接口，服务端用 RSA 签名校验来源并登记图片。
         *
         *     调用方：阿里云 OSS（小程序不直接调用）。签名缺失或无效返回 403。
         */
        post: operations["oss_callback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/wechatpay/notify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 微信支付结果通知（由微信支付调用）
         * @description 微信支付推送支付结果。服务端先保存原始通知，再校验签名、解密并处理；204 表示已处理并提交。
         *
         *     调用方：微信支付（小程序不直接调用）。签名无效或过期返回 401，微信支付会重试。
         */
        post: operations["payments_wechatpay_notify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/wechatpay/refund-notify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 微信支付退款结果通知（由微信支付调用）
         * @description 微信支付推送退款结果。处理方式同支付通知；204 表示已处理并提交。
         *
         *     调用方：微信支付（小程序不直接调用）。签名无效或过期返回 401，微信支付会重试。
         */
        post: operations["payments_wechatpay_refund_notify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 列出套餐
         * @description 列出可购买的套餐（服务器价格）、免费版限额，以及当前平台可用的购买渠道（iOS 只提供激活码）。
         *
         *     调用方：任何人（无需登录）。
         */
        get: operations["plans_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 我的门店
         * @description 列出调用者所属的门店及其角色。
         *
         *     调用方：已登录的用户。
         */
        get: operations["stores_list"];
        put?: never;
        /**
         * 创建门店
         * @description 创建门店，调用者成为负责人。
         *
         *     调用方：已注册并同意协议的顾问（否则 403 `consultant_required` / `agreement_required`）。
         */
        post: operations["stores_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        /**
         * 读取门店
         * @description 读取调用者所属的一个门店。
         *
         *     调用方：门店成员。不属于该门店时返回 404（不暴露门店是否存在）。
         */
        get: operations["stores_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/analyses/{analysis_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 分析 ID */
                analysis_id: string;
            };
            cookie?: never;
        };
        /**
         * 读取分析（进度与结果）
         * @description 返回分析的状态、阶段和进度；完成后返回全部指标、模型版本与哈希、输入图片的 SHA-256、参数、
         *     各阶段耗时，以及必须一并展示的免责声明。指标定义见 `metrics_url`。
         *
         *     调用方：门店成员（记入审计）。
         */
        get: operations["analyses_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/analyses/{analysis_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 分析 ID */
                analysis_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 取消分析
         * @description 取消排队中或进行中的分析，之后不会保存任何结果。
         *
         *     调用方：门店成员。已结束的分析返回 409 `analysis_not_cancellable`。
         */
        post: operations["analyses_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/analyses/{analysis_id}/view-url": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 分析 ID */
                analysis_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 获取分析标注图链接
         * @description 获取标注图（测量区域、斑点位置）或人脸打码副本的短时签名链接，带查看者 ID 和时间水印（记入审计）。
         *
         *     调用方：门店成员。需要客户生效中的同意（403 `consent_required`）；
         *     没有该衍生图返回 409 `analysis_output_missing`。
         */
        post: operations["analyses_view_url"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        /**
         * 门店审计日志
         * @description 列出门店的审计事件（查看、修改、导出个人数据等），最新的在前。
         *
         *     调用方：门店负责人（员工返回 403 `owner_required`）。
         */
        get: operations["stores_audit_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/capture-sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 拍摄记录 ID */
                session_id: string;
            };
            cookie?: never;
        };
        /**
         * 读取拍摄记录
         * @description 读取一次拍摄（到店）记录：设备、光线、参数，以及拍摄规范中哪些视图已有可用照片。
         *
         *     调用方：门店成员。
         */
        get: operations["capture_sessions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/capture-sessions/{session_id}/end": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 拍摄记录 ID */
                session_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 结束拍摄
         * @description 结束一次拍摄，此后不再为其签发上传表单。可重复调用。
         *
         *     调用方：门店成员。
         */
        post: operations["capture_sessions_end"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        /**
         * 搜索客户档案
         * @description 按姓名前缀、完整手机号（任意格式）或标签搜索门店的客户档案（脱敏显示），按游标分页。
         *
         *     调用方：门店成员；列出已删除档案（`deleted=true`）仅限负责人。游标无效返回 422。
         */
        get: operations["clients_list"];
        put?: never;
        /**
         * 新建客户档案
         * @description 在门店中新建客户档案；姓名、手机号、生日和备注加密存储。
         *
         *     调用方：已同意协议的门店成员。免费版超出客户数量上限返回 402 `vip_required`，
         *     付费套餐超出上限返回 403 `plan_limit_reached`。
         */
        post: operations["clients_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients/{client_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        /**
         * 读取客户档案
         * @description 读取一份客户档案（脱敏显示）。查看完整信息请用 reveal 接口。
         *
         *     调用方：门店成员。
         */
        get: operations["clients_get"];
        put?: never;
        post?: never;
        /**
         * 删除客户档案
         * @description 删除客户档案（软删除，负责人可恢复）。
         *
         *     调用方：门店负责人。
         */
        delete: operations["clients_delete"];
        options?: never;
        head?: never;
        /**
         * 修改客户档案
         * @description 修改客户档案的部分字段，只改提供的字段。
         *
         *     调用方：已同意协议的门店成员。手机号无效返回 422。
         */
        patch: operations["clients_update"];
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients/{client_id}/capture-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        /**
         * 客户的拍摄记录
         * @description 列出客户的拍摄记录，最新的在前，含各视图的完成情况。
         *
         *     调用方：门店成员。
         */
        get: operations["capture_sessions_list"];
        put?: never;
        /**
         * 开始拍摄
         * @description 为客户开始一次拍摄（一次到店）。需要客户生效中的 `capture`（拍摄）同意；未成年人还需监护人同意。
         *
         *     调用方：已同意协议的门店成员。缺少同意返回 403 `consent_required` / `guardian_consent_required`。
         */
        post: operations["capture_sessions_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients/{client_id}/consent-records/{record_id}/receipt": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
                /** @description 知情同意记录 ID */
                record_id: string;
            };
            cookie?: never;
        };
        /**
         * 下载签署回执
         * @description 下载一条知情同意记录的 PDF 证据回执。
         *
         *     调用方：门店成员。存储不可用 503。
         */
        get: operations["consent_records_receipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients/{client_id}/consent-requests": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 发起签署请求
         * @description 请客户就所选用途签署某个模板；可分享签署页，或展示其小程序码让客户扫码。
         *
         *     调用方：已同意协议的门店成员。模板不是当前版本返回 409 `template_not_current`。
         */
        post: operations["consent_requests_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients/{client_id}/consent-requests/{request_id}/qrcode": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
                /** @description 签署请求 ID */
                request_id: string;
            };
            cookie?: never;
        };
        /**
         * 签署请求的小程序码
         * @description 获取打开待签署请求页面的小程序码（PNG 图片）。
         *
         *     调用方：门店成员。请求已签署 409、已过期 410；微信接口拒绝 502、不可用 503。
         */
        get: operations["consent_requests_qrcode"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients/{client_id}/consents": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        /**
         * 客户的知情同意
         * @description 客户当前的授权、签署记录和签署请求。
         *
         *     调用方：门店成员。
         */
        get: operations["consents_of_client"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients/{client_id}/consents/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 代客户撤回同意
         * @description 代客户撤回同意用途（例如客户电话要求），须填写原因并记入证据链。
         *
         *     调用方：门店成员。没有生效中的同意返回 409 `consent_not_active`。
         */
        post: operations["consents_withdraw_for_client"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients/{client_id}/link-invitation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 邀请客户关联档案
         * @description 邀请客户用微信关联此档案（小程序码 scene 或邀请码），关联后客户可查看和管理自己的同意。
         *
         *     调用方：门店成员。
         */
        post: operations["clients_link_invitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients/{client_id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 恢复客户档案
         * @description 恢复已删除的客户档案。
         *
         *     调用方：门店负责人。
         */
        post: operations["clients_restore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/clients/{client_id}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 查看完整信息
         * @description 查看所选字段的完整值（姓名、手机号、生日、备注），须填写理由，记入审计。
         *
         *     调用方：门店成员。
         */
        post: operations["clients_reveal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/comparisons": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 请求前后对比
         * @description 对同一客户、同一视图的两次已完成且拍摄质量合格的分析做前后对比：特征点匹配加单应性对齐，给出每个指标的变化、
         *     对齐质量，并标记设备、光线模式、拍摄参数不同或姿态相差过大而不宜直接比较的情况。再次请求同一对返回已有结果。
         *
         *     调用方：门店成员。需要客户生效中的 capture 和 analysis 同意；不满足对比条件返回 422
         *     `comparison_not_comparable`（errors.problems 说明原因）。
         */
        post: operations["comparisons_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/comparisons/{comparison_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 前后对比 ID */
                comparison_id: string;
            };
            cookie?: never;
        };
        /**
         * 读取前后对比
         * @description 返回对比的状态与结果（对齐质量、标记、各指标变化）和免责声明。
         *
         *     调用方：门店成员。
         */
        get: operations["comparisons_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/comparisons/{comparison_id}/view-url": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 前后对比 ID */
                comparison_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 获取对齐图片链接
         * @description 获取对齐后图片对中一侧的短时签名链接（带查看者 ID 和时间水印，记入审计），两侧尺寸相同，可并排显示。
         *
         *     调用方：门店成员。需要客户生效中的同意；对齐失败没有图片对时返回 409 `analysis_output_missing`。
         */
        post: operations["comparisons_view_url"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/exports": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 导出图片
         * @description 将所选图片导出为带清单的 ZIP 包，后台异步生成，用 `GET /exports/{export_id}` 查询进度。
         *     须填写审批理由 `approval_reason`（记入审计）。
         *
         *     调用方：门店负责人（员工 403 `owner_required`）。缺少审批理由返回 422；
         *     理由只有空白返回 403 `export_approval_required`；请求过于频繁 429；负责人套餐本月导出次数用完返回 429
         *     `quota_exceeded`（带 Retry-After）。
         */
        post: operations["exports_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/exports/{export_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 导出 ID */
                export_id: string;
            };
            cookie?: never;
        };
        /**
         * 查询导出进度
         * @description 查询导出进度；完成后返回短时有效的下载链接（每次获取都记入审计）。
         *
         *     调用方：门店负责人。
         */
        get: operations["exports_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/images": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        /**
         * 图片列表
         * @description 按客户、拍摄、视图、部位、标签或日期筛选门店的图片，最新的在前，按游标分页。
         *
         *     调用方：门店成员。
         */
        get: operations["images_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/images/{image_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        /**
         * 读取图片记录
         * @description 读取一张图片的记录（不含存储键和链接，查看请用 view-url）。
         *
         *     调用方：门店成员。
         */
        get: operations["images_get"];
        put?: never;
        post?: never;
        /**
         * 删除图片
         * @description 删除图片，其原图和衍生文件随后清除。
         *
         *     调用方：门店负责人，或上传该图片的顾问本人。
         */
        delete: operations["images_delete"];
        options?: never;
        head?: never;
        /**
         * 修改图片
         * @description 替换图片的标签，或修改其视图（修改视图会解除前后对比配对）。
         *
         *     调用方：门店成员。
         */
        patch: operations["images_update"];
        trace?: never;
    };
    "/api/v1/stores/{store_id}/images/{image_id}/analyses": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        /**
         * 图片的分析记录
         * @description 列出一张图片的分析（最新的在前，最多 50 条），每条都带免责声明。
         *
         *     调用方：门店成员。
         */
        get: operations["analyses_list_for_image"];
        put?: never;
        /**
         * 请求影像分析
         * @description 对一张已处理完成的图片排队进行分析：拍摄质量检查、人脸去标识化、皮肤区域特征。用同一组模型版本
         *     再次请求同一张图片时返回已有的分析（不重复计算、不重复扣额度）；失败或取消的会重新排队。
         *     用 GET 分析详情轮询进度。结果仅为基于图像特征的算法参考，不构成诊断。
         *
         *     调用方：门店成员。需要客户生效中的 capture 和 analysis 同意（403 `consent_required`）；
         *     本月分析额度用完返回 429 `quota_exceeded`（带 Retry-After）；图片未处理完成 409 `image_not_ready`。
         */
        post: operations["analyses_request"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/images/{image_id}/pair": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 配对前后对比
         * @description 将本图片与同一客户、同一视图的另一张图片配对，用于前后对比。
         *
         *     调用方：门店成员。不同客户或视图返回 422。
         */
        post: operations["images_pair"];
        /**
         * 解除对比配对
         * @description 解除图片的前后对比配对。
         *
         *     调用方：门店成员。
         */
        delete: operations["images_unpair"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/images/{image_id}/view-url": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 获取图片查看链接
         * @description 获取一个短时有效的签名链接，指向带有查看者 ID 和时间水印的副本（记入审计）。
         *
         *     调用方：门店成员。需要客户生效中的同意（403 `consent_required`）；图片尚未处理完成 409 `image_not_ready`。
         */
        post: operations["images_view_url"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        /**
         * 待接受的员工邀请
         * @description 列出门店尚未使用的员工邀请。
         *
         *     调用方：门店负责人。
         */
        get: operations["stores_invitations_list"];
        put?: never;
        /**
         * 邀请员工
         * @description 邀请员工：生成一次性邀请码和小程序码 scene，72 小时内有效。
         *
         *     调用方：门店负责人。
         */
        post: operations["stores_invitations_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/invitations/{invitation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 邀请 ID */
                invitation_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * 撤销邀请
         * @description 撤销一个尚未使用的邀请。
         *
         *     调用方：门店负责人。
         */
        delete: operations["stores_invitations_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/invitations/{invitation_id}/qrcode": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 邀请 ID */
                invitation_id: string;
            };
            cookie?: never;
        };
        /**
         * 邀请的小程序码
         * @description 获取打开邀请页面的小程序码（PNG 图片）。
         *
         *     调用方：门店负责人。微信接口拒绝 502、不可用 503。
         */
        get: operations["stores_invitations_qrcode"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        /**
         * 门店成员
         * @description 列出门店的成员及其角色。
         *
         *     调用方：门店成员。
         */
        get: operations["stores_members"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 成员的用户 ID */
                user_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * 移除成员
         * @description 负责人移除员工，或员工移除自己（退出门店）。
         *
         *     调用方：门店负责人，或员工本人。不能移除负责人（409 `cannot_remove_owner`）。
         */
        delete: operations["stores_member_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/ownership": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 转让门店
         * @description 把门店转让给一名员工，原负责人变为员工。
         *
         *     调用方：门店负责人。
         */
        post: operations["stores_transfer_ownership"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 获取照片上传表单
         * @description 为一张照片获取 OSS PostObject 表单，配合 `wx.uploadFile` 直传。表单只对一个确定的存储键、
         *     类型和大小范围有效，5 分钟内过期。需要客户的 `capture` 同意。
         *
         *     调用方：已同意协议的门店成员。缺少同意 403；拍摄已结束 409 `capture_session_ended`；限流 429；
         *     存储不可用 503。门店图片数达到负责人套餐上限时，免费版返回 402 `vip_required`，付费套餐返回 403
         *     `plan_limit_reached`。
         */
        post: operations["uploads_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores/{store_id}/uploads/{ticket_id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 上传凭证 ID */
                ticket_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 确认上传
         * @description 当 OSS 回调失败（上传返回 203）时确认上传：服务端用 HEAD 检查对象后登记图片。可重复调用。
         *
         *     调用方：门店成员。对象不存在 409 `upload_missing`；上传凭证过期 410。
         */
        post: operations["uploads_confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AcceptIn: {
            /** @description 手动输入的邀请码；与 scene 二选一 */
            code?: string;
            /** @description 扫码得到的 scene；与 code 二选一 */
            scene?: string;
        };
        AcceptOut: {
            /** @description staff：加入门店；client_link：关联客户档案 */
            kind: string;
            /** @description 加入的门店 */
            store: components["schemas"]["StoreOut"];
        };
        AcceptanceIn: {
            /** @description 用户同意的协议（版本与哈希须与当前版本一致） */
            accepted: components["schemas"]["AcceptedDocument"][];
        };
        AcceptedDocument: {
            /**
             * @description 协议类型：terms 用户协议，privacy 隐私政策
             * @enum {unknown}
             */
            kind: "terms" | "privacy";
            /** @description 展示给用户的协议全文的 SHA-256（十六进制，64 位） */
            sha256: string;
            /** @description 展示给用户的协议版本 */
            version: string;
        };
        ActivationRedeemIn: {
            /** @description 激活码，如 `7K3M9Q-XW2P4T-HB6RZ8`；大小写、空格、短横线均可 */
            code: string;
        };
        ActivationRedeemOut: {
            /** @description 本次增加的 VIP 天数 */
            granted_days: number;
            /** @description 套餐代码，如 vip_month */
            plan_code: string;
            /** @description 套餐名称 */
            plan_name: string;
            /**
             * Format: date-time
             * @description 兑换后的 VIP 到期时间
             */
            vip_ends_at: string;
        };
        AdminAlertList: {
            /** @description 支付告警列表，最新的在前 */
            alerts: components["schemas"]["AdminAlertOut"][];
        };
        AdminAlertOut: {
            /**
             * Format: date-time
             * @description 创建时间（ISO 8601，UTC）
             */
            created_at: string;
            /** @description 告警详情 */
            detail: string;
            /** @description 微信支付通知 ID */
            event_id: string | null;
            /** @description 告警类型 */
            kind: string;
            /** @description 相关订单 ID；无法对应订单时为 null */
            order_id: string | null;
        };
        AdminBatchCreated: {
            /** @description 批次用途或渠道备注 */
            channel_note: string;
            /** @description 仅此一次返回；服务端只保存其哈希 */
            codes: string[];
            /**
             * Format: date-time
             * @description 创建时间（ISO 8601，UTC）
             */
            created_at: string;
            /** @description 创建批次的运营人员 ID */
            created_by: string;
            /**
             * Format: date-time
             * @description 停用时间；未停用为 null
             */
            disabled_at: string | null;
            /** @description 批次 ID */
            id: string;
            /** @description 套餐代码，如 vip_month */
            plan_code: string;
            /** @description 批次中的激活码数量 */
            quantity: number;
            /** @description 已兑换数量 */
            redeemed: number;
            /**
             * Format: date-time
             * @description 生效时间（含时区）
             */
            valid_from: string;
            /**
             * Format: date-time
             * @description 失效时间（含时区）
             */
            valid_until: string;
        };
        AdminBatchIn: {
            /** @description 批次用途或渠道备注 */
            channel_note: string;
            /** @description 套餐代码，如 vip_month */
            plan_code: string;
            /** @description 要生成的激活码数量 */
            quantity: number;
            /**
             * Format: date-time
             * @description 生效时间（含时区），最早为七天前
             */
            valid_from: string;
            /**
             * Format: date-time
             * @description 失效时间（含时区），须晚于生效时间和当前时间，最长为三年后
             */
            valid_until: string;
        };
        AdminBatchList: {
            /** @description 激活码批次列表 */
            batches: components["schemas"]["AdminBatchOut"][];
        };
        AdminBatchOut: {
            /** @description 批次用途或渠道备注 */
            channel_note: string;
            /**
             * Format: date-time
             * @description 创建时间（ISO 8601，UTC）
             */
            created_at: string;
            /** @description 创建批次的运营人员 ID */
            created_by: string;
            /**
             * Format: date-time
             * @description 停用时间；未停用为 null
             */
            disabled_at: string | null;
            /** @description 批次 ID */
            id: string;
            /** @description 套餐代码，如 vip_month */
            plan_code: string;
            /** @description 批次中的激活码数量 */
            quantity: number;
            /** @description 已兑换数量 */
            redeemed: number;
            /**
             * Format: date-time
             * @description 生效时间（含时区）
             */
            valid_from: string;
            /**
             * Format: date-time
             * @description 失效时间（含时区）
             */
            valid_until: string;
        };
        AdminLoginIn: {
            /** @description 密码 */
            password: string;
            /** @description 动态验证码（6 位数字）；已在运营后台绑定动态验证码的账号必填 */
            totp_code?: string;
            /** @description 运营人员用户名 */
            username: string;
        };
        AdminLoginOut: {
            /** @description 运营令牌，放在请求头 `Authorization: Bearer <令牌>` 中，短时有效 */
            access_token: string;
            /** @description Unix 秒 */
            expires_at: number;
            /** @description 登录的运营人员 */
            operator: components["schemas"]["AdminOperatorOut"];
            /** @description 令牌类型，固定为 Bearer */
            token_type: string;
        };
        AdminOperatorOut: {
            /** @description 运营人员 ID */
            id: string;
            /** @description 角色：admin（管理）、finance（财务）、support（客服） */
            roles: string[];
            /** @description 运营人员用户名 */
            username: string;
        };
        AdminOrderDetail: {
            /** @description 支付告警 */
            alerts: components["schemas"]["AlertOut"][];
            /** @description 订单金额（分） */
            amount_fen: number;
            /** @description 支付渠道 */
            channel: string;
            /**
             * Format: date-time
             * @description 关闭时间；未关闭为 null
             */
            closed_at: string | null;
            /**
             * Format: date-time
             * @description 下单时间（UTC）
             */
            created_at: string;
            /** @description 订单 ID */
            id: string;
            /** @description 与该订单及其退款相关的权益流水 */
            ledger: components["schemas"]["LedgerEntryOut"][];
            /** @description 对账差异（全部对账记录） */
            mismatches: components["schemas"]["MismatchOut"][];
            /** @description 收到的微信支付通知（原始证据已存档，可重放） */
            notifications: components["schemas"]["NotificationOut"][];
            /** @description 商户订单号 */
            out_trade_no: string;
            /**
             * Format: date-time
             * @description 支付时间；未支付为 null
             */
            paid_at: string | null;
            /** @description 套餐代码 */
            plan_code: string;
            /** @description 已退款金额（分） */
            refunded_fen: number;
            /** @description 退款 */
            refunds: components["schemas"]["OrderRefundOut"][];
            /**
             * @description 订单状态
             * @enum {unknown}
             */
            status: "created" | "paid" | "partially_refunded" | "refunded" | "closed";
            /** @description 微信支付订单号；未支付时为 null */
            transaction_id: string | null;
            /** @description 下单用户 ID */
            user_id: string;
        };
        AdminOrderOut: {
            /** @description 订单金额（分） */
            amount_fen: number;
            /** @description 支付渠道 */
            channel: string;
            /**
             * Format: date-time
             * @description 关闭时间；未关闭为 null
             */
            closed_at: string | null;
            /**
             * Format: date-time
             * @description 下单时间（UTC）
             */
            created_at: string;
            /** @description 订单 ID */
            id: string;
            /** @description 商户订单号 */
            out_trade_no: string;
            /**
             * Format: date-time
             * @description 支付时间；未支付为 null
             */
            paid_at: string | null;
            /** @description 套餐代码 */
            plan_code: string;
            /** @description 已退款金额（分） */
            refunded_fen: number;
            /**
             * @description 订单状态
             * @enum {unknown}
             */
            status: "created" | "paid" | "partially_refunded" | "refunded" | "closed";
            /** @description 微信支付订单号；未支付时为 null */
            transaction_id: string | null;
            /** @description 下单用户 ID */
            user_id: string;
        };
        AdminOrderPage: {
            /** @description 下一页游标；没有更多时为 null */
            next_cursor: string | null;
            /** @description 订单，最新的在前 */
            orders: components["schemas"]["AdminOrderOut"][];
        };
        AdminOrderRefundsOut: {
            /** @description 订单金额（分） */
            amount_fen: number;
            /** @description 订单 ID */
            order_id: string;
            /**
             * @description 订单状态
             * @enum {unknown}
             */
            order_status: "created" | "paid" | "partially_refunded" | "refunded" | "closed";
            /** @description 仍可退金额（分） */
            refundable_fen: number;
            /** @description 已退款金额（分） */
            refunded_fen: number;
            /** @description 该订单的全部退款尝试 */
            refunds: components["schemas"]["AdminRefundOut"][];
        };
        AdminRefundIn: {
            /** @description 退款金额（分），不超过可退金额 */
            amount_fen: number;
            /** @description 退款原因（记入审计，并作为微信支付退款原因） */
            refund_reason: string;
        };
        AdminRefundOut: {
            /** @description 退款金额（分） */
            amount_fen: number;
            /**
             * Format: date-time
             * @description 退款完成时间；未完成时为 null
             */
            completed_at: string | null;
            /**
             * Format: date-time
             * @description 创建时间（ISO 8601，UTC）
             */
            created_at: string;
            /** @description 退款 ID */
            id: string;
            /** @description 发起退款的运营人员 ID */
            operator_id: string;
            /** @description 订单 ID */
            order_id: string;
            /** @description 商户退款单号（发给微信支付） */
            out_refund_no: string;
            /** @description 微信支付退款单号；尚未受理时为 null */
            refund_id: string | null;
            /** @description 退款原因（记入审计，并作为微信支付退款原因） */
            refund_reason: string;
            /**
             * @description 退款状态：processing 处理中，success 成功，closed 关闭，abnormal 异常，failed 失败
             * @enum {unknown}
             */
            status: "processing" | "success" | "closed" | "abnormal" | "failed";
        };
        AdminReplayOut: {
            /** @description 支付通知事件 ID */
            event_id: string;
            /** @description 重放结果，如 processed、duplicate、ignored */
            outcome: string;
        };
        AgreementStatus: {
            /** @description 尚未同意的当前版本；为空表示已全部同意 */
            pending: components["schemas"]["DocumentSummary"][];
        };
        AlertOut: {
            /**
             * Format: date-time
             * @description 告警时间（UTC）
             */
            created_at: string;
            /** @description 告警详情 */
            detail: string;
            /** @description 告警类型 */
            kind: string;
        };
        AnalysisList: {
            /** @description 分析记录，最新的在前 */
            items: components["schemas"]["AnalysisOut"][];
        };
        AnalysisOut: {
            /**
             * Format: date-time
             * @description 请求时间
             */
            created_at: string;
            /** @description 免责声明：算法参考，不构成诊断 */
            disclaimer: components["schemas"]["DisclaimerOut"];
            /**
             * Format: date-time
             * @description 结束时间；未结束为 null
             */
            finished_at: string | null;
            /** @description 是否有去标识化副本（人脸已打码，用于科研导出） */
            has_deidentified: boolean;
            /** @description 是否有标注图（用 view-url 的 overlay 查看） */
            has_overlay: boolean;
            /** @description 分析 ID */
            id: string;
            /** @description 被分析的图片 ID */
            image_id: string;
            /** @description 指标定义与单位说明的接口地址 */
            metrics_url: string;
            /** @description 进度百分比（0–100） */
            percent: number;
            /** @description 失败原因码：consent_withdrawn 同意已撤回，image_unavailable 图片不可用，decode_failed 图片无法解码，pixel_limit 像素超限，input_mismatch 原图与记录不符，model_hash_mismatch / model_file_missing / model_load_failed / model_missing 模型校验失败，transient_failure_exhausted 多次重试仍失败，cancelled 已取消；否则为 null */
            reason: string | null;
            /** @description 结果 JSON：quality（各项拍摄质量检查、阈值与是否通过）、features（各指标的 value 与 light_mode，定义和单位见 GET /api/v1/analysis-metrics）、models（模型名称、版本、SHA-256）、input_sha256、parameters、timings_ms、disclaimer_version；未完成为 null */
            result: {
                [key: string]: unknown;
            } | null;
            /** @description 拍摄质量未达标、建议重拍时为 true（此时不计算皮肤特征）；未完成为 null */
            retake_recommended: boolean | null;
            /** @description 进行中的阶段：fetch 读取原图，analyse 分析；其他状态为 null */
            stage: string | null;
            /**
             * @description 状态：queued 排队中，running 进行中，succeeded 已完成，failed 失败（见 reason），cancelled 已取消
             * @enum {unknown}
             */
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
        };
        AuditEventOut: {
            /** @description 操作，如 client.read、client.reveal、image.export */
            action: string;
            /** @description 操作者 user_id */
            actor_id: string | null;
            /** @description 操作者角色，如 owner、staff、client、operator */
            actor_role: string;
            /**
             * Format: date-time
             * @description 发生时间（ISO 8601，UTC）
             */
            occurred_at: string;
            /** @description 操作者填写的用途 */
            purpose: string | null;
            /** @description 请求 ID（对应响应头 X-Request-ID）；后台任务为 null */
            request_id: string | null;
            /** @description 结果，如 ok */
            result: string;
            /** @description 该门店审计链中的序号；刚发生、尚未封存入链的事件为 null（通常数秒内封存） */
            seq: number | null;
            /** @description 门店 ID；平台级事件为 null */
            store_id: string | null;
            /** @description 对象 ID */
            subject_id: string;
            /** @description 对象类型 */
            subject_type: string;
        };
        AuditPage: {
            /** @description 审计事件，最新的在前 */
            items: components["schemas"]["AuditEventOut"][];
            /** @description null 表示没有下一页 */
            next_cursor: string | null;
        };
        CaptureSessionCreate: {
            /** @description 设备信息。phone_camera：{camera_model}；imaging_device：{maker, model, serial} */
            device: components["schemas"]["Device"];
            /**
             * @description 拍摄设备类型
             * @enum {unknown}
             */
            device_kind: "phone_camera" | "imaging_device";
            /**
             * @description 光线模式
             * @enum {unknown}
             */
            light_mode: "standard" | "cross_polarized" | "uv";
            /**
             * @description 拍摄规范代码（来自拍摄规范列表）
             * @enum {string}
             */
            protocol: "body_standard" | "face_standard_5" | "intimate_care" | "skin_closeup";
            /** @description 相机参数（可选） */
            settings?: components["schemas"]["CaptureSettings"];
        };
        CaptureSessionOut: {
            /** @description 客户档案 ID */
            client_id: string;
            /** @description 协议中每个角度都已有可用照片 */
            complete: boolean;
            /** @description 发起拍摄的顾问（用户 id） */
            consultant_id: string;
            /** @description 设备信息（型号等） */
            device: {
                [key: string]: string;
            };
            /**
             * @description 拍摄设备类型
             * @enum {unknown}
             */
            device_kind: "phone_camera" | "imaging_device";
            /**
             * Format: date-time
             * @description 结束时间；进行中为 null
             */
            ended_at: string | null;
            /** @description 拍摄记录 ID */
            id: string;
            /**
             * @description 光线模式
             * @enum {unknown}
             */
            light_mode: "standard" | "cross_polarized" | "uv";
            /** @description 拍摄规范代码 */
            protocol: string;
            /** @description 相机参数 */
            settings: {
                [key: string]: string | null;
            };
            /**
             * Format: date-time
             * @description 开始时间
             */
            started_at: string;
            /** @description 各视图的完成情况 */
            views: components["schemas"]["ViewProgress"][];
        };
        CaptureSessionPage: {
            /** @description 拍摄记录，最新的在前 */
            items: components["schemas"]["CaptureSessionOut"][];
            /** @description 下一页游标；为 null 表示没有更多 */
            next_cursor: string | null;
        };
        CaptureSettings: {
            /**
             * @description 曝光设置
             * @example 1/125s f/8 ISO100
             */
            exposure?: string | null;
            /**
             * @description 分辨率设置
             * @example 4032x3024
             */
            resolution?: string | null;
            /**
             * @description 白平衡设置
             * @example 5500K
             */
            white_balance?: string | null;
        };
        ChainProblem: {
            /** @description 问题说明 */
            detail: string;
            /** @description 问题类型：altered、missing、broken_link、inserted、reordered、truncated */
            kind: string;
            /** @description 出问题的记录 ID；记录缺失时为 null */
            record_id: string | null;
            /** @description 出问题的记录序号 */
            seq: number;
        };
        ChainReport: {
            /** @description 证据链是否完好 */
            ok: boolean;
            /** @description 发现的问题（完好时为空） */
            problems: components["schemas"]["ChainProblem"][];
            /** @description 校验的记录数 */
            records: number;
            /** @description 门店 ID */
            store_id: string;
        };
        ClientConsents: {
            /** @description 当前生效的同意用途 */
            active_scopes: ("capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share")[];
            /** @description 客户档案 ID */
            client_id: string;
            /** @description 各用途的授权状态 */
            grants: components["schemas"]["GrantOut"][];
            /** @description 知情同意记录，按证据链顺序 */
            records: components["schemas"]["RecordOut"][];
            /** @description 签署请求 */
            requests: components["schemas"]["RequestOut"][];
        };
        ClientCreate: {
            /**
             * Format: date
             * @description 出生日期（YYYY-MM-DD，加密存储），1900-01-01 至今天
             */
            birth_date?: string | null;
            /**
             * @description 性别：female、male、other、undisclosed（默认）
             * @default undisclosed
             * @enum {unknown}
             */
            gender?: "female" | "male" | "other" | "undisclosed";
            /** @description 客户姓名（加密存储） */
            name: string;
            /** @description 备注（加密存储） */
            notes?: string | null;
            /** @description 客户手机号，任意格式（加密存储） */
            phone?: string | null;
            /** @description 客户来源（自由填写，如 朋友介绍） */
            source?: string | null;
            /** @description 标签（最多 10 个，每个 1–20 字） */
            tags?: string[];
        };
        ClientOut: {
            /** @description 出生年份；未填写时为 null */
            birth_year: number | null;
            /**
             * Format: date-time
             * @description 创建时间（ISO 8601，UTC）
             */
            created_at: string;
            /** @description 是否已删除 */
            deleted: boolean;
            /**
             * @description 性别
             * @enum {unknown}
             */
            gender: "female" | "male" | "other" | "undisclosed";
            /** @description 是否有备注（备注内容需用 reveal 查看） */
            has_notes: boolean;
            /** @description 客户档案 ID */
            id: string;
            /** @description 客户本人是否已用微信关联此档案 */
            linked: boolean;
            /**
             * @description 脱敏姓名
             * @example 张*
             */
            name_masked: string;
            /**
             * @description 脱敏手机号；未填写时为 null
             * @example 138****8000
             */
            phone_masked: string | null;
            /** @description 客户来源（自由填写，如 朋友介绍） */
            source: string | null;
            /** @description 标签列表 */
            tags: string[];
            /**
             * Format: date-time
             * @description 最后修改时间（ISO 8601，UTC）
             */
            updated_at: string;
        };
        ClientPage: {
            /** @description 客户档案（脱敏） */
            items: components["schemas"]["ClientOut"][];
            /** @description 下一页游标；为 null 表示没有更多 */
            next_cursor: string | null;
        };
        ClientUpdate: {
            /**
             * Format: date
             * @description 出生日期（YYYY-MM-DD，加密存储），1900-01-01 至今天
             */
            birth_date?: string | null;
            /**
             * @description 性别
             * @enum {unknown}
             */
            gender?: "female" | "male" | "other" | "undisclosed";
            /** @description 客户姓名 */
            name?: string;
            /** @description 备注（加密存储） */
            notes?: string | null;
            /** @description 客户手机号，任意格式（加密存储） */
            phone?: string | null;
            /** @description 客户来源（自由填写，如 朋友介绍） */
            source?: string | null;
            /** @description 标签（整体替换，最多 10 个） */
            tags?: string[];
        };
        ComparisonIn: {
            /** @description 之后的分析 ID（同一客户、同一视图） */
            after_analysis_id: string;
            /** @description 之前（基线）的分析 ID */
            before_analysis_id: string;
        };
        ComparisonOut: {
            /** @description 之后的分析 ID */
            after_analysis_id: string;
            /** @description 之前的分析 ID */
            before_analysis_id: string;
            /**
             * Format: date-time
             * @description 请求时间
             */
            created_at: string;
            /** @description 免责声明 */
            disclaimer: components["schemas"]["DisclaimerOut"];
            /**
             * Format: date-time
             * @description 结束时间
             */
            finished_at: string | null;
            /** @description 是否有对齐后的图片对（用 view-url 的 before / after 并排显示） */
            has_aligned_pair: boolean;
            /** @description 前后对比 ID */
            id: string;
            /** @description 失败原因码；否则为 null */
            reason: string | null;
            /** @description alignment（对齐质量 score 0–1、内点数、旋转角、缩放、单应矩阵）、flags（device 设备不同、light_mode 光线模式不同、settings 拍摄参数不同、pose 姿态或距离相差过大）、comparable（无任何标记时为 true）、deltas（每个指标的 before、after、delta = after − before）；未完成为 null */
            result: {
                [key: string]: unknown;
            } | null;
            /**
             * @description queued 排队中，running 进行中，succeeded 已完成，failed 失败
             * @enum {unknown}
             */
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
        };
        ConsultantIn: {
            /** @description 本人声明已年满十八周岁 */
            adult_attested: boolean;
            /** @description 顾问昵称 */
            display_name: string;
            /**
             * @description 所属行业
             * @enum {string}
             */
            industry: "health_management" | "beauty_consulting" | "medical_aesthetics" | "wellness" | "other";
            /** @description 门店地址；不以城市开头时，门店地址为“城市 + 地址”（合计不超过 200 字） */
            store_address: string;
            /**
             * @description 门店业态；不填时按所属行业推断（beauty_consulting → beauty_salon，wellness → wellness_center，其余同名）
             * @enum {string}
             */
            store_business_category?: "beauty_salon" | "health_management" | "medical_aesthetics" | "wellness_center" | "other";
            /** @description 门店所在城市 */
            store_city: string;
            /** @description 门店名称 */
            store_name: string;
        };
        ConsultantOut: {
            /** @description 顾问昵称 */
            display_name: string;
            /** @description 所属行业 */
            industry: string;
            /**
             * Format: date-time
             * @description 注册时间
             */
            registered_at: string;
            /** @description 门店地址 */
            store_address: string;
            /** @description 门店所在城市 */
            store_city: string;
            /** @description 门店名称 */
            store_name: string;
        };
        ConsultantRegisteredOut: {
            /** @description 顾问资料；未注册顾问为 null */
            consultant: components["schemas"]["ConsultantOut"] | (Record<string, never> | null);
            /**
             * Format: date-time
             * @description 注册时间
             */
            created_at: string;
            /** @description 尚未同意的协议类型 */
            pending_agreements: string[];
            /** @description 是否已绑定手机号 */
            phone_bound: boolean;
            /**
             * @description 脱敏手机号；未绑定时为 null
             * @example 138****8000
             */
            phone_masked: string | null;
            /** @description 注册时创建的第一家门店（调用者为负责人）；无需再调用创建门店接口 */
            store: components["schemas"]["StoreOut"];
            /** @description 用户 ID */
            user_id: string;
        };
        DeletionIn: {
            /** @description 与我关联的客户档案 id（见 me_consents） */
            client_id: string;
            /** @description 申请删除的原因（记入证据链） */
            reason?: string;
            /** @description 可选：档案所属门店 id，给出时必须一致 */
            store_id?: string;
        };
        Device: {
            /** @description 手机相机型号（phone_camera） */
            camera_model?: string;
            /** @description 影像设备厂商 */
            maker?: string;
            /** @description 影像设备型号 */
            model?: string;
            /** @description 影像设备序列号 */
            serial?: string;
        };
        DisclaimerOut: {
            /** @description 免责声明（必须随结果展示） */
            text: string;
            /** @description 免责声明文本版本 */
            version: string;
        };
        DocumentList: {
            /** @description 协议列表 */
            documents: components["schemas"]["DocumentSummary"][];
        };
        DocumentOut: {
            /** @description Markdown 正文 */
            body: string;
            /**
             * @description 协议类型：terms 用户协议，privacy 隐私政策
             * @enum {unknown}
             */
            kind: "terms" | "privacy";
            /**
             * Format: date-time
             * @description 发布时间；草稿为 null
             */
            published_at: string;
            /** @description 正文 UTF-8 字节的 SHA-256 */
            sha256: string;
            /** @description 协议标题 */
            title: string;
            /** @description 协议版本 */
            version: string;
        };
        DocumentSummary: {
            /**
             * @description 协议类型：terms 用户协议，privacy 隐私政策
             * @enum {unknown}
             */
            kind: "terms" | "privacy";
            /**
             * Format: date-time
             * @description 发布时间；草稿为 null
             */
            published_at: string;
            /** @description 正文 UTF-8 字节的 SHA-256 */
            sha256: string;
            /** @description 协议标题 */
            title: string;
            /** @description 协议版本 */
            version: string;
        };
        Error: {
            /** @description HTTP 状态码 */
            code: number;
            /** @description 逐字段的校验错误 */
            errors?: {
                [key: string]: unknown;
            };
            /** @description 给用户看的中文说明 */
            message: string;
            /** @description 稳定的机器可读原因码 */
            reason: string;
            /** @description HTTP 状态的名称，如 Unprocessable Entity */
            status: string;
        };
        ExportCreate: {
            /** @description 导出的审批说明（必填，记入审计）；去除首尾空白后不足 2 字返回 403 export_approval_required */
            approval_reason: string;
            /** @description 要导出的图片 ID */
            image_ids: string[];
            /**
             * @description original：去除元数据的原图、清单与同意回执，须客户有效的 capture 同意；deidentified：去标识化副本与假名清单，须 capture 或 research 同意
             * @enum {unknown}
             */
            mode: "original" | "deidentified";
        };
        ExportOut: {
            /**
             * Format: date-time
             * @description 创建时间（ISO 8601，UTC）
             */
            created_at: string;
            /** @description 已处理数 */
            done: number;
            /**
             * Format: date-time
             * @description 下载链接过期时间；未完成为 null
             */
            download_expires_at: string | null;
            /** @description 完成后才有的短时下载链接 */
            download_url: string | null;
            /**
             * Format: date-time
             * @description 完成时间；未完成为 null
             */
            finished_at: string | null;
            /** @description 导出 ID */
            id: string;
            /**
             * @description 导出方式：original 原图，deidentified 去标识化
             * @enum {unknown}
             */
            mode: "original" | "deidentified";
            /** @description 进度百分比 0-100 */
            progress: number;
            /** @description 执行时因同意撤回等原因未导出的影像数 */
            skipped: number;
            /**
             * @description 状态：queued 排队中，running 生成中，done 完成，failed 失败
             * @enum {unknown}
             */
            status: "queued" | "running" | "done" | "failed";
            /** @description 图片总数 */
            total: number;
        };
        FreeTierOut: {
            /** @description 免费版代码 */
            code: string;
            /** @description clients / images / analyses_per_month / exports_per_month；null 为不限 */
            limits: {
                [key: string]: number | null;
            };
            /** @description 免费版名称 */
            name: string;
        };
        GrantOut: {
            /** @description 是否生效中 */
            active: boolean;
            /** @description 授予该同意的记录 ID */
            granted_record_id: string;
            /** @description 是否由监护人代为同意 */
            guardian: boolean;
            /**
             * @description 用途代码
             * @enum {string}
             */
            scope: "capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share";
            /**
             * Format: date-time
             * @description 最后修改时间（ISO 8601，UTC）
             */
            updated_at: string;
            /** @description 撤回该同意的记录 ID；未撤回为 null */
            withdrawn_record_id: string | null;
        };
        Guardian: {
            /** @description 监护人姓名 */
            name: string;
            /**
             * @description 与客户的关系
             * @enum {string}
             */
            relationship: "parent" | "guardian" | "other";
        };
        ImageOut: {
            /**
             * Format: date-time
             * @description 拍摄（上传）时间
             */
            captured_at: string;
            /** @description 客户档案 ID */
            client_id: string;
            /** @description 图片类型（MIME），如 image/jpeg */
            content_type: string;
            /**
             * Format: date-time
             * @description 删除时间；未删除为 null
             */
            deleted_at: string | null;
            /** @description 高度（像素）；处理完成前为 null */
            height: number | null;
            /** @description 图片 ID */
            id: string;
            /** @description 前后对比配对的影像 */
            paired_with: string | null;
            /** @description 身体部位代码；未指定为 null */
            region: string | null;
            /** @description 拍摄记录 ID；无则为 null */
            session_id: string | null;
            /** @description 去除元数据后原图的 SHA-256 */
            sha256: string | null;
            /**
             * @description 状态：processing 处理中，ready 可用，rejected 未通过检查，blocked 已拦截，deleted 已删除
             * @enum {unknown}
             */
            status: "processing" | "ready" | "rejected" | "blocked" | "deleted";
            /** @description 标签列表 */
            tags: string[];
            /** @description 上传者用户 ID */
            uploaded_by: string;
            /** @description 视图代码；未指定为 null */
            view: string | null;
            /** @description 宽度（像素）；处理完成前为 null */
            width: number | null;
        };
        ImagePage: {
            /** @description 图片，最新的在前 */
            items: components["schemas"]["ImageOut"][];
            /** @description 下一页游标；为 null 表示没有更多 */
            next_cursor: string | null;
        };
        ImageUpdate: {
            /** @description 标签（整体替换，最多 10 个） */
            tags?: string[];
            /**
             * @description 新的视图代码（修改后解除对比配对）
             * @example face_front
             */
            view?: string;
        };
        InvitationList: {
            /** @description 尚未使用的邀请 */
            invitations: components["schemas"]["InvitationOut"][];
        };
        InvitationOut: {
            /**
             * Format: date-time
             * @description 过期时间（ISO 8601，UTC）
             */
            expires_at: string;
            /** @description 邀请 ID */
            invitation_id: string;
            /** @description 仅在创建时返回一次 */
            invite_code?: string;
            /** @description 扫码后打开的小程序页面 */
            page: string;
            /** @description 小程序码 scene（≤32 字符） */
            scene: string;
        };
        LedgerEntryOut: {
            /** @description 原因 ID */
            cause_id: string;
            /** @description 原因类型：order 订单，refund 退款 */
            cause_type: string;
            /**
             * Format: date-time
             * @description 记录时间（UTC）
             */
            created_at: string;
            /** @description 增减的会员秒数 */
            delta_seconds: number;
            /**
             * Format: date-time
             * @description 该条记录后的会员到期时间
             */
            ends_at: string;
            /** @description grant 发放，revoke 扣减 */
            kind: string;
        };
        LinkInvitationOut: {
            /**
             * Format: date-time
             * @description 过期时间（ISO 8601，UTC）
             */
            expires_at: string;
            /** @description 邀请 ID */
            invitation_id: string;
            /** @description 邀请码，客户可在小程序中手动输入 */
            invite_code: string;
            /** @description 扫码后打开的小程序页面 */
            page: string;
            /** @description 小程序码的 scene 参数（扫码进入时由 onLoad 的 options.scene 得到） */
            scene: string;
        };
        LoginIn: {
            /** @description wx.login() 返回的临时登录凭证 */
            code: string;
        };
        LoginOut: {
            /** @description 是否本次登录新建的账号 */
            is_new_user: boolean;
            /** @description 访问令牌与刷新令牌 */
            tokens: components["schemas"]["TokenPair"];
            /** @description 用户公开 ID */
            user_id: string;
        };
        MemberList: {
            /** @description 门店成员 */
            members: components["schemas"]["MemberOut"][];
        };
        MemberOut: {
            /** @description 成员昵称；未注册顾问为 null */
            display_name: string | null;
            /**
             * Format: date-time
             * @description 加入时间
             */
            joined_at: string;
            /**
             * @description 角色：owner 负责人，staff 员工
             * @enum {unknown}
             */
            role: "owner" | "staff";
            /** @description 用户 ID */
            user_id: string;
        };
        MetricOut: {
            /** @description 定义 */
            definition: string;
            /** @description 中文名称 */
            label: string;
            /** @description 该指标来自的光线模式：standard 标准光，cross_polarized 交叉偏振，uv 紫外，any 任意 */
            light_mode: string;
            /** @description 指标代码（结果 JSON 中的键） */
            name: string;
            /** @description 单位 */
            unit: string;
        };
        MetricsOut: {
            /** @description 免责声明 */
            disclaimer: components["schemas"]["DisclaimerOut"];
            /** @description 全部指标 */
            metrics: components["schemas"]["MetricOut"][];
        };
        MismatchOut: {
            /** @description 账单金额（分） */
            bill_amount_fen: number | null;
            /**
             * Format: date
             * @description 账单日期（北京时间）
             */
            bill_date: string;
            /** @description 微信侧（账单或支付）证据：账单行的原始字段 */
            bill_evidence: {
                [key: string]: unknown;
            } | null;
            /**
             * @description 类别：wechat_only 长款（微信已收款、本地未知或未支付），local_only 短款（本地已支付、账单中没有），amount 金额不符，status 状态不符，cross_day 跨日待复核，refund_wechat_only / refund_local_only / refund_amount / refund_status 退款差异，entitlement_missing 已支付未发放权益，entitlement_unbacked 权益无支付或激活码支撑，entitlement_not_reduced 已退款未扣减权益
             * @enum {string}
             */
            category: "wechat_only" | "local_only" | "amount" | "status" | "cross_day" | "refund_wechat_only" | "refund_local_only" | "refund_amount" | "refund_status" | "entitlement_missing" | "entitlement_unbacked" | "entitlement_not_reduced";
            /** @description 差异 ID */
            id: string;
            /** @description 本地金额（分） */
            local_amount_fen: number | null;
            /** @description 本地侧证据：订单、退款或权益流水 */
            local_evidence: {
                [key: string]: unknown;
            } | null;
            /** @description 处理备注或自动说明 */
            note: string | null;
            /** @description 商户退款单号 */
            out_refund_no: string | null;
            /** @description 商户订单号 */
            out_trade_no: string | null;
            /**
             * Format: date-time
             * @description 处理时间
             */
            resolved_at: string | null;
            /** @description 处理人（运营人员 ID） */
            resolved_by: string | null;
            /** @description 所属对账记录 ID */
            run_id: string;
            /** @description 状态：open 待处理，resolved 已人工处理，repaired 已自动修复，pending 待次日复核，cleared 次日已核销 */
            state: string;
            /** @description 微信支付订单号 */
            transaction_id: string | null;
        };
        ModelIn: {
            /** @description 随程序发布的模型文件名（jobs/vision/weights 下） */
            file: string;
            /** @description 输入形状，如 ["N", 1, 256, 256] */
            input_shape: unknown[];
            /** @description 输出标签 */
            labels: string[];
            /** @description 模型名称（小写字母、数字、连字符） */
            name: string;
            /** @description 输入归一化说明 */
            normalisation: {
                [key: string]: unknown;
            };
            /**
             * @description 运行方式
             * @default onnxruntime
             * @enum {string}
             */
            runtime?: "onnxruntime" | "skimage-lbp-cascade";
            /** @description 文件的 SHA-256（十六进制） */
            sha256: string;
            /**
             * @description 任务：capture_quality 拍摄质量，face_detection 人脸检测
             * @enum {string}
             */
            task: "capture_quality" | "face_detection";
            /** @description 版本号 */
            version: string;
        };
        ModelList: {
            /** @description 全部模型版本 */
            items: components["schemas"]["ModelOut"][];
        };
        ModelOut: {
            /** @description 模型文件名 */
            file: string;
            /** @description 模型版本 ID */
            id: string;
            /** @description 输入形状 */
            input_shape: unknown[];
            /** @description 输出标签 */
            labels: string[];
            /** @description 模型名称 */
            name: string;
            /** @description 输入归一化说明 */
            normalisation: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description 登记时间
             */
            registered_at: string;
            /**
             * Format: date-time
             * @description 停用时间
             */
            retired_at: string | null;
            /** @description 运行方式 */
            runtime: string;
            /** @description 文件 SHA-256 */
            sha256: string;
            /**
             * @description active 使用中，retired 已停用
             * @enum {unknown}
             */
            status: "active" | "retired";
            /** @description 任务 */
            task: string;
            /** @description 版本号 */
            version: string;
        };
        MyClientConsents: {
            /** @description 当前生效的同意用途 */
            active_scopes: ("capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share")[];
            /** @description 与我关联的客户档案 ID */
            client_id: string;
            /** @description 脱敏的客户姓名，如 张* */
            client_name_masked: string;
            /** @description 知情同意记录，按证据链顺序 */
            records: components["schemas"]["RecordOut"][];
            /** @description 门店 ID */
            store_id: string;
            /** @description 门店名称 */
            store_name: string;
        };
        MyConsents: {
            /** @description 与我关联的客户档案及其同意 */
            clients: components["schemas"]["MyClientConsents"][];
        };
        MyWithdrawIn: {
            /**
             * @description 撤回全部有效用途
             * @default false
             */
            all?: boolean;
            /** @description 与我关联的客户档案 id（见 me_consents） */
            client_id: string;
            /** @description 撤回原因（记入证据链） */
            reason?: string;
            /** @description 要撤回的用途；与 all 二选一 */
            scopes?: ("capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share")[];
            /** @description 可选：档案所属门店 id，给出时必须一致 */
            store_id?: string;
        };
        NotificationOut: {
            /** @description 通知事件 ID（可用于重放） */
            event_id: string | null;
            /** @description 事件类型，如 TRANSACTION.SUCCESS */
            event_type: string | null;
            /** @description 通知种类：transaction 支付，refund 退款 */
            kind: string;
            /** @description 处理结果，如 processed、duplicate */
            outcome: string | null;
            /**
             * Format: date-time
             * @description 收到时间（UTC）
             */
            received_at: string;
            /** @description 是否通过验签 */
            verified: boolean;
        };
        OrderCreate: {
            /** @description 要购买的套餐代码（来自套餐列表） */
            plan_code: string;
            /**
             * @description wx.getDeviceInfo().platform；iOS 不能用微信支付购买
             * @enum {string}
             */
            platform: "ios" | "android" | "devtools" | "windows" | "mac";
        };
        OrderCreated: {
            /** @description 新建的订单 */
            order: components["schemas"]["OrderOut"];
            /** @description 原样传给 wx.requestPayment */
            payment: components["schemas"]["PaymentParams"];
        };
        OrderList: {
            /** @description 订单列表，最新的在前 */
            orders: components["schemas"]["OrderOut"][];
        };
        OrderOut: {
            /** @description 订单金额（分） */
            amount_fen: number;
            /** @description 购买渠道，如 wechatpay_jsapi */
            channel: string;
            /**
             * Format: date-time
             * @description 关闭时间；未关闭为 null
             */
            closed_at: string | null;
            /**
             * Format: date-time
             * @description 创建时间（ISO 8601，UTC）
             */
            created_at: string;
            /** @description 币种，CNY */
            currency: string;
            /**
             * Format: date-time
             * @description 支付截止时间，过后订单关闭
             */
            expires_at: string;
            /** @description 订单 ID */
            id: string;
            /** @description 商户订单号（微信支付） */
            out_trade_no: string;
            /**
             * Format: date-time
             * @description 支付时间；未支付为 null
             */
            paid_at: string | null;
            /** @description 套餐代码，如 vip_month */
            plan_code: string;
            /**
             * @description 订单状态：created 待支付，paid 已支付，partially_refunded 部分退款，refunded 已全额退款，closed 已关闭
             * @enum {unknown}
             */
            status: "created" | "paid" | "partially_refunded" | "refunded" | "closed";
        };
        OrderRefundOut: {
            /** @description 退款金额（分） */
            amount_fen: number;
            /**
             * Format: date-time
             * @description 完成时间
             */
            completed_at: string | null;
            /**
             * Format: date-time
             * @description 发起时间（UTC）
             */
            created_at: string;
            /** @description 退款 ID */
            id: string;
            /** @description 商户退款单号 */
            out_refund_no: string;
            /** @description 退款原因 */
            refund_reason: string;
            /** @description 退款状态 */
            status: string;
        };
        OutputUrlIn: {
            /**
             * @description overlay 标注图（测量区域、斑点）；deidentified 人脸打码副本
             * @default overlay
             * @enum {string}
             */
            variant?: "overlay" | "deidentified";
        };
        OwnershipIn: {
            /** @description 接手门店的员工的用户 ID */
            user_id: string;
        };
        PaginationMetadata: {
            /** @description 第一页页码 */
            first_page?: number;
            /** @description 最后一页页码 */
            last_page?: number;
            /** @description 下一页页码 */
            next_page?: number;
            /** @description 当前页码 */
            page?: number;
            /** @description 上一页页码 */
            previous_page?: number;
            /** @description 总条数 */
            total?: number;
            /** @description 总页数 */
            total_pages?: number;
        };
        PairIn: {
            /** @description 要配对的另一张图片 ID（同一客户、同一视图） */
            other_image_id: string;
        };
        PairUrlIn: {
            /**
             * @description before 之前的图；after 对齐到之前视角后的图
             * @enum {string}
             */
            side: "before" | "after";
        };
        PaymentParams: {
            /** @description wx.requestPayment 的 nonceStr */
            nonceStr: string;
            /** @description wx.requestPayment 的 package（prepay_id=...） */
            package: string;
            /** @description wx.requestPayment 的 paySign */
            paySign: string;
            /** @description wx.requestPayment 的 signType，固定为 RSA */
            signType: string;
            /** @description wx.requestPayment 的 timeStamp */
            timeStamp: string;
        };
        PhoneBindIn: {
            /** @description getPhoneNumber 按钮返回的 code（推荐） */
            code?: string;
            /** @description 旧版 encryptedData */
            encrypted_data?: string;
            /** @description 旧版 getPhoneNumber 的 iv（与 encrypted_data 一起提供） */
            iv?: string;
        };
        PlanList: {
            /** @description 免费版及其限额 */
            free: components["schemas"]["FreeTierOut"];
            /** @description 可购买的套餐 */
            plans: components["schemas"]["PlanOut"][];
            /** @description 服务端按平台决定：iOS 只提供激活码 */
            purchase_channels: ("wechatpay_jsapi" | "activation_code")[];
        };
        PlanOut: {
            /** @description 套餐代码，下单时作为 plan_code */
            code: string;
            /** @description 有效天数 */
            duration_days: number;
            /** @description clients / images / analyses_per_month / exports_per_month；null 为不限 */
            limits: {
                [key: string]: number | null;
            };
            /** @description 套餐名称 */
            name: string;
            /** @description 价格（分），以服务器为准 */
            price_fen: number;
        };
        ProfileOut: {
            /** @description 顾问资料；未注册顾问为 null */
            consultant: components["schemas"]["ConsultantOut"] | (Record<string, never> | null);
            /**
             * Format: date-time
             * @description 注册时间
             */
            created_at: string;
            /** @description 尚未同意的协议类型 */
            pending_agreements: string[];
            /** @description 是否已绑定手机号 */
            phone_bound: boolean;
            /**
             * @description 脱敏手机号；未绑定时为 null
             * @example 138****8000
             */
            phone_masked: string | null;
            /** @description 用户 ID */
            user_id: string;
        };
        ProtocolList: {
            /** @description 拍摄规范列表 */
            protocols: components["schemas"]["ProtocolOut"][];
        };
        ProtocolOut: {
            /** @description 拍摄规范代码 */
            code: string;
            /** @description 拍摄规范说明 */
            description: string;
            /** @description 拍摄规范名称 */
            title: string;
            /** @description 规范包含的视图 */
            views: components["schemas"]["ProtocolView"][];
        };
        ProtocolView: {
            /** @description 拍摄角度代码 */
            angle: string;
            /** @description 视图的中文名称 */
            label: string;
            /** @description 身体部位代码 */
            region: string;
            /** @description 拍摄规范中的视图代码 */
            view: string;
        };
        RecordOut: {
            /** @description 操作者角色 */
            actor_role: string;
            /** @description 监护人与客户的关系；无监护人为 null */
            guardian_relationship: string | null;
            /** @description 本记录的哈希（证据链） */
            hash: string;
            /** @description 记录 ID */
            id: string;
            /**
             * @description 记录类型：grant 签署同意，withdraw 撤回，deletion_request 删除申请
             * @enum {unknown}
             */
            kind: "grant" | "withdraw" | "deletion_request";
            /** @description 客户是否未成年 */
            minor: boolean;
            /**
             * Format: date-time
             * @description 发生时间（ISO 8601，UTC）
             */
            occurred_at: string;
            /** @description 上一条记录的哈希（证据链） */
            prev_hash: string;
            /** @description 撤回或删除申请的原因；无则为 null */
            reason: string | null;
            /** @description 涉及的用途 */
            scopes: ("capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share")[];
            /** @description 在门店证据链中的序号 */
            seq: number;
            /** @description 手写签名图片的 SHA-256；非签署记录为 null */
            signature_sha256: string | null;
            /** @description 签署的模板版本 ID；非签署记录为 null */
            template_id: string | null;
            /** @description 签署的模板原文 SHA-256；非签署记录为 null */
            template_sha256: string | null;
        };
        RefreshIn: {
            /** @description 登录或上次刷新时得到的刷新令牌 */
            refresh_token: string;
        };
        RequestIn: {
            /** @description 请客户同意的用途 */
            scopes: ("capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share")[];
            /** @description 要签署的模板版本 ID（须为当前版本） */
            template_id: string;
        };
        RequestOut: {
            /** @description 客户档案 ID */
            client_id: string;
            /**
             * Format: date-time
             * @description 创建时间（ISO 8601，UTC）
             */
            created_at: string;
            /**
             * Format: date-time
             * @description 过期时间（ISO 8601，UTC）
             */
            expires_at: string;
            /** @description 签署请求 ID */
            id: string;
            /** @description 签署页面路径（可用于分享或生成小程序码） */
            page: string;
            /** @description 小程序码 scene（≤32 字符） */
            scene: string;
            /** @description 请求的用途 */
            scopes: ("capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share")[];
            /** @description 分享给客户时的卡片内容 */
            share: components["schemas"]["SharePayload"];
            /**
             * Format: date-time
             * @description 签署时间；未签署为 null
             */
            signed_at: string | null;
            /**
             * @description 状态：pending 待签署，signed 已签署，cancelled 已取消；过期以 expires_at 为准
             * @enum {unknown}
             */
            status: "pending" | "signed" | "cancelled";
            /** @description 知情同意书模板版本 ID */
            template_id: string;
            /**
             * Format: date-time
             * @description 客户打开时间；未打开为 null
             */
            viewed_at: string | null;
        };
        RequestView: {
            /** @description 脱敏的客户姓名，如 张* */
            client_name_masked: string;
            /**
             * Format: date-time
             * @description 过期时间（ISO 8601，UTC）
             */
            expires_at: string;
            /** @description 是否须填写监护人 */
            guardian_required: boolean;
            /** @description 签署请求 ID */
            id: string;
            /** @description 客户是否未成年 */
            minor: boolean;
            /** @description 逐项选择同意与否 */
            requested_scopes: ("capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share")[];
            /** @description 门店名称 */
            store_name: string;
            /** @description 须完整阅读的模板原文 */
            template: components["schemas"]["TemplateOut"];
        };
        ResolveIn: {
            /** @description 处理说明（记入审计） */
            note: string;
        };
        RevealIn: {
            /** @description 要查看完整值的字段：name、phone、birth_date、notes */
            fields: ("name" | "phone" | "birth_date" | "notes")[];
            /** @description 查看完整信息的理由（记入审计） */
            reason: string;
        };
        RevealOut: {
            /** @description 出生日期（未请求时不返回） */
            birth_date?: string | null;
            /** @description 客户档案 ID */
            id: string;
            /** @description 完整姓名（未请求时不返回） */
            name?: string | null;
            /** @description 备注全文（未请求时不返回） */
            notes?: string | null;
            /** @description 完整手机号（未请求时不返回） */
            phone?: string | null;
        };
        RunCreate: {
            /**
             * Format: date
             * @description 要对账的日期（北京时间，最近三个月内，今天之前）
             */
            bill_date: string;
        };
        RunDetail: {
            /**
             * Format: date
             * @description 账单日期（北京时间）
             */
            bill_date: string;
            /** @description 交易账单明细行数 */
            bill_rows: number;
            /** @description 失败详情 */
            failure_detail: string | null;
            /** @description 失败原因码，如 digest_mismatch、malformed_row、summary_mismatch、bill_not_ready */
            failure_reason: string | null;
            /**
             * Format: date-time
             * @description 结束时间
             */
            finished_at: string | null;
            /** @description 对账记录 ID */
            id: string;
            /** @description 差异明细 */
            items: components["schemas"]["MismatchOut"][];
            /** @description 是否为该日期最新的一次对账 */
            latest: boolean;
            /** @description 差异数（不含自动修复与待复核） */
            mismatches: number;
            /** @description 差异明细的下一页游标；没有更多时为 null */
            next_cursor: string | null;
            /** @description 触发的运营人员 ID */
            operator_id: string | null;
            /** @description 跨日待复核数 */
            pending: number;
            /** @description 退款账单明细行数 */
            refund_rows: number;
            /** @description 自动修复数 */
            repaired: number;
            /**
             * Format: date-time
             * @description 开始时间（UTC）
             */
            started_at: string;
            /** @description 运行状态：running 进行中，succeeded 成功，failed 失败 */
            status: string;
            /** @description 账单汇总、明细合计与本地合计（分），及各类别差异数 */
            totals: {
                [key: string]: unknown;
            };
            /** @description 触发方式：schedule 定时，operator 运营人员，cli 命令行 */
            trigger: string;
        };
        RunOut: {
            /**
             * Format: date
             * @description 账单日期（北京时间）
             */
            bill_date: string;
            /** @description 交易账单明细行数 */
            bill_rows: number;
            /** @description 失败详情 */
            failure_detail: string | null;
            /** @description 失败原因码，如 digest_mismatch、malformed_row、summary_mismatch、bill_not_ready */
            failure_reason: string | null;
            /**
             * Format: date-time
             * @description 结束时间
             */
            finished_at: string | null;
            /** @description 对账记录 ID */
            id: string;
            /** @description 是否为该日期最新的一次对账 */
            latest: boolean;
            /** @description 差异数（不含自动修复与待复核） */
            mismatches: number;
            /** @description 触发的运营人员 ID */
            operator_id: string | null;
            /** @description 跨日待复核数 */
            pending: number;
            /** @description 退款账单明细行数 */
            refund_rows: number;
            /** @description 自动修复数 */
            repaired: number;
            /**
             * Format: date-time
             * @description 开始时间（UTC）
             */
            started_at: string;
            /** @description 运行状态：running 进行中，succeeded 成功，failed 失败 */
            status: string;
            /** @description 账单汇总、明细合计与本地合计（分），及各类别差异数 */
            totals: {
                [key: string]: unknown;
            };
            /** @description 触发方式：schedule 定时，operator 运营人员，cli 命令行 */
            trigger: string;
        };
        RunPage: {
            /** @description 下一页游标；没有更多时为 null */
            next_cursor: string | null;
            /** @description 对账记录，最新的在前 */
            runs: components["schemas"]["RunOut"][];
        };
        ScopeDecision: {
            /** @description 是否同意该用途 */
            agreed: boolean;
            /**
             * @description 用途代码
             * @enum {unknown}
             */
            scope: "capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share";
        };
        SharePayload: {
            /** @description onShareAppMessage 的 path */
            path: string;
            /** @description 分享卡片标题 */
            title: string;
        };
        SignIn: {
            /**
             * @description 监护人（客户未成年时必填）
             * @default null
             */
            guardian?: components["schemas"]["Guardian"] | (Record<string, never> | null);
            /** @description 逐项用途的同意与否 */
            scopes_agreed: components["schemas"]["ScopeDecision"][];
            /** @description 手写签名上传后的上传凭证 ID */
            signature_ticket_id: string;
            /** @description 所读模板原文的 SHA-256，须与打开时返回的一致 */
            template_sha256: string;
        };
        SignedUrlOut: {
            /**
             * Format: date-time
             * @description 链接过期时间
             */
            expires_at: string;
            /** @description 带签名的短时链接（不可公开访问） */
            url: string;
        };
        StaffWithdrawIn: {
            /**
             * @description 撤回全部有效用途
             * @default false
             */
            all?: boolean;
            /** @description 代客户撤回的原因（记入存证和审计） */
            reason: string;
            /** @description 要撤回的用途；与 all 二选一 */
            scopes?: ("capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share")[];
        };
        StoreCreate: {
            /** @description 门店地址 */
            address: string;
            /**
             * @description 门店业态
             * @enum {string}
             */
            business_category: "beauty_salon" | "health_management" | "medical_aesthetics" | "wellness_center" | "other";
            /** @description 门店名称 */
            name: string;
        };
        StoreList: {
            /** @description 我所属的门店 */
            stores: components["schemas"]["StoreOut"][];
        };
        StoreOut: {
            /** @description 门店地址 */
            address: string;
            /** @description 门店业态 */
            business_category: string;
            /**
             * Format: date-time
             * @description 创建时间（ISO 8601，UTC）
             */
            created_at: string;
            /** @description 门店 ID */
            id: string;
            /**
             * @description 客户关联档案时为空
             * @enum {unknown|null}
             */
            my_role: "owner" | "staff" | null;
            /** @description 门店名称 */
            name: string;
        };
        TemplateEdit: {
            /** @description 模板正文（Markdown） */
            body?: string;
            /** @description 每项用途单独的标题和说明，按展示顺序 */
            scopes?: components["schemas"]["TemplateScope"][];
            /** @description 模板标题 */
            title?: string;
        };
        TemplateIn: {
            /** @description 模板正文（Markdown） */
            body: string;
            /** @description 同一文书各版本共用的代码 */
            code: string;
            /** @description 模板包含的用途（每项用途只能出现一次） */
            scopes: components["schemas"]["TemplateScope"][];
            /** @description 模板标题 */
            title: string;
        };
        TemplateList: {
            /** @description 模板版本列表 */
            templates: components["schemas"]["TemplateOut"][];
        };
        TemplateOut: {
            /** @description 模板正文（Markdown），签署时须完整展示 */
            body: string;
            /** @description 模板代码（同一模板的各版本相同） */
            code: string;
            /** @description 模板版本 ID */
            id: string;
            /**
             * Format: date-time
             * @description 发布时间；草稿为 null
             */
            published_at: string | null;
            /** @description 模板包含的用途 */
            scopes: components["schemas"]["TemplateScopeOut"][];
            /** @description 模板原文的 SHA-256：对规范化 JSON {title, body, scopes:[{scope,title,text}]} 计算，键排序，分隔符 ',' ':'，UTF-8 且不转义 */
            sha256: string;
            /**
             * @description 状态：draft 草稿，published 已发布，retired 已停用
             * @enum {unknown}
             */
            status: "draft" | "published" | "retired";
            /** @description 模板标题 */
            title: string;
            /** @description 版本号 */
            version: number;
        };
        TemplateScope: {
            /**
             * @description 用途代码
             * @enum {unknown}
             */
            scope: "capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share";
            /** @description 用途说明原文 */
            text: string;
            /** @description 用途标题 */
            title: string;
        };
        TemplateScopeOut: {
            /**
             * @description 用途代码
             * @enum {string}
             */
            scope: "capture" | "analysis" | "questionnaire" | "research" | "showcase" | "share";
            /** @description 用途说明原文 */
            text: string;
            /** @description 用途标题 */
            title: string;
        };
        TokenPair: {
            /** @description 访问令牌，放在请求头 `Authorization: Bearer <令牌>` 中 */
            access_token: string;
            /** @description 秒 */
            expires_in: number;
            /** @description 刷新令牌的剩余有效秒数 */
            refresh_expires_in: number;
            /** @description 刷新令牌，仅用于 `POST /api/v1/auth/refresh`，每个只能用一次 */
            refresh_token: string;
            /**
             * @description 令牌类型，固定为 Bearer
             * @example Bearer
             */
            token_type: string;
        };
        UploadForm: {
            /** @description 文件须使用的 Content-Type */
            content_type: string;
            /**
             * Format: date-time
             * @description 表单过期时间
             */
            expires_at: string;
            /** @description wx.uploadFile 的 name（文件字段名） */
            file_field: string;
            /** @description wx.uploadFile 的 formData，原样提交 */
            form_data: {
                [key: string]: string;
            };
            /** @description 允许上传的最大字节数 */
            max_bytes: number;
            /** @description OSS 对象键（上传目标） */
            object_key: string;
            /** @description 上传凭证 ID */
            ticket_id: string;
            /** @description wx.uploadFile 的 url */
            upload_url: string;
        };
        UploadPolicyIn: {
            /** @description 客户档案 ID */
            client_id: string;
            /**
             * @description 照片类型（MIME）
             * @enum {string}
             */
            content_type: "image/heic" | "image/jpeg" | "image/png";
            /** @description 拍摄记录 ID */
            session_id: string;
            /** @description 这张照片对应的视图代码 */
            view: string;
        };
        UploadPolicyOut: {
            /** @description 须使用的 Content-Type */
            content_type: string;
            /**
             * Format: date-time
             * @description 表单过期时间
             */
            expires_at: string;
            /** @description 文件字段名（必须最后提交） */
            file_field: string;
            /** @description wx.uploadFile 的 formData，原样提交 */
            form_data: {
                [key: string]: string;
            };
            /** @description 允许上传的最大字节数 */
            max_bytes: number;
            /** @description OSS 对象键（上传目标） */
            object_key: string;
            /** @description 上传凭证 ID */
            ticket_id: string;
            /** @description wx.uploadFile 的 url */
            upload_url: string;
        };
        UploadResult: {
            /** @description 签名上传时为空 */
            image_id: string | null;
            /** @description processing（检查中）、ready、rejected、blocked（同意已撤回）；签名上传为 uploaded */
            status: string;
            /** @description 已登记的上传凭证 ID */
            ticket_id: string;
        };
        ViewProgress: {
            /** @description 拍摄角度代码 */
            angle: string;
            /** @description 该角度已有可用照片 */
            done: boolean;
            /** @description 视图的中文名称 */
            label: string;
            /** @description 检查中的照片数 */
            processing: number;
            /** @description 已通过检查的照片数 */
            ready: number;
            /** @description 身体部位代码 */
            region: string;
            /** @description 拍摄规范中的视图代码 */
            view: string;
        };
        ViewUrlIn: {
            /**
             * @description thumbnail 缩略图；display 最长边 1280 的查看图
             * @default display
             * @enum {string}
             */
            variant?: "thumbnail" | "display";
        };
        VipOut: {
            /**
             * Format: date-time
             * @description VIP 到期时间；非 VIP 为 null
             */
            ends_at: string | null;
            /** @description clients / images / analyses_per_month / exports_per_month；null 为不限 */
            free_limits: {
                [key: string]: number | null;
            };
            /** @description clients / images / analyses_per_month / exports_per_month；null 为不限 */
            limits: {
                [key: string]: number | null;
            };
            /** @description 当前 VIP 套餐代码；非 VIP 为 null */
            plan_code: string | null;
            /** @description 当前 VIP 套餐名称；非 VIP 为 null */
            plan_name: string | null;
            /** @description clients：本人拥有的门店中的有效客户档案数；*_this_month：本月用量 */
            usage: {
                [key: string]: number;
            };
            /** @description 当前是否为 VIP */
            vip: boolean;
        };
    };
    responses: {
        /** @description 其他错误：统一的错误格式，按 reason 区分。任何接口都可能返回：400 `bad_request`（请求无效）；400 `malformed_json`（请求体不是合法的 JSON）；405 `method_not_allowed`（不支持该请求方法）；413 `payload_too_large`（请求体过大）；414 `uri_too_long`（请求地址过长）；431 `headers_too_large`（请求头过大）；500 `internal_error`（服务器开小差了，请稍后再试）；503 `dependency_unavailable`（服务暂不可用，请稍后再试）；503 `database_busy`（系统繁忙，请稍后重试）；503 `database_unavailable`（数据库暂不可用，请稍后再试） */
        DEFAULT_ERROR: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    admin_activation_batches_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminBatchList"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_activation_batch_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminBatchIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminBatchCreated"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `plan_not_found`：套餐不存在或暂不可购买 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`activation_batch_window_invalid`：有效期设置有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_activation_batch_disable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 激活码批次 ID */
                batch_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminBatchOut"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `activation_batch_not_found`：激活码批次不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_analysis_models_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelList"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_analysis_models_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModelIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `analysis_model_exists`：该模型版本已登记 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`model_hash_mismatch`：模型文件不存在或其 SHA-256 与登记的不一致 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_analysis_models_retire: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 分析模型版本 ID */
                model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelOut"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `analysis_model_not_found`：分析模型版本不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_consent_templates_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateList"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_consent_templates_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_consent_templates_edit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 知情同意书模板版本 ID */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateEdit"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_template_not_found`：知情同意书不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `template_immutable`：已发布的知情同意书不能修改，请发布新版本 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_consent_templates_publish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 知情同意书模板版本 ID */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_template_not_found`：知情同意书不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `template_immutable`：已发布的知情同意书不能修改，请发布新版本 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_consent_templates_retire: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 知情同意书模板版本 ID */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_template_not_found`：知情同意书不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `template_not_published`：该知情同意书未处于发布状态 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminLoginIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminLoginOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_login_failed`：用户名或密码错误；`operator_disabled`：该运营账号已停用；`totp_required`：该运营账号已启用动态验证码，请同时提交 totp_code；`totp_invalid`：动态验证码错误或已过期；`totp_replayed`：该动态验证码已使用过，请等待下一个验证码 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_locked`：登录失败次数过多，账号已临时锁定，请稍后再试；`totp_locked`：动态验证码错误次数过多，请稍后重新登录 */
            423: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`：操作过于频繁，请稍后再试 */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_orders_search: {
        parameters: {
            query?: {
                /** @description 商户订单号（精确匹配） */
                out_trade_no?: string;
                /** @description 微信支付订单号（精确匹配） */
                transaction_id?: string;
                /** @description 门店 ID：该门店成员的订单 */
                store_id?: string;
                /** @description 用户 ID */
                user_id?: string;
                /** @description 订单状态 */
                status?: "created" | "paid" | "partially_refunded" | "refunded" | "closed";
                /** @description 下单日期起（含，北京时间） */
                created_from?: string;
                /** @description 下单日期止（含，北京时间） */
                created_to?: string;
                /** @description 翻页游标：上一页返回的 next_cursor；首页不传 */
                cursor?: string;
                /** @description 每页条数（1–100） */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminOrderPage"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`invalid_cursor`：分页游标无效 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_order_detail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 订单 ID */
                order_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminOrderDetail"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `order_not_found`：订单不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_order_refunds_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 订单 ID */
                order_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminOrderRefundsOut"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `order_not_found`：订单不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_order_refund_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 订单 ID */
                order_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminRefundIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRefundOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `order_not_found`：订单不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `order_not_refundable`：该订单当前不可退款 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`refund_amount_exceeds_paid`：退款金额超过可退金额 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `refund_request_failed`：微信支付未受理退款，请稍后重试 */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `refund_outcome_unknown`：微信支付暂无响应，退款结果待确认，请稍后同步退款状态 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_payment_alerts_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAlertList"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_payment_notification_replay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 支付通知事件 ID */
                event_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminReplayOut"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`：资源不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `notification_evidence_invalid`：存档的通知未通过验签或无法解密 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_reconciliation_mismatch_resolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 对账差异 ID */
                mismatch_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolveIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MismatchOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `reconciliation_mismatch_not_found`：差异记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `reconciliation_mismatch_not_open`：该差异已处理，无需再次处理 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_reconciliation_runs_list: {
        parameters: {
            query?: {
                /** @description 账单日期（北京时间） */
                bill_date?: string;
                /** @description 运行状态：running 进行中，succeeded 成功，failed 失败 */
                status?: "running" | "succeeded" | "failed";
                /** @description 翻页游标：上一页返回的 next_cursor；首页不传 */
                cursor?: string;
                /** @description 每页条数（1–100） */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPage"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`invalid_cursor`：分页游标无效 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_reconciliation_runs_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunCreate"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`reconciliation_date_invalid`：只能对账最近三个月内、今天之前的日期 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_reconciliation_run_detail: {
        parameters: {
            query?: {
                /** @description 只看某一类别 */
                category?: "wechat_only" | "local_only" | "amount" | "status" | "cross_day" | "refund_wechat_only" | "refund_local_only" | "refund_amount" | "refund_status" | "entitlement_missing" | "entitlement_unbacked" | "entitlement_not_reduced";
                /** @description 只看某一状态 */
                state?: "open" | "resolved" | "repaired" | "pending" | "cleared";
                /** @description 翻页游标：上一页返回的 next_cursor；首页不传 */
                cursor?: string;
                /** @description 每页条数（1–500） */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description 对账记录 ID */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDetail"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `reconciliation_run_not_found`：对账记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`invalid_cursor`：分页游标无效 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_reconciliation_run_export: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 对账记录 ID */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 差异明细 CSV（UTF-8，带 BOM） */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `reconciliation_run_not_found`：对账记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_refund_sync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 退款 ID */
                refund_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRefundOut"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `refund_not_found`：退款记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechatpay_rejected`：微信支付拒绝了该请求 */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechatpay_unavailable`：微信支付暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    admin_consent_chain_verify: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChainReport"];
                };
            };
            /** @description `operator_token_missing`：请先登录运营后台；`operator_token_invalid`：运营后台登录凭证无效，请重新登录；`operator_token_expired`：运营后台登录已过期，请重新登录；`operator_disabled`：该运营账号已停用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `operator_role_required`：当前运营账号没有此操作的权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    activation_codes_redeem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ActivationRedeemIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivationRedeemOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `activation_code_invalid`：激活码无效 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `activation_code_used`：该激活码已被使用 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `activation_batch_disabled`：该激活码已停用；`activation_code_not_yet_valid`：该激活码尚未到可用时间；`activation_code_expired`：该激活码已过期 */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`activation_code_malformed`：激活码格式有误，请核对后重新输入 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`：操作过于频繁，请稍后再试 */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    agreements_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentList"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    agreements_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 协议类型：terms 用户协议，privacy 隐私政策 */
                kind: "terms" | "privacy";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentOut"];
                };
            };
            /** @description `not_found`：资源不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    analysis_metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsOut"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    auth_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechat_code_invalid`：微信授权码无效或已使用，请重新授权；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`：操作过于频繁，请稍后再试 */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechat_unavailable`：微信服务暂不可用，请稍后再试；`dependency_unavailable`：服务暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    auth_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功，无响应体 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    auth_logout_all: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功，无响应体 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    auth_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服；`refresh_token_reused`：登录凭证已被使用，为保护账号安全请重新登录 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    capture_protocols_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProtocolList"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    consent_requests_view: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 小程序码中的 scene 参数 */
                scene: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestView"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策；`phone_required`：请先绑定手机号；`signer_mismatch`：当前微信账号与客户档案不符，请由客户本人签署 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_not_found`：同意请求不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_used`：该同意请求已签署，不能重复使用 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_expired`：同意请求已过期，请让顾问重新发起 */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    consent_requests_sign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 签署请求 ID */
                request_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策；`phone_required`：请先绑定手机号；`signer_mismatch`：当前微信账号与客户档案不符，请由客户本人签署；`guardian_required`：客户未满法定年龄，须由监护人填写信息并签署 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_not_found`：同意请求不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_used`：该同意请求已签署，不能重复使用；`template_changed`：知情同意书内容已变更，请重新阅读 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_expired`：同意请求已过期，请让顾问重新发起 */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`scopes_mismatch`：请对每一项用途分别选择同意或不同意；`no_scope_agreed`：请至少同意一项用途，或直接关闭页面；`signature_missing`：未找到手写签名，请重新签名并上传；`signature_invalid`：手写签名图片无效，请重新签名 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `storage_unavailable`：存储服务暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    consent_requests_signature_upload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 签署请求 ID */
                request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadForm"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_not_found`：同意请求不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_used`：该同意请求已签署，不能重复使用 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_expired`：同意请求已过期，请让顾问重新发起 */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`：操作过于频繁，请稍后再试 */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `storage_unavailable`：存储服务暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    consent_templates_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateList"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    consent_templates_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 知情同意书模板版本 ID */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_template_not_found`：知情同意书不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    invitations_accept: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策；`consultant_required`：请先完成顾问注册；`phone_mismatch`：您绑定的手机号与档案不一致；`phone_required`：请先绑定手机号 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `invitation_not_found`：邀请不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `invitation_used`：邀请已被使用；`already_member`：您已是该门店成员 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `invitation_expired`：邀请已过期，请联系门店负责人重新邀请；`invitation_revoked`：邀请已被撤销 */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`：操作过于频繁，请稍后再试 */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_access_history: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor */
                cursor?: string;
                /** @description 每页条数（1–100） */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_agreements_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgreementStatus"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_agreements_accept: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptanceIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgreementStatus"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_outdated`：协议已更新，请阅读最新版本后再同意 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_consent_records_receipt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 知情同意记录 ID */
                record_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description PDF 存证回执 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_record_not_found`：同意记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `storage_unavailable`：存储服务暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_consents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyConsents"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_consents_deletion_request: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeletionIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_consents_withdraw: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MyWithdrawIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_not_active`：所选用途当前没有有效的同意，无需撤回 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_register_consultant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConsultantIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultantRegisteredOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策；`phone_required`：请先绑定手机号 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consultant_already_registered`：您已完成顾问注册 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`adult_attestation_required`：顾问须年满十八周岁 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_bind_phone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PhoneBindIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON；`phone_payload_invalid`：手机号授权数据无效，请重新授权 */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechat_code_invalid`：微信授权码无效或已使用，请重新授权；`token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `phone_already_bound`：该手机号已绑定其他账号 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`phone_invalid`：手机号格式不正确 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`：操作过于频繁，请稍后再试 */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechat_unavailable`：微信服务暂不可用，请稍后再试；`dependency_unavailable`：服务暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    me_vip: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VipOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    orders_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderList"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    orders_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrderCreate"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderCreated"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策；`consultant_required`：请先完成顾问注册；`payment_unavailable_on_platform`：iOS 端暂不支持在小程序内购买，请使用激活码开通 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `plan_not_found`：套餐不存在或暂不可购买 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`：操作过于频繁，请稍后再试 */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechatpay_rejected`：微信支付拒绝了该请求 */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechatpay_unavailable`：微信支付暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    orders_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 订单 ID */
                order_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `order_not_found`：订单不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    oss_callback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadResult"];
                };
            };
            /** @description `callback_signature_missing`：回调缺少签名；`callback_signature_invalid`：回调签名无效；`pub_key_url_not_allowed`：回调公钥地址不在允许范围内；`callback_mismatch`：回调内容与上传凭证不符 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `pub_key_unavailable`：暂时无法获取回调公钥 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    payments_wechatpay_notify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功，无响应体 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `notification_undecryptable`：通知内容无法解密；`notification_malformed`：通知内容格式无效 */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `notification_unsigned`：通知缺少微信支付签名；`notification_signature_type`：通知签名类型不受支持；`notification_probe`：微信支付签名探测请求，已拒绝；`notification_stale`：通知时间戳超出允许范围；`notification_unknown_serial`：通知使用了未知的平台证书或公钥；`notification_signature_invalid`：通知签名无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    payments_wechatpay_refund_notify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功，无响应体 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `notification_undecryptable`：通知内容无法解密；`notification_malformed`：通知内容格式无效 */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `notification_unsigned`：通知缺少微信支付签名；`notification_signature_type`：通知签名类型不受支持；`notification_probe`：微信支付签名探测请求，已拒绝；`notification_stale`：通知时间戳超出允许范围；`notification_unknown_serial`：通知使用了未知的平台证书或公钥；`notification_signature_invalid`：通知签名无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    plans_list: {
        parameters: {
            query?: {
                /** @description wx.getDeviceInfo().platform；缺省时不提供购买渠道 */
                platform?: "ios" | "android" | "devtools" | "windows" | "mac";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanList"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoreList"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StoreCreate"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoreOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策；`consultant_required`：请先完成顾问注册 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoreOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    analyses_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 分析 ID */
                analysis_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalysisOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`analysis_not_found`：分析记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    analyses_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 分析 ID */
                analysis_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalysisOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`analysis_not_found`：分析记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `analysis_not_cancellable`：分析已结束，不能取消 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    analyses_view_url: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 分析 ID */
                analysis_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OutputUrlIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedUrlOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_required`：客户尚未签署覆盖此用途的知情同意，或已撤回；`guardian_consent_required`：未成年客户需由监护人签署知情同意 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`analysis_not_found`：分析记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `analysis_output_missing`：该分析没有此衍生图（未通过拍摄质量检查或未检测到人脸） */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_audit_events: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor */
                cursor?: string;
                /** @description 每页条数（1–100） */
                limit?: number;
                /** @description 按对象类型筛选，如 client、image */
                subject_type?: string;
                /** @description 按对象 ID 筛选 */
                subject_id?: string;
                /** @description 按操作筛选，如 client.read */
                action?: string;
            };
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    capture_sessions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 拍摄记录 ID */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaptureSessionOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`capture_session_not_found`：拍摄记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    capture_sessions_end: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 拍摄记录 ID */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaptureSessionOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`capture_session_not_found`：拍摄记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    clients_list: {
        parameters: {
            query?: {
                /** @description 姓名前缀 */
                q?: string;
                /** @description 任意格式的完整手机号 */
                phone?: string;
                /** @description 按标签筛选 */
                tag?: string;
                /** @description 仅负责人：列出已删除的档案 */
                deleted?: boolean;
                /** @description 翻页游标：上一页返回的 next_cursor；首页不传 */
                cursor?: string;
                /** @description 每页条数，超过 50 按 50 处理 */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientPage"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`phone_invalid`：手机号格式不正确；`invalid_cursor`：分页游标无效 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    clients_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClientCreate"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `vip_required`：已达到基础版上限，开通 VIP 后可继续使用 */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策；`plan_limit_reached`：已达到当前套餐的上限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`phone_invalid`：手机号格式不正确 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    clients_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    clients_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功，无响应体 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    clients_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClientUpdate"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`phone_invalid`：手机号格式不正确 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    capture_sessions_list: {
        parameters: {
            query?: {
                /** @description 翻页游标：上一页返回的 next_cursor；首页不传 */
                cursor?: string;
                /** @description 每页条数，超过 50 按 50 处理 */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaptureSessionPage"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`invalid_cursor`：分页游标无效 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    capture_sessions_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CaptureSessionCreate"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaptureSessionOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策；`consent_required`：客户尚未签署覆盖此用途的知情同意，或已撤回；`guardian_consent_required`：未成年客户需由监护人签署知情同意 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    consent_records_receipt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
                /** @description 知情同意记录 ID */
                record_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description PDF 存证回执 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在；`consent_record_not_found`：同意记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `storage_unavailable`：存储服务暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    consent_requests_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequestIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在；`consent_template_not_found`：知情同意书不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `template_not_current`：该知情同意书不是当前发布的版本 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`scope_not_in_template`：所选用途不在该知情同意书的范围内 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    consent_requests_qrcode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
                /** @description 签署请求 ID */
                request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 小程序码 PNG */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在；`consent_request_not_found`：同意请求不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_used`：该同意请求已签署，不能重复使用 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_request_expired`：同意请求已过期，请让顾问重新发起 */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechat_rejected`：微信拒绝了该请求 */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechat_unavailable`：微信服务暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    consents_of_client: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientConsents"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    consents_withdraw_for_client: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffWithdrawIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_not_active`：所选用途当前没有有效的同意，无需撤回 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    clients_link_invitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkInvitationOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    clients_restore: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    clients_reveal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 客户档案 ID */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevealIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevealOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    comparisons_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ComparisonIn"];
            };
        };
        responses: {
            /** @description 已受理，后台处理中 */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComparisonOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_required`：客户尚未签署覆盖此用途的知情同意，或已撤回；`guardian_consent_required`：未成年客户需由监护人签署知情同意 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`analysis_not_found`：分析记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`comparison_not_comparable`：只能对比同一客户、同一视图、均已完成且拍摄质量合格的两次分析 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    comparisons_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 前后对比 ID */
                comparison_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComparisonOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`comparison_not_found`：前后对比不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    comparisons_view_url: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 前后对比 ID */
                comparison_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PairUrlIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedUrlOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_required`：客户尚未签署覆盖此用途的知情同意，或已撤回；`guardian_consent_required`：未成年客户需由监护人签署知情同意 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`comparison_not_found`：前后对比不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `analysis_output_missing`：该分析没有此衍生图（未通过拍摄质量检查或未检测到人脸） */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    exports_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExportCreate"];
            };
        };
        responses: {
            /** @description 已受理，后台处理中 */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作；`export_approval_required`：批量导出须填写审批说明 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`export_images_not_found`：部分影像不存在或不可导出；`export_not_allowed`：部分影像的客户同意范围不允许以该方式导出 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`：操作过于频繁，请稍后再试；`quota_exceeded`：本月额度已用完 */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    exports_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 导出 ID */
                export_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`export_not_found`：导出任务不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    images_list: {
        parameters: {
            query?: {
                /** @description 按客户档案筛选 */
                client_id?: string;
                /** @description 按拍摄记录筛选 */
                session_id?: string;
                /** @description 按视图筛选 */
                view?: string;
                /** @description 按身体部位筛选 */
                region?: string;
                /** @description 按标签筛选 */
                tag?: string;
                /** @description 拍摄日期起（含，北京时间） */
                captured_from?: string;
                /** @description 拍摄日期止（含，北京时间） */
                captured_to?: string;
                /** @description 按状态筛选，默认 ready */
                status?: "processing" | "ready" | "rejected" | "blocked" | "deleted";
                /** @description 翻页游标：上一页返回的 next_cursor；首页不传 */
                cursor?: string;
                /** @description 每页条数，超过 50 按 50 处理 */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImagePage"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`invalid_cursor`：分页游标无效 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    images_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`image_not_found`：影像不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    images_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功，无响应体 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`image_not_found`：影像不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    images_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImageUpdate"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`image_not_found`：影像不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    analyses_list_for_image: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalysisList"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`image_not_found`：影像不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    analyses_request: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已受理，后台处理中 */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalysisOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_required`：客户尚未签署覆盖此用途的知情同意，或已撤回；`guardian_consent_required`：未成年客户需由监护人签署知情同意 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`image_not_found`：影像不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `image_not_ready`：影像尚未处理完成，暂不能查看 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `quota_exceeded`：本月额度已用完 */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `analysis_models_unavailable`：分析模型暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    images_pair: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PairIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`image_not_found`：影像不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`pair_mismatch`：只能配对同一客户、同一拍摄角度的两张影像 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    images_unpair: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功，无响应体 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`image_not_found`：影像不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    images_view_url: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 图片 ID */
                image_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ViewUrlIn"];
            };
        };
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedUrlOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `consent_required`：客户尚未签署覆盖此用途的知情同意，或已撤回；`guardian_consent_required`：未成年客户需由监护人签署知情同意 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`image_not_found`：影像不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `image_not_ready`：影像尚未处理完成，暂不能查看 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_invitations_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationList"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_invitations_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationOut"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_invitations_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 邀请 ID */
                invitation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功，无响应体 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`invitation_not_found`：邀请不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_invitations_qrcode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 邀请 ID */
                invitation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 小程序码 PNG */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`invitation_not_found`：邀请不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechat_rejected`：微信拒绝了该请求 */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `wechat_unavailable`：微信服务暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_members: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberList"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_member_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 成员的用户 ID */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功，无响应体 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`member_not_found`：成员不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `cannot_remove_owner`：不能移除门店负责人，请先转让负责人身份 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    stores_transfer_ownership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OwnershipIn"];
            };
        };
        responses: {
            /** @description 成功，无响应体 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `owner_required`：仅门店负责人可以执行此操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`member_not_found`：成员不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    uploads_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UploadPolicyIn"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadPolicyOut"];
                };
            };
            /** @description `malformed_json`：请求体不是合法的 JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `vip_required`：已达到基础版上限，开通 VIP 后可继续使用 */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `agreement_required`：请先阅读并同意最新的用户协议和隐私政策；`consent_required`：客户尚未签署覆盖此用途的知情同意，或已撤回；`guardian_consent_required`：未成年客户需由监护人签署知情同意；`plan_limit_reached`：已达到当前套餐的上限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`client_not_found`：客户档案不存在；`capture_session_not_found`：拍摄记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `capture_session_ended`：本次拍摄已结束，请新建拍摄 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`：提交的数据有误；`view_not_in_protocol`：该角度不属于本次拍摄的协议 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`：操作过于频繁，请稍后再试 */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `storage_unavailable`：存储服务暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
    uploads_confirm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 门店 ID */
                store_id: string;
                /** @description 上传凭证 ID */
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadResult"];
                };
            };
            /** @description `token_missing`：请先登录；`token_invalid`：登录凭证无效，请重新登录；`token_expired`：登录已过期，请刷新登录；`session_revoked`：登录已失效，请重新登录；`account_disabled`：账号已停用，如有疑问请联系客服 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `store_not_found`：门店不存在；`upload_not_found`：上传凭证不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `upload_missing`：未找到已上传的文件，请重新上传 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `upload_expired`：上传凭证已过期，请重新上传 */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `upload_too_large`：上传的文件超过大小限制；`upload_type_mismatch`：上传的文件类型与申请时不一致 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `storage_unavailable`：存储服务暂不可用，请稍后再试 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["DEFAULT_ERROR"];
        };
    };
}
