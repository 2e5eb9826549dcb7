"""``POST`` + ``X-HTTP-Method-Override: PATCH`` runs the route's PATCH: ``wx.request`` cannot send PATCH.

Only a POST may ask, only for PATCH, and only on a route that has PATCH. Anything else carrying
the header answers 405 ``method_not_allowed`` instead of quietly running the POST (or GET) the
client did not mean. The method is rewritten in the WSGI environ, before Flask routes the request,
so authentication, validation, rate limits and logs all see the PATCH.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, request
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map

from bff import errors as e

HEADER = "X-HTTP-Method-Override"
_ENVIRON_KEY = "HTTP_X_HTTP_METHOD_OVERRIDE"
_REFUSED = "mirror.method_override_refused"


REFUSED_MESSAGE = "仅支持 PATCH 的接口可以用 POST 加请求头 X-HTTP-Method-Override: PATCH 调用"


class MethodOverride:
    """WSGI middleware around the Flask app's ``wsgi_app``."""

    def __init__(self, wsgi_app: Any, url_map: Map) -> None:
        self.wsgi_app = wsgi_app
        self.url_map = url_map

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        wanted = environ.pop(_ENVIRON_KEY, None)
        if wanted is not None:
            allowed = self._has_patch(environ)
            if allowed is None:
                pass  # no route at this path: the request answers 404 as it is
            elif allowed and environ.get("REQUEST_METHOD") == "POST" and wanted.strip().upper() == "PATCH":
                environ["REQUEST_METHOD"] = "PATCH"
            else:
                environ[_REFUSED] = True
        return self.wsgi_app(environ, start_response)

    def _has_patch(self, environ: dict[str, Any]) -> bool | None:
        try:
            self.url_map.bind_to_environ(environ).match(method="PATCH")
        except MethodNotAllowed:
            return False
        except NotFound:
            return None
        except Exception:  # noqa: BLE001 - a redirect (missing slash) or anything else: not a PATCH route
            return False
        return True


def init_app(app: Flask) -> None:
    app.wsgi_app = MethodOverride(app.wsgi_app, app.url_map)  # type: ignore[method-assign]

    @app.before_request
    def _refuse() -> None:
        if request.environ.get(_REFUSED):
            raise e.MethodNotAllowed(REFUSED_MESSAGE)
