"""Rate limits (Flask-Limiter) in Redis, or in memory when embedded.

The key is the socket peer unless ``trusted_proxy_count`` hops of X-Forwarded-For
are configured (ProxyFix), so a client cannot pick its own key by forging the
header. Storage errors are not swallowed: limits fail closed with 503.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, has_app_context
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


class _PerAppLimiter(Limiter):
    """Flask-Limiter keeps one storage per extension; tests and tools build several apps,
    so each app keeps its own storage and strategy and the shared decorators look it up."""

    def _per_app(self, attr: str) -> Any:
        if has_app_context() and (state := current_app.extensions.get("mirror.limits")):
            return state[attr]
        return self.__dict__.get(attr)

    @property
    def _storage(self) -> Any:
        return self._per_app("_storage")

    @_storage.setter
    def _storage(self, value: Any) -> None:
        self.__dict__["_storage"] = value

    @property
    def _limiter(self) -> Any:
        return self._per_app("_limiter")

    @_limiter.setter
    def _limiter(self, value: Any) -> None:
        self.__dict__["_limiter"] = value

    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        app.extensions["mirror.limits"] = {
            "_storage": self.__dict__["_storage"], "_limiter": self.__dict__["_limiter"],
        }


limiter = _PerAppLimiter(key_func=get_remote_address, headers_enabled=True, swallow_errors=False,
                         strategy="sliding-window-counter")


def setting(name: str) -> Callable[[], str]:
    """A limit string read from the current app's settings at request time."""
    return lambda: getattr(current_app.extensions["mirror.settings"], name)


def ip_key() -> str:
    """The caller's address, for coarse outer bounds next to a per-user limit."""
    return f"ip:{get_remote_address()}"


def user_or_ip() -> str:
    user = g.get("user")
    return f"user:{user.id}" if user is not None else f"ip:{get_remote_address()}"
