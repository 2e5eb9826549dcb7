"""Every route x every caller relation, driven by matrix.yaml (authorization as data)."""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import g
from sqlalchemy import text

from bff.agreements.service import current_documents
from bff.auth.service import _issue_pair
from bff.clients import service as clients
from bff.db import session as db
from bff.deps import deps
from bff.security.fields import aad_for
from bff.stores import service as stores
from bff.stores.access import Membership
from bff.users.service import PHONE_INDEX
from models import AgreementAcceptance, AuthSession, Base, ConsultantProfile, Store, StoreMember, User
from models.base import new_public_id, utcnow
from models.stores import StoreRole
from tests.authz.world_analyses import analysis_values
from tests.authz.world_capture import capture_values
from tests.authz.world_consent import consent_values
from tests.authz.world_images import image_values

# matrix.yaml plus one matrix_<area>.yaml per area; a route may appear in one file only.
MATRIX: dict[str, Any] = {}
for _file in sorted(Path(__file__).parent.glob("matrix*.yaml")):
    _part = yaml.safe_load(_file.read_text(encoding="utf-8")) or {}
    assert not set(_part) & set(MATRIX), f"{_file.name} repeats routes"
    MATRIX.update(_part)
RELATIONS = ("anonymous", "outsider", "other_store", "client_self", "staff", "owner")
IGNORED_RULES = {"/static/<path:filename>", "/api/docs/<path:filename>"}


def _spec(route: str) -> dict[str, Any]:
    entry = MATRIX[route]
    return entry if "expect" in entry else {"expect": entry}


def _expected(route: str, relation: str) -> int:
    expect = _spec(route)["expect"]
    return expect.get(relation, expect.get("default", expect.get("all")))


CASES = [(route, relation) for route in MATRIX for relation in RELATIONS]


def _rule_to_route(method: str, rule: str) -> str:
    path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)
    return f"{method} {path}"


