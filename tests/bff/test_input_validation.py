"""Text, dates, phones and activation windows people could type wrong are refused with a reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bff.security import phones
from tests.bff.admin.helpers import make_operator

CONTROL = ["a\x00b", "\u202eabc", "ab\u2066c", "a\u200fb", "\x1b[31m", "a\x7fb", "a\x85b", "\ufeffab"]


@pytest.fixture
def shop(client, consultant, store_of):  # type: ignore[no-untyped-def]
    owner = consultant()
    store_id = store_of(owner)
    made = client.post(f"/api/v1/stores/{store_id}/clients", json={"name": "王小美"}, headers=owner.headers)
    assert made.status_code == 201
    return owner, f"/api/v1/stores/{store_id}/clients", made.json["id"]


def _refused(res, field):  # type: ignore[no-untyped-def]
    assert res.status_code == 422 and field in res.json["errors"], res.json
    return res.json["errors"][field]


def test_control_and_bidi_characters_are_refused_in_names_notes_and_tags(client, shop):
    owner, base, client_id = shop
    for bad in CONTROL:
        for field, value in (("name", bad), ("notes", bad), ("tags", [bad])):
            res = client.patch(f"{base}/{client_id}", json={field: value}, headers=owner.headers)
            _refused(res, field)
        res = client.post(base, json={"name": bad}, headers=owner.headers)
        assert _refused(res, "name") == ["不能包含控制字符或双向文本控制符。"]
        res = client.post("/api/v1/stores", headers=owner.headers,
                          json={"name": bad, "address": "杭州", "business_category": "beauty_salon"})
        _refused(res, "name")
    # Line breaks and tabs stay allowed in notes.
    ok = client.patch(f"{base}/{client_id}", json={"notes": "第一行\n第二行\t备注"}, headers=owner.headers)
    assert ok.status_code == 200 and ok.json["name_masked"] == "王*美"


def test_whitespace_only_names_are_refused_and_names_are_trimmed(client, shop):
    owner, base, client_id = shop
    for blank in (" ", "\u3000\u3000", "\t", "\n "):
        assert _refused(client.post(base, json={"name": blank}, headers=owner.headers), "name")
        _refused(client.patch(f"{base}/{client_id}", json={"name": blank}, headers=owner.headers), "name")
    assert _refused(client.post(base, json={"name": "王\n小美"}, headers=owner.headers), "name") == ["不能换行。"]
    made = client.post(base, json={"name": "  李晓  "}, headers=owner.headers)
    revealed = client.post(f"{base}/{made.json['id']}/reveal", json={"fields": ["name"], "reason": "核对身份"},
                           headers=owner.headers)
    assert revealed.json["name"] == "李晓"


def test_birth_dates_outside_1900_to_today_are_refused(client, shop):
    owner, base, client_id = shop
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    for bad in ("0001-01-01", "2999-01-01", "1899-12-31", tomorrow):
        errors = _refused(client.patch(f"{base}/{client_id}", json={"birth_date": bad}, headers=owner.headers),
                          "birth_date")
        assert "1900-01-01" in errors[0]
    for good in ("1900-01-01", "1990-05-01"):
        assert client.patch(f"{base}/{client_id}", json={"birth_date": good}, headers=owner.headers).status_code == 200


@pytest.mark.parametrize("raw", ["139ABC45672", "l3912345673", "I3800138000", "+86 138 0013 8000 ext. 12",
                                 "13800138000;ext=12", "13800138000#12", "13800138000 x12", "１３８OO１３８０００",
                                 "tel:+8613800138000", "", "+"])
def test_phones_with_letters_or_extensions_are_refused_not_rewritten(client, shop, raw):
    owner, base, client_id = shop
    res = client.patch(f"{base}/{client_id}", json={"phone": raw}, headers=owner.headers)
    assert res.status_code == 422 and res.json["reason"] in ("phone_invalid", "validation_error"), res.json
    with pytest.raises(phones.InvalidPhone):
        phones.normalise(raw)


@pytest.mark.parametrize("raw", ["13800138000", "+86 138-0013-8000", "(+86) 138 0013 8000", "１３８００１３８０００",
                                 "8613800138000", "138.0013.8000"])
def test_phones_people_really_type_still_normalise(raw):
    assert phones.normalise(raw) == "+8613800138000"


def test_activation_batches_must_start_about_now_and_end_within_three_years(app, client):
    admin = make_operator(app, client, "admin")
    now = datetime.now(UTC)

    def create(valid_from, valid_until):  # type: ignore[no-untyped-def]
        return client.post("/api/admin/v1/activation-batches", headers=admin.headers, json={
            "plan_code": "vip_month", "quantity": 1, "channel_note": "渠道",
            "valid_from": valid_from, "valid_until": valid_until})

    for start, end in (("0001-01-01T00:00:00+00:00", (now + timedelta(days=30)).isoformat()),
                       (now.isoformat(), "9999-12-31T23:59:59+00:00"),
                       ((now - timedelta(days=8)).isoformat(), (now + timedelta(days=30)).isoformat()),
                       (now.isoformat(), (now + timedelta(days=4 * 365)).isoformat())):
        res = create(start, end)
        assert res.status_code == 422 and res.json["reason"] == "activation_batch_window_invalid", (start, end)
        assert set(res.json["errors"]) & {"valid_from", "valid_until"}
    ok = create((now - timedelta(hours=1)).isoformat(), (now + timedelta(days=365)).isoformat())
    assert ok.status_code == 201, ok.json


def test_patterns_match_the_whole_value_not_up_to_a_trailing_newline():
    import marshmallow as ma

    from bff.consent.schemas import SHA256

    for validator, good in ((SHA256, "a" * 64), (ma.validate.Regexp(r"^[a-z][a-z0-9_]{1,63}$"), "facial_skin")):
        assert validator(good) == good
        for bad in (good + "\n", good + "\r\n"):
            with pytest.raises(ma.ValidationError):
                validator(bad)
