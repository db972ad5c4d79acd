"""The citation macros: glue from the page being rendered to the plain renderers."""

from __future__ import annotations

from review_publisher.content.citations import citation_from_call
from review_publisher.content.context import MacroContext
from review_publisher.render.addresses import macro_citation_anchor, source_page_path
from review_publisher.render.citation_html import render_citation
from review_publisher.render.reference_lists import bibliography as bibliography_html
from review_publisher.render.reference_lists import page_references
from review_publisher.render.urls import link_between


def cite(context: MacroContext, *keys, **options) -> str:
    """``{{ cite("a2016", "b2004", page="12", prefix="see") }}``: "(see A, 2016; B, 2004, p. 12)"."""
    return _render(context, "cite", keys, options)


def citet(context: MacroContext, *keys, **options) -> str:
    """``{{ citet("allum2019", page="12") }}``: "Allum (2019, p. 12)"."""
    return _render(context, "citet", keys, options)


def _render(context: MacroContext, name: str, keys: tuple, options: dict) -> str:
    citation = citation_from_call(name, keys, options)  # checked before the build; raises only on a bug
    return render_cited(context, citation, macro_citation_anchor(context.next_citation_number()))


def render_cited(context: MacroContext, citation, anchor: str) -> str:
    """A citation of either syntax, as HTML anchored at ``#<anchor>``."""
    return render_citation(citation, anchor, context.project.formatted, lambda key: source_link(context, key),
                           context.project.facts, context.card_for, context.project.card_bodies)


def source_link(context: MacroContext, key: str) -> str:
    """Where a citation of a key leads: the source's own generated page."""
    return link_between(context.page_path, source_page_path(key), "", context.project.settings.use_directory_urls)


def references(context: MacroContext) -> str:
    """The list of the references this page cites (added at the end of every citing page unless placed)."""
    project = context.project
    anchors: dict[str, list[str]] = {}
    for record in project.graph.on_page(context.page_path):
        anchors.setdefault(record.key, []).append(record.anchor)
    return page_references(project.referenced_keys(context.page_path), project.formatted, anchors,
                           lambda key: source_link(context, key))


def bibliography(context: MacroContext) -> str:
    """Every entry of the library, grouped by type, each with the pages that cite it."""
    project = context.project
    groups: dict[str, list[str]] = {}
    for key, source in project.library.sources.items():
        groups.setdefault(source.entry_type.group, []).append(key)
    cited_in = {}
    for key in project.library.sources:
        cited_in[key] = [(project.pages[page].title,
                          link_between(context.page_path, page, "", project.settings.use_directory_urls))
                         for page in project.graph.pages_citing(key)]
    return bibliography_html(groups, project.formatted, cited_in, lambda key: source_link(context, key))
