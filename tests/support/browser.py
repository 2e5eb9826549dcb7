"""Headless Chromium through Playwright: Debian's chromium binary (Playwright's own browser builds
cannot be downloaded here), and a folder for screenshots kept as test artifacts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MIRROR_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: scripts/setup installs Debian's chromium"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield instance
        instance.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go (gitignored; README says where)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
