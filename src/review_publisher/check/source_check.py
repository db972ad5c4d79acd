"""The check of a review's sources: every problem a build finds before it renders a page, from what changed only.

A build loads the whole review (:func:`review_publisher.project.load_project`) before it renders anything: the
library, the data, every page, every citation and macro call, and the references between them. This check gives
the very same messages (a test holds it to that on every tiny site), but keeps on disk what each part gave, under
a key of the bytes it was made from, so that a second run reads again only the files that changed:

- the library: keyed by every ``.bib`` file; its own problems, where each entry is (its index), the entries
  set aside with their problems;
- the data: keyed by every data file and the list of pages (an area names its chapter); the data's own problems
  and what it says of the library (which keys it names, and where: ``LibraryLinks``);
- each page: keyed by its path and bytes and how pages are read; its own problems, its citations (key and
  line) and its literal macro calls;
- each macro call's arguments: keyed by the call, the macro's parameters and the data's part.

The library's part is made from the outcomes of its entries, each kept by the entry's text
(:mod:`review_publisher.library.entry_outcomes`): an edit to a large file parses only the entries it changed.

What ties the parts together (an unknown or set-aside key, a record without an entry or an entry without a
record, a record no page cites) is weighed afresh on every run: it is quick. A build's loading keeps the same
parts as it goes (:class:`LoadParts`), so a check after a build, or during `mkdocs serve`, reads nothing again.
Every key also holds the generator (see
:mod:`review_publisher.cache.disk_cache`), so a new generator, schema or library version reads everything again.
What a build checks after rendering (HTML, links, anchors) is not here: ``review check --site`` builds the site
for that.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from review_publisher.cache.disk_cache import CacheTable, DiskCache
from review_publisher.catalogue import CATALOGUE
from review_publisher.check.read_ahead import Job, ReadAhead, data_jobs, files_size, read_ahead
from review_publisher.content.citations import CITING_MACROS
from review_publisher.content.page_analysis import PageAnalysis
from review_publisher.diagnostics import Diagnostic, Diagnostics, from_stored, stored_form
from review_publisher.evidence.file_facts import TABLE as FACTS
from review_publisher.evidence.file_facts import FileFacts, facts_of, put_together
from review_publisher.evidence.file_facts import decoded as decoded_facts
from review_publisher.evidence.file_facts import encoded as encoded_facts
from review_publisher.evidence.model import (
    Evidence,
    data_file_plan,
    load_data_file,
    load_evidence,
    read_vocabulary,
    reading_kind,
)
from review_publisher.evidence.reading_cache import TABLE as READINGS
from review_publisher.evidence.references import (
    LibraryLinks,
    library_link_problems,
    records_nothing_uses,
)
from review_publisher.evidence.strict_yaml import LoadedYaml
from review_publisher.files import MIB, SIZE_LIMITS, content_files, plain_file_size
from review_publisher.gates.content_gate import (
    MacroCall,
    decoded_value,
    encoded_value,
    jinja_environment,
    passed_pages,
)
from review_publisher.gc_pause import collection_paused
from review_publisher.library.bibliography import Library, LibraryIndex, library_outline, load_library
from review_publisher.library.citation_style import STYLE_TABLE
from review_publisher.library.entry_outcomes import TABLE as ENTRY_OUTCOMES
from review_publisher.library.entry_outcomes import EntryOutcomes
from review_publisher.page_macros.registry import MacroFunction
from review_publisher.project import (
    PageCitations,
    analysed_page,
    argument_problems,
    folder_problems,
    page_citations,
    set_aside_problems,
    set_aside_unaddressable,
    unknown_key_message,
)
from review_publisher.settings import ProjectSettings

TABLE = "source-check"


def check_sources(settings: ProjectSettings, config_problems: Iterable[Diagnostic],
                  macros: Mapping[str, MacroFunction], disk: DiskCache) -> Diagnostics:
    """Every problem loading the review would report (notes included), read again only where a file changed."""
    found = Diagnostics(config_problems)
    problems, outside = folder_problems(settings)
    found.extend(problems)
    if outside:  # nothing is read from a folder outside the repository
        return found
    run = SourceParts(settings, dict(macros), disk, disk.table(TABLE))
    # A library and data files this generator has not read before are read by other processes while this one
    # reads the pages and what is kept (read_ahead.py); what they made is then found where an earlier run would
    # have kept it.
    run.ahead = read_ahead(run.library_jobs() + run.data_jobs())
    if run.ahead is None:
        run.keeps_readings = False  # read here: a file's reading stays with its facts, not in the builds' table
    try:
        pages = list(run.page_parts())
        library = run.library_part()
        data = run.data_part()
    finally:
        if run.ahead is not None:
            run.ahead.collect(disk)
    found.extend(library.problems + data.problems)
    found.extend(library_link_problems(data.links, library.index))
    cited: set[str] = set()
    cited_set_aside: set[str] = set()
    for page in pages:
        found.extend(page.problems)
        for call in page.calls:
            found.extend(run.argument_problems(call, page.shown_as, data.key))
        for key, line in page.citations:
            if key in library.keys:
                cited.add(key)
                continue
            unknown = unknown_key_message(library.as_library, key)
            if unknown is None:
                cited_set_aside.add(key)
            else:
                found.add(page.shown_as, line, "cite.unknown_key", unknown)
    found.extend(records_nothing_uses(data.links, library.index, cited))
    found.extend(set_aside_problems(library.as_library, cited | cited_set_aside | data.links.used_keys))
    # Only what this run read whole is written: it looked up a few pages' content-gate results, not all of them.
    # The readings are the builds': a check looks up only those of files it reads, and must not drop the others.
    # The citation style's labels are kept too, so that a check after a check does not run citeproc-py again.
    disk.save(only=(TABLE, READINGS, ENTRY_OUTCOMES, FACTS, STYLE_TABLE), whole=(READINGS, STYLE_TABLE))
    return found


def _all_files(folder: Path) -> list[str]:
    """Every file below a folder, relative to it, links included (a link is reported, not followed)."""
    found = []
    for root, _, names in os.walk(folder, followlinks=False):
        found += [(Path(root) / name).relative_to(folder).as_posix() for name in names]
    return sorted(found)


@dataclass
class LibraryPart:
    key: str
    problems: list[Diagnostic]
    set_aside: dict[str, list[Diagnostic]]
    index: LibraryIndex  # what the data's checks read of the library: where each entry is

    @functools.cached_property
    def keys(self) -> set[str]:
        return set(self.index.places)

    @functools.cached_property
    def as_library(self) -> Library:
        """A library of the keys alone: what the checks of citations read (they never read an entry's fields)."""
        return Library(cast(dict, dict.fromkeys(self.keys)), self.set_aside)


@dataclass
class DataPart:
    key: str
    problems: list[Diagnostic]  # the data's own, and those of its references to the vocabulary and the pages
    links: LibraryLinks  # what the data says of the library: weighed against it on every run


@dataclass
class PagePart:
    shown_as: str
    problems: list[Diagnostic]
    citations: list[tuple[str, int]]  # (key, line)
    calls: list[Any]  # each literal macro call but citations, as JSON (name, arguments, keyword arguments, line)


@dataclass
class SourceParts:
    """The parts of one review kept in the table, each under its key: looked up by the check, kept by the check
    and by a build's loading (:class:`LoadParts`), so that a check after a build reads nothing again."""

    settings: ProjectSettings
    macros: dict[str, MacroFunction]
    disk: DiskCache
    table: CacheTable
    evidence: Evidence | None = None  # the data, once loaded for real
    keeps_readings: bool = False  # whether this run keeps the data files' readings, for the build (read_ahead.py)
    ahead: ReadAhead | None = None  # the jobs of other processes, this run
    pages_read: int = 0
    parameters: dict[str, str] = field(default_factory=dict)  # each macro's parameters, as text
    facts_keys: dict[Path, str | None] = field(default_factory=dict)

    @functools.cached_property
    def bib_files(self) -> list[Path]:
        folder = self.settings.bibliography_dir
        return list(content_files(folder, (".bib",))) if folder is not None else []

    def library_key(self) -> str:
        return self.disk.key("library", self.folders, *self._contents(self.bib_files))

    def library_jobs(self) -> list[Job]:
        """The library's part, to be made in another process, unless it is kept."""
        key = self.library_key()
        if self.table.get(key) is not None or EntryOutcomes(self.disk).current():
            return []  # kept, or its entries' outcomes are: only the entries that changed are parsed, here
        return [Job(files_size(self.bib_files), ((TABLE, key),), library_job, (self.settings,))]

    def data_jobs(self) -> list[Job]:
        """The facts of the data files whose facts are not kept, to be made in other processes (with their
        readings for the build, when nothing of the data is kept)."""
        if self.table.get(self.data_key) is not None:
            return []
        facts = self.disk.table(FACTS)
        keyed = [(path, self.facts_key(path, schema, facets), schema, facets)
                 for path, schema, facets in self.data_files]
        missing = [(path, key, schema, facets) for path, key, schema, facets in keyed
                   if key is not None and facts.get(key) is None]
        self.keeps_readings = bool(missing) and not any(key is not None and facts.get(key) is not None
                                                        for _, key, _, _ in keyed)
        return data_jobs(missing, self.settings.relative, self.disk, self.keeps_readings)

    def library_part(self) -> LibraryPart:
        key = self.library_key()
        if self.ahead is not None:
            self.ahead.wait_for(self.disk, TABLE, key)
        value = self.table.get(key)
        if isinstance(value, dict) and "outcomes" in value:  # made by a worker: its entries' outcomes are kept
            self._keep_outcomes(value.pop("outcomes"))
            self.table.put(key, value)
        stored = _decoded(value, _library_part, key)
        if stored is not None:
            return stored
        value = library_value(self.settings, self.disk)  # only the entries not read before are parsed
        self.table.put(key, value)
        return _library_part(value, key)

    def _keep_outcomes(self, outcomes: Any) -> None:
        if isinstance(outcomes, dict):
            table = self.disk.table(ENTRY_OUTCOMES)
            for key, outcome in outcomes.items():
                table.put(key, outcome)  # the marker of outcomes kept by this generator among them

    def keep_library(self, key: str, library: Library, problems: list[Diagnostic]) -> LibraryPart:
        part = LibraryPart(key, problems, library.set_aside, library.index())
        self.table.put(key, _library_value(part))
        return part

    @functools.cached_property
    def data_key(self) -> str:
        pages = "\0".join(_all_files(self.settings.docs_dir))  # an area names its chapter, which must exist
        # Not keyed by the library: what the data says of it is weighed against it on every run.
        return self.disk.key("data", self.folders, pages, *self._data_contents)

    @functools.cached_property
    def _data_contents(self) -> list[str | bytes]:
        folder = self.settings.data_dir
        return self._contents(list(content_files(folder, (".yml", ".yaml"))) if folder is not None else [])

    @functools.cached_property
    def vocabulary(self) -> tuple[Evidence, list[Diagnostic]]:
        """The evidence with its vocabulary alone, and its problems: read on every run that weighs the data (it is
        small, and every other file's facts are put together with it)."""
        problems = Diagnostics()
        return read_vocabulary(self.settings.data_dir, self.settings.relative, problems), list(problems)

    @functools.cached_property
    def data_files(self) -> list[tuple[Path, str, tuple[str, ...]]]:
        vocabulary, _ = self.vocabulary
        folder = self.settings.data_dir
        return data_file_plan(folder, vocabulary) if vocabulary.present and folder is not None else []

    def facts_key(self, path: Path, schema: str, facets: tuple[str, ...]) -> str | None:
        """The key of a data file's facts; None for a file that cannot be read (it is read, and reported, on
        every run). Made once a run: a large review's data is megabytes to hash."""
        if path not in self.facts_keys:
            self.facts_keys[path] = None if plain_file_size(path) is None else self.disk.key(
                "data facts", self.folders, reading_kind(schema, facets), self.settings.relative(path),
                path.read_bytes())
        return self.facts_keys[path]

    def data_part(self) -> DataPart:
        key = self.data_key
        stored = _decoded(self.table.get(key), _data_part, key)
        if stored is not None:
            return stored
        vocabulary, problems = self.vocabulary
        # The files a worker reads come last (a stable sort): the kept facts are decoded here meanwhile.
        order = sorted(self.data_files, key=lambda plan: self._made_elsewhere(*plan))
        made = {plan[0]: self._facts(*plan) for plan in order}
        files = [made[path] for path, _, _ in self.data_files]
        found, links = put_together(vocabulary, files, self.settings.docs_dir)
        return self.keep_data(key, links, problems + [one for facts in files for one in facts.problems] + found)

    def _made_elsewhere(self, path: Path, schema: str, facets: tuple[str, ...]) -> bool:
        facts_key = self.facts_key(path, schema, facets)
        return self.ahead is not None and facts_key is not None and self.ahead.makes(FACTS, facts_key)

    def _facts(self, path: Path, schema: str, facets: tuple[str, ...]) -> FileFacts:
        """A data file's facts: kept, else made from its reading (kept too, when workers made it: read_ahead.py;
        else the file is read here, and its reading left to the next build)."""
        key = self.facts_key(path, schema, facets)
        if key is not None and self.ahead is not None:
            self.ahead.wait_for(self.disk, FACTS, key)
        table = self.disk.table(FACTS)
        facts = decoded_facts(table.get(key)) if key is not None else None
        if facts is None:
            own = Diagnostics()
            loaded = load_data_file(path, schema, self.settings.relative, own, None, facets,
                                    self.disk if self.keeps_readings else None)
            facts = self.keep_facts(path, schema, facets, loaded, list(own), key)
        return facts

    def keep_facts(self, path: Path, schema: str, facets: tuple[str, ...], loaded: LoadedYaml | None,
                   problems: list[Diagnostic], key: str | None = None) -> FileFacts:
        facts = facts_of(schema, self.settings.relative(path), loaded, problems, facets)
        key = key or self.facts_key(path, schema, facets)
        if key is not None:
            self.disk.table(FACTS).put(key, encoded_facts(facts))
        return facts

    def keep_data(self, key: str, links: LibraryLinks, problems: list[Diagnostic]) -> DataPart:
        part = DataPart(key, problems, links)
        # The links as one JSON text (30,000 findings' keys at 10,000 sources): written back as it is, quickly.
        self.table.put(key, {"problems": _encoded_all(part.problems),
                             "links": json.dumps(_encoded_links(links), ensure_ascii=False, separators=(",", ":"))})
        return part

    @functools.cached_property
    def reading(self) -> str:
        """How pages are read: the markers, the macros, front matter, admonitions."""
        return json.dumps([sorted(self.settings.markers.items()), sorted(self.macros),
                           self.settings.read_front_matter is not None, self.settings.admonitions])

    def page_key(self, path: Path, shown_as: str) -> str:
        return self.disk.key("page", self.folders, self.reading, *self._contents([path], [shown_as]))

    def page_parts(self) -> Iterable[PagePart]:
        for path in content_files(self.settings.docs_dir, (".md",)):
            shown_as = self.settings.relative(path)
            key = self.page_key(path, shown_as)
            stored = _decoded(self.table.get(key), _page_part, shown_as)
            if stored is None:
                analysis = self._analysed(path, shown_as)
                own = page_citations(shown_as, analysis) if analysis.body is not None else None
                stored = self.keep_page(key, shown_as, analysis, own)
            yield stored

    def keep_page(self, key: str, shown_as: str, analysis: PageAnalysis, own: PageCitations | None) -> PagePart:
        if own is None:  # the page could not be read: its problems say why
            part = PagePart(shown_as, list(analysis.problems), [], [])
        else:
            citations = [(item.key, line) for _, line, citation in own.citations for item in citation.items]
            part = PagePart(shown_as, list(analysis.problems) + own.problems, citations,
                            [_encoded_call(call) for call in analysis.calls if call.name not in CITING_MACROS])
        self.table.put(key, {"problems": _encoded_all(part.problems), "citations": part.citations,
                             "calls": part.calls})
        return part

    def arguments_key(self, data_key: str, call: list) -> str:
        name, args, kwargs, _ = call
        return self.disk.key("arguments", data_key, self._parameters(name), json.dumps([name, args, kwargs]))

    def argument_problems(self, call: list, shown_as: str, data_key: str) -> list[Diagnostic]:
        """The problems of one call's arguments, kept under the call, the macro's parameters and the data."""
        name, args, kwargs, line = call
        if name not in self.macros or name in CITING_MACROS:
            return []  # an unknown macro is reported with the page; a citation's form too
        key = self.arguments_key(data_key, call)
        stored = self.table.get(key)
        if not (isinstance(stored, list) and all(isinstance(message, str) for message in stored)):
            decoded = MacroCall(name, *_decoded_arguments(args, kwargs), line)
            stored = argument_problems(self.macros, self._evidence, decoded)[0]
            self.table.put(key, stored)
        return [Diagnostic(shown_as, line, "macro.bad_argument", message, CATALOGUE["macro.bad_argument"].severity)
                for message in stored]

    def _parameters(self, name: str) -> str:
        if name not in self.parameters:
            self.parameters[name] = str(inspect.signature(self.macros[name]))
        return self.parameters[name]

    @functools.cached_property
    def environment(self):
        return jinja_environment(dict(self.settings.markers))

    def _analysed(self, path: Path, shown_as: str) -> PageAnalysis:
        # What the content gate found in texts that passed is a large table, worth reading for many pages only.
        passed = passed_pages(self.disk, self.environment, self.macros) if self.pages_read > 20 else None
        self.pages_read += 1
        return analysed_page(self.settings, path, shown_as, self.environment, self.macros, passed, None)

    def _evidence(self) -> Evidence:
        if self.evidence is None:
            self.evidence = load_evidence(self.settings.data_dir, self.settings.relative, Diagnostics(), None,
                                          self.disk)
        return self.evidence

    @functools.cached_property
    def folders(self) -> str:
        """Where the review's folders are: every message names its file relative to the repository."""
        return json.dumps([str(folder) for folder in (self.settings.root, self.settings.docs_dir,
                                                       self.settings.bibliography_dir, self.settings.data_dir)])

    def _contents(self, paths: list[Path], shown: list[str] | None = None) -> list[str | bytes]:
        """Each file's name (as ``shown``, when the caller has it) and bytes; a file over its size limit by its
        size (it is refused for that alone)."""
        parts: list[str | bytes] = []
        for number, path in enumerate(paths):
            parts.append(shown[number] if shown is not None else self.settings.relative(path))
            try:
                size = path.stat().st_size
                too_large = size > SIZE_LIMITS.get(path.suffix.lower(), 2 * MIB)
                parts.append(f"over the limit: {size}" if too_large else path.read_bytes())
            except OSError as error:
                parts.append(f"unreadable: {error.errno}")
        return parts


class LoadParts:
    """Told by a build's loading what each part gave (project.LoadRecorder), and keeps it as the check would: so
    `review check` after a build (or during `mkdocs serve`) reads nothing again. The build saves the table."""

    def __init__(self, settings: ProjectSettings, macros: Mapping[str, MacroFunction], disk: DiskCache) -> None:
        self.parts = SourceParts(settings, dict(macros), disk, disk.table(TABLE))
        self._library: LibraryPart | None = None
        self._data_key = ""

    def entry_outcomes(self) -> EntryOutcomes:
        return EntryOutcomes(self.parts.disk)

    def library(self, library: Library, problems: list[Diagnostic]) -> None:
        self._library = self.parts.keep_library(self.parts.library_key(), library, problems)

    def data_file(self, path: Path, schema: str, facets: tuple[str, ...], loaded: LoadedYaml | None,
                  problems: list[Diagnostic]) -> None:
        key = self.parts.facts_key(path, schema, facets)
        if key is not None and self.parts.disk.table(FACTS).get(key) is not None:
            return  # kept for the same bytes (a damaged value is made again by the check that reads it)
        self.parts.keep_facts(path, schema, facets, loaded, problems, key)

    def evidence(self) -> None:
        self._data_key = self.parts.data_key

    def page(self, path: Path, shown_as: str, analysis: PageAnalysis, own: PageCitations | None) -> None:
        self.parts.keep_page(self.parts.page_key(path, shown_as), shown_as, analysis, own)

    def arguments(self, call: MacroCall, problems: list[str]) -> None:
        self.parts.table.put(self.parts.arguments_key(self._data_key, _encoded_call(call)), problems)

    def data(self, links: LibraryLinks, problems: list[Diagnostic]) -> None:
        self.parts.keep_data(self._data_key, links, problems)


def _encoded_call(call: MacroCall) -> list:
    return [call.name, [encoded_value(value) for value in call.args],
            {name: encoded_value(value) for name, value in call.kwargs.items()}, call.line]


class _NotStored(Exception):
    """A stored part that is not what this module writes (a damaged cache file): it is made again."""


def _library_value(part: LibraryPart) -> dict:
    return {"problems": _encoded_all(part.problems), "places": part.index.places,
            "set_aside": {name: _encoded_all(found) for name, found in part.set_aside.items()}}


def library_value(settings: ProjectSettings, disk: DiskCache | None = None) -> dict:
    """The library's part as the table keeps it. With ``disk``, only the entries whose outcome is not kept there
    are parsed (entry_outcomes.py); without (in a worker: read_ahead.py), every entry is, and the value holds
    their outcomes under "outcomes", for the check's process to keep."""
    with collection_paused():  # as in the loader (gc_pause.py)
        outcomes = EntryOutcomes(disk if disk is not None else DiskCache(None))
        folder, relative = settings.bibliography_dir, settings.relative
        problems = Diagnostics()
        library = library_outline(folder, relative, problems, outcomes) if disk is not None else None
        if library is None:  # an entry inherits fields, or nothing is kept: every entry is read together
            problems = Diagnostics()
            library = load_library(folder, relative, problems, outcomes=outcomes)
        set_aside_unaddressable(library)
        value = _library_value(LibraryPart("", list(problems), library.set_aside, library.index()))
        if disk is None:
            value["outcomes"] = outcomes.table.used
        return value


def library_job(settings: ProjectSettings) -> tuple[dict]:
    """In a worker (read_ahead.py): the library's part, with every entry's outcome."""
    return (library_value(settings),)


def _decoded(stored: Any, decode: Callable[[Any, str], Any], context: str) -> Any:
    if not isinstance(stored, dict):
        return None
    try:
        return decode(stored, context)
    except (_NotStored, KeyError, TypeError, ValueError):
        return None


def _library_part(stored: dict, key: str) -> LibraryPart:
    set_aside = {str(name): _decoded_all(found) for name, found in stored["set_aside"].items()}
    places = {}
    for name, (path, line) in stored["places"].items():
        if not (isinstance(path, str) and type(line) is int):
            raise _NotStored
        places[name] = (path, line)
    return LibraryPart(key, _decoded_all(stored["problems"]), set_aside, LibraryIndex(places, frozenset(set_aside)))


def _data_part(stored: dict, key: str) -> DataPart:
    return DataPart(key, _decoded_all(stored["problems"]), _decoded_links(json.loads(stored["links"])))


def _encoded_links(links: LibraryLinks) -> dict:
    return {"present": links.present, "complete": links.complete, "sources_readable": links.sources_readable,
            "cites": links.cites, "records": links.records, "invalid_records": sorted(links.invalid_records)}


def _decoded_links(stored: dict) -> LibraryLinks:
    flags = [stored[name] for name in ("present", "complete", "sources_readable")]
    cites = {path: [(finding, key, line) for finding, key, line in cited] for path, cited in stored["cites"].items()}
    records = {key: (path, line) for key, (path, line) in stored["records"].items()}
    places = [place for cited in cites.values() for place in cited] + [(key, *place) for key, place in records.items()]
    if not all(type(flag) is bool for flag in flags) or not all(
            isinstance(a, str) and isinstance(b, str) and type(c) is int for a, b, c in places):
        raise _NotStored
    present, complete, sources_readable = flags
    return LibraryLinks(present, complete, sources_readable, cites, records, set(_strings(stored["invalid_records"])))


def _page_part(stored: dict, shown_as: str) -> PagePart:
    citations = [(str(key), int(line)) for key, line in stored["citations"]]
    calls = stored["calls"]
    for name, args, kwargs, line in calls:  # read back as the call will be when its arguments are checked
        if not (isinstance(name, str) and isinstance(args, list) and isinstance(kwargs, dict) and type(line) is int):
            raise _NotStored
        _decoded_arguments(args, kwargs)
    return PagePart(shown_as, _decoded_all(stored["problems"]), citations, calls)


def _decoded_arguments(args: list, kwargs: dict) -> tuple[tuple, dict]:
    return tuple(decoded_value(value) for value in args), {name: decoded_value(value) for name, value in kwargs.items()}


def _encoded_all(found: Iterable[Diagnostic]) -> list:
    return [stored_form(one) for one in found]


def _decoded_all(stored: Any) -> list[Diagnostic]:
    return [from_stored(one) for one in stored]


def _strings(stored: Any) -> list[str]:
    if not all(isinstance(value, str) for value in stored):
        raise _NotStored
    return list(stored)
