"""Application factory."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.middleware.proxy_fix import ProxyFix

from bff import db, logs, method_override
from bff.api import Api, register_error_handlers
from bff.config import Settings
from bff.deps import Deps
from bff.edge import EdgeLimits
from bff.integrations.oss import OssGateway
from bff.integrations.oss_callback import CallbackVerifier
from bff.integrations.wechat import WechatGateway
from bff.integrations.wechatpay import WechatPayGateway
from bff.limiter import limiter
from bff.pages.routes import SWAGGER_UI_URL
from bff.redis import connect
from bff.security.fields import BlindIndexer
from bff.security.keyring import stored_cipher
from bff.security.tokens import TokenService
from jobs import runtime

API_TITLE = "美学镜影像工作站 BFF"
API_VERSION = "v1"
# Swagger UI's page (flask-smorest's template) starts the UI from an inline script.
HTML_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings()
    logs.configure_logging(settings.log_level)
    app = Flask(__name__)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Chinese as characters, not \uXXXX
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_content_length,
        API_TITLE=API_TITLE,
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.0.3",
        # The document and Swagger UI (admin API included) are served outside production only;
        # `mirror openapi` and the committed contract do not need the route.
        OPENAPI_URL_PREFIX=None if settings.env == "production" else "/api",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL=SWAGGER_UI_URL,
        # operationIds are the typed clients' method names: show them beside each summary.
        OPENAPI_SWAGGER_UI_CONFIG={"displayOperationId": True, "docExpansion": "list", "filter": True},
        RATELIMIT_STORAGE_URI=settings.redis_url or "memory://",
        RATELIMIT_STORAGE_OPTIONS={"socket_timeout": settings.dependency_timeout,
                                   "socket_connect_timeout": settings.dependency_timeout}
        if settings.redis_url else {},
        RATELIMIT_KEY_PREFIX="mirror",
    )
    redis_client = connect(settings)
    app.extensions["mirror.settings"] = settings
    database = db.init_app(app, settings)
    app.extensions["mirror.deps"] = Deps(
        settings=settings,
        redis=redis_client,
        wechat=WechatGateway(settings, redis_client),
        wechatpay=WechatPayGateway(settings),
        tokens=TokenService(settings),
        cipher=stored_cipher(database.factory, settings),  # data keys from `data_keys`, loaded lazily
        blind_index=BlindIndexer.from_settings(settings),
        oss=OssGateway(settings),
        oss_callbacks=CallbackVerifier(settings),
    )
    runtime.configure(settings, redis_client)
    logs.init_app(app)
    limiter.init_app(app)
    _register_api(app)
    _harden(app, settings)
    method_override.init_app(app)  # wx.request cannot send PATCH
    app.wsgi_app = EdgeLimits(app.wsgi_app, settings.max_content_length)  # type: ignore[method-assign]
    if settings.trusted_proxy_count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxy_count,  # type: ignore[method-assign]
                                x_proto=settings.trusted_proxy_count)
    if settings.mount_sandbox:
        _mount_sandbox(app, settings)
    return app


def _register_api(app: Flask) -> None:
    from bff.admin.routes import blp as admin
    from bff.agreements.routes import blp as agreements
    from bff.analyses.admin_routes import blp as analysis_models_admin
    from bff.analyses.routes import blp as analyses
    from bff.audit.routes import blp as audit
    from bff.auth.routes import blp as auth
    from bff.billing.activation_routes import blp as activation
    from bff.billing.notify_routes import blp as payment_notifications
    from bff.billing.routes import blp as billing
    from bff.capture.routes import blp as capture
    from bff.capture.upload_routes import blp as uploads
    from bff.clients.routes import blp as clients
    from bff.consent.admin_routes import blp as consent_admin
    from bff.consent.routes import blp as consent
    from bff.consent.signer_routes import blp as consent_signer
    from bff.health.routes import bp as health
    from bff.images.export_routes import blp as image_exports
    from bff.images.routes import blp as images
    from bff.reconciliation.routes import blp as reconciliation
    from bff.stores.routes import blp as stores
    from bff.users.routes import blp as me

    description = ("美学镜小程序后端接口。所有错误响应均带有稳定的 `reason` 原因码。"
                   "`wx.request` 不能发送 PATCH：调用 PATCH 接口时改用 POST，并加请求头 "
                   "`X-HTTP-Method-Override: PATCH`（只对有 PATCH 的接口有效，否则返回 405 `method_not_allowed`）。")
    api = Api(app, spec_kwargs={"info": {"description": description}})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    for blueprint in (auth, me, agreements, stores, clients, audit, billing, activation,
                      payment_notifications, admin, images, image_exports, capture, uploads,
                      consent, consent_signer, consent_admin, reconciliation, analyses,
                      analysis_models_admin):
        api.register_blueprint(blueprint)
    app.extensions["mirror.api"] = api
    app.register_blueprint(health)
    from bff.pages.routes import bp as pages

    app.register_blueprint(pages)
    from bff.panel.web import register as register_panel

    register_panel(app)
    register_error_handlers(app)


def _harden(app: Flask, settings: Settings) -> None:
    cors_origins = frozenset(settings.cors_origins)
    production = settings.env == "production"

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if production:  # served over https only (the proxy terminates TLS)
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if request.path.startswith(("/api/v1/", "/api/admin/")):
            # Everything the API answers is per caller: JSON, and the invitation and consent QR
            # PNGs, which work as credentials. Routes that allow caching say so themselves.
            response.headers.setdefault("Cache-Control", "no-store")
        if cors_origins:
            _cors(response, cors_origins)
        if response.mimetype == "application/json":
            response.headers.setdefault("Cache-Control", "no-store")
            response.mimetype_params.setdefault("charset", "utf-8")
        elif response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", HTML_CSP)
        return response


def _cors(response, origins: frozenset[str]):
    """Browsers on the listed origins (``MIRROR_CORS_ORIGINS``) may call the API with a bearer
    token; no cookies are used, so credentials are never allowed. Other origins get no CORS header."""
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    if origin not in origins:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = "X-Request-ID, Retry-After"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE"
        response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type, X-Request-ID"
        response.headers["Access-Control-Max-Age"] = "600"
    return response


def _mount_sandbox(app: Flask, settings: Settings) -> None:
    """Development/test only (Settings refuses it in production): emulators under /sandbox."""
    from sandbox.app import SandboxConfig, create_sandbox_app
    from sandbox.oss.config import OssSandboxConfig

    storage = settings.sandbox_storage_dir
    sandbox = create_sandbox_app(SandboxConfig(
        wechat_appid=settings.wechat_appid,
        wechat_secret=settings.wechat_secret.get_secret_value(),
        public_base_url=settings.public_base_url.rstrip("/") + "/sandbox",
        oss=OssSandboxConfig(storage_dir=str(storage) if storage else None),
    ))
    app.extensions["mirror.sandbox"] = sandbox
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/sandbox": sandbox})  # type: ignore[method-assign]
