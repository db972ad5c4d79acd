"""biblatex as biblatex means it: dates and date ranges, editions, and fields inherited through ``crossref`` and
``xdata``. Zotero, Better BibTeX and biblatex's own examples write these; a BibTeX-only reader would refuse them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A biblatex (ISO 8601 / EDTF level 0) date: 2019, 2019-03, 2019-03-14, a range with '/', an open range '2005/'.
_DATE = re.compile(r"^\s*(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:T[\d:]+Z?)?\s*[~?%]?\s*$")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@dataclass(frozen=True)
class DateValue:
    """A date or a range; each end as (year, month, day) parts, as many as are known."""

    start: tuple[int, ...]
    end: tuple[int, ...] | None = None  # () for an open range ("2005/")

    @property
    def year(self) -> int:
        return self.start[0]

    def csl(self) -> dict:
        parts = [list(self.start)]
        if self.end:
            parts.append(list(self.end))
        return {"date-parts": parts}


def parse_date(value: str) -> DateValue | None:
    """A biblatex date field, or None when it is not one.

    >>> parse_date("2019-03-14"), parse_date("1998/1999").end, parse_date("2005/").end, parse_date("May 2019")
    (DateValue(start=(2019, 3, 14), end=None), (1999,), (), None)
    """
    start, _, end = value.partition("/")
    first = _date_parts(start)
    if first is None:
        return None
    if not _:
        return DateValue(first)
    if not end.strip() or end.strip() == "..":
        return DateValue(first, ())
    last = _date_parts(end)
    return DateValue(first, last) if last is not None else None


def _date_parts(text: str) -> tuple[int, ...] | None:
    match = _DATE.match(text)
    if not match:
        return None
    parts = tuple(int(part) for part in match.groups() if part is not None)
    if len(parts) > 1 and not 1 <= parts[1] <= 12 or len(parts) > 2 and not 1 <= parts[2] <= 31:
        return None
    return parts


def month_number(month: str) -> int | None:
    """1-12 from a BibTeX month ("jan", "January", "1"), None if there is none or it cannot be read.

    >>> month_number("January"), month_number("jan"), month_number("3"), month_number("")
    (1, 1, 3, None)
    """
    month = month.strip().lower()
    if month.isdigit() and 1 <= int(month) <= 12:
        return int(month)
    return _MONTHS.index(month[:3]) + 1 if month[:3] in _MONTHS else None


def ordinal(edition: str) -> str:
    """An edition as APA prints it: '3' becomes '3rd'; words ('Revised') stay as written.

    >>> [ordinal(e) for e in ("1", "2", "3", "4", "11", "12", "21", "Revised", "2nd")]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '21st', 'Revised', '2nd']
    """
    if not edition.strip().isdigit():
        return edition
    number = int(edition)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# biblatex's default inheritance (biblatex manual, appendix B): a child of these types takes the parent's title
# as its booktitle (or maintitle), rather than as its own title.
_AS_BOOKTITLE = {
    ("book", "inbook"), ("book", "bookinbook"), ("book", "suppbook"),
    ("collection", "incollection"), ("collection", "suppcollection"),
    ("reference", "inreference"), ("proceedings", "inproceedings"),
    ("periodical", "article"), ("periodical", "suppperiodical"),
}
_AS_MAINTITLE = {"mvbook", "mvcollection", "mvproceedings", "mvreference"}
_NEVER_INHERITED = {"ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label", "options",
                    "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
                    "shorthandintro", "sortkey", "xdata"}


def inherited_fields(child_type: str, parent_type: str, parent: dict[str, str]) -> dict[str, str]:
    """The fields a child entry takes from its crossref parent, renamed as biblatex renames them."""
    fields = {name: value for name, value in parent.items() if name not in _NEVER_INHERITED}
    if parent_type == "periodical" and (parent_type, child_type) in _AS_BOOKTITLE:
        _rename(fields, {"title": "journaltitle", "subtitle": "journalsubtitle", "shorttitle": ""})
    elif (parent_type, child_type) in _AS_BOOKTITLE:
        _rename(fields, {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon",
                         "shorttitle": "", "sorttitle": "", "indextitle": "", "indexsorttitle": ""})
        if "author" in fields and parent_type in ("book",):
            fields["bookauthor"] = fields.pop("author")
    elif parent_type in _AS_MAINTITLE:
        _rename(fields, {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon",
                         "shorttitle": "", "sorttitle": "", "indextitle": "", "indexsorttitle": ""})
    return fields


def _rename(fields: dict[str, str], names: dict[str, str]) -> None:
    for old, new in names.items():
        if old in fields:
            value = fields.pop(old)
            if new:
                fields[new] = value
