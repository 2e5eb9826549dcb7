"""Is capture allowed for this client right now? Flask-free: the web tier asks before a
session or an upload policy, the callback asks again, and the post-upload job asks last.

A minor (by the client's encrypted birth date, on today's Asia/Shanghai date) needs a grant
a guardian signed.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bff.consent import gate
from bff.security.fields import FieldCipher, aad_for
from models import Client, ConsentGrant
from models.consent import ConsentScope

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today_in_shanghai() -> date:
    return datetime.now(SHANGHAI).date()


def is_minor(cipher: FieldCipher, client: Client, minor_age: int, today: date | None = None) -> bool:
    birth = None if client.birth_date_enc is None else cipher.decrypt(
        client.birth_date_enc, aad_for("clients", "birth_date", client.public_id))
    return gate.is_minor(birth, today or today_in_shanghai(), minor_age)


def require_capture(session: Session, cipher: FieldCipher, client: Client, *, minor_age: int) -> ConsentGrant:
    """:raise ConsentRequired, GuardianConsentRequired: (both 403)."""
    return gate.require(session, client.store_id, client.id, ConsentScope.capture,
                        minor=is_minor(cipher, client, minor_age))


def capture_allowed(session: Session, cipher: FieldCipher, client: Client, *, minor_age: int) -> bool:
    try:
        require_capture(session, cipher, client, minor_age=minor_age)
    except (gate.ConsentRequired, gate.GuardianConsentRequired):
        return False
    return True
