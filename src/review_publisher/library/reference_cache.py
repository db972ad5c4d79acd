"""Formatted references kept between builds (see :mod:`review_publisher.cache.disk_cache`).

Formatting with a CSL processor costs a few milliseconds an entry, so a review of thousands of sources would
spend most of a rebuild re-formatting entries that did not change. Each reference is stored under a key made
from its CSL-JSON item and the style file's content (and, as every key, the generator's files and versions): an
entry or a style that changes gets a new key, so a stale reference is never served.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

from review_publisher.cache.disk_cache import DiskCache


def cached_references(items: Mapping[str, dict], style_path: Path, cache: DiskCache | None,
                      format_all: Callable[[dict[str, dict]], dict[str, str]]) -> dict[str, str]:
    """Each item's reference, from the cache where it is there, else formatted (in one batch) and stored."""
    if cache is None:
        return format_all(dict(items))
    style = style_path.read_bytes()
    table = cache.table("references")
    keys = {key: cache.key("reference", style, json.dumps(item, sort_keys=True, ensure_ascii=False))
            for key, item in items.items()}
    known = {key: table.get(digest) for key, digest in keys.items()}
    missing = {key: items[key] for key, text in known.items() if not isinstance(text, str)}
    made = format_all(missing) if missing else {}
    for key, text in made.items():
        table.put(keys[key], text)
    return {key: made[key] if key in made else known[key] for key in items}
