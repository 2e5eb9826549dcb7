"""Run the sandbox standalone: ``python -m sandbox --host 127.0.0.1 --port 8100``."""

from __future__ import annotations

import argparse

from werkzeug.serving import make_server

from sandbox.app import create_sandbox_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args(argv)
    # Threaded: benchmarks hit the emulators concurrently, and state is lock-protected.
    server = make_server(args.host, args.port, create_sandbox_app(), threaded=True)
    print(f"sandbox listening on http://{args.host}:{args.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
