"""Envelope encryption: data keys wrapped by KEKs in `data_keys`, rotation, re-wrap, re-encryption."""

import base64
import threading
import time

import pytest
from pydantic import SecretStr
from sqlalchemy import delete, select, text

from bff.cli import main
from bff.security import reencrypt as reencrypt_module
from bff.security.fields import DecryptionError, FieldCipher, aad_for, kid_of
from bff.security.keyring import (
    ENCRYPTED_COLUMNS,
    Keks,
    Keyring,
    KeyringError,
    ensure_primary_key,
    rewrap,
    rotate,
)
from bff.security.reencrypt import ReencryptProgress, reencrypt, retire_unused
from models import ActivationBatch, Client, ConsentRecord, DataKey, Operator, Plan, Store, User
from models.base import new_public_id, utcnow
from models.consent import RecordKind
from models.keys import DataKeyStatus

PHONE = "+8613800138000"


def _factory(app):
    return app.extensions["mirror.db"].factory


def _settings(app):
    return app.extensions["mirror.settings"]


def _app_cipher(app) -> FieldCipher:
    return app.extensions["mirror.deps"].cipher


def _keys(db_session) -> dict[str, DataKeyStatus]:
    db_session.rollback()  # a new snapshot: see what other connections committed
    return dict(db_session.execute(select(DataKey.kid, DataKey.status)).all())


def _rotate(app) -> str:
    with _factory(app).begin() as session:
        return rotate(session, _settings(app))


def _all_values(db_session) -> list[tuple[str, str, str]]:
    """(label, public_id, value) of every encrypted value in the database."""
    db_session.rollback()
    out = []
    for enc in ENCRYPTED_COLUMNS:
        rows = db_session.execute(select(enc.model.public_id, enc.column).where(enc.column.is_not(None)))
        out += [(enc.label, public_id, value) for public_id, value in rows]
    return out


def _seed(app, cipher: FieldCipher, users: int = 3, clients: int = 2, panel: bool = True
          ) -> dict[tuple[str, str], str]:
    """Users, client files and their consent records with every encrypted column filled;
    label/public id -> plaintext."""
    plain = {}
    with _factory(app).begin() as session:
        owner = None
        for i in range(users):
            user = User(public_id=new_public_id(), openid=f"o-seed-{i}")
            phone, skey = f"+86139001390{i:02d}", f"session-key-{i}"
            user.phone_enc = cipher.encrypt(phone, aad_for("users", "phone", user.public_id))
            user.session_key_enc = cipher.encrypt(skey, aad_for("users", "session_key", user.public_id))
            plain[("users.phone_enc", user.public_id)] = phone
            plain[("users.session_key_enc", user.public_id)] = skey
            session.add(user)
            owner = owner or user
        session.flush()
        store = Store(name="镜店", address="上海", business_category="beauty", created_by=owner.id)
        session.add(store)
        session.flush()
        for i in range(clients):
            c = Client(public_id=new_public_id(), store_id=store.id, created_by=owner.id)
            for col, value in (("name", f"客户{i}"), ("phone", f"+86137001370{i:02d}"),
                               ("birth_date", f"1990-01-{i + 1:02d}"), ("notes", f"备注 {i}")):
                setattr(c, f"{col}_enc", cipher.encrypt(value, aad_for("clients", col, c.public_id)))
                plain[(f"clients.{col}_enc", c.public_id)] = value
            session.add(c)
            session.flush()
            # Consent evidence seals the signer's phone, a guardian's name and the IP.
            r = ConsentRecord(public_id=new_public_id(), store_id=store.id, seq=i + 1, kind=RecordKind.grant,
                              client_id=c.id, scopes=["capture"], actor_role="guardian", prev_hash="0" * 64,
                              hash=f"{i:064d}")
            for col, value in (("signer_phone", f"+86136001360{i:02d}"), ("guardian_name", f"监护人{i}"),
                               ("ip", f"10.0.0.{i + 1}")):
                setattr(r, f"{col}_enc", cipher.encrypt(value, aad_for("consent_records", col, r.public_id)))
                plain[(f"consent_records.{col}_enc", r.public_id)] = value
            session.add(r)
        if not panel:
            return plain
        # The panel's sealed values: an operator's TOTP secret, a batch's codes before their export.
        op = Operator(public_id=new_public_id(), username="op-seed", password_hash="x", roles=["admin"])
        op.totp_secret_enc = cipher.encrypt("JBSWY3DPEHPK3PXP", aad_for("operators", "totp_secret", op.public_id))
        plain[("operators.totp_secret_enc", op.public_id)] = "JBSWY3DPEHPK3PXP"
        plan = session.scalar(select(Plan).where(Plan.code == "vip_month"))
        batch = ActivationBatch(public_id=new_public_id(), plan_id=plan.id, quantity=1, valid_from=utcnow(),
                                valid_until=utcnow(), channel_note="x", created_by="op")
        batch.codes_enc = cipher.encrypt("AAAAAA-BBBBBB-CCCCCC", aad_for("activation_batches", "codes",
                                                                          batch.public_id))
        plain[("activation_batches.codes_enc", batch.public_id)] = "AAAAAA-BBBBBB-CCCCCC"
        session.add_all([op, batch])
    return plain


