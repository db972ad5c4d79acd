"""What was read from a data file, kept on disk for the next build (see :mod:`review_publisher.cache.disk_cache`).

Reading a YAML file strictly and checking it against its schema is most of what loading a large review costs,
and the result depends only on the file's bytes, its name (messages give it), the schema and the facets (the
``kind`` names both) and the generator (every key includes it). It is stored as JSON: paths keep their types
(names and indexes); data with a mapping key that is not text is not stored, since JSON would make it text.

The line of every entry is stored as a list of numbers in the order of a walk of the data (see ``walk``), not
beside its path: the strict loader records a line for the document and for each key and list item, in that
order, so the walk gives the paths back. Written beside their paths, the lines were more than half of the
readings' text (45 MB for the 11 MB of YAML of 10,000 sources), which a check reads and writes whole.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.diagnostics import Diagnostic, from_stored, stored_form
from review_publisher.evidence.strict_yaml import LoadedYaml, YamlProblem
from review_publisher.files import plain_file_size

Reading = tuple[LoadedYaml | None, list[Diagnostic]]
TABLE = "readings"


def remembered_reading(disk: DiskCache | None, kind: str, path: Path, shown_as: str,
                       read: Callable[[], Reading]) -> Reading:
    """``read()``, or what it gave in an earlier build for a file with the same bytes."""
    if disk is None:
        return read()
    if plain_file_size(path) is None:
        return read()  # refused by read_text, with its message; nothing of it is kept
    key = reading_key(disk, kind, shown_as, path.read_bytes())
    table = disk.table(TABLE)
    known = decode(table.get(key))
    if known is not None:
        return known
    loaded, problems = read()
    encoded = encode(loaded, problems)
    if encoded is not None:
        table.put(key, encoded)
    return loaded, problems


def reading_key(disk: DiskCache, kind: str, shown_as: str, data: bytes) -> str:
    """The key a reading is kept under: the kind of reading, the file's name as messages give it, its bytes."""
    return disk.key("reading", kind, shown_as, data)


def encode(loaded: LoadedYaml | None, problems: list[Diagnostic]) -> str | None:
    """The reading as one JSON text (ASCII), or None when JSON cannot hold it exactly.

    One text, not JSON values in the table: the table then holds one string per data file, and a file's values
    exist only while the loader turns them into the review's model (at 3,000 sources the values of every file
    at once were 86 MB, their text 12 MB)."""
    if loaded is not None and not _exact_in_json(loaded.data):
        return None
    return json.dumps({
        "loaded": None if loaded is None else {
            "data": loaded.data,
            **_encoded_lines(loaded),
            "invalid": [list(path) for path in sorted(loaded.invalid, key=repr)],
            "problems": [[found.line, found.id, found.message] for found in loaded.problems]},
        "diagnostics": [stored_form(found) for found in problems],
    }, separators=(",", ":"))


def decode(text: Any) -> Reading | None:
    """A stored reading, or None for anything that is not one (a damaged cache only costs time)."""
    if not isinstance(text, str):
        return None
    try:
        value = json.loads(text)
        stored = value["loaded"]
        loaded = None if stored is None else LoadedYaml(
            data=stored["data"], lines=_decoded_lines(stored),
            problems=[YamlProblem(int(line), str(id_), str(message)) for line, id_, message in stored["problems"]],
            invalid={tuple(path) for path in stored["invalid"]})
        problems = [from_stored(found) for found in value["diagnostics"]]
    except (TypeError, ValueError, KeyError):
        return None
    return loaded, problems


def walk(data: Any) -> list[tuple]:
    """Every path into the data, as the strict loader records lines: the document, then each mapping key and list
    item, each before what is inside it."""
    paths: list[tuple] = [()]

    def visit(path: tuple, value: Any) -> None:
        parts = value.items() if isinstance(value, dict) else enumerate(value)
        for part, item in parts:
            inner = path + (part,)
            paths.append(inner)
            if isinstance(item, (dict, list)):
                visit(inner, item)

    if isinstance(data, (dict, list)):
        visit((), data)
    return paths


def _encoded_lines(loaded: LoadedYaml) -> dict[str, list]:
    """The lines as numbers in the order of ``walk``, or, for lines that do not follow it, beside their paths."""
    paths = walk(loaded.data)
    if len(paths) == len(loaded.lines) and all(path in loaded.lines for path in paths):
        return {"walked_lines": [loaded.lines[path] for path in paths]}
    return {"lines": [[list(path), line] for path, line in loaded.lines.items()]}


def _decoded_lines(stored: dict) -> dict[tuple, int]:
    if "walked_lines" not in stored:
        return {tuple(path): int(line) for path, line in stored["lines"]}
    lines = stored["walked_lines"]
    paths = walk(stored["data"])
    if len(paths) != len(lines) or not all(type(line) is int for line in lines):
        raise ValueError("the lines do not fit the data")  # a damaged reading: read the file again
    return dict(zip(paths, lines, strict=True))


def _exact_in_json(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and _exact_in_json(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_exact_in_json(item) for item in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, int, bool))
