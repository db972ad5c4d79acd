"""Helpers of the browser suite: where chromium and axe-core are, a local server, and a watched page."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

from harness import ROOT

CHROMIUM = Path(os.environ.get("REVIEW_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (apt-get install chromium; .ci/run does it)"
    return None


def axe_script() -> Path:
    """axe-core as the PyPI package axe-playwright-python bundles it (a test dependency, so always here)."""
    from axe_playwright_python.base import AXE_FILE_PATH

    return Path(AXE_FILE_PATH)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


def serve(directory: Path):
    """An HTTP server for a folder on 127.0.0.1, on a free port, in a thread; returns (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class Watched:
    """A page that records console errors, page errors, failed requests and every request's address."""

    def __init__(self, page):
        self.page, self.errors, self.failed, self.requests = page, [], [], []
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("requestfailed", self._failed)
        page.on("request", lambda request: self.requests.append(request.url))

    def _failed(self, request):
        # A request the browser itself cancels because the page navigates on (a click on a map cell while the
        # favicon still loads) is not a failure of the site.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(request.url)

    def assert_clean(self, base_url: str):
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.failed == [], f"failed requests: {self.failed}"
        outside = [url for url in self.requests if not (url.startswith(base_url) or url.startswith("data:")
                                                         or url.startswith("blob:"))]
        assert outside == [], f"requests leaving 127.0.0.1: {outside}"


def axe_violations(page) -> list[tuple[str, str, str, list]]:
    """Every axe-core violation on the page as it is now, of any impact: (rule, impact, help, first targets)."""
    page.add_script_tag(path=str(axe_script()))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]]


def set_scheme(page, scheme: str) -> None:
    """Switch Material's colour scheme ('default' or 'slate') with its own toggle, as a reader does, and wait until
    the toggle's tooltip has faded: axe would otherwise measure a half-transparent tooltip mid-transition."""
    if page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme:
        page.click("label.md-header__button[for^='__palette']:visible")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    page.mouse.move(5, page.viewport_size["height"] - 5)
    page.wait_for_function("!document.querySelector('.md-tooltip--active')", timeout=5_000)
    page.wait_for_timeout(400)


def tab_to(page, css_class: str, presses: int = 150) -> None:
    """Move focus with the Tab key, as a keyboard user does, until an element of the class has it."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.classList.contains('{css_class}')"):
            return
    raise AssertionError(f"no .{css_class} could be reached with the Tab key")
