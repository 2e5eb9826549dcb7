"""The embedded default's demo operator: every role, TOTP already enrolled with a published
secret, so the panel can be tried at once. Development only (``mirror demo``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

DEMO_USERNAME = "demo-operator"
DEMO_PASSWORD = "Demo-Operator-2026!"  # noqa: S105 - printed by `mirror demo` on purpose
DEMO_TOTP_SECRET = "MIRRORDEMOTOTPSECRET234567ABCDEF"  # noqa: S105 - base32, printed on purpose


def seed_demo_operator(app: Any) -> dict[str, str]:
    """Create the demo operator once (a returning demo keeps it); returns how to sign in."""
    import pyotp

    from bff.admin.auth import create_operator
    from bff.security.fields import aad_for
    from models import Operator
    from models.base import utcnow

    cipher = app.extensions["mirror.deps"].cipher
    with app.app_context(), app.extensions["mirror.db"].factory.begin() as session:
        if session.scalar(select(Operator).where(Operator.username == DEMO_USERNAME)) is None:
            operator = create_operator(session, DEMO_USERNAME, DEMO_PASSWORD, ["admin", "finance", "support"])
            operator.totp_secret_enc = cipher.encrypt(DEMO_TOTP_SECRET,
                                                      aad_for("operators", "totp_secret", operator.public_id))
            operator.totp_enrolled_at = utcnow()
    uri = pyotp.TOTP(DEMO_TOTP_SECRET).provisioning_uri(name=DEMO_USERNAME, issuer_name="美学镜运营后台（演示）")
    return {"username": DEMO_USERNAME, "password": DEMO_PASSWORD, "totp_secret": DEMO_TOTP_SECRET, "totp_uri": uri}
