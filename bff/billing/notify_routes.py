"""Placeholder: routes land here."""

from bff.api import Blueprint

blp = Blueprint("payment_notifications", __name__, url_prefix="/api/v1/payments", description="微信支付通知")
