"""SQLAlchemy 2 typed models. No Flask imports: jobs and Alembic use them directly."""

from models.agreements import AgreementAcceptance, LegalDocument
from models.auth import AuthSession, RefreshToken
from models.base import Base
from models.users import ConsultantProfile, User

__all__ = [
    "AgreementAcceptance",
    "AuthSession",
    "Base",
    "ConsultantProfile",
    "LegalDocument",
    "RefreshToken",
    "User",
]
