"""Located messages with stable ids, collected over a whole run and reported together.

Every content problem is a :class:`Diagnostic`: ``path:line: [id] text``.
The ids are a contract with contributors: each one is listed in :data:`CATALOGUE`
with what to do about it, and the contributors' page is generated from that table,
so an id can never be used without being documented.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review_publisher.catalogue import CATALOGUE, ERROR, NOTE, WARNING, DiagnosticKind

__all__ = ["CATALOGUE", "ERROR", "NOTE", "WARNING", "Diagnostic", "DiagnosticKind", "Diagnostics", "catalogue_rows",
           "first_line_holding", "parse_located", "problem"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem. ``path`` is relative to the project folder, ``line`` starts at 1."""

    path: str
    line: int
    id: str
    message: str
    severity: str = field(default=ERROR, compare=False)

    def __post_init__(self) -> None:
        if self.id not in CATALOGUE:
            raise KeyError(f"diagnostic id {self.id!r} is not in diagnostics.CATALOGUE")

    def __str__(self) -> str:
        # One line whatever the message holds: a newline or control character would break the located form.
        message = "".join(ch if ch >= " " else " " for ch in self.message)
        return f"{self.path}:{self.line}: [{self.id}] {message}"


def first_line_holding(text: str, *needles: str) -> int | None:
    r"""The line (from 1) of the first of the needles found in the text, ignoring case; None if none is there.

    >>> first_line_holding("a\nB <Script>\n", "onerror=", "<script")
    2
    """
    for needle in needles:
        found = re.search(re.escape(needle), text, re.IGNORECASE) if needle else None
        if found:
            return text.count("\n", 0, found.start()) + 1
    return None



def line_containing(path: Path, needle: str) -> int | None:
    """The first line of a text file that contains the needle, ignoring case."""
    try:
        return first_line_holding(path.read_text(encoding="utf-8"), needle)
    except (OSError, UnicodeDecodeError):
        return None

_LOCATED = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): \[(?P<id>[a-z_]+\.[a-z_0-9]+)\] (?P<message>.*)$", re.M)


def parse_located(text: str) -> list[Diagnostic]:
    """The located messages in a text (a build's log), with the severity their ids have in the catalogue."""
    return [problem(m["path"], int(m["line"]), m["id"], m["message"]) for m in _LOCATED.finditer(text)
            if m["id"] in CATALOGUE]


def stored_form(found: Diagnostic) -> list:
    """A diagnostic as `.review-cache/` keeps it (a JSON list)."""
    return [found.path, found.line, found.id, found.message, found.severity]


def from_stored(stored: Any) -> Diagnostic:
    """A diagnostic kept by :func:`stored_form`; ValueError for anything else (a damaged cache is read again)."""
    try:
        path, line, id, message, severity = stored
    except (TypeError, ValueError) as error:
        raise ValueError("not a kept diagnostic") from error
    if id not in CATALOGUE or type(line) is not int or not all(isinstance(text, str)
                                                              for text in (path, message, severity)):
        raise ValueError("not a kept diagnostic")
    return Diagnostic(path, line, id, message, severity)


def problem(path: str, line: int, id: str, message: str) -> Diagnostic:
    """A diagnostic with the severity its id has in the catalogue."""
    return Diagnostic(path, max(int(line or 1), 1), id, message, CATALOGUE[id].severity)


class Diagnostics:
    """Collects every problem of a run, so that all of them are reported before the build fails."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self._items: list[Diagnostic] = list(items)

    def add(self, path: str, line: int, id: str, message: str) -> None:
        self._items.append(problem(path, line, id, message))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self._items.extend(items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(set(self._items)))

    def __len__(self) -> int:
        return len(set(self._items))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.severity == WARNING]

    @property
    def notes(self) -> list[Diagnostic]:
        return [d for d in self if d.severity == NOTE]

    def report(self) -> str:
        """All messages, one a line, sorted by file and line, then a count."""
        lines = [str(d) for d in self]
        lines.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s), {len(self.notes)} note(s)")
        return "\n".join(lines)


def catalogue_rows() -> list[tuple[str, str, str, str]]:
    """(id, severity, summary, fix) for every id, sorted: the data behind the contributors' page."""
    return [(k.id, k.severity, k.summary, k.fix) for k in sorted(CATALOGUE.values(), key=lambda k: k.id)]
