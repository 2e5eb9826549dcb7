"""Random identifiers shaped like WeChat's, and the legacy encryptedData cipher."""

from __future__ import annotations

import base64
import json
import os
import secrets
import string
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_ALNUM = string.ascii_letters + string.digits


def _alnum(length: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(length))


def new_openid() -> str:
    # Real openids are 28 chars: "o" + 27 url-safe characters.
    return "o" + secrets.token_urlsafe(21)[:27]


def new_session_key() -> str:
    # base64 of a 16-byte AES-128 key, as code2Session returns it.
    return base64.b64encode(os.urandom(16)).decode("ascii")


def new_login_code() -> str:
    return _alnum(32)


def new_phone_code() -> str:
    return secrets.token_hex(32)


def new_access_token() -> str:
    return secrets.token_urlsafe(102)


def encrypt_wxa_data(session_key: str, payload: dict[str, Any]) -> tuple[str, str]:
    """AES-128-CBC + PKCS#7 with key = b64decode(session_key), as wx.getPhoneNumber (legacy) does.

    Returns (encryptedData, iv), both base64 like the mini-program receives them.
    """
    key = base64.b64decode(session_key)
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    plaintext = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    ciphertext = encryptor.update(padded) + encryptor.finalize()
    return base64.b64encode(ciphertext).decode("ascii"), base64.b64encode(iv).decode("ascii")
