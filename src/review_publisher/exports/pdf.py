"""The PDF of the print version, made by headless Chromium with the command the README documents.

Made only when the review asks for it (plugin option ``pdf``): Chromium is not a Python package, and a review's
local preview should not need it. The publishing workflow turns it on (``REVIEW_PDF=true``). Chromium renders
the print page only after every gate has passed over it: it holds no script and loads nothing from elsewhere.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

PDF_PATH = "downloads/review.pdf"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# The README's command, plus bookmarks for every heading (a reader's PDF viewer lists them as its contents).
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--generate-pdf-document-outline",
         "--disable-background-networking", "--no-first-run")
TIME_LIMIT = 300  # seconds


def find_chromium() -> str | None:
    """REVIEW_CHROMIUM if set, else the first Chromium or Chrome on the PATH."""
    chosen = os.environ.get("REVIEW_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    return next((found for found in map(shutil.which, CANDIDATES) if found), None)


def _print(chromium: str, page: Path, target: Path) -> str | None:
    """One run of Chromium; None when it wrote a PDF, else what went wrong."""
    target.unlink(missing_ok=True)
    # A profile of its own: a Chromium already running with the default one would take the job and exit at once.
    with tempfile.TemporaryDirectory(prefix="review-pdf-") as profile:
        try:
            completed = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}",
                                        page.resolve().as_uri()],
                                       capture_output=True, text=True, timeout=TIME_LIMIT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"{chromium} could not make the PDF: {error}"
    if not target.is_file() or target.stat().st_size == 0 or not target.read_bytes().startswith(b"%PDF"):
        return f"{chromium} made no PDF (exit status {completed.returncode}): {completed.stderr.strip()[-300:]}"
    return None


def _squeezed(text: str) -> str:
    return "".join(text.split())


def part_pages(pdf: Path, headings: list[str]) -> dict[int, int]:
    """The page (from 1) on which each part's heading is, read from the PDF's bookmarks: part number -> page."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    top = []
    for item in reader.outline:
        if not isinstance(item, list):
            page = reader.get_destination_page_number(item)
            top.append((_squeezed(item.title or ""), page + 1 if page is not None else 0))
    pages, position = {}, 1  # the first bookmark is the title page's heading, which may repeat a part's
    for number, heading in enumerate(headings, start=1):
        for index in range(position, len(top)):
            if top[index][0] == _squeezed(heading):
                pages[number], position = top[index][1], index + 1
                break
    return pages


def _headings(print_html: str) -> list[str]:
    """Each part's first heading, as text."""
    parts = re.split(r'<section class="review-print__part"', print_html)[1:]
    found = [re.search(r"<h1[^>]*>(.*?)</h1>", part, re.S) for part in parts]
    return [html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("¶", "").strip() if match else ""
            for match in found]


def make_pdf(print_page: Path, target: Path) -> str | None:
    """Print ``print_page`` to ``target``, its contents numbered with the pages the parts begin on; None when
    done, else what went wrong, in words. Two runs: the first finds the pages from the PDF's bookmarks, the
    second prints the numbered contents (which sit on a page of their own, so the numbering moves nothing)."""
    chromium = find_chromium()
    if chromium is None:
        return ("no Chromium was found to make the PDF: install Debian's chromium (apt-get install chromium), "
                "name another with REVIEW_CHROMIUM, or set the review option pdf to false")
    target.parent.mkdir(parents=True, exist_ok=True)
    failed = _print(chromium, print_page, target)
    if failed:
        return failed
    text = print_page.read_text(encoding="utf-8")
    pages = part_pages(target, _headings(text))
    numbered = re.sub(r'<span class="review-print__page" data-part="(\d+)"></span>',
                      lambda match: f'<span class="review-print__page">{pages.get(int(match.group(1)), "")}</span>',
                      text)
    numbered_page = print_page.with_name("numbered.html")  # beside it, so that its stylesheet links still work
    numbered_page.write_text(numbered, encoding="utf-8")
    try:
        return _print(chromium, numbered_page, target)
    finally:
        numbered_page.unlink(missing_ok=True)
