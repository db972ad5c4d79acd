"""One review, loaded and checked once per build: the shared state of the plugin, the macros and `review check`.

Loading reads the library and every page, rewrites pandoc citations, passes each page through the content gate,
and builds the citation graph, collecting every problem instead of stopping at the first.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from review_publisher.cache.disk_cache import DiskCache, Verdicts
from review_publisher.content.citations import (
    CITING_MACROS,
    Citation,
    CitationGraph,
    CitationRecord,
    CitationSyntaxError,
    citation_from_call,
    section_at,
)
from review_publisher.content.code_regions import Protected
from review_publisher.content.kept_citations import kept_citations
from review_publisher.content.page_analysis import PageAnalysis, analyse_page
from review_publisher.diagnostics import NOTE, Diagnostic, Diagnostics, first_line_holding, problem
from review_publisher.evidence.model import Evidence, load_evidence, record_facts
from review_publisher.evidence.references import (
    LibraryLinks,
    check_data_references,
    library_link_problems,
    library_links,
    records_nothing_uses,
)
from review_publisher.evidence.strict_yaml import LoadedYaml
from review_publisher.files import ReadCache, cached_by_file, content_files, guarded, unsafe_files
from review_publisher.gates.content_gate import MacroCall, jinja_environment, passed_pages
from review_publisher.library.bibliography import Library, load_library
from review_publisher.library.citation_style import FormattedSource, format_library, load_style, style_path
from review_publisher.library.entry_outcomes import EntryOutcomes
from review_publisher.page_macros.registry import ARGUMENT_CHECKS, KEYS_SHOWN, MACROS, MacroFunction
from review_publisher.render.addresses import (
    macro_citation_anchor,
    pandoc_citation_anchor,
    source_page_path,
    source_slug,
)
from review_publisher.settings import ProjectSettings

# The cache's tables that only formatting the library reads (reference_cache.py, citation_style.Collation).
FORMATTING_TABLES = ("references", "collation")
AUTOMATIC_REFERENCES = "\n\n## References {#references}\n\n{{ references() }}\n"


@dataclass
class PageInfo:
    path: str  # relative to docs_dir
    title: str
    calls: list[MacroCall] = field(default_factory=list)
    shown_keys: list[str] = field(default_factory=list)  # sources shown in tables, without being cited
    text: str = ""  # the file as MkDocs reads it: the plugin hands MkDocs this string, so what was checked renders
    protected: Protected | None = None  # its body with code swapped out, parsed once when the review is loaded

    def __post_init__(self) -> None:
        self.names = {call.name for call in self.calls}

    def places(self, macro: str) -> bool:
        return macro in self.names


@dataclass
class Project:
    settings: ProjectSettings
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    pages: dict[str, PageInfo] = field(default_factory=dict)
    library: Library = field(default_factory=Library)
    evidence: Evidence = field(default_factory=Evidence)
    graph: CitationGraph = field(default_factory=CitationGraph)
    macros: dict[str, MacroFunction] = field(default_factory=dict)  # what pages may call, by name
    cited_set_aside: set[str] = field(default_factory=set)  # keys pages cite whose entries have problems
    disk: DiskCache | None = None  # results kept between builds (references, gate verdicts); None keeps none

    def __setattr__(self, name: str, value: object) -> None:
        if self.__dict__.get("_checked"):
            raise AttributeError(f"the review was checked and does not change during a build (setting {name!r})")
        super().__setattr__(name, value)

    def seal(self) -> Project:
        """After loading and checking: no attribute changes any more, and the table of pages is read-only."""
        self.pages = MappingProxyType(dict(self.pages))  # type: ignore[assignment]
        self.__dict__["_checked"] = True
        return self

    # Tables made from the library and the data the first time a build needs them; an earlier build's can be
    # taken over when the content is the same (mkdocs serve --dirty, incremental.py).
    DERIVED = ("formatted", "facts")

    def derived(self) -> dict[str, object]:
        """The derived tables made so far."""
        return {name: self.__dict__[name] for name in self.DERIVED if name in self.__dict__}

    def adopt(self, derived: dict[str, object]) -> None:
        """Take over the derived tables of a project loaded from the very same content (the caller makes sure)."""
        for name in self.DERIVED:
            if name in derived:
                self.__dict__[name] = derived[name]

    def rendering_done(self) -> None:
        """A single build has rendered every page: let go of what only rendering reads, so that it is not held
        while MkDocs writes the pages (the build's peak). What writing the pages and the end of the build read
        stays: the settings, the library's decoded entries (each source page's metadata), the data's synonyms
        (the search aids) and the names of the pages. Under `mkdocs serve` nothing is let go: the next build may
        take over the derived tables (incremental.py)."""
        _ = self.review_key  # every page's metadata names the review: found while the data is here
        for name in (*self.DERIVED, "card_bodies", "_placing"):  # made on first use: gone, not emptied
            self.__dict__.pop(name, None)
        self.__dict__["graph"] = CitationGraph()
        self.__dict__["evidence"] = Evidence(present=self.evidence.present, synonyms=self.evidence.synonyms)
        for page in self.pages.values():
            page.text, page.protected, page.calls = "", None, []
        for source in self.library.sources.values():  # formatted, and its downloads written, before the pages
            source.raw = None

    @functools.cached_property
    def _placing(self) -> dict[str, str]:
        """Macro -> the first page that calls it."""
        placing: dict[str, str] = {}
        for path, page in self.pages.items():
            for call in page.calls:
                placing.setdefault(call.name, path)
        return placing

    @functools.cached_property
    def source_pages(self) -> dict[str, str]:
        """Generated page path -> the key of its source."""
        return {source_page_path(key): key for key in self.library.sources}

    @functools.cached_property
    def formatted(self) -> dict[str, FormattedSource]:
        """Every entry in the review's citation style: made when a build first needs it (review check never does)."""
        style = load_style(style_path(self.settings.citation_style, self.settings.root), self.disk)
        formatted = format_library(self.library, style, self.disk)
        if self.disk is not None:  # nothing else reads them: written now, as the build's end would, and let go
            for table in FORMATTING_TABLES:
                self.disk.release(table)
        return formatted

    @functools.cached_property
    def facts(self) -> dict[str, list[tuple[str, str]]]:
        """The appraisal facts of every source, for hover cards."""
        return {key: record_facts(self.evidence, key) for key in self.library.sources}

    @functools.cached_property
    def card_bodies(self) -> dict[str, str]:
        """Each cited source's hover card content, made the first time it is cited in this build."""
        return {}

    @functools.cached_property
    def review_key(self) -> str | None:
        """The library key of the review itself (its record says so), found once rather than for every page."""
        return next((key for key, record in self.evidence.records.items()
                     if record.get("review_relation") == "the-review" and key in self.library), None)

    def finding_page(self, finding_id: str) -> str | None:
        """The page where a finding's anchor (#finding-<id>) lives: the findings index, else its area's chapter."""
        index = self.page_placing("findings_index")
        if index:
            return index
        finding = self.evidence.finding(finding_id)
        return self.evidence.vocabulary["areas"].get(finding.area, {}).get("chapter") if finding else None

    def page_placing(self, macro: str) -> str | None:
        """The first page that calls a macro (the findings index, the map, ...), if any."""
        return self._placing.get(macro)

    def referenced_keys(self, page_path: str) -> list[str]:
        """The keys a page cites, then those its tables show: what its reference list holds."""
        shown = self.pages[page_path].shown_keys if page_path in self.pages else []
        return list(dict.fromkeys(self.graph.keys_cited_on(page_path) + shown))

    def needs_reference_list(self, page_path: str) -> bool:
        """A page that cites gets its reference list at the end, unless it places one (or the bibliography)."""
        page = self.pages.get(page_path)
        return bool(page and self.referenced_keys(page_path)
                    and not page.places("references") and not page.places("bibliography"))


