"""The embedded default (`mirror demo`) as a subprocess, the way README command 1 runs it.

Each demo runs in its own process group, and the fixture kills the group at teardown
whatever the test did, so no demo (or anything it started) outlives the tests.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def free_port_pair() -> int:
    """A port whose next port is free too: the demo serves its OSS emulator on port + 1."""
    for _ in range(50):
        with socket.socket() as first, socket.socket() as second:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("no two adjacent free ports")


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without any MIRROR_* setting: the demo needs none."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIRROR_")}
    return env | extra


def _die_with_parent() -> None:
    """Linux: the demo gets SIGTERM if the test process dies without tearing down (killed, timed out)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1


class PortTaken(Exception):
    """The demo's port (or the OSS port next to it) was taken before it could bind."""


class Demo:
    def __init__(self, data_dir: Path, port: int, log: Path, *, cwd: Path | None = None) -> None:
        self.data_dir, self.port, self.log_path = data_dir, port, log
        self.url = f"http://127.0.0.1:{port}"
        self.oss_url = f"http://127.0.0.1:{port + 1}"
        self._log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bff.cli", "demo", "--port", str(port), "--data-dir", str(data_dir)],
            stdout=self._log, stderr=subprocess.STDOUT, env=clean_env(), cwd=cwd or PROJECT,
            start_new_session=True,  # its own process group, killed as a whole
            preexec_fn=_die_with_parent,
        )
        self.banner = self._wait_for_banner()

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _wait_for_banner(self, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            text = self.output()
            if "演示登录" in text:
                return text
            time.sleep(0.2)
        self.stop()
        if "Address already in use" in self.output():
            raise PortTaken(self.port)
        raise AssertionError(f"the demo did not start:\n{self.output()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        # Anything the demo itself started in its group goes too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()


@pytest.fixture
def start_demo(tmp_path: Path) -> Iterator[object]:
    """``start_demo(data_dir=None, port=None)`` → a running :class:`Demo`; all are killed at teardown."""
    started: list[Demo] = []

    def start(data_dir: Path | None = None, port: int | None = None, cwd: Path | None = None) -> Demo:
        # A free port can be taken by another program before the demo binds it: try another.
        for attempt in range(5):
            try:
                demo = Demo(data_dir or tmp_path / "instance", port or free_port_pair(),
                            tmp_path / f"demo-{len(started)}-{attempt}.log", cwd=cwd)
            except PortTaken:
                port = None
                continue
            started.append(demo)
            return demo
        raise AssertionError("no free port pair for the demo after 5 attempts")

    yield start
    for demo in started:
        demo.stop()