def _aad(label: str, public_id: str) -> bytes:
    enc = next(e for e in ENCRYPTED_COLUMNS if e.label == label)
    return aad_for(enc.table, enc.aad_column, public_id)


# --- storage ----------------------------------------------------------------------------


def test_the_database_holds_only_wrapped_data_keys(app, db_session):
    token = _app_cipher(app).encrypt(PHONE, aad_for("users", "phone", "pub-1"))
    row = db_session.scalar(select(DataKey).where(DataKey.status == DataKeyStatus.primary))
    assert row is not None and kid_of(token) == row.kid
    dek = Keks.from_settings(_settings(app)).unwrap(row.kid, row.kek_id, row.wrapped_key)
    # The unwrapped key really is the one sealing values...
    unwrapped = FieldCipher.from_keys({row.kid: dek}, row.kid)
    assert unwrapped.decrypt(token, aad_for("users", "phone", "pub-1")) == PHONE
    # ...and no form of it (nor of the KEK) is stored anywhere in the row.
    kek = base64.b64decode(_settings(app).field_keys[row.kek_id].get_secret_value())
    raw = db_session.execute(text("SELECT * FROM data_keys")).one()
    stored = " ".join(str(v) for v in raw).encode()
    for secret in (dek, kek):
        for form in (secret, secret.hex().encode(), base64.b64encode(secret),
                     base64.urlsafe_b64encode(secret).rstrip(b"=")):
            assert form not in stored
    assert row.wrapped_key.startswith(f"v1.{row.kek_id}.") and row.kek_id == _settings(app).field_primary_key


def test_a_wrong_kek_cannot_unwrap_and_a_wrapped_key_does_not_move_to_another_kid(app, db_session):
    row = db_session.scalar(select(DataKey).where(DataKey.status == DataKeyStatus.primary))
    settings = _settings(app)
    other_bytes = SecretStr(base64.b64encode(b"w" * 32).decode())
    wrong = settings.model_copy(update={"field_keys": {row.kek_id: other_bytes}})
    with pytest.raises(KeyringError, match="wrong KEK"):
        Keks.from_settings(wrong).unwrap(row.kid, row.kek_id, row.wrapped_key)
    with pytest.raises(KeyringError):
        Keyring(_factory(app), wrong).primary()
    missing = settings.model_copy(update={"field_keys": {"other": settings.field_keys[row.kek_id]},
                                          "field_primary_key": "other"})
    with pytest.raises(KeyringError, match="not configured"):
        Keyring(_factory(app), missing).primary()
    with pytest.raises(KeyringError):  # AAD binds the wrapped key to its kid
        Keks.from_settings(settings).unwrap("k99", row.kek_id, row.wrapped_key)
    assert len(Keks.from_settings(settings).unwrap(row.kid, row.kek_id, row.wrapped_key)) == 32


# --- rotation ---------------------------------------------------------------------------


def test_after_rotation_new_values_use_the_new_key_and_old_ones_still_read(app, client, login, db_session):
    old_kid = _app_cipher(app).primary
    who = login(phone="13800138000")
    old_value = db_session.scalar(select(User.phone_enc).where(User.public_id == who.user_id))
    assert kid_of(old_value) == old_kid

    new_kid = _rotate(app)
    assert new_kid != old_kid
    assert _keys(db_session) == {old_kid: DataKeyStatus.active, new_kid: DataKeyStatus.primary}
    _app_cipher(app).keyring.refresh()  # what the refresh interval does by itself

    me = client.get("/api/v1/me", headers=who.headers)
    assert me.status_code == 200 and me.json["phone_masked"] == "138****8000"
    other = login(phone="13900139000")
    db_session.rollback()
    assert kid_of(db_session.scalar(select(User.phone_enc).where(User.public_id == other.user_id))) == new_kid
    assert db_session.scalar(select(User.phone_enc).where(User.public_id == who.user_id)) == old_value
    assert client.get("/api/v1/me", headers=other.headers).json["phone_masked"] == "139****9000"


