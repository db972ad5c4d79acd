"""`mkdocs serve --dirty`: a rebuild builds again only the pages whose output can change.

MkDocs' own dirty rebuild builds a page again when its file is newer than its output, which is wrong for a
review: a chapter that starts citing a source changes that source's page (its backlinks), a new title changes
every page's navigation, a library edit changes citations everywhere. So the review plugin decides, from digests
of what each page is made of:

- the frame, which every page shows or depends on: the settings, every page's title, where the indexes live,
  the list of files, the edition's date, the review's own macros and theme files, the citation style, the
  library and the data (a citation's words, a card or a table can change with any entry). When it changes,
  every page is built.
- a contributor page: the frame and its own text; for a page that lists which pages cite each source (the
  bibliography) or calls a macro of the review's own, also every page's citations.
- a generated page (a source's): the frame and its generated Markdown, which holds its backlinks.

A page whose digest is the one of the last good build of this process is not built again: its output comes from
the published site, linked into the new staging folder, and its search entries are carried over. Every other
check still runs over the whole result: the final HTML gate reads every page (those it passed before come from
its cache), links and anchors included. The first build of a preview, the build after a failed one, and a build
whose frame changed build everything. Within a preview, a source's generated page is also made again only
when the frame's content or that source's citations changed (``GeneratedMemo``).
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
from review_publisher.page_macros.registry import MACROS, READS_OTHER_PAGES
from review_publisher.project import Project

# What the build needs of a page it does not build again: (output path, title as the engine holds it).
PageRecord = tuple[str, str]


@dataclass
class LastBuild:
    """What the last good build of this process left, for the next one to build only what changed."""

    frame: str
    digests: dict[str, str]  # page (path below docs_dir) -> digest
    records: dict[str, PageRecord]
    search_docs: list[dict] = field(default_factory=list)  # the search index's entries, before the search aids


def content_digest(disk: DiskCache, project: Project, config: Any, date: str) -> str:
    """A digest of what every page depends on, but the list of files (see the module's description)."""
    settings = project.settings
    settings_text = json.dumps({name: value for name, value in config.items() if name not in ("plugins", "site_dir")},
                               default=str, sort_keys=True)
    plugin_options = json.dumps({name: dict(plugin.config) for name, plugin in config.plugins.items()},
                                default=str, sort_keys=True)
    titles = json.dumps(sorted((path, info.title) for path, info in project.pages.items()))
    placing = json.dumps(sorted(project._placing.items()))
    style = style_path(settings.citation_style, settings.root)
    parts: list[str | bytes] = [settings_text, plugin_options, titles, placing, date, style.read_bytes()]
    for folder, suffixes in ((settings.bibliography_dir, (".bib",)), (settings.data_dir, (".yml", ".yaml")),
                             (settings.theme_dir, ("",)), (settings.root / "macros", (".py",))):
        if folder is not None:
            for path in content_files(folder, suffixes) if suffixes != ("",) else _every_file(folder):
                parts += [settings.relative(path), path.read_bytes()]
    return disk.key("content", *parts)


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

    def for_build(self, disk: DiskCache, project: Project, content: str):
        """The memo for one build (render.generated.Memo); what it did not use is dropped after the build.

        The project takes over the references and facts of the last good build when the content is the same."""
        self._kept, self._used = self._used or self._kept, {}
        if self._derived[0] == content:
            project.adopt(self._derived[1])
        self._building = (content, project)
        citations: dict[str, list] = {}
        for record in project.graph.records:
            citations.setdefault(record.key, []).append((record.page, record.anchor, record.section,
                                                         record.locator))

        def memo(kind: str, name: str, make):
            digest = disk.key(kind, content, name, json.dumps(citations.get(name, [])))
            known = self._kept.get((kind, name))
            value = known[1] if known is not None and known[0] == digest else make()
            self._used[(kind, name)] = (digest, value)
            return value

        return memo

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


def page_digests(disk: DiskCache, project: Project, generated: dict[str, str], frame: str) -> dict[str, str]:
    """Each page's digest: its own text or generated Markdown, in the frame."""
    citations = disk.key("citations", json.dumps([(r.page, r.key, r.anchor) for r in project.graph.records]))
    digests = {}
    for path, info in project.pages.items():
        reads_others = any(name in READS_OTHER_PAGES or name not in MACROS for name in info.names)
        digests[path] = disk.key("page", frame, info.text, citations if reads_others else "")
    for path, content in generated.items():
        if path.endswith(".md"):
            digests[path] = disk.key("generated", frame, content)
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
