"""Fixtures shared by the browser tests: Debian's Chromium (required in CI, skipped with a
reason elsewhere when missing) and offline pages that abort every non-loopback request."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.server import CHROMIUM, launch_browser, offline_context


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing in CI (scripts/install_browser.sh installs it)")
        pytest.skip(f"{CHROMIUM} not installed")


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser):
    """`offline_page(width, height)` -> a page in a fresh context; `page.blocked` lists the
    non-loopback requests that were aborted."""
    contexts = []

    def make(width: int = 1440, height: int = 1000):
        blocked: list[str] = []
        context = offline_context(browser, blocked, viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.blocked = blocked
        return page

    yield make
    for context in contexts:
        context.close()
