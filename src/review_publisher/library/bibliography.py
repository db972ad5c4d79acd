"""The BibTeX library: every ``*.bib`` file of a folder, parsed strictly, resolved, decoded, each problem located.

pybtex parses in strict mode, but its messages name no file and, for an unbalanced brace, point at the line of
the *next* entry. So each file is cut into entries at lines that start with ``@`` and each entry is parsed on its
own: a broken entry is reported with its own key and first line, and cannot hide the entries after it.

Reading happens in three steps: parse each file (cached by file), resolve ``crossref`` and ``xdata`` across all
files, then check and decode each entry. Only the fields the site shows or exports are decoded from LaTeX; the
rest (``file``, ``abstract``, ...) are kept as written and never judged. An entry with a problem is *set aside*
with its problems: whether they stop the build depends on whether a page cites it (see :mod:`project`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError

from review_publisher.diagnostics import Diagnostic, Diagnostics, problem
from review_publisher.files import ReadCache, cached_by_file, content_files, guarded, read_text
from review_publisher.library.biblatex import DateValue, inherited_fields, month_number, parse_date
from review_publisher.library.entry_outcomes import EntryOutcome, EntryOutcomes
from review_publisher.library.entry_types import CONTAINERS_ONLY, ENTRY_TYPES, EntryType, entry_type
from review_publisher.library.latex import LatexError, decode_latex

# Roles whose names the site shows or exports.
NAME_ROLES = ("author", "editor", "translator", "bookauthor", "director", "editora", "editorb", "holder")
URL_SCHEMES = ("http://", "https://")
# Fields that are shown or exported, and so decoded from LaTeX. Title-like ones keep their case protection.
TITLE_FIELDS = ("title", "subtitle", "titleaddon", "booktitle", "booksubtitle", "booktitleaddon", "maintitle",
                "mainsubtitle", "maintitleaddon", "shorttitle", "eventtitle")
TEXT_FIELDS = ("journal", "journaltitle", "journalsubtitle", "shortjournal", "series", "volume", "volumes",
               "number", "issue", "pages", "pagetotal", "edition", "publisher", "institution", "organization",
               "school", "location", "address", "howpublished", "type", "note", "addendum", "chapter", "venue",
               "version", "month", "year", "date", "origdate", "urldate", "eventdate", "isbn", "issn",
               "eprinttype", "eprintclass", "archiveprefix", "primaryclass", "pubstate", "language", "langid",
               "entrysubtype", "part", "issuetitle", "issuesubtitle", "day")
LINK_FIELDS = ("url", "doi", "eprint")  # kept as written (a URL is not LaTeX), only \url{...} unwrapped
LIST_FIELDS = ("publisher", "location", "address", "institution", "organization", "school")
SHOWN_FIELDS = frozenset(TITLE_FIELDS + TEXT_FIELDS + LINK_FIELDS)
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|info:doi/)", re.I)

_ENTRY_START = re.compile(r"^[ \t]*@", re.M)
_ENTRY_HEAD = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]*)")
_PYBTEX_LINE = re.compile(r"^syntax error in line (\d+): ")


@dataclass
class Source:
    """One library entry: its fields and names decoded to plain text, and where it is written."""

    key: str
    type: str  # the registry's type (an unknown type is read as misc)
    fields: dict[str, str]  # shown fields, decoded; biblatex names also under their BibTeX twins
    persons: dict[str, list[Person]]
    path: str
    line: int
    raw: Entry | None  # as written, LaTeX kept (as_written); None once a build has no more use for it
    protected: dict[str, str] = field(default_factory=dict)  # title-like fields with case-protection marks
    date: DateValue | None = None
    written_type: str = ""  # the type as the library writes it

    def as_written(self) -> Entry:
        """The entry as the library writes it, LaTeX kept: for formatting and the BibTeX downloads. A single build
        lets it go once every download is written and every page rendered (Project.rendering_done)."""
        if self.raw is None:
            raise RuntimeError(f"{self.path}:{self.line}: the entry {self.key} as written is no longer held")
        return self.raw

    @property
    def year(self) -> str | None:
        return str(self.date.year) if self.date else None

    @property
    def entry_type(self) -> EntryType:
        return ENTRY_TYPES[self.type]


@dataclass(frozen=True)
class LibraryIndex:
    """What the data's checks read of the library: where each entry shown is, and the keys set aside."""

    places: dict[str, tuple[str, int]]  # key -> (path, line)
    set_aside: frozenset[str]


