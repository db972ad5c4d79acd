"""Helpers of the browser suite: where chromium and axe-core are, a local server, and a watched page."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

from harness import ROOT

CHROMIUM = Path(os.environ.get("REVIEW_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(os.environ.get("REVIEW_AXE_JS", ROOT / ".browser-deps" / "node_modules" / "axe-core" / "axe.min.js"))
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
    if not AXE.is_file():
        return f"{AXE} is missing (npm install --prefix .browser-deps axe-core@4; .ci/run does it)"
    return None


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
