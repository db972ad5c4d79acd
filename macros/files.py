"""Reading contributor files: strict UTF-8 and a size cap, each problem a located diagnostic."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from .diagnostics import Diagnostics

MIB = 1024 * 1024
# Caps well above any real chapter, library or data file, far below what would hurt a build.
SIZE_LIMITS = {".md": 2 * MIB, ".yml": 16 * MIB, ".yaml": 16 * MIB, ".bib": 16 * MIB}


def read_text(path: Path, shown_as: str, diagnostics: Diagnostics) -> str | None:
    """The file's text, or None after recording why it cannot be used."""
    limit = SIZE_LIMITS.get(path.suffix.lower(), 2 * MIB)
    size = path.stat().st_size
    if size > limit:
        diagnostics.add(shown_as, 1, "file.too_large",
                        f"the file has {size:,} bytes; the limit for {path.suffix} files is {limit:,} bytes")
        return None
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        diagnostics.add(shown_as, line, "file.not_utf8",
                        f"byte {error.start} is not UTF-8 (0x{data[error.start]:02x}); save the file as UTF-8")
        return None


def content_files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files below a folder with one of the suffixes, in a stable order, hidden files and folders left out."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if path.is_file() and path.suffix.lower() in suffixes and not any(p.startswith(".") for p in relative):
            yield path


# What was read from each file, kept between the builds of one process (mkdocs serve) and used again while the
# file's modification time and size are unchanged: an edit to one chapter re-reads that chapter only.
_READ_CACHE: dict[tuple[str, str], tuple[int, int, object]] = {}


def cached_by_file(kind: str, path: Path, compute: Callable[[], object]) -> object:
    """``compute()``, or its earlier result for the same kind of reading of an unchanged file."""
    status = path.stat()
    key = (kind, str(path))
    hit = _READ_CACHE.get(key)
    if hit is not None and hit[0] == status.st_mtime_ns and hit[1] == status.st_size:
        return hit[2]
    value = compute()
    _READ_CACHE[key] = (status.st_mtime_ns, status.st_size, value)
    return value
