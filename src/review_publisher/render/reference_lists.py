"""Reference lists as HTML: a page's own list, and the site-wide bibliography grouped by type."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from review_publisher.library.citation_style import FormattedSource
from review_publisher.render.addresses import reference_anchor
from review_publisher.render.html import block, element, escape


def reference_id(key: str) -> str:
    """The stable anchor of a key's entry in any reference list."""
    return reference_anchor(key)


def _details(key: str, href: Callable[[str], str]) -> str:
    return element("a", "About this source", href=href(key), class_="review-source-link")


def page_references(keys: Iterable[str], sources: Mapping[str, FormattedSource],
                    backlinks: Mapping[str, list[str]], href: Callable[[str], str]) -> str:
    """The references a page cites, sorted as the style sorts, each with links back to where the page cites it
    and to the source's own page."""
    items = []
    for key in sorted(keys, key=lambda k: sources[k].sort_key):
        back = " ".join(element("a", str(index), href=f"#{anchor}", class_="review-backlink",
                                title=f"Back to citation {index}")
                        for index, anchor in enumerate(backlinks.get(key, []), start=1))
        back_html = element("span", "Cited here: " + back, class_="review-backlinks") if back else ""
        items.append(element("li", sources[key].reference_html + " " + _details(key, href) + " " + back_html,
                             id=reference_id(key)))
    return block(element("ul", "".join(items), class_="review-references"))


def bibliography(groups: Mapping[str, list[str]], sources: Mapping[str, FormattedSource],
                 cited_in: Mapping[str, list[tuple[str, str]]], href: Callable[[str], str]) -> str:
    """Every entry, grouped (group title -> keys) and sorted, each saying which pages cite it.

    ``cited_in`` maps a key to (page title, link) pairs.
    """
    sections = []
    for title in sorted(groups):
        items = []
        for key in sorted(groups[title], key=lambda k: sources[k].sort_key):
            pages = cited_in.get(key, [])
            if pages:
                links = ", ".join(element("a", escape(page_title), href=url) for page_title, url in pages)
                note = element("span", "Cited in: " + links, class_="review-cited-in")
            else:
                note = element("span", "Not cited in the chapters of this site.", class_="review-cited-in")
            items.append(element("li", sources[key].reference_html + " " + _details(key, href) + " " + note,
                                 id=reference_id(key)))
        # A Markdown heading, so that the groups appear in the page's table of contents.
        heading = f"## {escape(title)} ({len(items)}) {{#group-{_slug(title)}}}"
        sections.append(heading + block(element("ul", "".join(items), class_="review-references")))
    return block("\n".join(sections))


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
