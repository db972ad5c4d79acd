"""The BibTeX library: every ``*.bib`` file of a folder, parsed strictly, decoded, each problem located.

pybtex parses in strict mode, but its messages name no file and, for an unbalanced brace, point at the line of
the *next* entry. So each file is cut into entries at lines that start with ``@`` and each entry is parsed on its
own: a broken entry is reported with its own key and first line, and cannot hide the entries after it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError

from review_publisher.diagnostics import Diagnostics
from review_publisher.files import ReadCache, cached_by_file, content_files, guarded, read_text
from review_publisher.library.entry_types import REQUIRED_FIELDS
from review_publisher.library.latex import LatexError, decode_latex

NAME_ROLES = ("author", "editor")
URL_SCHEMES = ("http://", "https://")
# Fields written by Zotero's BibLaTeX export, and their BibTeX names.
BIBLATEX_FIELDS = {"journaltitle": "journal", "date": "year"}

_ENTRY_START = re.compile(r"^[ \t]*@", re.M)
_ENTRY_HEAD = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]*)")
_PYBTEX_LINE = re.compile(r"^syntax error in line (\d+): ")


@dataclass
class Source:
    """One library entry: its fields and names decoded to plain text, and where it is written."""

    key: str
    type: str
    fields: dict[str, str]
    persons: dict[str, list[Person]]
    path: str
    line: int
    raw: Entry  # as parsed, LaTeX kept: for BibTeX downloads

    @property
    def year(self) -> str | None:
        return self.fields.get("year")


@dataclass
class Library:
    sources: dict[str, Source] = field(default_factory=dict)

    def __contains__(self, key: str) -> bool:
        return key in self.sources

    def __getitem__(self, key: str) -> Source:
        return self.sources[key]

    def suggest(self, key: str) -> str | None:
        """The key a contributor most likely meant: same letters in another case, else the closest spelling."""
        for known in self.sources:
            if known.casefold() == key.casefold():
                return known
        close = difflib.get_close_matches(key, list(self.sources), n=1, cutoff=0.75)
        return close[0] if close else None


def load_library(folder: Path | None, relative, diagnostics: Diagnostics, cache: ReadCache | None = None) -> Library:
    """Every entry of every .bib file below ``folder``; problems go to ``diagnostics``.

    ``relative`` turns a path into the form shown in messages.
    """
    library = Library()
    seen: dict[str, tuple[str, int, str]] = {}  # casefolded key -> (path, line, key as written)
    if folder is None:
        return library
    for path in content_files(folder, (".bib",)):
        shown_as = relative(path)

        def read(path: Path = path, shown_as: str = shown_as) -> tuple[list[Source], list]:
            return guarded(shown_as, lambda: _read_file(path, shown_as), lambda message: ([], [message]))

        sources, problems = cached_by_file(cache, "bibtex", path, read)
        diagnostics.extend(problems)
        for source in sources:
            folded = source.key.casefold()
            if folded in seen:
                where, line, written = seen[folded]
                diagnostics.add(source.path, source.line, "bib.duplicate_key",
                                f"entry '{source.key}' repeats the key '{written}' of {where}:{line} "
                                f"(keys are compared ignoring case)")
                continue
            seen[folded] = (source.path, source.line, source.key)
            library.sources[source.key] = source
    return library


def _read_file(path: Path, shown_as: str) -> tuple[list[Source], list]:
    """One .bib file's entries and its own problems (duplicates across files are checked by the caller)."""
    diagnostics = Diagnostics()
    text = read_text(path, shown_as, diagnostics)
    sources = [] if text is None else _parse_file(text, shown_as, diagnostics)
    return sources, list(diagnostics)


def _parse_file(text: str, path: str, diagnostics: Diagnostics) -> list[Source]:
    starts = [match.start() for match in _ENTRY_START.finditer(text)]
    chunks, line, previous = [], 1, 0
    for start, end in zip(starts, starts[1:] + [len(text)], strict=False):  # no entry: no chunk
        line += text.count("\n", previous, start)  # counted forward: linear in the file
        previous = start
        chunks.append((line, text[start:end]))
    macros = _string_macros(chunks, path, diagnostics)
    sources = []
    for line, chunk in chunks:
        kind = _kind(chunk)
        if kind in ("comment", "preamble", "string"):
            continue
        source = _parse_entry(macros, chunk, path, line, diagnostics)
        if source is not None:
            sources.append(source)
    return sources


def _kind(chunk: str) -> str:
    head = _ENTRY_HEAD.match(chunk.lstrip())
    return head.group(1).lower() if head else ""


def _string_macros(chunks: list[tuple[int, str]], path: str, diagnostics: Diagnostics):
    """The file's @string definitions, read once (each entry used to be parsed with all of them before it)."""
    parser = Parser()
    for line, chunk in chunks:
        if _kind(chunk) != "string":
            continue
        try:
            parser.parse_string(chunk)
        except PybtexError as error:
            diagnostics.add(path, line, "bib.syntax", f"a @string definition: {_PYBTEX_LINE.sub('', str(error))}")
    return parser.macros


