"""Mini-program: redeem an activation code (rate-limited per user and per IP, every attempt counts)."""

import marshmallow as ma
from flask.views import MethodView

from bff.agreements.service import AgreementRequired, requires_agreements
from bff.api import Blueprint
from bff.auth.guard import current_user
from bff.billing import activation as service
from bff.db import session as db
from bff.errors import RateLimited
from bff.limiter import ip_key, limiter, setting, user_or_ip
from bff.schemas import Schema

blp = Blueprint("activation", __name__, url_prefix="/api/v1", description="激活码")


class ActivationRedeemIn(Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                            metadata={"description": "激活码，如 `7K3M9Q-XW2P4T-HB6RZ8`；大小写、空格、短横线均可"})


class ActivationRedeemOut(Schema):
    plan_code = ma.fields.String(required=True, metadata={"description": "套餐代码，如 vip_month"})
    plan_name = ma.fields.String(required=True, metadata={"description": "套餐名称"})
    granted_days = ma.fields.Integer(required=True, metadata={"description": "本次增加的 VIP 天数"})
    vip_ends_at = ma.fields.DateTime(required=True, metadata={"description": "兑换后的 VIP 到期时间"})


@blp.route("/activation-codes/redeem")
class Redeem(MethodView):
    @blp.authenticated
    @blp.operation("activation_codes_redeem")
    @blp.arguments(ActivationRedeemIn)
    @blp.response(200, ActivationRedeemOut)
    @blp.errors(AgreementRequired, service.ActivationCodeMalformed, service.ActivationCodeInvalid,
                service.ActivationCodeUsed, service.ActivationBatchDisabled, service.ActivationCodeNotYetValid,
                service.ActivationCodeExpired, RateLimited)
    @limiter.limit(setting("activation_rate_limit"), key_func=user_or_ip)
    @limiter.limit(setting("activation_ip_rate_limit"), key_func=ip_key)
    @requires_agreements
    def post(self, data):
        """兑换激活码

        兑换一个激活码：其套餐时长加到调用者的 VIP 上（VIP 未到期时从到期日往后顺延）。iOS 上购买 VIP 只能用此方式。

        调用方：已登录并同意协议的用户。激活码无效 404、已使用 409、批次停用或未生效/已过期 410；按用户限流（429）。
        """
        plan, entry = service.redeem(db(), current_user(), data["code"])
        return {"plan_code": plan.code, "plan_name": plan.name, "granted_days": plan.duration_days,
                "vip_ends_at": entry.ends_at}