@dataclass
class Library:
    sources: dict[str, Source] = field(default_factory=dict)
    # Entries that have a problem, by key: shown nowhere; their problems stop the build only if a page or a
    # record uses the key (an entry without a readable key is listed under its place).
    set_aside: dict[str, list[Diagnostic]] = field(default_factory=dict)

    def __contains__(self, key: str) -> bool:
        return key in self.sources

    def index(self) -> LibraryIndex:
        return LibraryIndex({key: (source.path, source.line) for key, source in self.sources.items()},
                            frozenset(self.set_aside))

    def __getitem__(self, key: str) -> Source:
        return self.sources[key]

    def suggest(self, key: str) -> str | None:
        """The key a contributor most likely meant: same letters in another case, else the closest spelling.

        Only keys that begin with the same letter are compared, so that a library of thousands of entries with
        hundreds of unknown citations is still checked in moments.
        """
        folded = key.casefold()
        for known in self._by_initial.get(folded[:1], ()):
            if known.casefold() == folded:
                return known
        import difflib

        close = difflib.get_close_matches(key, self._by_initial.get(folded[:1], []), n=1, cutoff=0.75)
        return close[0] if close else None

    @property
    def _by_initial(self) -> dict[str, list[str]]:
        index = self.__dict__.get("_initials")
        if index is None or index[0] != len(self.sources):
            grouped: dict[str, list[str]] = defaultdict(list)
            for known in self.sources:
                grouped[known.casefold()[:1]].append(known)
            index = (len(self.sources), dict(grouped))
            self.__dict__["_initials"] = index
        return index[1]


@dataclass
class ParsedEntry:
    """An entry as parsed, before crossref resolution and decoding."""

    key: str
    entry: Entry
    path: str
    line: int
    chunk: str
    checked: tuple | None = None  # (source, problems, notes) once checked, when nothing is inherited
    macros: str = ""  # the file's @string macros, as text: part of the key of the entry's outcome

    def field_line(self, name: str) -> int:
        match = re.search(rf"^\s*{re.escape(name)}\s*=", self.chunk, re.M | re.I)
        return self.line + self.chunk.count("\n", 0, match.start()) if match else self.line


@dataclass(frozen=True)
class KnownEntry:
    """An entry whose outcome was kept (see :mod:`entry_outcomes`): not parsed again."""

    key: str
    path: str
    line: int
    outcome: EntryOutcome


def load_library(folder: Path | None, relative, diagnostics: Diagnostics, cache: ReadCache | None = None,
                 outcomes: EntryOutcomes | None = None) -> Library:
    """Every entry of every .bib file below ``folder``.

    Problems of the files themselves (not UTF-8, ...) go to ``diagnostics``; problems of an entry go to
    ``library.set_aside`` under its key, and notes (an unknown type, ...) to ``diagnostics``. ``relative`` turns a
    path into the form shown in messages. What each entry gave is kept in ``outcomes``, for `review check`.
    """
    library = Library()
    if folder is None:
        return library
    by_key = _first_of_each_key(_read_files(folder, relative, diagnostics, library, cache), library)
    notes: list[Diagnostic] = []
    for entry in by_key.values():
        if not isinstance(entry, ParsedEntry) or entry.entry.type.lower() in CONTAINERS_ONLY:
            continue
        own_notes: list[Diagnostic] = []
        source, problems = _checked(entry, by_key, own_notes)
        notes += own_notes
        if outcomes is not None and not _inherits(entry):
            outcomes.keep(entry.path, entry.macros, entry.chunk,
                          EntryOutcome.of(entry.key, entry.entry.type, entry.line, problems, own_notes))
        if problems:
            for found in problems:
                _set_aside(library, entry.key, found)
        elif source is not None:
            library.sources[entry.key] = source
    diagnostics.extend(notes)
    return library


