"""How client fields are sealed and indexed: AAD binds table, column and the client's
public id; blind indexes use keys derived per store (never the data keys)."""

from __future__ import annotations

import unicodedata

from sqlalchemy import Row

from bff.deps import deps
from bff.security import phones
from bff.security.fields import aad_for
from models import Client, Store

ENCRYPTED = ("name", "phone", "birth_date", "notes")
NAME_PREFIX_LENGTHS = (1, 2, 3, 4)


def seal(client: Client, column: str, value: str | None) -> None:
    setattr(client, f"{column}_enc",
            None if value is None else deps().cipher.encrypt(value, aad_for("clients", column, client.public_id)))


def unseal(client: Client | Row, column: str) -> str | None:  # a Client or a row of its columns
    token = getattr(client, f"{column}_enc")
    return None if token is None else deps().cipher.decrypt(token, aad_for("clients", column, client.public_id))


def normalise_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().lower()


def name_prefix_index(store: Store, prefix: str) -> str:
    return deps().blind_index.index(f"store:{store.public_id}:name_prefix", normalise_name(prefix))


def name_prefixes(store: Store, name: str) -> dict[int, str]:
    normal = normalise_name(name)
    return {n: name_prefix_index(store, normal[:n]) for n in NAME_PREFIX_LENGTHS if len(normal) >= n}


def phone_index(store: Store, e164: str) -> str:
    return deps().blind_index.index(f"store:{store.public_id}:phone", e164)


def normalise_phone(raw: str) -> str:
    """:raise phones.InvalidPhone:"""
    return phones.normalise(raw)
