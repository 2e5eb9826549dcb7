"""Mini-program: redeem an activation code (rate-limited per user and per IP, every attempt counts)."""

import marshmallow as ma
from flask.views import MethodView
from flask_limiter.util import get_remote_address

from bff.agreements.service import AgreementRequired, requires_agreements
from bff.api import Blueprint
from bff.auth.guard import current_user
from bff.billing import activation as service
from bff.db import session as db
from bff.errors import RateLimited
from bff.limiter import limiter, setting, user_or_ip
from bff.schemas import Schema

blp = Blueprint("activation", __name__, url_prefix="/api/v1", description="激活码")


class ActivationRedeemIn(Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                            metadata={"description": "激活码，如 `7K3M9Q-XW2P4T-HB6RZ8`；大小写、空格、短横线均可"})


class ActivationRedeemOut(Schema):
    plan_code = ma.fields.String(required=True)
    plan_name = ma.fields.String(required=True)
    granted_days = ma.fields.Integer(required=True)
    vip_ends_at = ma.fields.DateTime(required=True)


def _ip_key() -> str:
    return f"ip:{get_remote_address()}"


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
    @limiter.limit(setting("activation_rate_limit"), key_func=_ip_key)
    @requires_agreements
    def post(self, data):
        """Redeem a code: its plan's time is added to the caller's VIP (from the current end if running)."""
        plan, entry = service.redeem(db(), current_user(), data["code"])
        return {"plan_code": plan.code, "plan_name": plan.name, "granted_days": plan.duration_days,
                "vip_ends_at": entry.ends_at}
