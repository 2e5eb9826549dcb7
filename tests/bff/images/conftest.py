"""A store with an owner, a staff member and two consented-to-nothing clients."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from models import AuditEvent
from tests.support.wechat import LoggedIn


@dataclass
class Shop:
    owner: LoggedIn
    staff: LoggedIn
    store_id: str
    client_id: str
    other_client_id: str


@pytest.fixture
def new_client(client):  # type: ignore[no-untyped-def]
    def do(owner: LoggedIn, store_id: str, **fields: Any) -> str:
        res = client.post(f"/api/v1/stores/{store_id}/clients", headers=owner.headers,
                          json={"name": "王小美", "phone": "13800138000"} | fields)
        assert res.status_code == 201, res.json
        return res.json["id"]

    return do


@pytest.fixture
def shop(consultant, store_of, join, new_client) -> Shop:  # type: ignore[no-untyped-def]
    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    join(owner, store_id, staff)
    return Shop(owner, staff, store_id, new_client(owner, store_id), new_client(owner, store_id, name="李晓"))


def events(db_session, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    db_session.rollback()  # a fresh snapshot: see what was committed since
    return list(db_session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))
