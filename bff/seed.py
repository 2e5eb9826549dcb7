"""Demo data for the embedded default, created through the real flows over HTTP."""

from __future__ import annotations

DEMO_OPENID = "oDemoConsultant0000000000001"
DEMO_PHONE = "13800138000"


def seed_demo(base_url: str) -> dict[str, str]:
    """Onboard a demo consultant (idempotent: a returning user keeps their data)."""
    from miniprogram_contract.client import ApiError
    from miniprogram_contract.simulator import MiniProgram

    mp = MiniProgram(base_url, f"{base_url}/sandbox", openid=DEMO_OPENID)
    mp.login()
    mp.accept_agreements()
    if not mp.profile()["phone_bound"]:
        mp.bind_phone(DEMO_PHONE)
    try:
        mp.register_consultant(display_name="演示顾问")
    except ApiError as exc:
        if exc.reason != "consultant_already_registered":
            raise
    return {"openid": DEMO_OPENID}

