"""What a job needs (settings, database, Redis, adapters), built once per process.

The web app configures it with its own settings (so the embedded in-process worker
and tests share them); a standalone worker builds it from the environment.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

import redis
from sqlalchemy.orm import Session, sessionmaker

from bff.config import Settings
from bff.integrations.oss import OssGateway
from bff.integrations.wechat import WechatGateway
from bff.redis import connect
from bff.security.fields import FieldCipher
from bff.security.keyring import stored_cipher
from models.session import make_engine, make_session_factory


@dataclass
class Runtime:
    settings: Settings
    redis: redis.Redis

    @cached_property
    def session_factory(self) -> sessionmaker:
        engine = make_engine(self.settings.database_url, pool_size=2)
        return make_session_factory(engine)

    @cached_property
    def cipher(self) -> FieldCipher:
        """Field encryption with this process's own keyring (rotations reach it by themselves)."""
        return stored_cipher(self.session_factory, self.settings)

    @cached_property
    def wechat(self) -> WechatGateway:
        return WechatGateway(self.settings, self.redis)

    @cached_property
    def oss(self) -> OssGateway:
        return OssGateway(self.settings)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Each job owns its transaction: commit on success, roll back on error."""
        with self.session_factory.begin() as session:
            yield session


_current: Runtime | None = None


def configure(settings: Settings, redis_client: redis.Redis | None = None) -> Runtime:
    global _current  # noqa: PLW0603 - one runtime per process is the point
    _current = Runtime(settings, redis_client or connect(settings))
    return _current


def current() -> Runtime:
    return _current if _current is not None else configure(Settings())