def _parse_entry(macros, chunk: str, path: str, line: int, diagnostics: Diagnostics) -> Source | None:
    head = _ENTRY_HEAD.match(chunk.lstrip())
    key = head.group(2) if head else ""
    name = f"entry '{key}'" if key else "an entry"
    if not head:
        diagnostics.add(path, line, "bib.syntax", "a line starts with '@' but no entry type and '{' follow it")
        return None
    if not key:
        diagnostics.add(path, line, "bib.syntax", f"the @{head.group(1)} entry has no key before its first comma")
        return None
    try:
        parser = Parser()
        parser.macros = macros  # shared, read-only here: an entry defines no @string
        parsed = parser.parse_string(chunk)
    except PybtexError as error:
        message = _PYBTEX_LINE.sub("", str(error))
        hint = " (an unbalanced brace or a missing comma between fields?)" \
            if "expected" in message or "premature" in message else ""
        diagnostics.add(path, line, "bib.syntax", f"{name}: {message}{hint}")
        return None
    if len(parsed.entries) != 1:
        diagnostics.add(path, line, "bib.syntax", f"{name} could not be read as one BibTeX entry")
        return None
    (entry,) = parsed.entries.values()
    return _check_entry(key, entry, chunk, path, line, diagnostics)


def _check_entry(key: str, entry: Entry, chunk: str, path: str, line: int, diagnostics: Diagnostics) -> Source | None:
    def field_line(name: str) -> int:
        match = re.search(rf"^\s*{re.escape(name)}\s*=", chunk, re.M | re.I)
        return line + chunk.count("\n", 0, match.start()) if match else line

    problems_before = len(diagnostics.errors)
    entry_type = entry.type.lower()
    raw_fields = {name.lower(): value for name, value in entry.fields.items()}
    for biblatex, bibtex in BIBLATEX_FIELDS.items():
        if biblatex in raw_fields:
            _normalise_biblatex(key, biblatex, bibtex, raw_fields, path, field_line(biblatex), diagnostics)
    if entry_type not in REQUIRED_FIELDS:
        diagnostics.add(path, line, "bib.unsupported_type",
                        f"entry '{key}' has the type @{entry.type}; use one of "
                        + ", ".join(f"@{t}" for t in sorted(REQUIRED_FIELDS)))
    else:
        for required in REQUIRED_FIELDS[entry_type]:
            if not raw_fields.get(required, "").strip():
                diagnostics.add(path, line, "bib.missing_field",
                                f"entry '{key}' (@{entry_type}) has no '{required}' field, which this type needs")
    fields = {}
    for name, value in raw_fields.items():
        try:
            fields[name] = value if name in ("url", "doi") else decode_latex(value)
        except LatexError as error:
            diagnostics.add(path, field_line(name), "bib.latex", f"entry '{key}', field '{name}': {error}")
    url = fields.get("url", "").strip()
    if url and not url.lower().startswith(URL_SCHEMES):
        diagnostics.add(path, field_line("url"), "bib.bad_url",
                        f"entry '{key}': the url must start with https:// or http://, not '{url[:40]}'")
    if "year" in fields and not re.fullmatch(r"\d{4}", fields["year"]):
        diagnostics.add(path, field_line("year"), "bib.bad_year",
                        f"entry '{key}': the year '{fields['year']}' is not four digits")
    persons = {}
    for role in NAME_ROLES:
        try:
            persons[role] = [_decode_person(person) for person in entry.persons.get(role, [])]
        except LatexError as error:
            diagnostics.add(path, field_line(role), "bib.latex", f"entry '{key}', field '{role}': {error}")
    if len(diagnostics.errors) > problems_before:
        return None
    return Source(key, entry_type, fields, persons, path, line, entry)


def _normalise_biblatex(key, biblatex, bibtex, fields, path, line, diagnostics) -> None:
    value = fields.pop(biblatex)
    if bibtex == "year":
        match = re.match(r"(\d{4})(?:-(\d{2}))?", value.strip())
        if not match:
            diagnostics.add(path, line, "bib.biblatex_conflict",
                            f"entry '{key}': the BibLaTeX date '{value}' has no year; write year = {{YYYY}}")
            return
        value = match.group(1)
        if match.group(2) and "month" not in fields:
            fields["month"] = str(int(match.group(2)))
    if bibtex in fields and fields[bibtex].strip() != value.strip():
        diagnostics.add(path, line, "bib.biblatex_conflict",
                        f"entry '{key}': the BibLaTeX field '{biblatex}' says '{value}' but '{bibtex}' says "
                        f"'{fields[bibtex]}'; keep only '{bibtex}'")
        return
    fields[bibtex] = value
    diagnostics.add(path, line, "bib.biblatex_field",
                    f"entry '{key}': the BibLaTeX field '{biblatex}' was read as {bibtex} = '{value}'; "
                    f"write '{bibtex}' instead")


def _decode_person(person: Person) -> Person:
    """A name with every part decoded; a fully braced name stays one corporate name."""
    raw = str(person)
    if raw.startswith("{") and raw.endswith("}") and not person.first_names:
        corporate = Person()
        corporate.last_names = [decode_latex(raw)]
        return corporate
    decoded = Person()
    for part in ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names"):
        setattr(decoded, part, [decode_latex(value) for value in getattr(person, part)])
    return decoded

