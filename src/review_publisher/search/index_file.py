"""The theme's search index (``search/search_index.json``), read and written a section at a time.

The index is the whole site's text (25 MB at 3,000 sources, three times that at 10,000): decoded whole, its
sections cost several times its size in memory at the end of the build, on top of everything MkDocs holds then;
even its text alone, read at once, is twice its size (a text with one character beyond Latin-1 takes two bytes a
character), and the final check and the search aids each read it. So it is read from the file a block at a time,
and its members decoded one at a time by the standard library's JSON decoder: only a block and one section are in
memory at once.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

_SPACE = re.compile(r"[ \t\n\r]*")  # what JSON allows between tokens
_DECODER = json.JSONDecoder()
SECTIONS = "docs"
BLOCK = 1 << 20  # characters read at a time

# The walk's events: a member of the index other than the sections, the start of the sections, one section, and
# their end.
MEMBER, START, SECTION, END = "member", "start", "section", "end"


class _Reader:
    """The index's text, read a block at a time: what is not used yet, and where the walk is in it."""

    def __init__(self, file: IO[str], block: int = BLOCK) -> None:
        self.file, self.block = file, block
        self.text, self.position, self.ended = "", 0, False

    def _more(self, at_least: int = 0) -> bool:
        """Read on (at least ``at_least`` characters, where a value is longer than a block); False at the end."""
        if self.ended:
            return False
        chunk = self.file.read(max(self.block, at_least))
        if not chunk:
            self.ended = True
            return False
        self.text = self.text[self.position:] + chunk  # what was used is let go
        self.position = 0
        return True

    def skip_space(self) -> None:
        while True:
            self.position = _SPACE.match(self.text, self.position).end()  # type: ignore[union-attr]
            if self.position < len(self.text) or not self._more():
                return

    def startswith(self, token: str) -> bool:
        self.skip_space()
        while len(self.text) - self.position < len(token) and self._more():
            pass
        return self.text.startswith(token, self.position)

    def expect(self, token: str) -> None:
        """Step over ``token`` (and the spaces after it), which must come next."""
        if not self.startswith(token):
            raise json.JSONDecodeError(f"Expecting '{token}'", self.text, self.position)
        self.position += len(token)
        self.skip_space()

    def value(self) -> Any:
        """The next JSON value. A value cut by the end of what was read is read again with more: one that fails,
        or a number that ends where the text read so far ends (its next digits may be in the next block)."""
        self.skip_space()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.position)
            except json.JSONDecodeError:
                if self._more(len(self.text)):
                    continue
                raise
            if end == len(self.text) and self._more(len(self.text)):
                continue
            self.position = end
            return value

    def rest_is_space(self) -> bool:
        self.skip_space()
        return self.position >= len(self.text)


def _walk(file: IO[str], block: int = BLOCK) -> Iterator[tuple[str, Any, Any]]:
    """The index's events in order: (MEMBER, name, value), (START, None, None), (SECTION, position, section),
    (END, None, None). An index that is not a JSON object raises ``json.JSONDecodeError``."""
    reader = _Reader(file, block)
    reader.expect("{")
    first = True
    while not reader.startswith("}"):
        if not first:
            reader.expect(",")
        first = False
        name = reader.value()
        if not isinstance(name, str):
            raise json.JSONDecodeError("Expecting a member's name", reader.text, reader.position)
        reader.expect(":")
        if name == SECTIONS and reader.startswith("["):
            yield START, None, None
            reader.expect("[")
            number = 0
            while not reader.startswith("]"):
                if number:
                    reader.expect(",")
                yield SECTION, number, reader.value()
                number += 1
            reader.expect("]")
            yield END, None, None
        else:
            yield MEMBER, name, reader.value()
    reader.expect("}")
    if not reader.rest_is_space():
        raise json.JSONDecodeError("Extra data", reader.text, reader.position)


def open_index(path: Path) -> IO[str]:
    """The index file as text, in the encoding ``json.loads`` would find in its bytes."""
    with path.open("rb") as file:
        head = file.read(4)
    return path.open(encoding=json.detect_encoding(head), errors="surrogatepass")


def sections(source: Path | str | IO[str], block: int = BLOCK) -> Iterator[dict]:
    """The index's sections, in order, one at a time (``source``: the index file, or its text)."""
    with _opened(source) as file:
        for event, _, value in _walk(file, block):
            if event == SECTION:
                yield value


def _opened(source: Path | str | IO[str]) -> IO[str]:
    if isinstance(source, Path):
        return open_index(source)
    return io.StringIO(source) if isinstance(source, str) else source


def rewrite(source: Path | str | IO[str], target: Path, change: Callable[[int, dict], dict],
            block: int = BLOCK) -> None:
    """Write the index to ``target`` with each section passed through ``change(position, section)``: the very
    bytes ``json.dumps(index, ensure_ascii=False, separators=(",", ":"))`` would give for the changed index.
    ``source`` may be ``target`` itself: the new index is written beside it and then takes its place."""
    def encoded(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    partial = target.with_name(target.name + ".partial")
    try:
        with _opened(source) as read, partial.open("w", encoding="utf-8") as file:
            file.write("{")
            written = 0
            for event, name, value in _walk(read, block):
                if event == MEMBER or event == START:
                    file.write(("," if written else "") + encoded(name if event == MEMBER else SECTIONS) + ":")
                    file.write(encoded(value) if event == MEMBER else "[")
                    written += 1
                elif event == SECTION:
                    file.write(("," if name else "") + encoded(change(name, value)))
                else:
                    file.write("]")
            file.write("}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