def library_outline(folder: Path | None, relative, diagnostics: Diagnostics,
                    outcomes: EntryOutcomes) -> Library | None:
    """What :func:`load_library` gives, but for the fields: each source has its key, path and line alone. An entry
    whose text was checked before is not parsed again (its outcome is kept in ``outcomes``), so an edit to a large
    file costs only the entries it changed. None when an entry inherits fields: its outcome depends on other
    entries, and only :func:`load_library` reads them together."""
    library = Library()
    if folder is None:
        return library
    by_key = _first_of_each_key(_read_files(folder, relative, diagnostics, library, None, outcomes), library)
    notes: list[Diagnostic] = []
    for entry in by_key.values():
        if isinstance(entry, ParsedEntry):
            if _inherits(entry):
                return None
            if entry.entry.type.lower() in CONTAINERS_ONLY:
                continue
            own_notes: list[Diagnostic] = []
            _, problems = _checked(entry, by_key, own_notes)
            outcome = EntryOutcome.of(entry.key, entry.entry.type, entry.line, problems, own_notes)
            outcomes.keep(entry.path, entry.macros, entry.chunk, outcome)
        else:
            outcome = entry.outcome
            if outcome.type in CONTAINERS_ONLY:
                continue
        notes += outcome.notes_at(entry.path, entry.line)
        for found in outcome.problems_at(entry.path, entry.line):
            _set_aside(library, entry.key, found)
        if not outcome.problems:
            library.sources[entry.key] = Source(entry.key, "misc", {}, {}, entry.path, entry.line, None)
    diagnostics.extend(notes)
    return library


def _read_files(folder: Path, relative, diagnostics: Diagnostics, library: Library, cache: ReadCache | None,
                outcomes: EntryOutcomes | None = None) -> list[ParsedEntry | KnownEntry]:
    """Every entry of every file, in order; the files' problems go to ``diagnostics``, an unreadable entry's to
    ``library.set_aside``. An entry whose outcome is kept in ``outcomes`` is not parsed."""
    entries: list[ParsedEntry | KnownEntry] = []
    for path in content_files(folder, (".bib",)):
        shown_as = relative(path)

        def read(path: Path = path, shown_as: str = shown_as) -> tuple[list, list]:
            return guarded(shown_as, lambda: _read_file(path, shown_as, outcomes), lambda message: ([], [message]))

        found, problems = cached_by_file(cache, "bibtex", path, read)
        for item in problems:
            key, located = item if isinstance(item, tuple) else (None, item)
            _set_aside(library, key, located) if key is not None else diagnostics.extend([located])
        entries.extend(found)
    return entries


def _first_of_each_key(entries: list[ParsedEntry | KnownEntry], library: Library) -> dict[str, Any]:
    """The entries by key (ignoring case), each key's first; the others are set aside."""
    by_key: dict[str, ParsedEntry | KnownEntry] = {}
    for entry in entries:
        folded = entry.key.casefold()
        if folded in by_key:
            first = by_key[folded]
            _set_aside(library, entry.key, problem(entry.path, entry.line, "bib.duplicate_key",
                                                   f"entry '{entry.key}' repeats the key '{first.key}' of "
                                                   f"{first.path}:{first.line} (keys are compared ignoring case)"))
            continue
        by_key[folded] = entry
    return by_key


def _inherits(entry: ParsedEntry) -> bool:
    return any(name in entry.entry.fields for name in ("crossref", "xdata", "CROSSREF", "XDATA", "Crossref"))


def _set_aside(library: Library, key: str, found: Diagnostic) -> None:
    library.set_aside.setdefault(key, []).append(found)


def _read_file(path: Path, shown_as: str, outcomes: EntryOutcomes | None = None) -> tuple[list, list]:
    """One .bib file's entries and its own problems: (key, Diagnostic) for an entry's, Diagnostic for the file's."""
    diagnostics = Diagnostics()
    text = read_text(path, shown_as, diagnostics)
    if text is None:
        return [], list(diagnostics)
    entries, problems = _parse_file(text, shown_as, outcomes)
    return entries, list(diagnostics) + problems


