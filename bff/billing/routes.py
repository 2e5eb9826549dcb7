"""Placeholder: routes land here."""

from bff.api import Blueprint

blp = Blueprint("billing", __name__, url_prefix="/api/v1", description="会员与订单")