def test_every_served_route_is_in_the_matrix(app):
    served = {
        _rule_to_route(method, rule.rule)
        for rule in app.url_map.iter_rules() if rule.rule not in IGNORED_RULES
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert served - set(MATRIX) == set(), "add these routes to tests/authz/matrix.yaml"
    assert set(MATRIX) - served == set(), "the matrix lists routes the app does not serve"


class World:
    """Store A (owner, staff, a colleague, a client file linked to its person, an invitation),
    store B (other_store's), and a consultant in no store. Built directly, in one transaction."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.values: dict[str, Any] = {}
        self.tokens: dict[str, dict[str, str]] = {}
        with app.test_request_context():
            self.docs = current_documents(db())
            owner, staff, colleague = self._user("owner"), self._user("staff"), self._user("colleague")
            store_a = self._store(owner, staff, colleague)
            self._store(self._user("other_store"))
            self._user("outsider")
            person = self._user("client_self", consultant=False, phone="+8613512345678")
            g.user = staff
            m = Membership(store_a, db().query(StoreMember).filter_by(user_id=staff.id).one())
            client = clients.create_client(m, {"name": "客户甲", "phone": "13512345678", "tags": ["A"]})
            client.linked_user_id = person.id
            self.values |= capture_values(m, client)
            self.values |= consent_values(m, client, person)
            self.values |= image_values(m, client)
            self.values |= analysis_values(m, client, self.values["image_id"], self.values["other_image_id"])
            owner_m = Membership(store_a, db().query(StoreMember).filter_by(user_id=owner.id).one())
            g.user = owner
            invitation, code = stores.create_invitation(owner_m)
            self.values |= {"store_id": store_a.public_id, "client_id": client.public_id,
                            "colleague_id": colleague.public_id, "invitation_id": invitation.public_id,
                            "invite_code": code}
            db().commit()

    def _user(self, relation: str, *, consultant: bool = True, phone: str | None = None) -> User:
        s = db()
        user = User(public_id=new_public_id(), openid="o" + secrets.token_urlsafe(20))
        s.add(user)
        s.flush()
        s.add_all(AgreementAcceptance(user_id=user.id, document_id=d.id) for d in self.docs)
        phone = phone or f"+86139{secrets.randbelow(10**8):08d}"
        user.phone_enc = deps().cipher.encrypt(phone, aad_for("users", "phone", user.public_id))
        user.phone_bidx = deps().blind_index.index(PHONE_INDEX, phone)
        if consultant:
            s.add(ConsultantProfile(user_id=user.id, display_name=relation, industry="other", store_name="店",
                                    store_city="杭州", store_address="地址", adult_attested_at=utcnow()))
        auth = AuthSession(public_id=new_public_id(), user_id=user.id)
        s.add(auth)
        s.flush()
        self.tokens[relation] = _issue_pair(user, auth)
        self.values.setdefault("openids", {})[relation] = user.openid
        return user

    def _store(self, owner: User, *staff: User) -> Store:
        store = Store(public_id=new_public_id(), name="门店", address="地址", business_category="other",
                      created_by=owner.id)
        db().add(store)
        db().flush()
        db().add(StoreMember(store_id=store.id, user_id=owner.id, role=StoreRole.owner))
        db().add_all(StoreMember(store_id=store.id, user_id=u.id, role=StoreRole.staff) for u in staff)
        db().flush()
        return store


def _fill(value: Any, world: World, relation: str, wx) -> Any:  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        return {k: _fill(v, world, relation, wx) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, world, relation, wx) for v in value]
    if not isinstance(value, str) or "{" not in value:
        return value
    openid = world.values["openids"].get(relation)
    special = {
        "{wx_code}": lambda: wx.login_code(openid)[0],
        "{phone_code}": lambda: (wx.login_code(openid), wx.phone_code(openid, f"137{secrets.randbelow(10**8):08d}"))[1]
        if openid else "no-phone-code",
        "{refresh_token}": lambda: world.tokens.get(relation, {}).get("refresh_token", "not-a-token"),
        "{current_agreements}": lambda: [{"kind": d.kind.value, "version": d.version, "sha256": d.sha256}
                                         for d in world.docs],
    }
    if value in special:
        return special[value]()
    return re.sub(r"\{(\w+)\}", lambda m: str(world.values[m.group(1)]), value)


def _path(path: str, spec: dict[str, Any], world: World) -> str:
    def resolve(match: re.Match[str]) -> str:
        value = spec.get("path", {}).get(match.group(1), "{" + match.group(1) + "}")
        return re.sub(r"\{(\w+)\}", lambda m: str(world.values[m.group(1)]), value)

    return re.sub(r"\{(\w+)\}", resolve, path)


def _snapshot(app) -> str:  # type: ignore[no-untyped-def]
    digest = hashlib.sha256()
    with app.extensions["mirror.db"].engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            digest.update(repr(conn.execute(text(f"SELECT * FROM {table.name} ORDER BY 1")).all()).encode())
    return digest.hexdigest()


@pytest.mark.parametrize(("route", "relation"), CASES, ids=[f"{r}|{rel}" for r, rel in CASES])
def test_route_answers_each_relation_as_the_matrix_says(app, client, wx, route, relation):
    world = World(app)
    spec = _spec(route)
    method, path = route.split(" ", 1)
    path = _path(path, spec, world)
    body = _fill(spec.get("body"), world, relation, wx) if "body" in spec else None
    headers = {}
    if relation != "anonymous":
        headers["Authorization"] = f"Bearer {world.tokens[relation]['access_token']}"
    before = _snapshot(app)
    res = client.open(path, method=method, json=body, headers=headers)
    expected = _expected(route, relation)
    assert res.status_code == expected, (route, relation, res.status_code, res.get_json(silent=True))
    if res.status_code >= 400:
        assert _snapshot(app) == before, "a refused request changed the database"
        assert res.json["reason"]