def test_a_rotation_by_another_process_is_picked_up_without_a_restart(app, database_url):
    from models.session import make_engine, make_session_factory

    # Each "process" has its own engine; a fake clock makes the refresh interval exact.
    now = [1000.0]
    engines = [make_engine(database_url, pooled=False) for _ in range(3)]
    a, b, c = (make_session_factory(e) for e in engines)
    ka = Keyring(a, _settings(app), refresh_interval=30, clock=lambda: now[0])
    kc = Keyring(c, _settings(app), refresh_interval=30, clock=lambda: now[0])
    first = ka.primary()[0]
    assert kc.primary()[0] == first

    second = _rotate(app)
    assert ka.primary()[0] == first  # cached until the interval passes
    sealed = FieldCipher(Keyring(b, _settings(app))).encrypt("x", b"aad")
    assert kid_of(sealed) == second
    assert FieldCipher(kc).decrypt(sealed, b"aad") == "x"  # an unknown kid triggers a reload at once
    now[0] += 29
    assert ka.primary()[0] == first
    now[0] += 1
    assert ka.primary()[0] == second

    # With the real clock and a tiny interval.
    tiny = Keyring(a, _settings(app), refresh_interval=0.05)
    assert tiny.primary()[0] == second
    third = _rotate(app)
    time.sleep(0.1)
    assert tiny.primary()[0] == third
    for engine in engines:
        engine.dispose()


def test_concurrent_first_keys_leave_exactly_one_primary(app, db_session):
    db_session.execute(delete(DataKey))
    db_session.commit()
    settings = _settings(app)
    results: dict[str, str] = {}

    def second_process():
        with _factory(app).begin() as session:
            results["second"] = ensure_primary_key(session, settings)

    thread = threading.Thread(target=second_process)
    with _factory(app)() as first:
        first.begin()
        results["first"] = ensure_primary_key(first, settings)  # inserted, not yet committed
        thread.start()
        thread.join(1.0)
        # It also found no primary and tried to create the same next key: it waits on ours.
        blocked = thread.is_alive()
        first.commit()
    thread.join(10)
    assert blocked
    assert not thread.is_alive()
    assert results["first"] == results["second"]
    assert _keys(db_session) == {results["first"]: DataKeyStatus.primary}
    with _factory(app).begin() as session:  # and again is a no-op
        assert ensure_primary_key(session, settings) == results["first"]
    assert len(_keys(db_session)) == 1


def test_an_empty_table_gets_a_primary_key_lazily(app, db_session):
    db_session.execute(delete(DataKey))
    db_session.commit()
    with pytest.raises(KeyringError, match="no primary"):
        Keyring(_factory(app), _settings(app), create_missing=False).primary()
    kid = Keyring(_factory(app), _settings(app)).primary()[0]
    assert _keys(db_session) == {kid: DataKeyStatus.primary}


# --- re-encryption ----------------------------------------------------------------------


def test_reencrypt_moves_every_value_to_the_primary_and_retires_the_old_key(app, client, login, db_session):
    cipher = _app_cipher(app)
    who = login(phone="13800138000")
    plain = _seed(app, cipher)
    old_kid = cipher.primary
    before = _all_values(db_session)
    assert len(before) == 2 + len(plain) and {kid_of(v) for _, _, v in before} == {old_kid}
    assert {label for label, _, _ in before} == {e.label for e in ENCRYPTED_COLUMNS}
    client_updated = dict(db_session.execute(select(Client.public_id, Client.updated_at)).all())

    new_kid = _rotate(app)
    cipher.keyring.refresh()
    seen: list[ReencryptProgress] = []
    report = reencrypt(_factory(app), cipher, batch_size=2, progress=seen.append, propagation_delay=0)

    after = _all_values(db_session)
    assert {kid_of(v) for _, _, v in after} == {new_kid}
    assert report.rewritten == report.scanned == len(before) and report.failed == 0
    assert report.retired == [old_kid] and _keys(db_session)[old_kid] == DataKeyStatus.retired
    assert [p.phase for p in seen] == ["batch"] * len(seen) and seen[-1].rewritten == len(before)
    assert max(p.batch_scanned for p in seen) == 2
    # Every value decrypts with its own AAD under a keyring that no longer has the old key...
    fresh = FieldCipher(Keyring(_factory(app), _settings(app)))
    assert fresh.keyring.get(old_kid) is None
    for label, public_id, value in after:
        decrypted = fresh.decrypt(value, _aad(label, public_id))
        if (label, public_id) in plain:
            assert decrypted == plain[(label, public_id)]
        with pytest.raises(DecryptionError):
            fresh.decrypt(value, aad_for("users", "moved", public_id))
    # ...old copies are dead, content timestamps did not move, and the app still reads.
    with pytest.raises(DecryptionError):
        fresh.decrypt(before[0][2], _aad(before[0][0], before[0][1]))
    assert dict(db_session.execute(select(Client.public_id, Client.updated_at)).all()) == client_updated
    assert client.get("/api/v1/me", headers=who.headers).json["phone_masked"] == "138****8000"
    # Nothing left: a second run rewrites nothing.
    again = reencrypt(_factory(app), cipher, batch_size=2, propagation_delay=0)
    assert again.scanned == again.rewritten == 0 and again.retired == []