def _parse_file(text: str, path: str, outcomes: EntryOutcomes | None = None) -> tuple[list, list]:
    starts = [match.start() for match in _ENTRY_START.finditer(text)]
    chunks, line, previous = [], 1, 0
    for start, end in zip(starts, starts[1:] + [len(text)], strict=False):  # no entry: no chunk
        line += text.count("\n", previous, start)  # counted forward: linear in the file
        previous = start
        chunks.append((line, text[start:end]))
    problems: list = []
    macros = _string_macros(chunks, path, problems)
    written = json.dumps(sorted(macros.items()))  # what an entry's outcome depends on besides its text
    entries: list[ParsedEntry | KnownEntry] = []
    for line, chunk in chunks:
        kind = _kind(chunk)
        if kind in ("comment", "preamble", "string"):
            continue
        outcome = outcomes.known(path, written, chunk) if outcomes is not None else None
        if outcome is not None:
            entries.append(KnownEntry(outcome.key, path, line, outcome))
            continue
        entry = _parse_entry(macros, chunk, path, line, problems)
        if entry is not None:
            entry.macros = written
            entries.append(entry)
    return entries, problems


def _kind(chunk: str) -> str:
    head = _ENTRY_HEAD.match(chunk.lstrip())
    return head.group(1).lower() if head else ""


def _string_macros(chunks: list[tuple[int, str]], path: str, problems: list):
    """The file's @string definitions, read once (each entry used to be parsed with all of them before it)."""
    parser = Parser()
    for line, chunk in chunks:
        if _kind(chunk) != "string":
            continue
        try:
            parser.parse_string(chunk)
        except PybtexError as error:
            problems.append(problem(path, line, "bib.syntax",
                                    f"a @string definition: {_PYBTEX_LINE.sub('', str(error))}"))
    return parser.macros


def _parse_entry(macros, chunk: str, path: str, line: int, problems: list) -> ParsedEntry | None:
    head = _ENTRY_HEAD.match(chunk.lstrip())
    key = head.group(2) if head else ""
    name = f"entry '{key}'" if key else "an entry"
    place = key or f"{path}:{line}"
    if not head:
        problems.append((place, problem(path, line, "bib.syntax",
                                        "a line starts with '@' but no entry type and '{' follow it")))
        return None
    if not key:
        problems.append((place, problem(path, line, "bib.syntax",
                                        f"the @{head.group(1)} entry has no key before its first comma")))
        return None
    try:
        parser = Parser()
        parser.macros = macros  # shared, read-only here: an entry defines no @string
        parsed = parser.parse_string(chunk)
    except PybtexError as error:
        message = _PYBTEX_LINE.sub("", str(error))
        hint = " (an unbalanced brace or a missing comma between fields?)" \
            if "expected" in message or "premature" in message else ""
        problems.append((key, problem(path, line, "bib.syntax", f"{name}: {message}{hint}")))
        return None
    if len(parsed.entries) != 1:
        problems.append((key, problem(path, line, "bib.syntax", f"{name} could not be read as one BibTeX entry")))
        return None
    (entry,) = parsed.entries.values()
    return ParsedEntry(key, entry, path, line, chunk)


