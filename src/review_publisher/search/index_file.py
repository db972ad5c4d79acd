"""The theme's search index (``search/search_index.json``), read and written a section at a time.

The index is the whole site's text (25 MB at 3,000 sources, three times that at 10,000): decoded whole, its
sections cost several times its size in memory at the end of the build, on top of everything MkDocs holds then.
Its members are decoded here one at a time by the standard library's JSON decoder; the sections of ``docs`` are
handed out one by one, so that only the index's text and one section are in memory at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")  # what JSON allows between tokens
_DECODER = json.JSONDecoder()
SECTIONS = "docs"

# The walk's events: a member of the index other than the sections, the start of the sections, one section, and
# their end.
MEMBER, START, SECTION, END = "member", "start", "section", "end"


def _after_space(text: str, position: int) -> int:
    return _SPACE.match(text, position).end()  # type: ignore[union-attr]  # the pattern matches the empty text


def _expect(text: str, position: int, token: str) -> int:
    """The position after ``token`` (and the spaces after it), which must come next."""
    position = _after_space(text, position)
    if not text.startswith(token, position):
        raise json.JSONDecodeError(f"Expecting '{token}'", text, position)
    return _after_space(text, position + len(token))


def _walk(text: str) -> Iterator[tuple[str, Any, Any]]:
    """The index's events in order: (MEMBER, name, value), (START, None, None), (SECTION, position, section),
    (END, None, None). An index that is not a JSON object raises ``json.JSONDecodeError``."""
    position = _expect(text, 0, "{")
    first = True
    while not text.startswith("}", position):
        if not first:
            position = _expect(text, position, ",")
        first = False
        name, position = _DECODER.raw_decode(text, position)
        if not isinstance(name, str):
            raise json.JSONDecodeError("Expecting a member's name", text, position)
        position = _expect(text, position, ":")
        if name == SECTIONS and text.startswith("[", position):
            yield START, None, None
            position = _expect(text, position, "[")
            number = 0
            while not text.startswith("]", position):
                if number:
                    position = _expect(text, position, ",")
                section, position = _DECODER.raw_decode(text, position)
                yield SECTION, number, section
                number += 1
                position = _after_space(text, position)
            position = _after_space(text, position + 1)
            yield END, None, None
        else:
            value, position = _DECODER.raw_decode(text, position)
            yield MEMBER, name, value
            position = _after_space(text, position)
    if text[position + 1:].strip(" \t\n\r"):
        raise json.JSONDecodeError("Extra data", text, position + 1)


def sections(text: str) -> Iterator[dict]:
    """The index's sections, in order, one at a time."""
    for event, _, value in _walk(text):
        if event == SECTION:
            yield value


def rewrite(text: str, target: Path, change: Callable[[int, dict], dict]) -> None:
    """Write the index to ``target`` with each section passed through ``change(position, section)``: the very
    bytes ``json.dumps(index, ensure_ascii=False, separators=(",", ":"))`` would give for the changed index."""
    def encoded(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    with target.open("w", encoding="utf-8") as file:
        file.write("{")
        written = 0
        for event, name, value in _walk(text):
            if event == MEMBER or event == START:
                file.write(("," if written else "") + encoded(name if event == MEMBER else SECTIONS) + ":")
                file.write(encoded(value) if event == MEMBER else "[")
                written += 1
            elif event == SECTION:
                file.write(("," if name else "") + encoded(change(name, value)))
            else:
                file.write("]")
        file.write("}")
