"""Start Debian's headless Chromium for the browser tests and benchmarks, with nothing in the background.

Without the background-networking flags Chromium keeps trying hosts that this offline machine refuses.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,900",
)


def chromium_missing() -> str | None:
    """Return why Chromium cannot start here, or None when Debian's chromium and chromedriver are there."""
    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        return "chromium is missing: run 'make system-deps'"
    if not (shutil.which("chromedriver") or Path("/usr/bin/chromedriver").exists()):
        return "chromedriver is missing: run 'make system-deps'"
    return None


def start_chromium(profile: str, *, log_network: bool = False) -> webdriver.Chrome:
    """Start headless Chromium with a fresh profile folder; ``log_network`` records DevTools network events."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if log_network:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver), options=options)


@contextmanager
def running_chromium(**options: bool) -> Iterator[webdriver.Chrome]:
    """Start headless Chromium in a temporary profile folder; quit it and remove the folder afterwards."""
    profile = tempfile.mkdtemp(prefix="policykg-chromium-")
    driver = start_chromium(profile, **options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
