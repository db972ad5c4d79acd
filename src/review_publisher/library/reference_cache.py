"""Formatted references kept between builds, on disk, keyed by what they are made from.

Formatting with a CSL processor costs a few milliseconds an entry, so a review of thousands of sources would
spend most of a rebuild re-formatting entries that did not change. Each reference is stored under a digest of
its CSL-JSON item, the style file's content and the generator's version: an entry, a style or a generator that
changes gets a new digest, so a stale reference is never served. The cache is one JSON file per style in the
review's ``.review-cache/`` folder; deleting the folder only costs time, and a file that cannot be read is
ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

CACHE_FOLDER = ".review-cache"


def _generator_version() -> str:
    try:
        return version("review-publisher")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree that is not installed
        return "unknown"


def _digest(item: dict, style_digest: str) -> str:
    text = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{style_digest}\n{text}".encode()).hexdigest()[:32]


def cached_references(items: Mapping[str, dict], style_path: Path, folder: Path | None,
                      format_all: Callable[[dict[str, dict]], dict[str, str]]) -> dict[str, str]:
    """Each item's reference, from the cache where it is there, else formatted (in one batch) and stored."""
    style_digest = hashlib.sha256(style_path.read_bytes() + _generator_version().encode()).hexdigest()[:16]
    digests = {key: _digest(item, style_digest) for key, item in items.items()}
    store = folder / f"references-{style_digest}.json" if folder is not None else None
    known = _read(store)
    missing = {key: item for key, item in items.items() if digests[key] not in known}
    made = format_all(missing) if missing else {}
    if store is not None and made:
        kept = {digest: known[digest] for digest in digests.values() if digest in known}  # drop what is gone
        kept.update({digests[key]: text for key, text in made.items()})
        _write(store, kept)
    return {key: made[key] if key in made else known[digests[key]] for key in items}


def _read(store: Path | None) -> dict[str, str]:
    if store is None or not store.is_file():
        return {}
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged cache is only a slower build
    return {key: value for key, value in data.items() if isinstance(key, str) and isinstance(value, str)} \
        if isinstance(data, dict) else {}


def _write(store: Path, data: dict[str, str]) -> None:
    """Written whole to a temporary file and moved into place, so a build that stops never leaves half a file."""
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        (store.parent / ".gitignore").write_text("*\n", encoding="utf-8")
        handle, temporary = tempfile.mkstemp(dir=store.parent, prefix=".references-")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False)
        os.replace(temporary, store)
    except OSError:
        pass  # a read-only checkout builds without a cache
