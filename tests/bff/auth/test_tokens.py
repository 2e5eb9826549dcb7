"""Access and refresh tokens: rotation, reuse detection and forgeries."""

import base64
import json
import time

import jwt
import pytest
import time_machine
from sqlalchemy import select

from bff.config import Settings
from models import AuthSession


def _me(client, token):
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def _claims(token):
    return jwt.decode(token, options={"verify_signature": False})


def _sign(claims, settings: Settings, **kwargs):
    return jwt.encode(claims, settings.secret_key.get_secret_value(), **{"algorithm": "HS256", **kwargs})


def test_a_valid_access_token_reads_the_profile(client, login):
    who = login()
    res = _me(client, who.access_token)
    assert res.status_code == 200 and res.json["user_id"] == who.user_id


def test_a_missing_or_malformed_header_is_401(client, login):
    assert client.get("/api/v1/me").json["reason"] == "token_missing"
    assert client.get("/api/v1/me", headers={"Authorization": "Basic abc"}).json["reason"] == "token_missing"
    assert _me(client, "not-a-jwt").json["reason"] == "token_invalid"


def test_refresh_rotates_the_pair_and_the_new_access_token_works(client, login):
    who = login()
    res = client.post("/api/v1/auth/refresh", json={"refresh_token": who.refresh_token})
    assert res.status_code == 200
    assert res.json["refresh_token"] != who.refresh_token
    assert _me(client, res.json["access_token"]).status_code == 200
    # The rotated pair chains on: the new refresh token works once too.
    again = client.post("/api/v1/auth/refresh", json={"refresh_token": res.json["refresh_token"]})
    assert again.status_code == 200


def test_reusing_a_rotated_refresh_token_revokes_the_whole_session(client, login, db_session):
    who = login()
    rotated = client.post("/api/v1/auth/refresh", json={"refresh_token": who.refresh_token}).json
    replay = client.post("/api/v1/auth/refresh", json={"refresh_token": who.refresh_token})
    assert replay.status_code == 401 and replay.json["reason"] == "refresh_token_reused"
    # The revocation was committed despite the error response: every token of the session is dead.
    assert _me(client, rotated["access_token"]).json["reason"] == "session_revoked"
    stolen = client.post("/api/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert stolen.status_code == 401 and stolen.json["reason"] == "session_revoked"
    session = db_session.scalar(select(AuthSession))
    assert session.revoked_reason == "refresh_reuse"


def test_a_refresh_token_cannot_be_used_as_an_access_token(client, login):
    who = login()
    res = _me(client, who.refresh_token)
    assert res.status_code == 401 and res.json["reason"] == "token_invalid"


def test_an_access_token_cannot_be_used_to_refresh(client, login):
    who = login()
    res = client.post("/api/v1/auth/refresh", json={"refresh_token": who.access_token})
    assert res.status_code == 401 and res.json["reason"] == "token_invalid"


def test_an_expired_access_token_is_refused(client, login, settings):
    who = login()
    with time_machine.travel(time.time() + settings.access_token_ttl + 60):
        res = _me(client, who.access_token)
    assert res.status_code == 401 and res.json["reason"] == "token_expired"


def test_alg_none_is_refused(client, login):
    who = login()
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=")
    body = base64.urlsafe_b64encode(json.dumps(_claims(who.access_token)).encode()).rstrip(b"=")
    forged = f"{header.decode()}.{body.decode()}."
    assert _me(client, forged).json["reason"] == "token_invalid"


def test_a_token_signed_with_another_key_is_refused(client, login):
    who = login()
    forged = jwt.encode(_claims(who.access_token), "an-attacker-key-that-is-long-enough-32b", algorithm="HS256")
    assert _me(client, forged).json["reason"] == "token_invalid"


@pytest.mark.parametrize("alg", ["HS384", "HS512"])
def test_an_algorithm_outside_the_allowlist_is_refused_even_with_the_right_key(client, login, settings, alg):
    who = login()
    assert _me(client, _sign(_claims(who.access_token), settings, algorithm=alg)).json["reason"] == "token_invalid"


def test_an_rs256_token_is_refused(client, login):
    from cryptography.hazmat.primitives.asymmetric import rsa

    who = login()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(_claims(who.access_token), key, algorithm="RS256")
    assert _me(client, forged).json["reason"] == "token_invalid"


@pytest.mark.parametrize(("claim", "value"), [("aud", "someone-else"), ("iss", "evil"), ("typ", None)])
def test_wrong_audience_issuer_or_missing_type_is_refused(client, login, settings, claim, value):
    who = login()
    claims = _claims(who.access_token)
    if value is None:
        claims.pop(claim)
    else:
        claims[claim] = value
    assert _me(client, _sign(claims, settings)).json["reason"] == "token_invalid"


def test_a_correctly_signed_token_for_a_session_of_another_user_is_refused(client, login, settings):
    alice, bob = login(), login()
    claims = _claims(alice.access_token) | {"sid": _claims(bob.access_token)["sid"]}
    assert _me(client, _sign(claims, settings)).json["reason"] == "session_revoked"
