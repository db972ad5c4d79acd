"""`mkdocs serve --dirty`: a rebuild builds again only the pages whose output can change.

MkDocs' own dirty rebuild builds a page again when its file is newer than its output, which is wrong for a
review: a chapter that starts citing a source changes that source's page (its backlinks), a new title changes
every page's navigation, a library edit changes citations everywhere. So the review plugin decides, from digests
of what each page is made of:

- the frame, which every page shows or depends on: the settings, every page's title, where the indexes live,
  the list of files (a source added or removed is a new file), the edition's date, the review's own macros and
  theme files, the citation style, the vocabulary (its labels are shown everywhere), and the review's own entry
  (every page's head describes it). When it changes, every page is built.
- each source: everything a page shows of it (its reference and in-text label as formatted, its facts for hover
  cards, its record, the findings that cite it, its metadata for the page head): ``source_digests``. An edit of
  one entry in the library or one record or finding in the data changes the digests of the sources it touches
  (and of others whose label it changes, such as 2016a/2016b), and no other.
- a contributor page: the frame, its own text and the digests of the sources it cites; a page that calls any
  macro that reads the data or the library as a whole (tables, indexes, the map, the bibliography) or a macro
  of the review's own, whose reach is unknown, has the bytes of every library and data file instead; a page
  that lists which pages cite each source (the bibliography) or calls a macro of the review's own, also every
  page's citations.
- a generated page (a source's): the frame, its generated Markdown (which holds its backlinks) and its source's
  digest.

A page whose digest is the one of the last good build of this process is not built again: its output comes from
the published site, linked into the new staging folder, and its search entries are carried over. Every other
check still runs over the whole result: the final HTML gate reads every page (those it passed before come from
its cache), links and anchors included. The first build of a preview, the build after a failed one, and a build
whose frame changed build everything. Within a preview, a source's generated page is also made again only
when the frame's content, that source's digest or its citations changed, and its downloads when any input did
(``GeneratedMemo``). Tests (tests/test_incremental.py) compare every rebuild with a full build of the same files.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.files import content_files
from review_publisher.library.citation_style import style_path
from review_publisher.page_macros.registry import MACROS, READS_OTHER_PAGES, SHOWS_ITS_OWN_SOURCES
from review_publisher.project import Project
from review_publisher.render.metadata import json_ld, schema_org

# What the build needs of a page it does not build again: (output path, title as the engine holds it).
PageRecord = tuple[str, str]


@dataclass
class LastBuild:
    """What the last good build of this process left, for the next one to build only what changed."""

    frame: str
    digests: dict[str, str]  # page (path below docs_dir) -> digest
    records: dict[str, PageRecord]
    search_docs: list[dict] = field(default_factory=list)  # the search index's entries, before the search aids


def content_digests(disk: DiskCache, project: Project, config: Any, date: str) -> tuple[str, str]:
    """Two digests of every input but the list of files: with the bytes of every library and data file (the
    content), and with only what every page shows of them (the vocabulary, the review's own entry), which with the
    list of files makes the frame (see the module's description)."""
    settings = project.settings
    settings_text = json.dumps({name: value for name, value in config.items() if name not in ("plugins", "site_dir")},
                               default=str, sort_keys=True)
    # A hook of mkdocs.yml's `hooks:` is a module, not a plugin, without options (MkDocs loads each hook once per
    # process: an edit of one takes effect when `mkdocs serve` starts again, which builds everything).
    plugin_options = json.dumps({name: dict(getattr(plugin, "config", None) or {})
                                 for name, plugin in config.plugins.items()}, default=str, sort_keys=True)
    titles = json.dumps(sorted((path, info.title) for path, info in project.pages.items()))
    placing = json.dumps(sorted(project._placing.items()))
    style = style_path(settings.citation_style, settings.root)
    shared: list[str | bytes] = [settings_text, plugin_options, titles, placing, date, style.read_bytes()]
    for folder, suffixes in ((settings.theme_dir, ("",)), (settings.root / "macros", (".py",))):
        if folder is not None:
            for path in content_files(folder, suffixes) if suffixes != ("",) else _every_file(folder):
                shared += [settings.relative(path), path.read_bytes()]
    whole = [part for path in _library_and_data_files(project) for part in (settings.relative(path), path.read_bytes())]
    review = project.review_key  # every page's head describes the review itself (render.generated.head_html)
    frame = [part for path in _shown_everywhere(project) for part in (settings.relative(path), path.read_bytes())]
    frame += ["review entry", json_ld(schema_org(project.library[review])) if review else ""]
    return disk.key("content", *shared, *whole), disk.key("frame-content", *shared, *frame)


def _library_and_data_files(project: Project) -> list[Path]:
    settings = project.settings
    files: list[Path] = []
    for folder, suffixes in ((settings.bibliography_dir, (".bib",)), (settings.data_dir, (".yml", ".yaml"))):
        if folder is not None:
            files += content_files(folder, suffixes)
    return files


def _shown_everywhere(project: Project) -> list[Path]:
    """The data files whose effect is not followed source by source: all but the records and the findings."""
    data = project.settings.data_dir
    if data is None:
        return []
    per_source = {data / "sources.yml", *content_files(data / "findings", (".yml", ".yaml"))}
    return [path for path in content_files(data, (".yml", ".yaml")) if path not in per_source]


def _source_digest(project: Project, key: str) -> str:
    """Everything a page can show of one source (see the module's description), as one text."""
    source = project.library.sources.get(key)
    if source is None:
        return "not in the library"
    # The entry as read and as formatted (its label can change with other entries: 2016a, 2016b), its record and
    # the findings citing it; the rest (facts, head metadata) is made from these and the vocabulary (the frame).
    findings = [(repr(finding), locator) for finding, locator in project.evidence.findings_citing(key)]
    entry = [source.type, source.written_type, sorted(source.fields.items()), sorted(source.protected.items()),
             {role: [str(person) for person in people] for role, people in source.persons.items()}, repr(source.date)]
    return json.dumps([entry, repr(project.formatted.get(key)), project.evidence.records.get(key), findings],
                      default=repr)


def source_digests(disk: DiskCache, project: Project) -> dict[str, str]:
    """Each source's digest, by key."""
    return {key: disk.key("source", _source_digest(project, key)) for key in project.library.sources}


def frame_digest(disk: DiskCache, content: str, files: Any) -> str:
    """The content's digest and the list of files: what every page depends on."""
    return disk.key("frame", content, json.dumps(sorted(file.src_uri for file in files)))


class GeneratedMemo:
    """Generated files kept between the builds of one preview, each under what it is made from: a source's page
    under the content digest and the citations of that source (its backlinks), the site's downloads under the
    content digest."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], tuple[str, Any]] = {}
        self._used: dict[tuple[str, str], tuple[str, Any]] = {}
        self._derived: tuple[str, dict[str, object]] = ("", {})  # content digest -> the project's derived tables
        self._building: tuple[str, Project] | None = None

    def for_build(self, disk: DiskCache, project: Project, content: str, frame_content: str) -> tuple[Any, dict]:
        """The memo for one build (render.generated.Memo), and each source's digest; what the memo did not use is
        dropped after the build.

        The project takes over the references and facts of the last good build when the content is the same. A
        source's page is made again when the frame's content, the source's digest or its citations changed; its
        downloads (made from the entry as written) and the site's when any input did."""
        self._kept, self._used = self._used or self._kept, {}
        if self._derived[0] == content:
            project.adopt(self._derived[1])
        self._building = (content, project)
        sources = source_digests(disk, project)
        citations: dict[str, list] = {}
        for record in project.graph.records:
            citations.setdefault(record.key, []).append((record.page, record.anchor, record.section,
                                                         record.locator))

        def memo(kind: str, name: str, make):
            made_from = [frame_content, sources.get(name, "")] if kind == "source-page" else [content]
            digest = disk.key(kind, *made_from, name, json.dumps(citations.get(name, [])))
            known = self._kept.get((kind, name))
            value = known[1] if known is not None and known[0] == digest else make()
            self._used[(kind, name)] = (digest, value)
            return value

        return memo, sources

    def keep_derived(self) -> None:
        """After a good build: its project's derived tables, for the next build of the same content."""
        if self._building is not None:
            content, project = self._building
            self._derived = (content, project.derived())

    def forget(self) -> None:
        self._kept, self._used = {}, {}
        self._derived, self._building = ("", {}), None


def _every_file(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else []


def page_digests(disk: DiskCache, project: Project, generated: dict[str, str], frame: str,
                 everything: str, sources: dict[str, str]) -> dict[str, str]:
    """Each page's digest: its own text or generated Markdown in the frame, with the digests of the sources it
    shows (``sources``, by key), or with ``everything`` (the digest of every input) when it reads the library or
    the data as a whole."""
    citations = disk.key("citations", json.dumps([(r.page, r.key, r.anchor) for r in project.graph.records]))
    digests = {}
    for path, info in project.pages.items():
        reads_others = any(name in READS_OTHER_PAGES or name not in MACROS for name in info.names)
        reads_all = any(name not in SHOWS_ITS_OWN_SOURCES for name in info.names)
        shown = everything if reads_all else json.dumps([sources.get(key, key)
                                                         for key in project.referenced_keys(path)])
        digests[path] = disk.key("page", frame, info.text, shown, citations if reads_others else "")
    for path, content in generated.items():
        if path.endswith(".md"):
            key = project.source_pages.get(path)
            digests[path] = disk.key("generated", frame, content, sources.get(key, "") if key else everything)
    return digests


def unchanged_pages(last: LastBuild | None, frame: str, digests: dict[str, str]) -> dict[str, PageRecord]:
    """The pages that need not be built again, with what the last build recorded of them."""
    if last is None or last.frame != frame:
        return {}
    return {path: last.records[path] for path, digest in digests.items()
            if last.digests.get(path) == digest and path in last.records}


def carry_over_pages(published: Path, staging: Path, unchanged: dict[str, PageRecord]) -> dict[str, PageRecord]:
    """The output of each page not built again, linked from the published site into the new staging folder; the
    pages whose output is missing there are built again instead (returned: the pages carried over).

    A hard link costs no copy, and is safe here: the engine does not write a page it does not build, and every
    file it does write (other pages, downloads, the search index) is a new file in the staging folder."""
    carried = {}
    for path, record in unchanged.items():
        source, target = published / record[0], staging / record[0]
        if not source.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:  # a file system without hard links
            shutil.copy2(source, target)
        carried[path] = record
    return carried


def merged_search_docs(current: list[dict], last: LastBuild, rebuilt_urls: set[str],
                       page_order: list[str]) -> list[dict]:
    """The search entries of the pages built now, and the last build's for the others, in the order a full
    build writes them (page by page, in the order of the files)."""
    kept = [doc for doc in last.search_docs if _page_url(doc) not in rebuilt_urls]
    position = {url: index for index, url in enumerate(page_order)}
    return sorted(kept + current, key=lambda doc: position.get(_page_url(doc), len(position)))


def _page_url(doc: dict) -> str:
    return str(doc.get("location", "")).split("#", 1)[0]
