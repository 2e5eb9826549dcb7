"""The TypeScript client (miniprogram_contract/ts): its generated types follow the committed
openapi.json, it type-checks, and its Node tests pass (a stand-in `wx`, then the running demo).

Needs node and npm; missing either is a failure, never a skip. `npm ci` runs once per lockfile."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

TS = Path(__file__).resolve().parent.parent / "ts"
STAMP = TS / "node_modules" / ".mirror-lockfile-sha256"


def _run(*args: str, timeout: float) -> str:
    npm = shutil.which("npm")
    assert npm and shutil.which("node"), "node and npm are needed for the TypeScript client's tests"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIRROR_")}
    env.update(MIRROR_PYTHON=sys.executable, NO_COLOR="1", npm_config_update_notifier="false")
    # Its own session, so a timeout takes down everything it started (tsx, the demo it runs).
    proc = subprocess.Popen([npm, *args], cwd=TS, env=env, stdout=subprocess.PIPE,  # noqa: S603 - fixed argv
                            stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
        pytest.fail(f"npm {' '.join(args)} took over {timeout}s:\n{out[-6000:]}")
    assert proc.returncode == 0, f"npm {' '.join(args)} failed ({proc.returncode}):\n{out[-6000:]}"
    return out


@pytest.fixture(scope="module")
def node_modules() -> None:
    lock = hashlib.sha256((TS / "package-lock.json").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == lock:
        return
    _run("ci", "--no-audit", "--no-fund", timeout=300)
    STAMP.write_text(lock)


def test_the_generated_types_are_what_the_committed_openapi_json_generates(node_modules):
    out = _run("run", "check:drift", timeout=60)
    assert "generated types match" in out


def test_the_client_and_its_tests_type_check(node_modules):
    _run("run", "typecheck", timeout=120)


def test_the_client_against_a_stand_in_wx_and_the_running_demo(node_modules):
    out = _run("test", timeout=240)
    # The Node test runner's summary: every test ran and passed, none skipped.
    summary = dict(line.removeprefix("ℹ ").split(" ", 1) for line in out.splitlines() if line.startswith("ℹ "))
    assert int(summary["tests"]) >= 27 and summary["pass"] == summary["tests"], out[-3000:]
    assert summary["fail"] == "0" and summary["skipped"] == "0", out[-3000:]
    assert summary["cancelled"] == "0" and summary["todo"] == "0", out[-3000:]
    assert "against the running demo" in out