class LoadRecorder(Protocol):
    """Told what loading found, part by part: `review check` keeps it (check/source_check.py)."""

    def entry_outcomes(self) -> EntryOutcomes: ...

    def library(self, library: Library, problems: list[Diagnostic]) -> None: ...

    def data_file(self, path: Path, schema: str, facets: tuple[str, ...], loaded: LoadedYaml | None,
                  problems: list[Diagnostic]) -> None: ...

    def evidence(self) -> None: ...

    def page(self, path: Path, shown_as: str, analysis: PageAnalysis, own: PageCitations | None) -> None: ...

    def arguments(self, call: MacroCall, problems: list[str]) -> None: ...

    def data(self, links: LibraryLinks, problems: list[Diagnostic]) -> None: ...


def load_project(settings: ProjectSettings, config_problems: Iterable[Diagnostic] = (),
                 macros: Mapping[str, MacroFunction] | None = None, cache: ReadCache | None = None,
                 disk: DiskCache | None = None, recorder: LoadRecorder | None = None) -> Project:
    """Read and check everything a build needs, collecting every problem instead of stopping at the first.

    ``macros`` are the macros pages may call (the built-in ones unless given); ``cache`` keeps what was read from
    each file for the next build of the same process, ``disk`` what builds keep on disk; ``recorder`` is told
    what each part gave. A content folder outside the repository is reported alone: nothing is read from it.
    """
    macros = dict(MACROS if macros is None else macros)
    project = Project(settings, macros=macros, disk=disk)
    project.diagnostics.extend(config_problems)
    problems, outside = folder_problems(settings)
    project.diagnostics.extend(problems)
    if outside:
        return project.seal()
    library_problems, data_problems = Diagnostics(), Diagnostics()
    outcomes = recorder.entry_outcomes() if recorder is not None else None
    project.library = load_library(settings.bibliography_dir, settings.relative, library_problems, cache, outcomes)
    set_aside_unaddressable(project.library)
    project.evidence = load_evidence(settings.data_dir, settings.relative, data_problems, cache, disk,
                                     recorder.data_file if recorder is not None else None)
    if disk is not None:
        disk.release("readings")  # the data files' readings are in the model now: thousands of findings' worth
    if recorder is not None:
        recorder.library(project.library, list(library_problems))
        recorder.evidence()
    environment = jinja_environment(dict(settings.markers))
    passed = passed_pages(disk, environment, macros)
    citations = kept_citations(disk)
    reading = repr((sorted(settings.markers.items()), sorted(macros), settings.read_front_matter,
                    settings.admonitions))
    for path in content_files(settings.docs_dir, (".md",)):
        shown_as = settings.relative(path)

        def analyse(path: Path = path, shown_as: str = shown_as) -> PageAnalysis:
            return analysed_page(settings, path, shown_as, environment, macros, passed, citations)

        analysis = cached_by_file(cache, f"page:{reading}", path, analyse)
        project.diagnostics.extend(analysis.problems)
        own = None
        if analysis.body is not None:
            own = _scan_page(project, path.relative_to(settings.docs_dir).as_posix(), shown_as, analysis, recorder)
        if recorder is not None:
            recorder.page(path, shown_as, analysis, own)
    cited = {record.key for record in project.graph.records}
    index = project.library.index()
    check_data_references(project.evidence, settings.docs_dir, data_problems)
    links = library_links(project.evidence)
    if recorder is not None:
        recorder.data(links, list(data_problems))
    project.diagnostics.extend(library_problems)
    project.diagnostics.extend(data_problems)
    project.diagnostics.extend(library_link_problems(links, index))
    project.diagnostics.extend(records_nothing_uses(links, index, cited))
    used = cited | project.cited_set_aside | links.used_keys
    project.diagnostics.extend(set_aside_problems(project.library, used))
    return project.seal()


