"""`mkdocs serve` as a contributor uses it: a save that breaks the review shows the located messages in the browser
(escaped), and the next save that fixes it brings the page back, each by the preview's own reload."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

from harness import copy_site

TIMEOUT_MS = 60_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"mkdocs serve stopped: {process.stdout.read() if process.stdout else ''}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("mkdocs serve did not answer")


def test_preview_shows_errors_in_the_browser_and_reloads_when_fixed(tmp_path, browser):
    site = copy_site("evidence_tables", tmp_path)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=site,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_server(url, process)
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        assert "The review has problems" not in page.content()

        index = site / "docs" / "index.md"
        good = index.read_text(encoding="utf-8")
        # Two problems; the second message repeats a front-matter key written as markup.
        index.write_text("---\n<b>bold</b>: 1\n---\n" + good + "\n\n{{ config }}\n", encoding="utf-8")
        page.wait_for_selector("text=The review has problems", timeout=TIMEOUT_MS)
        listed = page.locator("li code").all_inner_texts()
        assert any("docs/index.md:" in item and "[content.undefined_name]" in item for item in listed), listed
        assert any("<b>bold</b>" in item and "[content.front_matter]" in item for item in listed), listed
        assert page.locator("b").count() == 0, "the messages are escaped, never markup"

        index.write_text(good, encoding="utf-8")
        page.wait_for_selector("h1:has-text('Evidence tables')", timeout=TIMEOUT_MS)
        assert "The review has problems" not in page.content()
        context.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
