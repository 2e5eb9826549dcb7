"""Activation codes: batches, the code format, hashes only, single-use redemption, limits."""

import math
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import text

from bff.billing import activation
from tests.bff.admin.helpers import ledger_entries, make_operator
from tests.support.wechat import accept_agreements

BATCHES = "/api/admin/v1/activation-batches"
REDEEM = "/api/v1/activation-codes/redeem"
FORMAT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}$")


@pytest.fixture
def admin(app, client):
    return make_operator(app, client, "admin")


@pytest.fixture
def batch(client, admin):
    def make(quantity=3, plan_code="vip_month", **fields):
        now = datetime.now(UTC)
        body = {"plan_code": plan_code, "quantity": quantity, "valid_from": (now - timedelta(days=1)).isoformat(),
                "valid_until": (now + timedelta(days=30)).isoformat(), "channel_note": "线下沙龙 11 月"} | fields
        res = client.post(BATCHES, json=body, headers=admin.headers)
        assert res.status_code == 201, res.json
        return res.json
    return make


def _user_id(app, who):
    with app.extensions["mirror.db"].engine.connect() as conn:
        return conn.execute(text("SELECT id FROM users WHERE public_id = :p"), {"p": who.user_id}).scalar_one()


def test_codes_are_grouped_crockford_with_a_check_symbol_and_85_bits(batch):
    created = batch(quantity=50)
    codes = created["codes"]
    assert len(codes) == len(set(codes)) == 50 and created["quantity"] == 50
    for code in codes:
        assert FORMAT.match(code), code
        data = code.replace("-", "")
        assert activation.check_symbol(data[:-1]) == data[-1]
        assert not set(data) & set("ILOU")
    assert activation.DATA_CHARS * math.log2(len(activation.ALPHABET)) >= 85


def test_every_single_wrong_symbol_is_caught_by_the_check_symbol():
    code = activation.generate_code().replace("-", "")
    for i in range(len(code)):
        for c in activation.ALPHABET:
            if c != code[i]:
                with pytest.raises(activation.ActivationCodeMalformed):
                    activation.normalise(code[:i] + c + code[i + 1:])


def test_input_is_normalised_for_case_spaces_dashes_and_confusables():
    code = "0123456789ABCDEFG"
    full = code + activation.check_symbol(code)
    typed = " o1 23-456789abcdefg" + full[-1].lower()
    assert activation.normalise(typed) == full
    assert activation.normalise(typed.replace("1", "l", 1)) == full
    with pytest.raises(activation.ActivationCodeMalformed):
        activation.normalise(full + "0")


def test_only_hashes_are_stored_and_codes_are_shown_once(app, client, admin, batch):
    created = batch(quantity=5)
    with app.extensions["mirror.db"].engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM activation_codes")).mappings().all()
        dump = repr(rows) + repr(conn.execute(text("SELECT * FROM activation_batches")).all())
    assert len(rows) == 5 and all(re.fullmatch(r"[0-9a-f]{64}", r["code_hash"]) for r in rows)
    for code in created["codes"]:
        assert code not in dump and code.replace("-", "") not in dump
    listing = client.get(BATCHES, headers=admin.headers).json["batches"]
    assert [b["id"] for b in listing] == [created["id"]] and "codes" not in listing[0]
    assert "codes" not in repr(listing)


def test_batches_need_the_admin_role_and_valid_input(app, client, admin, batch):
    finance = make_operator(app, client, "finance", "support")
    res = client.post(BATCHES, json={}, headers=finance.headers)
    assert res.status_code == 403 and res.json["reason"] == "operator_role_required"
    now = datetime.now(UTC)
    base = {"plan_code": "vip_month", "quantity": 1, "valid_from": now.isoformat(),
            "valid_until": (now + timedelta(days=1)).isoformat(), "channel_note": "x"}
    for bad, status in (({"quantity": 0}, 422), ({"quantity": 10001}, 422), ({"plan_code": "free"}, 404),
                        ({"valid_until": (now - timedelta(days=1)).isoformat()}, 422), ({"extra": 1}, 422)):
        assert client.post(BATCHES, json=base | bad, headers=admin.headers).status_code == status, bad


def test_redemption_grants_and_extends_and_is_in_the_ledger(app, client, login, batch):
    who = login()
    first, second = batch(quantity=2)["codes"]
    res = client.post(REDEEM, json={"code": first.lower()}, headers=who.headers)
    assert res.status_code == 200 and res.json["plan_code"] == "vip_month" and res.json["granted_days"] == 31
    end1 = datetime.fromisoformat(res.json["vip_ends_at"])
    res = client.post(REDEEM, json={"code": second.replace("-", " ")}, headers=who.headers)
    end2 = datetime.fromisoformat(res.json["vip_ends_at"])
    assert end2 - end1 == timedelta(days=31)
    entries = ledger_entries(app, _user_id(app, who))
    assert [(e.kind, e.cause_type, e.delta_seconds) for e in entries] == [("grant", "activation_code", 31 * 86400)] * 2
    with app.extensions["mirror.db"].engine.connect() as conn:
        ids = conn.execute(text("SELECT id FROM activation_codes WHERE redeemed_by = :u ORDER BY redeemed_at"),
                           {"u": _user_id(app, who)}).scalars().all()
    assert sorted(e.cause_id for e in entries) == sorted(str(i) for i in ids)


