"""The consent gate: is a scope currently granted for a client in a store?

No Flask here: the web tier calls ``require`` before issuing an upload policy or a view link,
and jobs call ``granted`` again before processing, so a withdrawal also stops queued work.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bff.errors import DomainError
from models import ConsentGrant
from models.consent import ConsentScope


class ConsentRequired(DomainError):
    status, reason, message = 403, "consent_required", "客户尚未签署覆盖此用途的知情同意，或已撤回"


class GuardianConsentRequired(DomainError):
    status, reason, message = 403, "guardian_consent_required", "未成年客户需由监护人签署知情同意"


def granted(session: Session, store_id: int, client_id: int, scope: ConsentScope | str) -> ConsentGrant | None:
    """The active grant of ``scope``, or None."""
    return session.scalar(select(ConsentGrant).where(
        ConsentGrant.store_id == store_id, ConsentGrant.client_id == client_id,
        ConsentGrant.scope == ConsentScope(scope), ConsentGrant.active.is_(True)))


def require(session: Session, store_id: int, client_id: int, scope: ConsentScope | str, *,
            minor: bool) -> ConsentGrant:
    """:raise ConsentRequired: no active grant. :raise GuardianConsentRequired: a minor's grant
    was not signed by a guardian (e.g. the birth date was corrected after signing)."""
    grant = granted(session, store_id, client_id, scope)
    if grant is None:
        raise ConsentRequired(errors={"scope": str(ConsentScope(scope))})
    if minor and not grant.guardian:
        raise GuardianConsentRequired(errors={"scope": str(ConsentScope(scope))})
    return grant


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def is_minor(birth_iso: str | None, today: date, minor_age: int) -> bool:
    """Under ``minor_age`` on ``today`` (Asia/Shanghai date). No birth date on file: not known
    to be a minor (the consultant attests age when creating the file)."""
    return birth_iso is not None and age_on(date.fromisoformat(birth_iso), today) < minor_age
