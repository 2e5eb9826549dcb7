"""Operators: argon2id passwords, login, lockout, disabled accounts, tokens apart from the mini-program's."""

import time

import jwt
from sqlalchemy import select

from bff.admin.auth import hash_password, verify_password
from models import Operator
from models.base import utcnow
from tests.bff.admin.helpers import PASSWORD, make_operator

BATCHES = "/api/admin/v1/activation-batches"


def test_passwords_are_salted_argon2id_with_their_parameters_in_the_hash():
    one, two = hash_password("S3cret-passw0rd!"), hash_password("S3cret-passw0rd!")
    assert one != two and one.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password("S3cret-passw0rd!", one) and not verify_password("S3cret-passw0rd?", one)
    assert not verify_password("S3cret-passw0rd!", "bcrypt$whatever")


def test_scrypt_hashes_from_before_still_verify_and_ask_for_a_rehash():
    import base64
    import hashlib

    from bff.admin.passwords import needs_rehash

    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(b"Old-passw0rd!!", salt=salt, n=2**14, r=8, p=1, dklen=32)
    old = f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert verify_password("Old-passw0rd!!", old) and not verify_password("Old-passw0rd!?", old)
    assert needs_rehash(old) and not needs_rehash(hash_password("Old-passw0rd!!"))


def test_an_operator_logs_in_and_gets_a_short_lived_operator_token(app, client, db_session):
    op = make_operator(app, client, "admin", "support")
    row = db_session.scalar(select(Operator).where(Operator.username == op.username))
    assert PASSWORD not in row.password_hash and row.roles == ["admin", "support"]
    claims = jwt.decode(op.token, options={"verify_signature": False})
    assert claims["typ"] == "operator" and claims["aud"] == "mirror-admin" and claims["sub"] == op.public_id
    assert claims["roles"] == ["admin", "support"] and claims["exp"] - claims["iat"] == 15 * 60
    assert client.get(BATCHES, headers=op.headers).status_code == 200


def test_a_wrong_password_is_refused_with_a_stable_reason(app, client):
    op = make_operator(app, client, "admin", log_in=False)
    res = client.post("/api/admin/v1/login", json={"username": op.username, "password": PASSWORD + "x"})
    assert res.status_code == 401 and res.json["reason"] == "operator_login_failed"
    unknown = client.post("/api/admin/v1/login", json={"username": "nobody", "password": PASSWORD})
    assert unknown.status_code == 401 and unknown.json["reason"] == "operator_login_failed"


def test_five_bad_passwords_lock_the_username_even_against_the_right_one(app, client):
    op = make_operator(app, client, "admin", log_in=False)
    bad = [client.post("/api/admin/v1/login", json={"username": op.username, "password": f"wrong-{i}"}).status_code
           for i in range(5)]
    assert bad == [401] * 5
    res = client.post("/api/admin/v1/login", json={"username": op.username, "password": PASSWORD})
    assert res.status_code == 423 and res.json["reason"] == "operator_locked"
    assert 0 < int(res.headers["Retry-After"]) <= 15 * 60
    other = make_operator(app, client, "admin")  # another username is not locked
    assert other.token


def test_a_successful_login_resets_the_failure_count(app, client):
    op = make_operator(app, client, "admin", log_in=False)
    for _ in range(4):
        client.post("/api/admin/v1/login", json={"username": op.username, "password": "wrong"})
    assert client.post("/api/admin/v1/login", json={"username": op.username, "password": PASSWORD}).status_code == 200
    for _ in range(4):
        client.post("/api/admin/v1/login", json={"username": op.username, "password": "wrong"})
    assert client.post("/api/admin/v1/login", json={"username": op.username, "password": PASSWORD}).status_code == 200


def test_a_disabled_operator_cannot_log_in_and_their_token_stops_working(app, client, db_session):
    op = make_operator(app, client, "admin")
    row = db_session.scalar(select(Operator).where(Operator.username == op.username))
    row.disabled_at = utcnow()
    db_session.commit()
    res = client.get(BATCHES, headers=op.headers)
    assert res.status_code == 401 and res.json["reason"] == "operator_disabled"
    login = client.post("/api/admin/v1/login", json={"username": op.username, "password": PASSWORD})
    assert login.status_code == 401 and login.json["reason"] == "operator_disabled"


