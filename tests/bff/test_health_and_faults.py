"""Probes, and behaviour when Redis stops or MySQL drops its connections."""


from sqlalchemy import select, text

from tests.support.wechat import accept_agreements


def test_livez_checks_nothing_and_readyz_checks_mysql_and_redis(client):
    assert client.get("/livez").status_code == 200
    res = client.get("/readyz")
    assert res.status_code == 200 and res.json["checks"] == {"database": "ok", "redis": "ok"}


def test_with_redis_stopped_reads_work_but_login_fails_closed(make_app, wx, private_redis):
    client = make_app(redis_url=private_redis.url).test_client()
    code, _ = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)

    private_redis.stop()

    assert client.get("/livez").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["checks"]["redis"] != "ok"
    assert ready.json["checks"]["database"] == "ok"
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    code, _ = wx.login_code()
    res = client.post("/api/v1/auth/login", json={"code": code})
    assert res.status_code == 503 and res.json["reason"] == "dependency_unavailable"


def test_after_mysql_drops_every_connection_the_next_request_succeeds(app, client, login, mariadb_admin):
    who = login()
    assert client.get("/api/v1/me", headers=who.headers).status_code == 200
    engine = app.extensions["mirror.db"].engine
    database = engine.url.database
    # What a server restart does to a pool: every pooled connection is gone.
    with mariadb_admin.cursor() as cur:
        cur.execute("SELECT id FROM information_schema.processlist WHERE db = %s AND id <> CONNECTION_ID()",
                    (database,))
        for (conn_id,) in cur.fetchall():
            cur.execute(f"KILL {int(conn_id)}")
    assert client.get("/api/v1/me", headers=who.headers).status_code == 200
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_a_committed_write_is_not_reported_as_failed_when_its_job_cannot_be_queued(
        make_app, wx, private_redis, db_session):
    from jobs import outbox
    from models import OutboxMessage
    from models.base import utcnow
    from tests.support.wechat import CONSULTANT

    client = make_app(redis_url=private_redis.url).test_client()
    code, openid = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)
    client.post("/api/v1/me/phone", json={"code": wx.phone_code(openid, "13800138000")}, headers=headers)
    private_redis.stop()
    res = client.post("/api/v1/me/consultant", json=CONSULTANT, headers=headers)
    assert res.status_code == 201  # the registration is committed, and so is its welcome message
    assert client.get("/api/v1/me", headers=headers).json["consultant"]["display_name"] == CONSULTANT["display_name"]
    [row] = db_session.scalars(select(OutboxMessage)).all()
    assert row.job == "jobs.notifications.send_welcome_message" and row.acked_at is None
    private_redis.start()
    assert outbox.relay(now=utcnow() + outbox.GRACE)["sent"] == 1
