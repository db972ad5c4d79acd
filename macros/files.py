"""Reading contributor files: strict UTF-8 and a size cap, each problem a located diagnostic."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from .diagnostics import Diagnostics

MIB = 1024 * 1024
# Caps well above any real chapter, library or data file, far below what would hurt a build.
SIZE_LIMITS = {".md": 2 * MIB, ".yml": 2 * MIB, ".yaml": 2 * MIB, ".bib": 8 * MIB}


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
