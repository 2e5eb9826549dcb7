"""Run the OSS emulator on its own port: ``python -m sandbox.oss --port 8101``.

Point oss2 at ``http://127.0.0.1:8101`` (bucket ``mirror-dev`` by default).
"""

from __future__ import annotations

import argparse

from werkzeug.serving import make_server

from sandbox.oss import create_oss_app
from sandbox.oss.config import OssSandboxConfig


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox.oss", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--storage-dir", default=None, help="default: a temp dir for this process")
    args = parser.parse_args(argv)
    app = create_oss_app(OssSandboxConfig(storage_dir=args.storage_dir))
    server = make_server(args.host, args.port, app, threaded=True)
    print(f"OSS emulator listening on http://{args.host}:{args.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
