"""Consultant registration and the welcome message that follows it."""

from rq import Queue, SimpleWorker
from sqlalchemy import func, select

from jobs import queues
from jobs.notifications import send_welcome_message
from models import ConsultantProfile, User

FIELDS = {
    "display_name": "林顾问", "industry": "beauty_consulting", "store_name": "美学镜体验店",
    "store_city": "杭州", "store_address": "西湖区文三路 100 号", "adult_attested": True,
}


def _register(client, who, **overrides):
    return client.post("/api/v1/me/consultant", json=FIELDS | overrides, headers=who.headers)


def _queued(app):
    return Queue(queues.NOTIFICATIONS, connection=app.extensions["mirror.deps"].redis).job_ids


def test_a_consultant_registers_and_a_welcome_job_is_queued_after_commit(app, client, login, db_session):
    who = login(phone="13800138000")
    res = _register(client, who)
    assert res.status_code == 201
    assert res.json["consultant"]["store_name"] == "美学镜体验店"
    user = db_session.scalar(select(User).where(User.public_id == who.user_id))
    assert db_session.get(ConsultantProfile, user.id).adult_attested_at is not None
    jobs = _queued(app)
    assert len(jobs) == 1
    job = Queue(queues.NOTIFICATIONS, connection=app.extensions["mirror.deps"].redis).fetch_job(jobs[0])
    assert job.args == (user.id,)  # ids only, never personal data


def test_registration_without_the_adult_attestation_is_refused_and_queues_nothing(app, client, login):
    who = login(phone="13800138000")
    res = _register(client, who, adult_attested=False)
    assert res.status_code == 422 and res.json["reason"] == "adult_attestation_required"
    assert _queued(app) == []


def test_registration_needs_a_bound_phone(client, login):
    res = _register(client, login())
    assert res.status_code == 403 and res.json["reason"] == "phone_required"


def test_registration_needs_the_agreements(client, login):
    res = _register(client, login(agree=False))
    assert res.status_code == 403 and res.json["reason"] == "agreement_required"


def test_registering_twice_is_a_conflict_and_queues_one_job(app, client, login):
    who = login(phone="13800138000")
    assert _register(client, who).status_code == 201
    res = _register(client, who)
    assert res.status_code == 409 and res.json["reason"] == "consultant_already_registered"
    assert len(_queued(app)) == 1


def test_unknown_or_server_owned_fields_are_rejected(client, login):
    who = login(phone="13800138000")
    res = _register(client, who, status="vip", user_id="x")
    assert res.status_code == 422 and {"status", "user_id"} <= set(res.json["errors"])
    assert _register(client, who, industry="astrology").status_code == 422


def test_the_welcome_job_sends_a_subscribe_message_through_wechat(app, client, login, wx, db_session):
    who = login(phone="13800138000")
    wx.subscribe(who.openid, "TPL_WELCOME_0001")
    assert _register(client, who).status_code == 201
    redis = app.extensions["mirror.deps"].redis
    worker = SimpleWorker([Queue(queues.NOTIFICATIONS, connection=redis)], connection=redis)
    assert worker.work(burst=True)
    [message] = wx.messages(who.openid)
    assert message["template_id"] == "TPL_WELCOME_0001"
    assert message["data"]["thing1"]["value"] == "美学镜工作台已开通"


def test_the_welcome_job_gives_up_quietly_when_the_user_has_no_subscription(app, login, db_session):
    who = login(phone="13800138000")
    user_id = db_session.scalar(select(User.id).where(User.public_id == who.user_id))
    assert send_welcome_message(user_id) == "rejected:43101"
    assert send_welcome_message(user_id + 1000) == "skipped:user_gone"


def test_the_welcome_job_raises_on_a_transient_wechat_error_so_rq_retries(app, login, wx, db_session):
    import pytest

    from bff.integrations.wechat import WechatUnavailable

    who = login(phone="13800138000")
    wx.subscribe(who.openid, "TPL_WELCOME_0001")
    user_id = db_session.scalar(select(User.id).where(User.public_id == who.user_id))
    wx.fault("subscribe_send", errcode=-1)
    with pytest.raises(WechatUnavailable):
        send_welcome_message(user_id)
    assert send_welcome_message(user_id) == "sent"


def test_registration_opens_the_consultants_first_store_and_returns_it(client, login):
    who = login(phone="13800138000")
    res = _register(client, who)
    assert res.status_code == 201
    store = res.json["store"]
    assert (store["name"], store["address"], store["business_category"], store["my_role"]) == (
        "美学镜体验店", "杭州西湖区文三路 100 号", "beauty_salon", "owner")
    # The same store as the store list shows, usable at once: no second form to fill in.
    assert client.get("/api/v1/stores", headers=who.headers).json["stores"] == [store]
    added = client.post(f"/api/v1/stores/{store['id']}/clients", headers=who.headers,
                        json={"name": "周晓雨", "phone": "13600136101"})
    assert added.status_code == 201, added.json


def test_the_address_keeps_a_city_it_already_names_and_the_category_can_be_chosen(client, login):
    who = login(phone="13800138000")
    res = _register(client, who, industry="wellness", store_address="杭州市西湖区文三路 100 号")
    assert (res.json["store"]["address"], res.json["store"]["business_category"]) == (
        "杭州市西湖区文三路 100 号", "wellness_center")
    other = login(phone="13900139000")
    res = _register(client, other, store_business_category="medical_aesthetics")
    assert res.json["store"]["business_category"] == "medical_aesthetics"
    res = _register(client, login(phone="13700137000"), store_business_category="tattoo")
    assert res.status_code == 422 and "store_business_category" in res.json["errors"]


def test_an_address_too_long_with_its_city_is_a_field_error_and_creates_nothing(client, login, db_session):
    who = login(phone="13800138000")
    res = _register(client, who, store_city="杭州", store_address="路" * 199)
    assert res.status_code == 422 and "store_address" in res.json["errors"]
    assert client.get("/api/v1/stores", headers=who.headers).json["stores"] == []
    assert _register(client, who, store_city="杭州", store_address="杭州" + "路" * 198).status_code == 201


def test_registering_twice_opens_no_second_store(client, login):
    who = login(phone="13800138000")
    assert _register(client, who).status_code == 201
    assert _register(client, who, store_name="第二家").status_code == 409
    assert [s["name"] for s in client.get("/api/v1/stores", headers=who.headers).json["stores"]] == ["美学镜体验店"]


def test_simultaneous_registrations_make_one_consultant_with_one_store(app, live_app, login, db_session):
    import threading

    import requests

    from models import Store

    for n in range(8):
        who = login(phone=f"1380013{n:04d}")
        barrier, codes = threading.Barrier(2), []

        def register(who=who, barrier=barrier, codes=codes):  # type: ignore[no-untyped-def]
            barrier.wait()
            codes.append(requests.post(f"{live_app.url}/api/v1/me/consultant", json=FIELDS, timeout=30,
                                       headers=who.headers).status_code)

        threads = [threading.Thread(target=register) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(codes) == [201, 409], codes
        with app.extensions["mirror.db"].factory() as s:
            user = s.scalar(select(User).where(User.public_id == who.user_id))
            assert s.scalar(select(func.count()).select_from(Store).where(Store.created_by == user.id)) == 1
