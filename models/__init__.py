"""SQLAlchemy 2 typed models. No Flask imports: jobs and Alembic use them directly."""

from models.agreements import AgreementAcceptance, LegalDocument
from models.analysis import Analysis, AnalysisModel, Comparison
from models.audit import AuditBatch, AuditChainHead, AuditEvent
from models.auth import AuthSession, RefreshToken
from models.base import Base
from models.billing import (
    ActivationBatch,
    ActivationCode,
    EntitlementEntry,
    Operator,
    Order,
    PaymentAlert,
    PaymentNotification,
    Plan,
    Refund,
)
from models.clients import Client, ClientNamePrefix, ClientTag
from models.consent import ConsentChainHead, ConsentGrant, ConsentRecord, ConsentRequest, ConsentTemplate
from models.images import CaptureSession, ExportJob, Image, ImageTag, UploadTicket
from models.keys import DataKey
from models.outbox import OutboxMessage
from models.panel import OperatorSession
from models.reconciliation import ReconciliationDay, ReconciliationMismatch, ReconciliationRun
from models.stores import Invitation, Store, StoreMember
from models.users import ConsultantProfile, User

__all__ = [
    "Analysis",
    "AnalysisModel",
    "Comparison",
    "ActivationBatch",
    "ActivationCode",
    "EntitlementEntry",
    "Operator",
    "OperatorSession",
    "Order",
    "PaymentAlert",
    "PaymentNotification",
    "Plan",
    "Refund",
    "AgreementAcceptance",
    "AuditBatch",
    "AuditChainHead",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Client",
    "ClientNamePrefix",
    "ClientTag",
    "DataKey",
    "OutboxMessage",
    "CaptureSession",
    "ConsentChainHead",
    "ConsentGrant",
    "ConsentRecord",
    "ConsentRequest",
    "ConsentTemplate",
    "ExportJob",
    "Image",
    "ImageTag",
    "UploadTicket",
    "Invitation",
    "Store",
    "StoreMember",
    "ConsultantProfile",
    "LegalDocument",
    "ReconciliationDay",
    "ReconciliationMismatch",
    "ReconciliationRun",
    "RefreshToken",
    "User",
]
