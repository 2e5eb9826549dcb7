"""The embedded default: SQLite, in-process Redis and worker, sandbox under /sandbox.

One process, no services: ``mirror demo``. Same code paths as production; only the
backing services are embedded.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from werkzeug.serving import make_server

from bff.config import Settings
from bff.edge import JsonErrorRequestHandler

log = logging.getLogger(__name__)


OSS_PUB_KEY_URL = "https://gosspublic.alicdn.com/callback_pub_key_v1.pem"


def oss_port(port: int) -> int:
    """The OSS emulator's own port (oss2 cannot address it under /sandbox)."""
    return port + 1


def embedded_settings(*, host: str, port: int, data_dir: Path | None = None) -> Settings:
    """Every outside service points at the mounted sandbox; state lives in ``data_dir``
    (default: the configured ``MIRROR_DATA_DIR``, ``instance/`` of the project)."""
    overrides = {"data_dir": data_dir} if data_dir is not None else {}
    data_dir = Settings(env="development", **overrides).data_dir  # type: ignore[arg-type]
    data_dir.mkdir(parents=True, exist_ok=True)
    base = f"http://{host}:{port}"
    return Settings(
        env="development",
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'mirror.db'}",
        redis_url=None,
        mount_sandbox=True,
        # Objects stay next to the database, so a restart finds every image and signature.
        sandbox_storage_dir=data_dir / "oss",
        public_base_url=base,
        wechat_api_base=f"{base}/sandbox/wechat/",
        wechatpay_gateway=f"{base}/sandbox/wechatpay",
        oss_endpoint=f"http://{host}:{oss_port(port)}",
        oss_pub_key_overrides={OSS_PUB_KEY_URL: f"{base}/sandbox/oss-pubkey/callback_pub_key_v1.pem"},
        # Browsers keep Secure cookies over plain HTTP only for localhost.
        admin_cookie_secure=host in ("127.0.0.1", "localhost", "::1"),
    )


def _serve(host: str, port: int, app, name: str):
    server = make_server(host, port, app, threaded=True, request_handler=JsonErrorRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    return server, thread


def run_embedded(*, host: str, port: int, data_dir: Path | None = None) -> None:
    from bff.app import create_app
    from bff.cli import _migrate
    from bff.panel.demo import seed_demo_operator
    from bff.seed import seed_demo
    from jobs import runtime, worker
    from sandbox.oss import create_oss_app

    settings = embedded_settings(host=host, port=port, data_dir=data_dir)
    _migrate(settings)
    app = create_app(settings)
    worker.start_in_thread(runtime.current())
    # Storage: the OSS emulator, sharing the mounted sandbox's objects, keys and clock.
    _serve(host, oss_port(port), create_oss_app(share_with=app.extensions["mirror.sandbox"]), "oss")
    server, serving = _serve(host, port, app, "http")
    # Seeding goes through HTTP like a real mini-program, so the server must be up first.
    demo = seed_demo(settings.public_base_url)
    operator = seed_demo_operator(app)
    base = settings.public_base_url
    print(
        "\n美学镜影像工作站 BFF 已启动（内嵌模式：SQLite + 进程内队列 + 沙箱）\n"
        f"  首页:                   {base}/\n"
        f"  API 文档 (Swagger UI):  {base}/api/docs\n"
        f"  OpenAPI JSON:           {base}/api/openapi.json\n"
        f"  健康检查:               {base}/livez  {base}/readyz\n"
        f"  运营后台:               {base}/admin\n"
        f"  演示运营账号:           用户名 {operator['username']}  密码 {operator['password']}\n"
        f"  动态验证码密钥 (TOTP):  {operator['totp_secret']}（可导入身份验证器：{operator['totp_uri']}）\n"
        f"  当前动态验证码:         .venv/bin/python -c \"import pyotp; "
        f"print(pyotp.TOTP('{operator['totp_secret']}').now())\"\n"
        f"  微信沙箱:               {base}/sandbox/wechat/\n"
        f"  OSS 沙箱 (对象存储):    {settings.oss_endpoint}/{settings.oss_bucket}/\n"
        f"  数据目录:               {settings.data_dir}（数据库与对象，重启后保留）\n"
        f"  演示顾问 openid:        {demo['openid']}\n"
        f"  演示登录:               POST {base}/sandbox/control/wechat/login "
        f"{{\"openid\": \"{demo['openid']}\"}} 取得 code，再 POST {base}/api/v1/auth/login\n",
        flush=True,
    )
    try:
        serving.join()
    except KeyboardInterrupt:
        server.shutdown()
