"""Pytest plugin for browser tests driven by Debian's Chromium through Playwright.

Registered from the root ``conftest.py`` with ``pytest_plugins = ["treem.web.testing.browser"]``.

Tests take the ``page`` (desktop) or ``phone_page`` (mobile) fixture together with pytest-django's
``live_server`` and open ``live_server.url + path``. Playwright's own browser downloads are not
used: the system ``chromium`` package is launched instead, so the tests run offline.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright

CHROMIUM_EXECUTABLES = ("chromium", "chromium-browser")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

DESKTOP_VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
PHONE_VIEWPORT: ViewportSize = {"width": 390, "height": 844}
LOCALE = "vi-VN"
TIMEZONE = "Asia/Ho_Chi_Minh"

MISSING_CHROMIUM = (
    "Không tìm thấy Chromium: cài gói Debian 'chromium' để chạy kiểm thử trình duyệt "
    "(apt-get install chromium)"
)


def find_chromium() -> str | None:
    """Return the path of the system Chromium executable, or None if it is not installed."""
    for name in CHROMIUM_EXECUTABLES:
        path = shutil.which(name)
        if path:
            return path
    return None


def repository_root() -> Path:
    """Return the repository root: the nearest ancestor of this file holding pyproject.toml.

    Falls back to the current directory when the package runs from an installed copy.
    """
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    return Path.cwd()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG of ``page`` as ``var/screenshots/<name>.png`` and return its path.

    ``name`` may contain ``/`` to group screenshots in sub-folders, but may not leave the
    screenshot folder.
    """
    relative = PurePosixPath(name)
    if not name or relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"Invalid screenshot name: {name!r}")
    path = repository_root() / "var" / "screenshots" / f"{relative}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """One headless Chromium for the whole test session (skips if Chromium is missing)."""
    executable = find_chromium()
    if executable is None:
        pytest.skip(MISSING_CHROMIUM)
    with pytest.MonkeyPatch.context() as mp:
        # The sync API keeps an asyncio event loop in the test thread, which makes Django
        # refuse ORM calls made by the test itself ("SynchronousOnlyOperation"). This is the
        # documented workaround for Playwright with Django.
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()


def _open_page(context: BrowserContext) -> Iterator[Page]:
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(chromium_browser: Browser) -> Iterator[Page]:
    """A fresh desktop page (1280x800, Vietnamese locale) in its own browser context."""
    context = chromium_browser.new_context(
        viewport=DESKTOP_VIEWPORT, locale=LOCALE, timezone_id=TIMEZONE
    )
    yield from _open_page(context)


@pytest.fixture
def phone_page(chromium_browser: Browser) -> Iterator[Page]:
    """A fresh phone-sized page (390x844, mobile, touch, Vietnamese locale)."""
    context = chromium_browser.new_context(
        viewport=PHONE_VIEWPORT,
        is_mobile=True,
        has_touch=True,
        locale=LOCALE,
        timezone_id=TIMEZONE,
    )
    yield from _open_page(context)
