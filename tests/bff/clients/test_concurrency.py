"""Client files written concurrently by several consultants in several stores, over real HTTP and
MariaDB: no deadlock, no error, every index row in place."""

from __future__ import annotations

import threading

import requests
from sqlalchemy import func, select

from bff.billing import ledger
from models import Client, ClientNamePrefix, ClientTag, Plan, User
from models.billing import LedgerCause

STORES, STAFF_PER_STORE, ROUNDS, PER_ROUND = 4, 1, 5, 6


def _vip(app, who) -> None:  # type: ignore[no-untyped-def]
    """A paid plan for the owner, so the free tier's client limit is not what this test meets."""
    with app.extensions["mirror.db"].factory.begin() as s:
        user = s.scalar(select(User).where(User.public_id == who.user_id))
        plan = s.scalar(select(Plan).where(Plan.code == "vip_year"))
        ledger.grant(s, user, plan, cause_type=LedgerCause.activation_code, cause_id=f"test-{user.id}")


def test_consultants_of_several_stores_create_and_update_clients_at_once(app, live_app, consultant, store_of, join):
    writers: list[tuple[str, object]] = []
    for n in range(STORES):
        owner = consultant()
        _vip(app, owner)
        store = store_of(owner, name=f"美学镜·{n}号店")
        writers.append((store, owner))
        for _ in range(STAFF_PER_STORE):
            staff = consultant()
            join(owner, store, staff)
            writers.append((store, staff))
    created: list[tuple[str, str]] = []
    failures: list[tuple[int, str]] = []
    lock = threading.Lock()

    def work(store: str, who, barrier: threading.Barrier, round_: int) -> None:  # type: ignore[no-untyped-def]
        base = f"{live_app.url}/api/v1/stores/{store}/clients"
        barrier.wait()
        for i in range(PER_ROUND):
            res = requests.post(base, headers=who.headers, timeout=30,
                                json={"name": f"张{round_}{i}娜", "phone": f"1380013{round_:02d}{i:02d}",
                                      "tags": ["敏感肌", f"第{round_}轮"]})
            with lock:
                if res.status_code != 201:
                    failures.append((res.status_code, res.text))
                    continue
                created.append((store, res.json()["id"]))
            # And rewrite the indexes of a file another consultant of the store may be updating too.
            res = requests.patch(f"{base}/{res.json()['id']}", headers=who.headers, timeout=30,
                                 json={"name": f"李{round_}{i}", "tags": ["复诊"]})
            if res.status_code != 200:
                with lock:
                    failures.append((res.status_code, res.text))

    for round_ in range(ROUNDS):
        barrier = threading.Barrier(len(writers))
        threads = [threading.Thread(target=work, args=(store, who, barrier, round_)) for store, who in writers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == [], failures[:3]
    total = ROUNDS * PER_ROUND * len(writers)
    assert len(created) == total
    with app.extensions["mirror.db"].factory() as s:
        assert s.scalar(select(func.count()).select_from(Client)) == total
        assert s.scalar(select(func.count()).select_from(ClientNamePrefix)) == total * 3  # "李", "李r", "李ri"
        assert s.scalar(select(func.count()).select_from(ClientTag)) == total