def test_reencrypt_is_resumable_after_an_interruption(app, db_session):
    cipher = _app_cipher(app)
    _seed(app, cipher, users=3, clients=0, panel=False)  # 6 values in users
    old_kid = cipher.primary
    new_kid = _rotate(app)

    class StopAfterOneBatchError(Exception):
        pass

    def stop(progress: ReencryptProgress) -> None:
        raise StopAfterOneBatchError(progress)

    with pytest.raises(StopAfterOneBatchError) as stopped:
        reencrypt(_factory(app), cipher, batch_size=2, progress=stop, propagation_delay=0)
    assert stopped.value.args[0].batch_rewritten == 2
    kids = [kid_of(v) for _, _, v in _all_values(db_session)]
    assert kids.count(new_kid) == 2 and kids.count(old_kid) == 4  # the first batch committed
    assert _keys(db_session)[old_kid] == DataKeyStatus.active

    report = reencrypt(_factory(app), cipher, batch_size=2, propagation_delay=0)
    assert report.rewritten == 4 and report.retired == [old_kid]
    assert {kid_of(v) for _, _, v in _all_values(db_session)} == {new_kid}


def test_reencrypt_first_waits_until_every_process_uses_the_new_key(app, db_session):
    cipher = _app_cipher(app)
    _seed(app, cipher, users=1, clients=0, panel=False)
    _rotate(app)
    waits: list[float] = []
    seen: list[ReencryptProgress] = []
    report = reencrypt(_factory(app), cipher, progress=seen.append, propagation_delay=60, sleep=waits.append)
    assert len(waits) == 1 and 50 < waits[0] <= 60 and seen[0].phase == "waiting"
    assert report.rewritten == 2


def test_reencrypt_never_overwrites_a_concurrent_write(app, db_session):
    cipher = _app_cipher(app)
    _seed(app, cipher, users=1, clients=0, panel=False)
    new_kid = _rotate(app)
    cipher.keyring.refresh()
    user = db_session.scalar(select(User))
    aad = aad_for("users", "phone", user.public_id)
    db_session.rollback()

    class RacingCipher(FieldCipher):
        """The app rebinds the phone right after re-encryption has read the old value."""

        def decrypt(self, token, aad_):
            plaintext = super().decrypt(token, aad_)
            if aad_ == aad:
                with _factory(app).begin() as session:
                    rebound = cipher.encrypt("+8613900000000", aad)
                    session.execute(text("UPDATE users SET phone_enc = :v"), {"v": rebound})
            return plaintext

    report = reencrypt(_factory(app), RacingCipher(cipher.keyring), propagation_delay=0)
    assert report.scanned == 2 and report.rewritten == 1  # the session key; the phone lost the race
    phone = db_session.scalar(select(User.phone_enc))
    assert kid_of(phone) == new_kid and cipher.decrypt(phone, aad) == "+8613900000000"


def test_values_that_do_not_decrypt_are_reported_and_keep_their_key(app, db_session):
    cipher = _app_cipher(app)
    _seed(app, cipher, users=1, clients=0, panel=False)
    old_kid = cipher.primary
    user = db_session.scalar(select(User))
    tampered = user.phone_enc[:-2] + ("A" if user.phone_enc[-2] != "A" else "B") + user.phone_enc[-1]
    db_session.execute(text("UPDATE users SET phone_enc = :v"), {"v": tampered})
    db_session.commit()
    _rotate(app)
    report = reencrypt(_factory(app), cipher, propagation_delay=0)
    assert report.failed == 1 and report.rewritten == 1
    assert report.retired == [] and report.remaining == {old_kid: 1}
    assert _keys(db_session)[old_kid] == DataKeyStatus.active
    assert db_session.scalar(select(User.phone_enc)) == tampered


