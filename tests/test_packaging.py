"""The wheel (what the Docker image installs) carries everything the app reads at run time."""

import subprocess
import sys
import zipfile
from pathlib import Path


def test_the_wheel_contains_migrations_agreement_texts_and_the_contract(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(tmp_path), "."], check=True, capture_output=True)
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "migrations/env.py" in names and "migrations/script.py.mako" in names
    assert any(n.startswith("migrations/versions/") and n.endswith("_identity.py") for n in names)
    assert {"bff/agreements/documents/terms-2026.11.md", "bff/agreements/documents/privacy-2026.11.md"} <= names
    assert {"bff/consent/documents/facial_skin_imaging-1.json",
            "bff/consent/documents/private_health_imaging-1.json"} <= names
    assert "miniprogram_contract/openapi.json" in names
    assert {"jobs/vision/weights/quality-1.onnx", "jobs/vision/weights/lbpcascade_frontalface_opencv.xml"} <= names
    panel_templates = {p.name for p in (Path(__file__).parents[1] / "bff/panel/templates/panel").glob("*.html")}
    assert {f"bff/panel/templates/panel/{n}" for n in panel_templates} <= names and "base.html" in panel_templates
    assert "bff/panel/static/panel.css" in names
    assert not any(n.startswith("tests/") for n in names)