def folder_problems(settings: ProjectSettings) -> tuple[list[Diagnostic], bool]:
    """The problems of the content folders themselves, and whether one lies outside the repository (then it is
    reported alone, and nothing is read)."""
    outside = folders_outside(settings)
    if outside:
        return outside, True
    return [problem(shown_as, 1, "file.not_regular", f"this is {kind}: nothing below a content folder may point "
                    f"outside the repository; put the file itself there")
            for folder in settings.content_dirs() for shown_as, kind in unsafe_files(folder, settings.relative)], False


def analysed_page(settings: ProjectSettings, path: Path, shown_as: str, environment,
                  macros: Mapping[str, MacroFunction], passed: Verdicts | None,
                  citations: Verdicts | None) -> PageAnalysis:
    """One page read and checked as the review's settings say; a shape of input nobody expected is a message."""
    return guarded(shown_as, lambda: analyse_page(path, shown_as, environment, macros, settings.read_front_matter,
                                                   settings.admonitions, passed, citations),
                   lambda message: PageAnalysis(None, problems=[message]))


def set_aside_problems(library: Library, used: set[str]) -> list[Diagnostic]:
    """The problems of the library entries that were set aside: errors for every entry a page cites or a record
    uses, and one note naming the others, which are simply left out of the site (an entry nobody cites never
    stops a build). Every problem of the others is listed too, as a note, for `review check`."""
    found: list[Diagnostic] = []
    left_out: list[str] = []
    for key, problems in library.set_aside.items():
        if key in used:
            found += [problem(d.path, d.line, d.id, d.message) for d in problems]
        else:
            left_out.append(key)
            found += [Diagnostic(d.path, d.line, d.id, d.message, NOTE) for d in problems]
    if left_out:
        first = library.set_aside[left_out[0]][0]
        shown = ", ".join(left_out[:20]) + (f" and {len(left_out) - 20} more" if len(left_out) > 20 else "")
        found.append(problem(first.path, first.line, "bib.left_out",
                             f"{len(left_out)} library entr{'y' if len(left_out) == 1 else 'ies'} with problems "
                             f"left out of the site, because no page cites them: {shown}"))
    return found


