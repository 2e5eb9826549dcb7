"""Consultant registration and the welcome message that follows it."""

from rq import Queue, SimpleWorker
from sqlalchemy import select

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