def test_roles_are_read_from_the_database_not_the_token(app, client, db_session):
    op = make_operator(app, client, "admin")
    assert client.get(BATCHES, headers=op.headers).status_code == 200
    row = db_session.scalar(select(Operator).where(Operator.username == op.username))
    row.roles = ["support"]
    db_session.commit()
    res = client.get(BATCHES, headers=op.headers)
    assert res.status_code == 403 and res.json["reason"] == "operator_role_required"


def test_admin_routes_need_an_operator_token(client):
    res = client.get(BATCHES)
    assert res.status_code == 401 and res.json["reason"] == "operator_token_missing"
    res = client.get(BATCHES, headers={"Authorization": "Bearer not-a-jwt"})
    assert res.status_code == 401 and res.json["reason"] == "operator_token_invalid"


def test_a_mini_program_token_is_refused_by_admin_routes(client, login):
    who = login()
    res = client.get(BATCHES, headers=who.headers)
    assert res.status_code == 401 and res.json["reason"] == "operator_token_invalid"


def test_an_operator_token_is_refused_by_mini_program_routes(app, client):
    op = make_operator(app, client, "admin", "finance", "support")
    res = client.get("/api/v1/me", headers=op.headers)
    assert res.status_code == 401 and res.json["reason"] == "token_invalid"
    res = client.post("/api/v1/activation-codes/redeem", json={"code": "x"}, headers=op.headers)
    assert res.status_code == 401


def test_forged_operator_tokens_are_refused(app, client, settings):
    op = make_operator(app, client, "admin")
    key = settings.secret_key.get_secret_value()
    now = int(time.time())
    base = {"iss": settings.jwt_issuer, "aud": "mirror-admin", "sub": op.public_id, "typ": "operator",
            "roles": ["admin"], "jti": "j", "iat": now, "exp": now + 600}
    forged = {
        "none": jwt.encode(base, None, algorithm="none"),
        "other key": jwt.encode(base, "x" * 64, algorithm="HS256"),
        "expired": jwt.encode(base | {"iat": now - 1000, "exp": now - 100}, key, algorithm="HS256"),
        "mini-program audience": jwt.encode(base | {"aud": settings.jwt_audience}, key, algorithm="HS256"),
        "access typ": jwt.encode(base | {"typ": "access"}, key, algorithm="HS256"),
    }
    for name, token in forged.items():
        res = client.get(BATCHES, headers={"Authorization": f"Bearer {token}"})
        assert res.status_code == 401, name
        assert res.json["reason"] in {"operator_token_invalid", "operator_token_expired"}, name
    good = jwt.encode(base, key, algorithm="HS256")
    assert client.get(BATCHES, headers={"Authorization": f"Bearer {good}"}).status_code == 200


# -- one counter per operator, whatever spelling the database folds onto it ----------------------

VARIANTS = ("séclock", "ｓｅｃｌｏｃｋ", "secloçk", "SECLOCK", "Seclock ", "ＳＥＣＬＯＣＫ")


def _login(client, username, password):  # type: ignore[no-untyped-def]
    return client.post("/api/admin/v1/login", json={"username": username, "password": password})


def test_a_locked_operator_stays_locked_under_every_spelling_the_database_folds(app, client):
    make_operator(app, client, "admin", username="seclock", log_in=False)
    assert [_login(client, "seclock", f"wrong-{i}").status_code for i in range(5)] == [401] * 5
    for variant in ("seclock", *VARIANTS):
        res = _login(client, variant, PASSWORD)
        assert res.status_code == 423 and res.json["reason"] == "operator_locked", variant


