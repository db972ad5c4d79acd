"""The post-build gate: checks the final HTML of every page, navigation and search index included.

MkDocs' own checks are not enough to trust a build: ``mkdocs build --strict -q`` passes with broken links
(mkdocs#4126) and ``-v`` turns anchor checks off (mkdocs#3991). So the gate reads what is actually published
and fails on leftover template markers, macro error blocks, event attributes, ``javascript:`` URLs, inline
scripts that are not the theme's, and every internal link or anchor that does not resolve.

Problems in a page's content are located in its Markdown source; the rest in the output file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from review_publisher.diagnostics import first_line_holding

MACRO_ERROR_MARKERS = ("Macro Rendering Error", "Macro Syntax Error")
_SCRIPT_TYPES_NOT_RUN = {"application/json", "application/ld+json"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset", "cite"}
# The only schemes a link or embedded resource may use; a relative URL has none.
ALLOWED_SCHEMES = {"http", "https", "mailto", "doi"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
CODE_SPAN = re.compile(r"<(code|pre)\b.*?</\1>", re.S | re.I)
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def script_shape(code: str) -> str:
    """A script with its string literals emptied and spaces removed: what stays the same from page to page."""
    code = _JINJA_EXPRESSION.sub("", code)
    code = _STRING_LITERAL.sub('""', code)
    return re.sub(r"\s+", "", code)


def theme_script_shapes(template_dirs: Iterable[str | Path]) -> frozenset[str]:
    """The shapes of the inline scripts written in the theme's own templates (redirect pages excepted)."""
    shapes = set()
    for directory in template_dirs:
        for template in Path(directory).rglob("*.html"):
            if template.name == "redirect.html":
                continue
            for code in _INLINE_SCRIPT.findall(template.read_text(encoding="utf-8", errors="replace")):
                if code.strip():
                    shapes.add(script_shape(code))
    return frozenset(shapes)


class ParsedPage:
    """What the gate needs from one HTML file: its ids, the URLs it links to (in order) and its problems.

    A page read from the cache keeps its ids and links as the two strings they were stored as, and splits them
    only when asked: most pages are never the target of an anchor, and a page whose links passed before is never
    asked for its links. No page keeps its HTML: a link's line is looked up in the file when a problem needs it."""

    def __init__(self, ids: set[str] | None = None, links: list[str] | None = None,
                 problems: list[tuple[int, str, str, str]] | None = None, *,
                 joined: tuple[str, str] | None = None) -> None:
        if joined is None:  # a page being parsed: its ids and links are added as they are found
            ids, links = (ids if ids is not None else set()), (links if links is not None else [])
        self._ids, self._links, self._joined = ids, links, joined
        self.problems = problems if problems is not None else []  # (line, id, message, needle)

    @property
    def ids(self) -> set[str]:
        if self._ids is None:
            self._ids = set(split_joined(self._joined[0])) if self._joined else set()
        return self._ids

    @property
    def links(self) -> list[str]:
        if self._links is None:  # made afresh each time: the link check reads a page's links once
            return split_joined(self._joined[1]) if self._joined else []
        return self._links

    def compact(self) -> ParsedPage:
        """The same page as its two joined strings (with its problems): a page's navigation repeats every page
        of the site, and thousands of pages' links as separate strings are hundreds of megabytes."""
        return ParsedPage(problems=self.problems, joined=self.joined())

    def joined(self) -> tuple[str, str]:
        """Its ids (sorted) and links as two strings: what the cache stores, and what link verdicts are keyed by."""
        if self._joined is None:
            self._joined = (join_values(sorted(self.ids)), join_values(self.links))
        return self._joined


_SEPARATOR = "\0"


def join_values(values: Iterable[str]) -> str:
    """Each value after a separator (an HTML parser never leaves a NUL in a value), so that no list (an empty one,
    or one empty value) is mistaken for another."""
    return "".join(_SEPARATOR + value for value in values)


def split_joined(joined: str) -> list[str]:
    return joined.split(_SEPARATOR)[1:]


