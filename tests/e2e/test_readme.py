"""The README's walkthrough, run as written (only the port differs) against a fresh demo."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import zipfile

import pytest

from tests.support.demo import PROJECT, clean_env

pytestmark = pytest.mark.e2e


def _walkthrough_blocks() -> list[str]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Try it: a walkthrough", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^( *)```bash\n(.*?)^\1```", section, flags=re.S | re.M)
    return [textwrap.dedent(body) for _indent, body in blocks]


def test_the_readme_commands_come_first():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```bash\n(.*?)```", readme, flags=re.S).group(1).splitlines()
    assert [line.split()[0] for line in first[:2]] == ["scripts/demo", "scripts/test"]
    assert (PROJECT / "scripts/demo").is_file() and (PROJECT / "scripts/test").is_file()


def test_the_walkthrough_logs_in_captures_exports_and_buys_vip(start_demo, tmp_path):
    login, simulator = _walkthrough_blocks()
    demo = start_demo()
    assert "oDemoConsultant0000000000001" in demo.banner  # the openid the walkthrough uses

    def run(script: str) -> str:
        script = script.replace("127.0.0.1:8000", f"127.0.0.1:{demo.port}").replace(".venv/bin/python",
                                                                                    sys.executable)
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, capture_output=True,
                              text=True, timeout=180, env=clean_env())
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    out = run(login)
    assert '"phone_masked":"138****8000"' in out.replace(" ", "")
    assert '"my_role":"owner"' in out.replace(" ", "")  # the store registration opened

    out = run(simulator)
    assert "image: ready" in out and "export: export.zip" in out
    assert re.search(r"VIP: \{.*'vip': True", out), out
    assert any(n.endswith("manifest.json") for n in zipfile.ZipFile(tmp_path / "export.zip").namelist())
