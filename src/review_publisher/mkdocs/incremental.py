"""`mkdocs serve --dirty`: a rebuild builds again only the pages whose output can change.

MkDocs' own dirty rebuild builds a page again when its file is newer than its output, which is wrong for a
review: a chapter that starts citing a source changes that source's page (its backlinks), a new title changes
every page's navigation, a library edit changes citations everywhere. So the review plugin decides, from digests
of what each page is made of:

- the frame, which every page shows or depends on: the settings, every page's title, where the indexes live,
  the list of files, the edition's date, the review's own macros and theme files, the library and the data (a
  citation's words, a card or a table can change with any entry). When it changes, every page is built.
- a contributor page: the frame and its own text; for a page that lists which pages cite each source (the
  bibliography) or calls a macro of the review's own, also every page's citations.
- a generated page (a source's): the frame and its generated Markdown, which holds its backlinks.

A page whose digest is the one of the last good build of this process is not built again: its output comes from
the published site, copied into the new staging folder, and its search entries are carried over. Every other
check still runs over the whole result: the final HTML gate reads every page (those it passed before come from
its cache), links and anchors included. The first build of a preview, the build after a failed one, and a build
whose frame changed build everything.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.files import content_files
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


def frame_digest(disk: DiskCache, project: Project, config: Any, files: Any, date: str) -> str:
    """A digest of everything every page depends on (see the module's description)."""
    settings = project.settings
    settings_text = json.dumps({name: value for name, value in config.items() if name not in ("plugins", "site_dir")},
                               default=str, sort_keys=True)
    plugin_options = json.dumps({name: dict(plugin.config) for name, plugin in config.plugins.items()},
                                default=str, sort_keys=True)
    titles = json.dumps(sorted((path, info.title) for path, info in project.pages.items()))
    placing = json.dumps(sorted(project._placing.items()))
    listing = json.dumps(sorted(file.src_uri for file in files))
    parts: list[str | bytes] = [settings_text, plugin_options, titles, placing, listing, date]
    for folder, suffixes in ((settings.bibliography_dir, (".bib",)), (settings.data_dir, (".yml", ".yaml")),
                             (settings.theme_dir, ("",)), (settings.root / "macros", (".py",))):
        if folder is not None:
            for path in content_files(folder, suffixes) if suffixes != ("",) else _every_file(folder):
                parts += [settings.relative(path), path.read_bytes()]
    return disk.key("frame", *parts)


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


def carry_over_site(published: Path, staging: Path) -> None:
    """The published site, copied into the new staging folder: the pages not built again are taken from it. A
    copy, not links: the engine rewrites files in place, which would change the published ones too."""
    if published.is_dir():
        shutil.copytree(published, staging, dirs_exist_ok=True)


def merged_search_docs(current: list[dict], last: LastBuild, rebuilt_urls: set[str],
                       page_order: list[str]) -> list[dict]:
    """The search entries of the pages built now, and the last build's for the others, in the order a full
    build writes them (page by page, in the order of the files)."""
    kept = [doc for doc in last.search_docs if _page_url(doc) not in rebuilt_urls]
    position = {url: index for index, url in enumerate(page_order)}
    return sorted(kept + current, key=lambda doc: position.get(_page_url(doc), len(position)))


def _page_url(doc: dict) -> str:
    return str(doc.get("location", "")).split("#", 1)[0]
