"""The allow-list for HTML in contributor pages: nh3 (Ammonia) cleans it, and what it removes is a located error.

A page's HTML (its Markdown converted, with the macros' output in it) may use the tags and attributes below and
nothing else; links and images may use the URL schemes below. Everything the review's own macros and Markdown
extensions write is on the list, so only contributor HTML can fall off it. The cleaned HTML is what gets
published, so even a case this module failed to report could not reach a reader; the error tells the contributor
what was taken out and where.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

import nh3
from selectolax.lexbor import LexborHTMLParser, LexborNode

from review_publisher.cache.disk_cache import Verdicts
from review_publisher.diagnostics import Diagnostic, first_line_holding, problem

# Text, structure, tables, figures, and what the Markdown extensions (toc, footnotes, admonition, def_list, abbr,
# attr_list, tables) and the review's macros write (citations, hover cards, evidence tables, map, filters).
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "label", "li", "mark", "meter", "ol", "option", "output", "p", "pre", "q", "s", "samp",
    "section", "select", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# Attributes any allowed tag may have, besides aria-* and data-* (see GENERIC_PREFIXES).
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex", "style"})
GENERIC_PREFIXES = frozenset({"aria-", "data-"})
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "rel", "hreflang", "type", "download"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "headers", "align"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr", "align"}),
    "col": frozenset({"span"}), "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}), "li": frozenset({"value"}),
    "details": frozenset({"open"}), "time": frozenset({"datetime"}),
    "q": frozenset({"cite"}), "blockquote": frozenset({"cite"}), "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}), "abbr": frozenset({"title"}),
    "meter": frozenset({"value", "min", "max", "low", "high", "optimum"}),
    "select": frozenset({"name"}), "option": frozenset({"value", "selected"}),
    "label": frozenset({"for"}), "output": frozenset({"for"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# The only style properties a page needs: table cell alignment (Markdown tables write it) and the share of each
# direction in an evidence-map cell.
STYLE_PROPERTIES = frozenset({"text-align", "flex-grow", "color"})


def _attributes_for_nh3() -> dict[str, set[str]]:
    table = {tag: set(TAG_ATTRIBUTES.get(tag, ())) for tag in ALLOWED_TAGS}
    table["*"] = set(GLOBAL_ATTRIBUTES)
    return table


def clean(html: str) -> str:
    """The HTML with everything outside the allow-list removed (comments too: they are never shown)."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes=_attributes_for_nh3(),
                     generic_attribute_prefixes=set(GENERIC_PREFIXES), url_schemes=set(URL_SCHEMES),
                     filter_style_properties=set(STYLE_PROPERTIES), link_rel=None, strip_comments=True)


def sanitise_page(html: str, source_text: str, shown_as: str,
                  passed: Verdicts | None = None) -> tuple[str, list[Diagnostic]]:
    """The cleaned HTML of one page, and a located error for each thing the allow-list removed.

    ``passed`` holds the pages the allow-list passed in earlier builds (:mod:`review_publisher.cache.disk_cache`):
    comparing what a browser builds from a page before and after cleaning is most of this gate's time, and the
    verdict depends on nothing but the HTML (and this generator, which every key includes)."""
    key = passed.key(html) if passed is not None else ""
    if passed is not None and passed.table.get(key):
        return (clean(html) if "<!--" in html else html), []
    cleaned = clean(html)
    if _shape(cleaned) == _shape(html):
        # Nothing outside the list: publish the page as written, less its comments (editors' notes stay private).
        if passed is not None:
            passed.table.put(key, True)
        return (cleaned if "<!--" in html else html), []
    found = [problem(shown_as, first_line_holding(source_text, needle) or 1, "html.not_allowed", message)
             for message, needle in _violations(html)]
    if not found:
        found.append(problem(shown_as, 1, "html.not_allowed",
                             "the page holds HTML that the allow-list changes; write the content in Markdown"))
    return cleaned, found


def _shape(html: str) -> bytes:
    """What a reader's browser builds from the HTML (comments aside), as a digest: two pages have the same shape
    when they have the same tags, attributes and text, in order.

    A digest, made as the tree is walked, not the list of those parts: the findings index of a large review is
    tens of megabytes of HTML, and the two lists compared were the peak of a first build."""
    digest = hashlib.sha256()
    for part in _shape_parts(html):
        digest.update(repr(part).encode("utf-8", "surrogatepass") + b"\n")
    return digest.digest()


def _shape_parts(html: str) -> Iterator[tuple]:
    """The parts of the shape one at a time: ("#text", text) or (tag, sorted attributes)."""
    root = LexborHTMLParser(f"<body>{html}</body>").body
    if root is None:
        return
    text: str | None = None  # text on both sides of a removed comment is one text
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            text = (text or "") + (node.text_content or "")
        elif node.tag and not node.tag.startswith("_") and node.tag != "-comment":
            if text is not None:
                yield ("#text", text)
                text = None
            yield (node.tag, tuple(sorted((name, _style(value) if name == "style" else value or "")
                                          for name, value in node.attributes.items())))
    if text is not None:
        yield ("#text", text)


def _style(value: str | None) -> str:
    """A style attribute as nh3 writes it back: declarations without spaces, in order, no trailing ';'."""
    parts = [part.split(":", 1) for part in (value or "").split(";") if ":" in part]
    return ";".join(f"{name.strip().lower()}:{declared.strip()}" for name, declared in parts)


def _violations(html: str) -> Iterable[tuple[str, str]]:
    """(message, text to find in the Markdown) for every tag, attribute or URL off the allow-list."""
    root = LexborHTMLParser(f"<body>{html}</body>").body
    if root is None:
        return
    for node in root.traverse(include_text=False):
        tag = node.tag or ""
        if tag.startswith("_") or tag.startswith("-") or tag == "body":
            continue
        if tag not in ALLOWED_TAGS:
            yield (f"the HTML element <{tag}> is not allowed in a page (allowed: Markdown, and the elements listed "
                   f"on the page 'How content is kept safe')", f"<{tag}")
            continue
        yield from _attribute_violations(node, tag)


def _attribute_violations(node: LexborNode, tag: str) -> Iterable[tuple[str, str]]:
    allowed = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset())
    for name, value in node.attributes.items():
        if name not in allowed and not any(name.startswith(prefix) for prefix in GENERIC_PREFIXES):
            yield f"the attribute '{name}' of <{tag}> is not allowed in a page", f"{name}="
        elif name in URL_ATTRIBUTES and value:
            scheme = _scheme(value)
            if scheme and scheme not in URL_SCHEMES:
                yield (f"<{tag} {name}> uses the scheme '{scheme}:'; links and images may use only "
                       f"{', '.join(sorted(URL_SCHEMES))} or a relative address", f"{scheme}:")
        elif name == "style" and value and any(
                part.split(":", 1)[0].strip().lower() not in STYLE_PROPERTIES
                for part in value.split(";") if part.strip()):
            yield f"the style of <{tag}> may only set {', '.join(sorted(STYLE_PROPERTIES))}", "style="


def _scheme(url: str) -> str | None:
    compact = "".join(ch for ch in url if ch > " ").lower()
    head = compact.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return head.split(":", 1)[0] if ":" in head else None


