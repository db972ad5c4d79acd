"""Reading contributor files: strict UTF-8 and a size cap, each problem a located diagnostic."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from review_publisher.diagnostics import Diagnostics

if TYPE_CHECKING:
    from review_publisher.diagnostics import Diagnostic

T = TypeVar("T")

MIB = 1024 * 1024
# C0 control characters other than tab, line feed, form feed and carriage return, and DEL.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Caps well above any real chapter, library or data file, far below what would hurt a build.
SIZE_LIMITS = {".md": 2 * MIB, ".yml": 16 * MIB, ".yaml": 16 * MIB, ".bib": 16 * MIB}


def read_text(path: Path, shown_as: str, diagnostics: Diagnostics,
              decode: Callable[[bytes], str] = lambda data: data.decode("utf-8")) -> str | None:
    """The file's text, or None after recording why it cannot be used.

    Only regular files are read: a link or a device is refused before it is opened (see :func:`unsafe_files`).
    """
    limit = SIZE_LIMITS.get(path.suffix.lower(), 2 * MIB)
    status = path.lstat()
    if not stat.S_ISREG(status.st_mode):
        diagnostics.add(shown_as, 1, "file.not_regular", "this is not a regular file (a link, a device or a pipe); "
                                                        "put the content itself in the repository")
        return None
    size = status.st_size
    if size > limit:
        diagnostics.add(shown_as, 1, "file.too_large",
                        f"the file has {size:,} bytes; the limit for {path.suffix} files is {limit:,} bytes")
        return None
    data = path.read_bytes()
    control = _CONTROL.search(data)
    if control:
        diagnostics.add(shown_as, data.count(b"\n", 0, control.start()) + 1, "file.control_character",
                        f"the control character 0x{data[control.start()]:02x} is in the text; it cannot be shown "
                        f"(often a sign of a broken copy or a binary file): delete it")
        return None
    try:
        return decode(data)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        diagnostics.add(shown_as, line, "file.not_utf8",
                        f"byte {error.start} is not UTF-8 (0x{data[error.start]:02x}); save the file as UTF-8")
        return None


def plain_file_size(path: Path) -> int | None:
    """The size of a regular file within its size limit; None for anything read_text would refuse for its kind
    or size (or that cannot be looked at), without reading it."""
    try:
        status = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or status.st_size > SIZE_LIMITS.get(path.suffix.lower(), 2 * MIB):
        return None
    return status.st_size


def content_files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Plain files below a folder with one of the suffixes, in a stable order; hidden files and folders, links and
    special files left out (links are never followed: :func:`unsafe_files` reports them)."""
    if not folder.is_dir() or folder.is_symlink():
        return
    found = []
    for root, directories, names in os.walk(folder, followlinks=False):
        directories[:] = [name for name in directories if not name.startswith(".")]
        for name in names:
            path = Path(root) / name
            if not name.startswith(".") and path.suffix.lower() in suffixes and _special_kind(path) is None:
                found.append(path)
    yield from sorted(found)


@dataclass
class ReadCache:
    """What was read from each file, kept between the builds of one process (``mkdocs serve``) and used again
    while the file's modification time and size are unchanged: an edit to one chapter re-reads that chapter only.

    It belongs to whoever builds (the plugin instance); a fresh one, or none, reads everything again.
    """

    entries: dict[tuple[str, str], tuple[int, int, Any]] = field(default_factory=dict)

    def get(self, kind: str, path: Path, compute: Callable[[], T]) -> T:
        """``compute()``, or its earlier result for the same kind of reading of an unchanged file."""
        status = path.stat()
        key = (kind, str(path))
        hit = self.entries.get(key)
        if hit is not None and hit[0] == status.st_mtime_ns and hit[1] == status.st_size:
            return hit[2]
        value = compute()
        self.entries[key] = (status.st_mtime_ns, status.st_size, value)
        return value

    def clear(self) -> None:
        self.entries.clear()


def cached_by_file(cache: ReadCache | None, kind: str, path: Path, compute: Callable[[], T]) -> T:
    """Through the cache when there is one, else simply ``compute()``."""
    return cache.get(kind, path, compute) if cache is not None else compute()


def unsafe_files(folder: Path, relative: Callable[[Path], str]) -> list[tuple[str, str]]:
    """Every link, device, pipe or socket below a folder (the folder itself included), without following any.

    MkDocs copies what a link in ``docs/`` points to (``docs/env.txt -> /proc/self/environ`` would publish the
    build's environment), and reading ``/dev/zero`` never ends. So nothing below a content folder may be anything
    but a plain file or folder. Returns (path as shown, what it is), found before anything reads them.
    """
    found = []

    def shown(path: Path) -> str:  # never resolve the path itself: that would follow the link
        parent = relative(path.parent)
        return f"{parent}/{path.name}" if parent not in ("", ".") else path.name

    if folder.is_symlink():
        return [(shown(folder), "a symbolic link")]
    if not folder.is_dir():
        return []
    for root, directories, names in os.walk(folder, followlinks=False):
        for name in sorted(directories + names):
            path = Path(root) / name
            kind = _special_kind(path)
            if kind:
                found.append((shown(path), kind))
    return found


def _special_kind(path: Path) -> str | None:
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "a file that cannot be read"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "a device, pipe or socket"


# What a loader or macro raises when it meets a shape of input it does not handle: reported, never a traceback.
UNEXPECTED_INPUT = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, UnicodeError)


def unexpected(shown_as: str, error: BaseException) -> Diagnostic:
    """A located message for input the generator did not expect: never a traceback, and the rest still reported."""
    from review_publisher.diagnostics import problem

    detail = " ".join(str(error).split())[:120]
    return problem(shown_as, getattr(error, "lineno", None) or 1, "content.unexpected",
                   f"this file could not be processed ({type(error).__name__}{': ' + detail if detail else ''})")


def guarded(shown_as: str, compute: Callable[[], T], fallback: Callable[[Diagnostic], T]) -> T:
    """``compute()``, or ``fallback(message)`` if it raises: one odd file never stops the run's other checks."""
    try:
        return compute()
    except UNEXPECTED_INPUT as error:
        return fallback(unexpected(shown_as, error))