# Elements refused anywhere in a built page: each can run script, load a document from elsewhere, or parse
# differently in a browser than in a checker.
_REFUSED_ELEMENTS = {
    "base": "<base> (it would make every relative address, the theme's scripts included, point elsewhere)",
    "object": "<object>", "embed": "<embed>", "applet": "<applet>", "frame": "<frame>", "frameset": "<frameset>",
    "noscript": "<noscript> (browsers with script read its content differently)", "noembed": "<noembed>",
    "noframes": "<noframes>", "xmp": "<xmp>", "plaintext": "<plaintext>", "template": "<template>",
    "animate": "SVG animation (<animate>)", "set": "SVG animation (<set>)",
    "animatemotion": "SVG animation (<animateMotion>)", "animatetransform": "SVG animation (<animateTransform>)",
    "portal": "<portal>", "math": "MathML markup",
}
_URL_SELECTOR = ", ".join(f"[{name.replace(':', chr(92) + ':')}]" for name in sorted(_URL_ATTRIBUTES | {"background",
                                                                                                     "ping"}))
# Event attributes are rare; a page without anything shaped like one needs no walk over every attribute.
_MAYBE_EVENT = re.compile(r"[\s/\"'`]on[a-z]+\s*=", re.I)
_SCRIPT_URL = re.compile(r"^(?:javascript|vbscript):")
_LINK_TAGS = {"a", "link", "img", "script", "source", "iframe"}


def line_finder(html: str) -> Callable[..., int]:
    """The line of a page holding the first of some needles found (entities can hide the first ones), else 1."""
    return lambda *needles: first_line_holding(html, *needles) or 1


@functools.lru_cache(maxsize=4096)
def _is_theme_script(code: str, theme_shapes: frozenset[str]) -> bool:
    return script_shape(code) in theme_shapes


def parse_page(html: str, theme_shapes: frozenset[str]) -> ParsedPage:
    """What the gate needs of one page, read by an HTML5 parser (lexbor) the way a browser reads it."""
    page = ParsedPage()
    line_of = line_finder(html)
    tree = LexborHTMLParser(html)
    content = tree.css_first(".md-content")
    content_forms = {node.mem_id for node in content.css("form")} if content is not None else set()

    def refuse(id_: str, message: str, needle: str, *fallbacks: str) -> None:
        page.problems.append((line_of(needle, *fallbacks), id_, message, needle))

    for node in tree.css("[id], a[name]"):
        attributes = node.attributes
        page.ids.add(attributes.get("id") or attributes.get("name") or "")
    for node in tree.css(", ".join(_REFUSED_ELEMENTS) + ", iframe, form, meta[http-equiv], [srcdoc]"):
        tag = (node.tag or "").lower()
        if tag in _REFUSED_ELEMENTS:
            refuse("html.unsafe", f"the page holds {_REFUSED_ELEMENTS[tag]}", f"<{tag}")
        elif tag == "meta":
            refuse("html.unsafe", "the page holds <meta http-equiv> (it can redirect or change how it loads)",
                   "http-equiv")
        elif tag == "form" and (node.mem_id in content_forms or not _is_theme_form(node)):
            refuse("html.unsafe", "the page holds a form that is not the theme's", "<form")
        if "srcdoc" in node.attributes:
            refuse("html.unsafe", f"<{tag}> has 'srcdoc' (a whole document inside an attribute)", "srcdoc")
    if _MAYBE_EVENT.search(html):
        for node in tree.root.traverse() if tree.root is not None else ():
            for name in node.attributes:
                if name.lower().startswith("on"):
                    refuse("html.event_attribute", f"<{node.tag}> has the event attribute '{name.lower()}'",
                           f"{name}=", name)
    for node in tree.css(_URL_SELECTOR):
        tag = (node.tag or "").lower()
        for name, value in node.attributes.items():
            name = name.lower()
            if name not in _URL_ATTRIBUTES and name not in ("background", "ping"):
                continue
            _check_url(page, tag, name, value or "", refuse)
    for node in tree.css("script"):
        _check_script(node, theme_shapes, refuse)
    _check_markers(html, page, tree)  # last: it removes the code from the tree
    page.problems = sorted(set(page.problems))  # a selector group can return one element twice
    return page


