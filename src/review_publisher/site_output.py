"""Where a build writes: a staging folder that replaces the published site only when every check has passed.

A failed build used to leave ``site/`` emptied or half-checked. Now the site is built beside the published one,
in a hidden folder of its own (so two builds never write into the same folder), and moved into place with two
renames under a lock when it is clean; otherwise the staging folder is deleted and ``site/`` is left as it was.

Under ``mkdocs serve`` a failed build writes an error page at every address instead, listing the messages
(escaped), and the browser reloads to it; the next good build replaces it.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from review_publisher.diagnostics import Diagnostics, problem

try:  # POSIX; elsewhere concurrent builds still never share a staging folder, only the final swap is unlocked
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class StagedSite:
    """A fresh staging folder next to the site folder, published or discarded once; and, when the build asks for
    one, a scratch folder beside it for what the build reads but does not publish, removed either way."""

    def __init__(self, final: Path) -> None:
        self.final = Path(final).resolve()
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.building-", dir=self.final.parent))
        self._scratch: Path | None = None

    @property
    def scratch(self) -> Path:
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.pages-", dir=self.final.parent))
        return self._scratch

    def _remove_scratch(self) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def publish(self) -> None:
        """Replace the site folder with the staging folder."""
        with _lock(self.final.parent / f".{self.final.name}.lock"):
            old = None
            if self.final.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.old-", dir=self.final.parent))
                os.rename(self.final, old / "site")
            os.rename(self.staging, self.final)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        self._remove_scratch()

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self._remove_scratch()


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


class WarningRecorder(logging.Handler):
    """Records MkDocs' own warnings of one build: in strict mode they abort it after the plugins have run, so the
    staged site must not be published when there are any."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    @classmethod
    def attach(cls) -> WarningRecorder:
        recorder = cls()
        logging.getLogger("mkdocs").addHandler(recorder)
        return recorder

    def detach(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def as_diagnostics(self, config_path: str) -> Diagnostics:
        return Diagnostics(problem(config_path, 1, "config.invalid", f"MkDocs warned: {' '.join(m.split())}")
                           for m in self.messages)


class ErrorSite:
    """The page every address of the preview answers with while the review has problems."""

    def __init__(self, diagnostics: Diagnostics | None = None, text: str | None = None) -> None:
        self.lines = [str(d) for d in diagnostics.errors] if diagnostics is not None else [text or ""]

    @classmethod
    def from_exception(cls, error: BaseException) -> ErrorSite:
        return cls(text=str(error) or type(error).__name__)

    def html(self) -> str:
        items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in self.lines)
        return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>The review has problems"
                "</title></head>\n<body><main><h1>The review has problems</h1>\n<p>Nothing was published. Fix "
                "these and save: this page reloads when the review builds again.</p>\n"
                f"<ul>\n{items}\n</ul></main></body></html>\n")

    def write(self, site: Path, outputs: Iterable[str]) -> None:
        """Write the page at every given address, and as the 404 page (the preview serves it for the rest)."""
        page = self.html()
        site = Path(site)
        for output in {*outputs, "index.html", "404.html"}:
            target = (site / output).resolve()
            if site.resolve() not in target.parents:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
