"""SQLAlchemy 2 typed models. No Flask imports: jobs and Alembic use them directly."""

from models.agreements import AgreementAcceptance, LegalDocument
from models.audit import AuditChainHead, AuditEvent
from models.auth import AuthSession, RefreshToken
from models.base import Base
from models.clients import Client, ClientNamePrefix, ClientTag
from models.keys import DataKey
from models.stores import Invitation, Store, StoreMember
from models.users import ConsultantProfile, User

__all__ = [
    "AgreementAcceptance",
    "AuditChainHead",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Client",
    "ClientNamePrefix",
    "ClientTag",
    "DataKey",
    "Invitation",
    "Store",
    "StoreMember",
    "ConsultantProfile",
    "LegalDocument",
    "RefreshToken",
    "User",
]
