"""JWT access and refresh tokens.

Only HS256 is accepted (an explicit allowlist: no ``none``, no RS/HS confusion); the
key comes from settings only (``jku``/``x5u``/``jwk`` headers are ignored by design);
``exp``, ``iat``, ``aud``, ``iss`` and our own ``typ`` claim are required.
"""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass
from typing import Any, Literal

import jwt

from bff.config import Settings

ALGORITHMS = ["HS256"]
TokenType = Literal["access", "refresh"]


class TokenInvalid(Exception):
    pass


class TokenExpired(TokenInvalid):
    pass


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: str
    expires_at: int


class TokenService:
    def __init__(self, settings: Settings) -> None:
        self._key = settings.secret_key.get_secret_value()
        # Prepared once: given a str, PyJWT re-checks on every decode that the secret is not a
        # DER/X.509 public key (two failed parses per request).
        self._verify_key = jwt.PyJWK({"kty": "oct", "alg": "HS256",
                                      "k": base64.urlsafe_b64encode(self._key.encode()).decode().rstrip("=")})
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience
        self._ttl = {"access": settings.access_token_ttl, "refresh": settings.refresh_token_ttl}

    def issue(self, typ: TokenType, *, subject: str, session_id: str, now: float | None = None) -> IssuedToken:
        issued_at = int(now if now is not None else time.time())
        jti = secrets.token_urlsafe(24)
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": subject,
            "sid": session_id,
            "typ": typ,
            "jti": jti,
            "iat": issued_at,
            "exp": (expires_at := issued_at + self._ttl[typ]),
        }
        return IssuedToken(jwt.encode(claims, self._key, algorithm="HS256"), jti, expires_at)

    def verify(self, token: str, typ: TokenType) -> dict[str, Any]:
        try:
            claims = jwt.decode(
                token,
                self._verify_key,
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "sub", "sid", "typ", "jti", "aud", "iss"]},
                leeway=5,
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenExpired(str(exc)) from exc
        except jwt.PyJWTError as exc:
            raise TokenInvalid(str(exc)) from exc
        if claims.get("typ") != typ:
            raise TokenInvalid(f"expected a {typ} token")
        return claims
