"""The browser suite's fixtures: the real review, built once, served on 127.0.0.1, read by Debian's chromium.

Playwright cannot download browsers here, so it drives /usr/bin/chromium (the Debian package). Without it these
tests skip on a developer's machine with the reason, and fail under CI=true. axe-core comes from PyPI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browser_tools import ARTIFACTS, CHROMIUM, FLAGS, Watched, missing, serve


def pytest_collection_modifyitems(config, items):
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"browser tests cannot run in CI: {reason}")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def built_site(real_review) -> Path:
    return real_review.site_dir


@pytest.fixture(scope="session")
def base_url(built_site):
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture()
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Watched(page)
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir()
    return ARTIFACTS
