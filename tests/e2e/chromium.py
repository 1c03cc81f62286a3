"""Debian's chromium for the browser tests, and the skip of a test module without it."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium's own background traffic is refused on a closed network; keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def skip_module_without_chromium() -> None:
    """Skip the calling test module without chromium or Playwright, unless E2E_REQUIRED is set
    (as .ci/run sets it): then its tests fail instead."""
    if CHROMIUM is None and not os.environ.get("E2E_REQUIRED"):
        pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)
    pytest.importorskip("playwright.sync_api")
