"""What the WeChat Pay emulator knows about the merchant it serves, plus the dev-only credentials.

The PEM files under keys/ are throw-away RSA keys generated for local development and
tests. They are NOT WeChat's and must never be used outside the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sandbox.app import SandboxConfig

KEYS_DIR = Path(__file__).resolve().parent / "keys"
DEV_MERCHANT_PRIVATE_KEY = KEYS_DIR / "DEV_ONLY_merchant_private_key.pem"
DEV_MERCHANT_PUBLIC_KEY = KEYS_DIR / "DEV_ONLY_merchant_public_key.pem"
DEV_PLATFORM_PRIVATE_KEYS = (
    KEYS_DIR / "DEV_ONLY_platform_1_private_key.pem",
    KEYS_DIR / "DEV_ONLY_platform_2_private_key.pem",
)
DEV_PLATFORM_PUBLIC_KEYS = (
    KEYS_DIR / "DEV_ONLY_platform_1_public_key.pem",
    KEYS_DIR / "DEV_ONLY_platform_2_public_key.pem",
)
DEV_MERCHANT_SERIAL_NO = "EFC74F14832825D9AA30F1E357C4DC94C66605EE"
DEV_PUBLIC_KEY_IDS = (
    "PUB_KEY_ID_0119000001092025010100000000000001",
    "PUB_KEY_ID_0119000001092025010100000000000002",
)
DEV_APIV3_KEY = "SandboxApiV3Key0DevOnly000000001"  # exactly 32 ASCII characters

PLATFORM_MODES = ("public_key", "certificate")


@dataclass
class PaySandboxConfig:
    """What the WeChat Pay emulator knows about the merchant it serves.

    The last five fields are runtime settings: POST /control/wechatpay/settings changes
    them for the running sandbox and POST /control/reset restores these values.
    """

    mchid: str = "1900000109"
    # Empty: the mini-program's appid (SandboxConfig.wechat_appid), resolved in init_app.
    appid: str = ""
    apiv3_key: str = DEV_APIV3_KEY
    # Verifies the merchant's request signatures (the merchant API certificate's key + serial).
    merchant_serial_no: str = DEV_MERCHANT_SERIAL_NO
    merchant_public_key_path: str = str(DEV_MERCHANT_PUBLIC_KEY)
    # Two platform keys at once (rotation). Each is both a "WeChat Pay public key" (its id
    # below) and the key of a self-signed platform certificate generated at start-up.
    platform_private_key_paths: tuple[str, ...] = tuple(str(p) for p in DEV_PLATFORM_PRIVATE_KEYS)
    public_key_ids: tuple[str, ...] = DEV_PUBLIC_KEY_IDS
    fee_rate_bp: int = 60  # 手续费 rate in basis points: 60 = 0.60%
    bill_url_ttl: float = 300.0  # download_url lifetime, sandbox-clock seconds
    delivery_timeout: float = 5.0  # notification POST timeout, real seconds
    # --- runtime settings -------------------------------------------------
    platform_mode: str = "public_key"  # "public_key" (Wechatpay-Serial PUB_KEY_ID_…) | "certificate"
    signing_key_index: int = 0  # which platform key signs responses and notifications
    time_scale: float = 1.0  # multiplies the notification retry schedule (tests use 0.001)
    # PROCESSING refunds succeed by themselves after this many (scaled) seconds; None: only
    # POST /control/wechatpay/refund-result settles them.
    refund_auto_success_seconds: float | None = 5.0
    # Bills of day D (Asia/Shanghai) are ready at this hour of D+1, as on WeChat; None:
    # available at once, including today's (built from what has happened so far).
    bill_ready_hour: int | None = 10


@dataclass
class Settings:
    """The runtime part of PaySandboxConfig, as the running emulator currently has it."""

    platform_mode: str
    signing_key_index: int
    time_scale: float
    refund_auto_success_seconds: float | None
    bill_ready_hour: int | None


RUNTIME_SETTINGS = (
    "platform_mode",
    "signing_key_index",
    "time_scale",
    "refund_auto_success_seconds",
    "bill_ready_hour",
)


@dataclass(frozen=True)
class DevMerchantCredentials:
    """What the app's development configuration needs to talk to the emulator."""

    mchid: str
    appid: str
    apiv3_key: str
    merchant_private_key_path: str
    merchant_serial_no: str
    platform_public_key_path: str
    platform_public_key_id: str

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


def dev_merchant_credentials(config: SandboxConfig | None = None) -> DevMerchantCredentials:
    """Merchant-side credentials matching the emulator's default (public-key mode) config."""
    if config is None:
        from sandbox.app import SandboxConfig

        config = SandboxConfig()
    pay = config.pay
    return DevMerchantCredentials(
        mchid=pay.mchid,
        appid=pay.appid or config.wechat_appid,
        apiv3_key=pay.apiv3_key,
        merchant_private_key_path=str(DEV_MERCHANT_PRIVATE_KEY),
        merchant_serial_no=pay.merchant_serial_no,
        platform_public_key_path=str(DEV_PLATFORM_PUBLIC_KEYS[0]),
        platform_public_key_id=pay.public_key_ids[0],
    )