def _is_theme_form(node) -> bool:
    return any(name.startswith("md-") for name in (node.attributes.get("class") or "").split())


def _check_url(page: ParsedPage, tag: str, name: str, value: str, refuse) -> None:
    compact = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
    scheme = _SCHEME.match(compact)
    if _SCRIPT_URL.match(compact):
        refuse("html.javascript_url", f"<{tag} {name}> holds a script URL", "javascript:", f"{name}=")
    elif scheme and scheme.group(1) not in ALLOWED_SCHEMES:
        refuse("html.url_scheme", f"<{tag} {name}> uses the scheme '{scheme.group(1)}:'; links may use only "
                                  f"{', '.join(sorted(ALLOWED_SCHEMES))}", scheme.group(0), f"{name}=")
    elif tag in _LINK_TAGS and name in ("href", "src"):
        page.links.append(value)


def _check_script(node, theme_shapes: frozenset[str], refuse) -> None:
    attributes = {name.lower(): value or "" for name, value in node.attributes.items()}
    source = attributes.get("src")
    if source is not None:
        compact = re.sub(r"[\s\x00-\x1f]+", "", source).lower()
        if _SCHEME.match(compact) or compact.startswith("//") or compact.startswith("\\"):
            refuse("html.unsafe", f"a script loaded from elsewhere ({source[:80]}): the site runs only its own",
                   "<script")
        return
    code = node.text(deep=True) or ""
    runs = attributes.get("type", "").lower() not in _SCRIPT_TYPES_NOT_RUN
    if runs and code.strip() and not _is_theme_script(code, theme_shapes):
        refuse("html.inline_script", f"an inline script that the theme did not write: {code.strip()[:60]!r}",
               "<script")


_LEFTOVER_CITATION = re.compile(r"\[[^\[\]\n]*@[A-Za-z0-9_][^\[\]\n]*\]")
_SHOWN_AS_WRITTEN = "code, pre, kbd, samp, script, style, textarea, template"


def _check_markers(html: str, page: ParsedPage, tree: LexborHTMLParser) -> None:
    """Template markers, macro error blocks and citation syntax left in the text readers see; what a page shows
    as code is exempt (a guide may show macro calls and citations there). Only pages whose raw HTML holds such
    a marker are searched closely."""
    if not any(marker in html for marker in ("{{", "{%", "[", *MACRO_ERROR_MARKERS)):
        return
    for node in tree.css(_SHOWN_AS_WRITTEN):
        node.decompose()
    text = tree.root.text(separator="\n") if tree.root is not None else ""
    line_of = line_finder(html)
    for marker, id_, message in (("{{", "html.leftover_template", "'{{' is left in the built page"),
                                 ("{%", "html.leftover_template", "'{%' is left in the built page"),
                                 *((m, "html.macro_error", f"the page shows a '{m}' block")
                                   for m in MACRO_ERROR_MARKERS)):
        position = text.find(marker)
        seen = set()
        while position != -1:
            needle = text[position:text.find("\n", position) if "\n" in text[position:] else None][:40]
            if needle not in seen:
                seen.add(needle)
                page.problems.append((line_of(needle, marker), id_, f"{message}: {needle!r}", needle))
            position = text.find(marker, position + len(marker))
    for match in _LEFTOVER_CITATION.finditer(text):
        if _looks_like_citation(match.group(0)):
            page.problems.append((line_of(match.group(0)), "cite.leftover",
                                  f"the citation {match.group(0)[:60]!r} was left as text in the built page",
                                  match.group(0)))


def _looks_like_citation(text: str) -> bool:
    """'[@key]', '[see @key, p. 3]', '[-@key]': an '@' that starts a word (not one inside an e-mail address)."""
    return re.search(r"(?:^|[\s\[;-])@[A-Za-z0-9_]", text) is not None
