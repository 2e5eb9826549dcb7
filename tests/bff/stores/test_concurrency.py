"""Store membership written concurrently over real HTTP and MariaDB."""

from __future__ import annotations

import threading

import requests
from sqlalchemy import func, select

from models import Store, StoreMember
from models.stores import StoreRole


def test_two_simultaneous_transfers_leave_exactly_one_owner(app, live_app, consultant, store_of, join):
    for n in range(10):
        owner, first, second = consultant(), consultant(), consultant()
        store_id = store_of(owner, f"美学镜·{n}号店")
        join(owner, store_id, first)
        join(owner, store_id, second)
        barrier, codes = threading.Barrier(2), []

        def transfer(to, barrier=barrier, codes=codes, store_id=store_id, owner=owner):  # type: ignore[no-untyped-def]
            barrier.wait()
            codes.append(requests.post(f"{live_app.url}/api/v1/stores/{store_id}/ownership", timeout=30,
                                       json={"user_id": to.user_id}, headers=owner.headers).status_code)

        threads = [threading.Thread(target=transfer, args=(who,)) for who in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(codes) == [204, 403], codes
        with app.extensions["mirror.db"].factory() as s:
            store = s.scalar(select(Store).where(Store.public_id == store_id))
            owners = s.scalar(select(func.count()).select_from(StoreMember).where(
                StoreMember.store_id == store.id, StoreMember.role == StoreRole.owner))
        assert owners == 1
