"""The PDF of the print version, made by headless Chromium with the command the README documents.

Made only when the review asks for it (plugin option ``pdf``): Chromium is not a Python package, and a review's
local preview should not need it. The publishing workflow turns it on (``REVIEW_PDF=true``). Chromium renders
the print page only after every gate has passed over it: it holds no script and loads nothing from elsewhere.
"""

from __future__ import annotations

import os
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


def make_pdf(print_page: Path, target: Path) -> str | None:
    """Print ``print_page`` to ``target``; None when done, else what went wrong, in words."""
    chromium = find_chromium()
    if chromium is None:
        return ("no Chromium was found to make the PDF: install Debian's chromium (apt-get install chromium), "
                "name another with REVIEW_CHROMIUM, or set the review option pdf to false")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    # A profile of its own: a Chromium already running with the default one would take the job and exit at once.
    with tempfile.TemporaryDirectory(prefix="review-pdf-") as profile:
        try:
            completed = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}",
                                        print_page.resolve().as_uri()],
                                       capture_output=True, text=True, timeout=TIME_LIMIT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"{chromium} could not make the PDF: {error}"
    if not target.is_file() or target.stat().st_size == 0 or not target.read_bytes().startswith(b"%PDF"):
        return f"{chromium} made no PDF (exit status {completed.returncode}): {completed.stderr.strip()[-300:]}"
    return None
