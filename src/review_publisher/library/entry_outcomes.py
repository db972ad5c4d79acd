"""What reading and checking each library entry gave, kept on disk by the entry's text (see
:mod:`review_publisher.cache.disk_cache`).

An entry's problems and notes depend on its own text, its file's name and ``@string`` macros, and nothing else,
unless it inherits fields (``crossref``, ``xdata``). So `review check` after an edit to a large ``.bib`` file
parses only the entries whose text is new (pybtex reads about 5,000 entries a second: 2 s for a library of
10,000), and takes the others' outcomes from here. An entry that inherits is never kept: the library is then
read whole (:func:`review_publisher.library.bibliography.library_outline`).

Lines are kept as offsets from the entry's first line, so an entry that only moved (an entry added above it)
keeps its outcome. Builds keep outcomes too, so a check after a build parses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.catalogue import CATALOGUE
from review_publisher.diagnostics import Diagnostic, problem

TABLE = "bib-entries"

Located = tuple[tuple[int, str, str], ...]  # (lines after the entry's first line, id, message)


@dataclass(frozen=True)
class EntryOutcome:
    """One entry as checked: its key and written type, its problems (the entry is set aside if it has any) and
    notes."""

    key: str
    type: str  # as written, lower case
    problems: Located
    notes: Located

    @classmethod
    def of(cls, key: str, written_type: str, line: int, problems: list[Diagnostic],
           notes: list[Diagnostic]) -> EntryOutcome:
        def located(found: list[Diagnostic]) -> Located:
            return tuple((item.line - line, item.id, item.message) for item in found)

        return cls(key, written_type.lower(), located(problems), located(notes))

    def problems_at(self, path: str, line: int) -> list[Diagnostic]:
        return [problem(path, line + offset, id, message) for offset, id, message in self.problems]

    def notes_at(self, path: str, line: int) -> list[Diagnostic]:
        return [problem(path, line + offset, id, message) for offset, id, message in self.notes]


class EntryOutcomes:
    """The kept outcomes, each under a key of the entry's file name, its file's macros and its text."""

    def __init__(self, disk: DiskCache) -> None:
        self.disk = disk
        self.table = disk.table(TABLE)
        self._marker = disk.key("bib entries kept")  # stored beside the outcomes, under this generator's key

    def key(self, path: str, macros: str, chunk: str) -> str:
        return self.disk.key("bib entry", path, macros, chunk)

    def current(self) -> bool:
        """Whether this generator kept outcomes here (every key holds the generator: after a new one, none of
        the outcomes kept is ever found, and reading the library ahead pays again)."""
        return self.table.get(self._marker) is not None

    def known(self, path: str, macros: str, chunk: str) -> EntryOutcome | None:
        return _decoded(self.table.get(self.key(path, macros, chunk)))

    def keep(self, path: str, macros: str, chunk: str, outcome: EntryOutcome) -> None:
        self.table.put(self._marker, True)
        self.table.put(self.key(path, macros, chunk), [outcome.key, outcome.type, [list(item) for item in
                                                                                   outcome.problems],
                                                       [list(item) for item in outcome.notes]])


def _decoded(stored: Any) -> EntryOutcome | None:
    """A kept outcome, or None for anything this module does not write (a damaged cache only costs time)."""
    try:
        key, written_type, problems, notes = stored
        outcome = EntryOutcome(key, written_type, _located(problems), _located(notes))
    except (TypeError, ValueError):
        return None
    return outcome if isinstance(key, str) and isinstance(written_type, str) else None


def _located(stored: Any) -> Located:
    found = []
    for offset, id, message in stored:
        if type(offset) is not int or id not in CATALOGUE or not isinstance(message, str):
            raise ValueError("not a kept problem")
        found.append((offset, id, message))
    return tuple(found)