def test_a_code_is_single_use(client, login, batch):
    one, two = login(), login()
    code = batch(quantity=1)["codes"][0]
    assert client.post(REDEEM, json={"code": code}, headers=one.headers).status_code == 200
    for who in (one, two):
        res = client.post(REDEEM, json={"code": code}, headers=who.headers)
        assert res.status_code == 409 and res.json["reason"] == "activation_code_used"


def test_unknown_and_malformed_codes(client, login):
    who = login()
    data = "ABCDEFGHJKMNPQRST"
    unknown = activation.format_code(data + activation.check_symbol(data))
    res = client.post(REDEEM, json={"code": unknown}, headers=who.headers)
    assert res.status_code == 404 and res.json["reason"] == "activation_code_invalid"
    wrong_check = unknown[:-1] + ("0" if unknown[-1] != "0" else "1")
    res = client.post(REDEEM, json={"code": wrong_check}, headers=who.headers)
    assert res.status_code == 422 and res.json["reason"] == "activation_code_malformed"


def test_a_disabled_batch_and_the_validity_window_answer_410(app, client, admin, login, batch):
    who = login()
    disabled = batch(quantity=1)
    res = client.post(f"{BATCHES}/{disabled['id']}/disable", headers=admin.headers)
    assert res.status_code == 200 and res.json["disabled_at"]
    res = client.post(REDEEM, json={"code": disabled["codes"][0]}, headers=who.headers)
    assert res.status_code == 410 and res.json["reason"] == "activation_batch_disabled"
    now = datetime.now(UTC)
    later = batch(quantity=1, valid_from=(now + timedelta(days=1)).isoformat())
    res = client.post(REDEEM, json={"code": later["codes"][0]}, headers=who.headers)
    assert res.status_code == 410 and res.json["reason"] == "activation_code_not_yet_valid"
    expired = batch(quantity=1)
    with app.extensions["mirror.db"].engine.begin() as conn:
        conn.execute(text("UPDATE activation_batches SET valid_until = :t WHERE public_id = :p"),
                     {"t": (now - timedelta(seconds=1)).replace(tzinfo=None), "p": expired["id"]})
    res = client.post(REDEEM, json={"code": expired["codes"][0]}, headers=who.headers)
    assert res.status_code == 410 and res.json["reason"] == "activation_code_expired"
    assert ledger_entries(app, _user_id(app, who)) == []


def test_redemption_needs_the_current_agreements(client, login, batch):
    who = login(agree=False)
    res = client.post(REDEEM, json={"code": batch(quantity=1)["codes"][0]}, headers=who.headers)
    assert res.status_code == 403 and res.json["reason"] == "agreement_required"


def test_two_simultaneous_redemptions_of_one_code_one_wins(app, live_app, client, login, batch):
    users = [login(), login()]
    codes = batch(quantity=8)["codes"]
    for code in codes:
        barrier = threading.Barrier(2)
        results: list[int] = []

        def redeem(who, code=code, barrier=barrier, results=results):
            barrier.wait()
            res = requests.post(live_app.url + REDEEM, json={"code": code}, headers=who.headers, timeout=10)
            results.append(res.status_code)

        threads = [threading.Thread(target=redeem, args=(u,)) for u in users]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [200, 409], results
    grants = sum(len(ledger_entries(app, _user_id(app, u))) for u in users)
    assert grants == len(codes)


def test_wrong_codes_are_limited_per_user_and_per_ip_and_xff_does_not_help(make_app, wx):
    client = make_app(activation_rate_limit="3/minute", activation_ip_rate_limit="5/minute").test_client()

    def user():
        code, _ = wx.login_code()
        token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        accept_agreements(client, headers)
        return headers

    first = user()
    statuses = [client.post(REDEEM, json={"code": f"WRONG-{i}"}, headers=first | {"X-Forwarded-For": f"203.0.113.{i}"}
                            ).status_code for i in range(4)]
    assert statuses == [422, 422, 422, 429]
    # Another account at the same address (a store behind one NAT) is not locked out by the first...
    second = user()
    assert client.post(REDEEM, json={"code": "WRONG"}, headers=second).status_code == 422
    client.post(REDEEM, json={"code": "WRONG"}, headers=second)
    # ...until the coarse per-address bound is reached, whichever account asks.
    res = client.post(REDEEM, json={"code": "WRONG"}, headers=user())
    assert res.status_code == 429 and res.json["reason"] == "rate_limited" and int(res.headers["Retry-After"]) > 0


def test_the_per_user_limit_holds_across_addresses(make_app, wx):
    app = make_app(activation_rate_limit="3/minute", trusted_proxy_count=1)
    client = app.test_client()
    code, _ = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)
    statuses = [client.post(REDEEM, json={"code": "WRONG"}, headers=headers | {"X-Forwarded-For": f"198.51.100.{i}"}
                            ).status_code for i in range(4)]
    assert statuses == [422, 422, 422, 429]