def _resolved(entry: ParsedEntry, by_key: dict[str, ParsedEntry], problems: list[Diagnostic],
              depth: int = 0) -> tuple[dict[str, str], dict[str, list[Person]]]:
    """The entry's raw fields and names with what it inherits through ``xdata`` and ``crossref``."""
    fields = {name.lower(): value for name, value in entry.entry.fields.items()}
    persons = {role.lower(): list(people) for role, people in entry.entry.persons.items()}
    for role in NAME_ROLES:  # pybtex reads only author and editor as names; biblatex has more name lists
        if role not in persons and fields.get(role, "").strip():
            persons[role] = [Person(name) for name in split_name_list(fields.pop(role))]
    own_type = entry.entry.type.lower()
    parents = [(name, key.strip()) for name in ("xdata", "crossref") if fields.get(name)
               for key in fields[name].split(",") if key.strip()]
    for name, key in parents:
        parent = by_key.get(key.casefold())
        if parent is None or depth > 8:
            reason = "is not in the library" if parent is None else "leads back to itself (a circle of parents)"
            problems.append(problem(entry.path, entry.field_line(name), "bib.crossref",
                                    f"entry '{entry.key}': its {name} '{key}' {reason}"))
            continue
        parent_fields, parent_persons = _resolved(parent, by_key, problems, depth + 1)
        parent_type = parent.entry.type.lower()
        if name == "crossref":
            parent_fields = inherited_fields(own_type, parent_type, parent_fields)
            if "bookauthor" in parent_fields:
                parent_fields.pop("bookauthor")
                parent_persons = dict(parent_persons)
                parent_persons["bookauthor"] = parent_persons.pop("author", [])
        for field_name, value in parent_fields.items():
            fields.setdefault(field_name, value)
        for role, people in parent_persons.items():
            persons.setdefault(role, people)
    return fields, persons


def _checked(parsed: ParsedEntry, by_key: dict[str, ParsedEntry],
             notes: list[Diagnostic]) -> tuple[Source | None, list[Diagnostic]]:
    """The checked entry, kept on the parsed entry (which the read cache keeps while its file is unchanged) unless
    it inherits from another entry, which may have changed."""
    if parsed.checked is not None:
        source, problems, kept_notes = parsed.checked
        notes += kept_notes
        return source, problems
    own_notes: list[Diagnostic] = []
    source, problems = _check_entry(parsed, by_key, own_notes)
    notes += own_notes
    if not _inherits(parsed):
        parsed.checked = (source, problems, own_notes)
    return source, problems


def _check_entry(parsed: ParsedEntry, by_key: dict[str, ParsedEntry],
                 notes: list[Diagnostic]) -> tuple[Source | None, list[Diagnostic]]:
    """The entry as a Source, or its problems (an entry with a problem is never half shown)."""
    key, path, line = parsed.key, parsed.path, parsed.line
    problems: list[Diagnostic] = []
    raw_fields, raw_persons = _resolved(parsed, by_key, problems)
    written_type = parsed.entry.type.lower()
    if written_type not in ENTRY_TYPES:
        notes.append(problem(path, line, "bib.unknown_type",
                             f"entry '{key}' has the type @{parsed.entry.type}, which is not a BibTeX or biblatex "
                             f"type this site knows; it is shown as @misc"))
    record = entry_type(written_type)
    fields: dict[str, str] = {}
    protected: dict[str, str] = {}
    for name, value in raw_fields.items():
        if name not in SHOWN_FIELDS:
            continue
        try:
            if name in LIST_FIELDS:  # biblatex lists: "Routledge {and} Kegan Paul" is one, "A and B" two
                fields[name] = "; ".join(decode_latex(part) for part in split_name_list(value))
            elif name in LINK_FIELDS:
                fields[name] = re.sub(r"^\\url\{(.*)\}$", r"\1", value.strip(), flags=re.S)
            else:
                fields[name] = decode_latex(value)
                if name in TITLE_FIELDS:
                    protected[name] = decode_latex(value, keep_protection=True)
        except LatexError as error:
            problems.append(problem(path, parsed.field_line(name), "bib.latex",
                                    f"entry '{key}', field '{name}': {error}"))
    persons = {}
    for role in NAME_ROLES:
        try:
            decoded = [_decode_person(person) for person in raw_persons.get(role, [])]
        except LatexError as error:
            problems.append(problem(path, parsed.field_line(role), "bib.latex", f"entry '{key}', field '{role}': "
                                                                              f"{error}"))
            continue
        if decoded:
            persons[role] = decoded
    for required in record.required:
        if not raw_fields.get(required, "").strip():
            problems.append(problem(path, line, "bib.missing_field",
                                    f"entry '{key}' (@{written_type}) has no '{required}' field, which every entry "
                                    f"needs to be shown"))
    problems += _link_problems(key, fields, parsed)
    _twins(fields)
    date = _date(key, fields, parsed, notes)
    if problems:
        return None, problems
    return Source(key, record.name, fields, persons, path, line, parsed.entry, protected, date, written_type), []