def folders_outside(settings: ProjectSettings) -> list[Diagnostic]:
    """Content folders that lie outside the repository (the folder of mkdocs.yml), or are reached through a link."""
    root = settings.root.resolve()
    try:
        config_text = settings.config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        config_text = ""
    found = []
    for option, folder in (("docs_dir", settings.docs_dir), ("bibliography_dir", settings.bibliography_dir),
                           ("data_dir", settings.data_dir), ("custom_dir", settings.theme_dir)):
        if folder is None or folder.resolve() == root or root in folder.resolve().parents:
            continue
        line = first_line_holding(config_text, option) or 1
        found.append(problem(settings.relative(settings.config_file), line, "config.invalid",
                             f"{option}: the folder '{folder}' is outside the repository (or reached through a "
                             f"link); content must live in the repository itself"))
    return found


MAX_ADDRESS_LENGTH = 100  # file systems refuse names over 255 bytes; a key this long is a mistake anyway


def set_aside_unaddressable(library: Library) -> None:
    """Every source gets a page of its own: a key whose address another key already has, or that is too long to be
    one, is set aside with a message naming both keys (an error if a page cites it, a note otherwise)."""
    taken: dict[str, str] = {}
    for key, source in list(library.sources.items()):
        slug = source_slug(key)
        if len(slug.encode("utf-8")) > MAX_ADDRESS_LENGTH:
            message = (f"the key '{key[:40]}…' has {len(key)} characters; a key becomes the address of its page and "
                       f"may have at most {MAX_ADDRESS_LENGTH}")
        elif slug.casefold() in taken:
            first = library.sources[taken[slug.casefold()]]
            message = (f"the keys '{first.key}' ({first.path}:{first.line}) and '{key}' would both have their page "
                       f"at sources/{slug}/ (a key's punctuation becomes '-'); give one of them another key")
        else:
            taken[slug.casefold()] = key
            continue
        del library.sources[key]
        library.set_aside.setdefault(key, []).append(problem(source.path, source.line, "source.address", message))


def _scan_page(project: Project, page_path: str, shown_as: str, analysis: PageAnalysis,
               recorder: LoadRecorder | None = None) -> PageCitations:
    # One title, as the engine chooses it: the navigation's, else the front matter's, else the first heading.
    page = PageInfo(page_path, project.settings.nav_titles.get(page_path) or analysis.title, analysis.calls)
    page.text = analysis.text
    page.protected = analysis.protected
    project.pages[page_path] = page
    own = page_citations(shown_as, analysis)
    project.diagnostics.extend(own.problems)
    for call in analysis.calls:
        problems, arguments = argument_problems(project.macros, project.evidence, call)
        if recorder is not None and call.name not in CITING_MACROS:
            recorder.arguments(call, problems)
        for message in problems:
            project.diagnostics.add(shown_as, call.line, "macro.bad_argument", message)
        if call.name in KEYS_SHOWN and not problems:
            page.shown_keys += KEYS_SHOWN[call.name](call.name, arguments, project.evidence, project.library.sources)
    for anchor, line, citation in own.citations:
        for item in citation.items:
            if item.key in project.library:
                project.graph.add(CitationRecord(item.key, page_path, anchor, line, item.locator,
                                                 section_at(analysis.headings, line)))
                continue
            unknown = unknown_key_message(project.library, item.key)
            if unknown is None:
                project.cited_set_aside.add(item.key)  # its own problems are reported, as errors
            else:
                project.diagnostics.add(shown_as, line, "cite.unknown_key", unknown)
    return own