def test_spelling_variants_share_one_failure_count_and_never_log_in_as_another_spelling(app, client):
    make_operator(app, client, "admin", username="seclock", log_in=False)
    # Accent variants are other names: even the right password fails, and each try counts.
    for variant in ("séclock", "secloçk", "sêclock"):
        assert _login(client, variant, PASSWORD).json["reason"] == "operator_login_failed", variant
    assert [_login(client, v, "wrong").status_code for v in ("ｓｅｃｌｏｃｋ", "SECLOCK")] == [401, 401]
    res = _login(client, "seclock", PASSWORD)
    assert res.status_code == 423 and res.json["reason"] == "operator_locked"


def test_width_and_case_variants_are_the_same_name_and_log_in(app, client):
    make_operator(app, client, "admin", username="seclock", log_in=False)
    for variant in ("ｓｅｃｌｏｃｋ", "SECLOCK", " SecLock "):
        res = _login(client, variant, PASSWORD)
        assert res.status_code == 200 and res.json["operator"]["username"] == "seclock", variant


def test_usernames_are_stored_normalised_and_a_collation_twin_cannot_be_created(app, client, db_session):
    import pytest

    from bff.admin.auth import create_operator

    make_operator(app, client, "admin", username="ＯｐｓＯｎｅ", log_in=False)
    assert db_session.scalar(select(Operator.username)) == "opsone"
    factory = app.extensions["mirror.db"].factory
    for twin in ("OPSONE", "öpsone", "ｏｐｓｏｎｅ"):
        with factory.begin() as session, pytest.raises(ValueError, match="exists"):
            create_operator(session, twin, PASSWORD, ["admin"])
    for bad in ("", "   ", "ops\u202eone", "ops\x00one", "ops\u200bone"):
        with factory.begin() as session, pytest.raises(ValueError, match="username"):
            create_operator(session, bad, PASSWORD, ["admin"])


def test_rows_stored_before_normalisation_are_compared_normalised(app, client, db_session):
    from bff.admin.auth import hash_password

    db_session.add(Operator(username="LegacyOps", password_hash=hash_password(PASSWORD), roles=["admin"],
                            created_at=utcnow()))
    db_session.commit()
    assert _login(client, "legacyops", PASSWORD).status_code == 200
    assert _login(client, "ＬｅｇａｃｙＯｐｓ", PASSWORD).status_code == 200
    assert _login(client, "légacyops", PASSWORD).status_code == 401


def test_the_lockout_rule_runs_without_flask(app):
    """The JSON login and any other front end share ``authenticate``; it needs no request context."""
    import pytest

    from bff.admin import auth

    d = app.extensions["mirror.deps"]
    factory = app.extensions["mirror.db"].factory
    with factory.begin() as session:
        auth.create_operator(session, "nofl", PASSWORD, ["admin"])
    for _ in range(5):
        with factory() as session, pytest.raises(auth.OperatorLoginFailed):
            auth.authenticate(session, d.redis, d.settings, "nófl", "wrong")
    with factory() as session, pytest.raises(auth.OperatorLocked) as locked:
        auth.authenticate(session, d.redis, d.settings, "NOFL", PASSWORD)
    assert int(locked.value.headers["Retry-After"]) > 0


def test_concurrent_guesses_get_no_more_tries_than_the_limit(app, client, live_app):
    """Counting happens before checking, atomically: 24 parallel wrong passwords in several
    spellings are at most 5 checks (401), the rest 423; then even the right password is 423."""
    from concurrent.futures import ThreadPoolExecutor

    import requests

    def spellings(name: str) -> list[str]:  # all folded onto one row by the collation
        fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in name)
        return [name, name.upper(), fullwidth, name.replace("a", "á", 1)]

    for round_ in range(3):
        name = f"raceop{round_}"
        make_operator(app, client, "admin", username=name, log_in=False)
        names = spellings(name)

        def guess(i: int, names: list[str] = names) -> int:
            spelling = names[i % len(names)]
            return requests.post(f"{live_app.url}/api/admin/v1/login", timeout=30,
                                 json={"username": spelling, "password": f"wrong-{i}"}).status_code

        with ThreadPoolExecutor(max_workers=12) as pool:
            statuses = list(pool.map(guess, range(24)))
        assert statuses.count(401) <= 5 and statuses.count(401) + statuses.count(423) == 24, statuses
        assert _login(client, name, PASSWORD).status_code == 423