def _link_problems(key: str, fields: dict[str, str], parsed: ParsedEntry) -> list[Diagnostic]:
    problems = []
    url = fields.get("url", "").strip()
    if url and not url.lower().startswith(URL_SCHEMES):
        problems.append(problem(parsed.path, parsed.field_line("url"), "bib.bad_url",
                                f"entry '{key}': the url must start with https:// or http://, not '{url[:40]}'"))
    if fields.get("doi"):
        doi = _DOI_PREFIX.sub("", fields["doi"].strip())
        if not DOI.match(doi):
            problems.append(problem(parsed.path, parsed.field_line("doi"), "bib.bad_url",
                                    f"entry '{key}': the doi '{fields['doi'][:60]}' is not a DOI (10.xxxx/...); "
                                    f"write the DOI alone, without a proxy address in front"))
        else:
            fields["doi"] = doi
    return problems


def _twins(fields: dict[str, str]) -> None:
    """biblatex fields also under their BibTeX names, which the rest of the site reads."""
    for biblatex, bibtex in (("journaltitle", "journal"), ("location", "address"), ("institution", "institution")):
        if biblatex in fields and bibtex not in fields:
            fields[bibtex] = fields[biblatex]


def _date(key: str, fields: dict[str, str], parsed: ParsedEntry, notes: list[Diagnostic]) -> DateValue | None:
    """The entry's date: biblatex ``date`` first, else ``year`` (with ``month`` and ``day``)."""
    if fields.get("date"):
        date = parse_date(fields["date"])
        if date is None:
            notes.append(problem(parsed.path, parsed.field_line("date"), "bib.bad_date",
                                 f"entry '{key}': the date '{fields['date']}' is not a date such as 2019 or "
                                 f"2019-03-14; the reference says n.d."))
            return _year_date(key, fields, parsed, notes)
        year = fields.get("year", "").strip()
        if year and year != str(date.year):
            notes.append(problem(parsed.path, parsed.field_line("year"), "bib.bad_date",
                                 f"entry '{key}': the date says {date.year} but the year says {year}; the date "
                                 f"was used"))
        fields["year"] = str(date.year)
        if len(date.start) > 1:
            fields.setdefault("month", str(date.start[1]))
        return date
    return _year_date(key, fields, parsed, notes)


def _year_date(key: str, fields: dict[str, str], parsed: ParsedEntry, notes: list[Diagnostic]) -> DateValue | None:
    year = fields.get("year", "").strip()
    if not year:
        return None
    date = parse_date(year.replace("--", "/").replace("\u2013", "/"))
    if date is None:
        match = re.fullmatch(r"(\d{4})[a-z]?", year)
        if not match:
            notes.append(problem(parsed.path, parsed.field_line("year"), "bib.bad_date",
                                 f"entry '{key}': the year '{year}' is not four digits; the reference says n.d."))
            fields.pop("year")
            return None
        date = DateValue((int(match.group(1)),))
    parts = list(date.start)
    month = month_number(fields.get("month", ""))
    if len(parts) == 1 and month:
        parts.append(month)
        day = fields.get("day", "").strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    fields["year"] = str(parts[0])
    return DateValue(tuple(parts), date.end)


def _decode_person(person: Person) -> Person:
    """A name with every part decoded; a fully braced name stays one corporate name."""
    raw = str(person)
    if raw.startswith("{") and raw.endswith("}") and not person.first_names and _one_group(raw):
        corporate = Person()
        corporate.last_names = [decode_latex(raw)]
        return corporate
    decoded = Person()
    for part in ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names"):
        setattr(decoded, part, [decode_latex(value) for value in getattr(person, part)])
    return decoded


def _one_group(text: str) -> bool:
    """Whether the whole text is one brace group ({World Bank}), not two ({A} and {B})."""
    depth = 0
    for index, character in enumerate(text):
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True
