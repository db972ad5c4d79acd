"""Everything the build adds beside the contributors' pages: a page and three downloads per source, the
site-wide downloads, and the metadata of each page's head. Computed from the loaded project only."""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Callable, Iterator
from typing import Any

from review_publisher.exports.formats import site_downloads, source_downloads
from review_publisher.project import Project
from review_publisher.render.addresses import download_path, finding_anchor, source_page_path, source_slug
from review_publisher.render.metadata import (
    cite_this_page,
    coins,
    highwire_for_page,
    highwire_for_source,
    json_ld,
    open_graph,
    schema_org,
)
from review_publisher.render.source_pages import DOWNLOAD_FORMATS, citing_places, page_markdown
from review_publisher.render.urls import link_between
from review_publisher.texts import DEFAULT_TEXTS, Texts


def build_date() -> str:
    """Today, or the date of SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch and epoch.isdigit() \
        else datetime.datetime.now(datetime.UTC)
    return moment.date().isoformat()


def source_page(project: Project, key: str) -> str:
    source = project.library[key]
    page = source_page_path(key)
    directory_urls = project.settings.use_directory_urls

    def link(target: str, fragment: str = "") -> str:
        return link_between(page, target, fragment, directory_urls)

    findings = []
    for finding, locator in project.evidence.findings_citing(key):
        target = project.finding_page(finding.id)
        findings.append((finding, locator, link(target, finding_anchor(finding.id)) if target else ""))
    cited_in = citing_places(project.graph.citing(key), lambda p: project.pages[p].title, link)
    downloads = [(label, link_between(page, download_path(key, extension), "", directory_urls, is_file=True))
                 for extension, label in DOWNLOAD_FORMATS]
    return page_markdown(source, project.formatted[key], project.evidence, findings, cited_in, coins(source),
                         downloads, texts=project.settings.texts)


# What makes a generated file again only when what it is made from changed (mkdocs/incremental.py): it gets a
# kind, a name and a function that makes the content, and answers with the content.
Memo = Callable[[str, str, Callable[[], Any]], Any]


def generated_files(project: Project, memo: Memo | None = None) -> Iterator[tuple[str, str]]:
    """(path below docs_dir, content) for every file the build adds, one at a time: a build of 10,000 sources
    writes each away before making the next."""
    def made(kind: str, name: str, make: Callable[[], Any]) -> Any:
        return memo(kind, name, make) if memo is not None else make()

    each: dict[str, list[str]] = {}  # every source's downloads, by format: the library's are put together from them
    for key, source in project.library.sources.items():
        yield source_page_path(key), made("source-page", key, functools.partial(source_page, project, key))
        for extension, content in made("source-downloads", key, functools.partial(source_downloads, source)).items():
            each.setdefault(extension, []).append(content)
            yield download_path(key, extension), content
    yield from made("site-downloads", "",
                    lambda: site_downloads(project.library, project.evidence, each)).items()


def source_key_of(project: Project, page_path: str) -> str | None:
    """The library key whose generated page this is, if it is one."""
    return project.source_pages.get(page_path)


def head_html(project: Project, page_path: str, title: str, absolute_url: str | None, site_author: str,
              date: str, site_name: str = "", description: str | None = None) -> str:
    """The Highwire tags, Open Graph tags and JSON-LD of a page: its source's for a source page, the site's for
    the others."""
    key = source_key_of(project, page_path)
    if key is not None:
        source = project.library[key]
        return "\n".join(highwire_for_source(source) + open_graph(title, site_name, description, absolute_url,
                                                                   "article")
                         + [json_ld(schema_org(source))])
    tags = highwire_for_page(title, site_author, date, absolute_url)
    tags += open_graph(title, site_name, description, absolute_url, "website" if page_path == "index.md" else "article")
    page: dict = {"@context": "https://schema.org", "@type": "WebPage", "name": title, "datePublished": date}
    review = project.review_key
    if review:
        page["about"] = schema_org(project.library[review])
    return "\n".join(tags + [json_ld(page)])


def cite_block(page_path: str, title: str, site_name: str, site_author: str, date: str,
               absolute_url: str | None, texts: Texts = DEFAULT_TEXTS, version: str = "") -> str:
    return cite_this_page(title, site_author, site_name, date, absolute_url,
                          "site-" + source_slug(page_path.rsplit(".", 1)[0].replace("/", "-")), texts.web_work,
                          version)
