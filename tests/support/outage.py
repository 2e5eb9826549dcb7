"""Servers of our own that a test may really stop and start again (never the shared ones)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # type: ignore[no-any-return]


def wait_for_port(port: int, *, up: bool = True, timeout: float = 10.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            if up:
                return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise AssertionError(f"port {port} did not come {'up' if up else 'down'}")


class PrivateRedis:
    """A redis-server on a port of its own: stopped and started again on the same port."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is required (the CI machine has it)"
        self.binary, self.directory, self.port = binary, directory, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        assert self.proc is None
        self.proc = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.directory)],
                                     stdout=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self) -> None:
        """What a crash or an outage does: the server is gone, and with it everything it held."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            wait_for_port(self.port, up=False)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    yield server
    server.stop()


class PrivateMariaDB:
    """A mariadbd of our own (fresh data directory, root without password on 127.0.0.1): killed
    and started again on the same port and data, as a crash and a restart do."""

    def __init__(self, directory: Path) -> None:
        install, server = shutil.which("mariadb-install-db"), shutil.which("mariadbd", path="/usr/sbin:/usr/bin")
        assert install and server, "mariadb-server is required (the CI machine has it)"
        self.server, self.directory, self.port = server, directory, free_port()
        self.url = f"mysql+pymysql://root@127.0.0.1:{self.port}"
        subprocess.run([install, "--no-defaults", f"--datadir={directory / 'data'}", "--skip-test-db",
                        "--auth-root-authentication-method=normal", "--user=root"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        assert self.proc is None
        with (self.directory / "server.log").open("ab") as server_log:  # the child keeps its own handle
            self.proc = subprocess.Popen(
                [self.server, "--no-defaults", f"--datadir={self.directory / 'data'}", f"--port={self.port}",
                 "--bind-address=127.0.0.1", f"--socket={self.directory / 'mariadb.sock'}", "--user=root",
                 "--innodb-buffer-pool-size=32M", "--skip-log-bin", "--character-set-server=utf8mb4",
                 "--collation-server=utf8mb4_unicode_ci"],
                stdout=subprocess.DEVNULL, stderr=server_log)
        wait_for_port(self.port, timeout=60)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            wait_for_port(self.port, up=False)


@pytest.fixture
def private_mariadb(tmp_path: Path) -> Iterator[PrivateMariaDB]:
    server = PrivateMariaDB(tmp_path)
    yield server
    server.stop()
