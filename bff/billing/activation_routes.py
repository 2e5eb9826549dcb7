"""Placeholder: routes land here."""

from bff.api import Blueprint

blp = Blueprint("activation", __name__, url_prefix="/api/v1", description="激活码")
