"""The macros of the site-wide evidence views: ``findings_index``, ``evidence_map``, ``timeline``,
``sources_index`` and ``downloads``."""

from __future__ import annotations

from collections import Counter

from review_publisher.content.context import MacroContext
from review_publisher.exports.formats import DOWNLOADS
from review_publisher.exports.pdf import PDF_PATH
from review_publisher.page_macros.citation_macros import source_link
from review_publisher.page_macros.evidence_macros import SourceLinks
from review_publisher.render.addresses import finding_anchor
from review_publisher.render.evidence_map import evidence_map as evidence_map_html
from review_publisher.render.evidence_tables import findings_table
from review_publisher.render.evidence_views import downloads_table
from review_publisher.render.evidence_views import sources_index as sources_index_html
from review_publisher.render.evidence_views import timeline as timeline_html
from review_publisher.render.facets import Facets, data_attributes, filter_fields
from review_publisher.render.html import escape
from review_publisher.render.urls import link_between


def finding_link(context: MacroContext, finding_id: str) -> str:
    """Where a finding lives: its row in the findings index (or, without one, in the chapter of its area)."""
    project = context.project
    return link_between(context.page_path, project.finding_page(finding_id), finding_anchor(finding_id),
                        project.settings.use_directory_urls)


def findings_index(context: MacroContext) -> str:
    """Every finding, grouped by area under headings, each row anchored as ``#finding-<id>``."""
    project = context.project
    evidence = project.evidence
    links = SourceLinks(project.formatted, project.facts, lambda key: source_link(context, key), context.unique_id,
                        context.card_for)
    facets = Facets(evidence, project.formatted)
    counts: dict[str, Counter] = {}
    for finding in evidence.findings:
        for name, values in facets.of_finding(finding).items():
            counts.setdefault(name, Counter()).update(values)
    parts = [filter_fields(facets, facets.of_finding_names(), counts, ".review-findings tbody tr", "finding",
                           "Filter the findings")]
    for area, term in evidence.vocabulary["areas"].items():
        chosen = [f for f in evidence.findings if f.area == area]
        chapter = term.get("chapter")
        href = link_between(context.page_path, chapter, "", project.settings.use_directory_urls) if chapter else ""
        link = f'<p>Chapter: <a href="{href}">{_markdown_text(term["label"])}</a></p>\n' if chapter else ""
        parts.append(f"## {_markdown_text(term['label'])} {{#area-{area}}}\n\n" + link
                     + findings_table(chosen, evidence, links, context.unique_id,
                                      f"Findings on {term['label']}", show_area=False,
                                      row_attributes=lambda finding: data_attributes(facets.of_finding(finding))))
    return "\n\n" + "\n\n".join(parts) + "\n\n"


def _markdown_text(text: str) -> str:
    """Escaped for HTML, and for Markdown inside a heading."""
    return escape(text).replace("\\", "&#92;").replace("*", "&#42;").replace("_", "&#95;").replace("`", "&#96;") \
        .replace("[", "&#91;").replace("]", "&#93;").replace("#", "&#35;")


def evidence_map(context: MacroContext) -> str:
    """Areas by levels: each cell shaded by its sources, its findings counted by direction, and a panel of them."""
    project = context.project
    return evidence_map_html(project.evidence, project.formatted, lambda finding_id: finding_link(context, finding_id),
                             lambda chapter: link_between(context.page_path, chapter, "",
                                                          project.settings.use_directory_urls),
                             project.settings.texts)


def _titles(project) -> dict[str, str]:
    return {key: source.fields.get("title", key) for key, source in project.library.sources.items()}


def timeline(context: MacroContext) -> str:
    """The sources by year of publication."""
    project = context.project
    return timeline_html(project.formatted, _titles(project), lambda key: source_link(context, key),
                         lambda key: dict(project.facts.get(key, [])).get("Type", project.formatted[key].type_label))


def sources_index(context: MacroContext) -> str:
    """Every source in one table, sortable and filterable by type, programme, country and year."""
    project = context.project
    keys = list(project.formatted)  # every document of the library, with a record or without
    return sources_index_html(keys, project.evidence, project.formatted, _titles(project),
                              lambda key: source_link(context, key))


def downloads(context: MacroContext) -> str:
    """The open-data files of the site, each a link."""
    project = context.project
    files = list(DOWNLOADS) + ([(PDF_PATH, "PDF", "The print version: title page, contents, chapters, evidence map, "
                                 "findings and references")] if project.settings.pdf else [])
    return downloads_table(files, lambda path: link_between(
        context.page_path, path, "", project.settings.use_directory_urls, is_file=True), project.settings.texts)
