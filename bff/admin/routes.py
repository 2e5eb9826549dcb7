"""Placeholder: routes land here."""

from bff.api import Blueprint

blp = Blueprint("admin", __name__, url_prefix="/api/admin/v1", description="运营后台")