@dataclass
class PageCitations:
    """A page's citations, whatever the library says: (anchor, line, citation) in the order of their lines, and
    the problems of their form."""

    citations: list[tuple[str, int, Citation]]
    problems: list[Diagnostic]


def page_citations(shown_as: str, analysis: PageAnalysis) -> PageCitations:
    """Every citation of an analysed page, pandoc's and the citing macros', numbered as the renderer numbers them."""
    problems = Diagnostics()
    citations = []
    number = 0
    for found in analysis.pandoc:
        if found.citation is None:
            problems.add(shown_as, found.line, "cite.syntax", found.problem)
            continue
        number += 1  # numbered as replace_pandoc_citations numbers them when the page is rendered
        citations.append((pandoc_citation_anchor(number), found.line, found.citation))
    number = 0
    for call in analysis.calls:
        if call.name not in CITING_MACROS:
            continue
        number += 1  # counted for every citing call, as the renderer counts, even if this one is reported
        try:
            citation = citation_from_call(call.name, call.args, call.kwargs)
            citations.append((macro_citation_anchor(number), call.line, citation))
        except CitationSyntaxError as error:
            problems.add(shown_as, call.line, "cite.syntax", str(error))
    for line, count in _crowded_paragraphs(analysis.body or "", [line for _, line, _ in citations]):
        problems.add(shown_as, line, "content.limit",
                     f"this paragraph holds {count} citations; at most {MAX_CITATIONS_PER_PARAGRAPH} "
                     f"fit in one paragraph (Markdown's time grows with the square of their number)")
    return PageCitations(sorted(citations, key=lambda c: c[1]), list(problems))


def unknown_key_message(library: Library, key: str) -> str | None:
    """The message for a cited key the library does not show: None for an entry set aside, which reports its own
    problems; else 'unknown citation key', with the key most likely meant."""
    if key in library.set_aside:
        return None
    suggestion = library.suggest(key)
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    return f"unknown citation key '{key}'{hint}"


MAX_CITATIONS_PER_PARAGRAPH = 250


def _crowded_paragraphs(body: str, lines: list[int]) -> list[tuple[int, int]]:
    """(first line, number of citations) of every paragraph holding more citations than the limit."""
    if len(lines) <= MAX_CITATIONS_PER_PARAGRAPH:
        return []
    starts, paragraph_start, previous_blank = {}, 1, True
    for number, text in enumerate(body.split("\n"), start=1):
        blank = not text.strip()
        if not blank and previous_blank:
            paragraph_start = number
        starts[number] = paragraph_start
        previous_blank = blank
    counts: dict[int, int] = {}
    for line in lines:
        counts[starts.get(line, line)] = counts.get(starts.get(line, line), 0) + 1
    return [(line, count) for line, count in sorted(counts.items()) if count > MAX_CITATIONS_PER_PARAGRAPH]


def argument_problems(macros: Mapping[str, MacroFunction], evidence: Evidence | Callable[[], Evidence],
                      call: MacroCall) -> tuple[list[str], dict]:
    """Arguments a macro does not take, then values that are not in the data; and the arguments by name.

    ``evidence`` may be a function that loads it: it is called only for a macro whose values are checked against
    the data. Citations are checked apart, by citations.citation_from_call.
    """
    if call.name in CITING_MACROS:
        return [], {}
    signature = inspect.signature(macros[call.name])
    try:
        bound = signature.bind(None, *call.args, **call.kwargs)
    except TypeError as error:
        parameters = list(signature.parameters)[1:]
        takes = ", ".join(parameters) if parameters else "no arguments"
        return [f"{call.name}(): {error}; it takes {takes}"], {}
    arguments = dict(list(bound.arguments.items())[1:])
    check = ARGUMENT_CHECKS.get(call.name)
    if check is None:
        return [], arguments
    return check(call.name, arguments, evidence() if callable(evidence) else evidence), arguments
