"""`mirror` behaves the same from any directory: paths come from configuration (relative ones from
the project), stores are named by the public id the API shows, long commands show a progress bar."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bff.config import PROJECT_DIR, Settings
from miniprogram_contract.simulator import MiniProgram
from tests.support.demo import clean_env

MIRROR = str(Path(sys.executable).parent / "mirror")


def test_relative_paths_in_settings_are_taken_from_the_project_not_the_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("MIRROR_")]:
        monkeypatch.delenv(name)
    default = Settings()
    assert default.data_dir == PROJECT_DIR / "instance"
    assert default.database_url == f"sqlite:///{PROJECT_DIR / 'instance' / 'mirror.db'}"
    assert Settings(database_url="sqlite:///var/x.db").sqlite_path == PROJECT_DIR / "var" / "x.db"
    assert Settings(data_dir="var/demo").database_url == f"sqlite:///{PROJECT_DIR / 'var' / 'demo' / 'mirror.db'}"
    assert Settings(data_dir=tmp_path / "d").sqlite_path == tmp_path / "d" / "mirror.db"
    assert Settings(wechatpay_merchant_key_path="keys/m.pem").wechatpay_merchant_key_path == str(
        PROJECT_DIR / "keys" / "m.pem")
    assert Settings(database_url="sqlite://").sqlite_path is None  # in memory stays in memory
    monkeypatch.setenv("MIRROR_DATA_DIR", str(tmp_path / "env"))
    assert Settings().sqlite_path == tmp_path / "env" / "mirror.db"


def _mirror(cwd: Path, data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MIRROR, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env=clean_env(MIRROR_DATA_DIR=str(data_dir), **env))


def test_the_cli_works_from_any_directory_and_names_stores_by_public_id(start_demo, tmp_path):
    elsewhere, data = tmp_path / "elsewhere", tmp_path / "data"
    elsewhere.mkdir()

    # Before anything exists: one line that says what to do, not a traceback.
    missing = _mirror(elsewhere, data, "keys", "status")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert missing.stderr.strip() == (f"no database at {data / 'mirror.db'}: run `mirror migrate` (or scripts/demo) "
                                      "first, or set MIRROR_DATA_DIR / MIRROR_DATABASE_URL")

    # The demo started from another directory keeps its state where it is told to, nowhere else.
    demo = start_demo(data, cwd=elsewhere)
    mp = MiniProgram(demo.url, f"{demo.url}/sandbox")
    mp.onboard("13600136300")
    store_id = mp.register_consultant()["store"]["id"]
    client_id = mp.add_client(store_id, name="周晓雨", phone="13600136301")["id"]
    request = mp.request_consent(store_id, client_id, template_code="facial_skin_imaging", scopes=["capture"])
    person = MiniProgram(demo.url, f"{demo.url}/sandbox")
    person.onboard("13600136301")
    person.scan_and_sign(request["qr_png"])
    demo.stop()
    assert list(elsewhere.iterdir()) == [] and (data / "mirror.db").is_file()

    for chain in ([store_id], []):  # the store's chain by its public id, then every chain
        sealed = _mirror(elsewhere, data, "audit", "seal", "--rescan", *(["--chain", *chain] if chain else []))
        assert sealed.returncode == 0, sealed.stderr
    verified = _mirror(elsewhere, data, "audit", "verify", "--chain", store_id)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    last = verified.stdout.strip().splitlines()[-1]
    assert last.startswith("ok: ") and last.endswith(" events in 1 chains")
    events = int(last.split()[1])
    assert events > 0 and "audit events: 100%" in verified.stderr and f"{events}/{events} [" in verified.stderr
    everything = _mirror(elsewhere, data, "audit", "verify")
    assert everything.returncode == 0
    assert int(everything.stdout.strip().splitlines()[-1].split()[1]) > events
    assert _mirror(elsewhere, data, "audit", "verify", "--chain", "platform").returncode == 0
    unknown = _mirror(elsewhere, data, "audit", "verify", "--chain", "1")  # an internal id means nothing
    assert (unknown.returncode, unknown.stderr.strip()) == (1, "no such store: 1")

    consent = _mirror(elsewhere, data, "consent", "verify", "--store", store_id)
    assert consent.returncode == 0 and consent.stdout == "ok: 1 consent records in 1 chains\n"
    assert "consent records: 100%" in consent.stderr and "1/1 [" in consent.stderr

    # Key rotation, then re-encryption with a progress bar whose total is known from the start.
    assert _mirror(elsewhere, data, "keys", "rotate").returncode == 0
    again = _mirror(elsewhere, data, "keys", "reencrypt", MIRROR_DATA_KEY_REFRESH_SECONDS="0")
    assert again.returncode == 0, again.stderr
    total = int(again.stdout.split("scanned ")[1].split(",")[0])
    assert total >= 3  # at least both phones and the client's name
    assert f"{total}/{total} [" in again.stderr and "re-encrypting: 100%" in again.stderr
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("url", ["mysql+pymysql://nobody:secret@127.0.0.1:1/none"])
def test_an_unreachable_database_is_one_line_without_the_password(tmp_path, url):
    res = subprocess.run([MIRROR, "keys", "status"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         env=clean_env(MIRROR_DATABASE_URL=url))
    assert res.returncode == 1 and "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert res.stderr.startswith("database error (mysql+pymysql://nobody:***@127.0.0.1:1/none)")
    assert "secret" not in res.stderr