def test_keys_still_referenced_are_not_retired(app, db_session):
    cipher = _app_cipher(app)
    _seed(app, cipher, users=1, clients=0, panel=False)
    old_kid = cipher.primary
    _rotate(app)
    with _factory(app).begin() as session:
        assert retire_unused(session) == []
    assert _keys(db_session)[old_kid] == DataKeyStatus.active


# --- KEK rotation and pre-envelope data --------------------------------------------------


def test_rewrap_lets_the_old_kek_be_removed(app, db_session):
    settings = _settings(app)
    cipher = _app_cipher(app)
    token = cipher.encrypt(PHONE, b"aad")
    new_kek = SecretStr(base64.b64encode(b"n" * 32).decode())
    both = settings.model_copy(update={"field_keys": {**settings.field_keys, "kek2": new_kek},
                                       "field_primary_key": "kek2"})
    only_new = settings.model_copy(update={"field_keys": {"kek2": new_kek}, "field_primary_key": "kek2"})
    with pytest.raises(KeyringError):  # before re-wrapping, the old KEK is still needed
        FieldCipher(Keyring(_factory(app), only_new)).decrypt(token, b"aad")

    with _factory(app).begin() as session:
        report = rewrap(session, both)
    assert report.rewrapped == [kid_of(token)] and report.skipped == []
    db_session.rollback()
    assert set(db_session.scalars(select(DataKey.kek_id))) == {"kek2"}
    assert FieldCipher(Keyring(_factory(app), only_new)).decrypt(token, b"aad") == PHONE
    with pytest.raises(KeyringError):
        Keyring(_factory(app), settings).primary()  # and the old KEK alone no longer opens it
    with _factory(app).begin() as session:
        assert rewrap(session, only_new).rewrapped == []  # idempotent
    # New keys are wrapped under the new primary KEK too.
    with _factory(app).begin() as session:
        newest = rotate(session, only_new)
    db_session.rollback()
    assert db_session.get(DataKey, newest).kek_id == "kek2"
    assert kid_of(FieldCipher(Keyring(_factory(app), only_new)).encrypt("x", b"aad")) == newest


def test_values_sealed_before_envelope_encryption_stay_readable(app, db_session):
    settings = _settings(app)
    kek_id = settings.field_primary_key
    legacy = FieldCipher.from_keys({kek_id: base64.b64decode(settings.field_keys[kek_id].get_secret_value())},
                                   kek_id)
    db_session.execute(delete(DataKey))
    user = User(public_id=new_public_id(), openid="o-legacy")
    user.phone_enc = legacy.encrypt(PHONE, aad_for("users", "phone", user.public_id))
    db_session.add(user)
    db_session.commit()

    with _factory(app).begin() as session:
        primary = ensure_primary_key(session, settings)
    assert _keys(db_session) == {kek_id: DataKeyStatus.active, primary: DataKeyStatus.primary}
    cipher = FieldCipher(Keyring(_factory(app), settings))
    assert cipher.decrypt(user.phone_enc, aad_for("users", "phone", user.public_id)) == PHONE
    report = reencrypt(_factory(app), cipher, propagation_delay=0)
    assert report.rewritten == 1 and report.retired == [kek_id]


# --- CLI --------------------------------------------------------------------------------


def test_the_keys_commands(app, db_session, database_url, monkeypatch, capsys):
    monkeypatch.setenv("MIRROR_ENV", "test")
    monkeypatch.setenv("MIRROR_DATABASE_URL", database_url)
    monkeypatch.setenv("MIRROR_DATA_KEY_REFRESH_SECONDS", "0")
    monkeypatch.setattr(reencrypt_module, "PROPAGATION_GRACE", 0.0)
    cipher = _app_cipher(app)
    _seed(app, cipher, users=2, clients=0, panel=False)
    old_kid = cipher.primary

    main(["keys", "status"])
    out = capsys.readouterr().out
    assert f"{old_kid:<8} primary" in out and out.rstrip().endswith(" 4")

    main(["keys", "rotate"])
    new_kid = [k for k in _keys(db_session) if k != old_kid][0]
    assert f"new primary data key: {new_kid}" in capsys.readouterr().out

    main(["keys", "reencrypt", "--batch-size", "1"])
    out, err = capsys.readouterr()
    assert "done: scanned 4, rewritten 4, failed 0" in out and f"retired: {old_kid}" in out
    # A progress bar on stderr: the total known up front, the rate and the time left.
    assert "re-encrypting: 100%" in err and "4/4 [" in err and "value/s" in err

    main(["keys", "rewrap"])
    assert "none needed" in capsys.readouterr().out
    main(["keys", "status"])
    out = capsys.readouterr().out
    assert f"{old_kid:<8} retired" in out and f"{new_kid:<8} primary" in out
