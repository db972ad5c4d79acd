"""The print version: one HTML page with every chapter, the references and the evidence map, for reading on
paper or turning into a PDF with headless Chromium.

It is assembled after the build from the pages as built, so it shows exactly what the site shows: each page's
content is taken from its <article>, its ids are prefixed so that they stay unique, and its links are rewritten
to point inside the print page (for included pages) or back to the site (for the rest).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from review_publisher.render.html import escape
from review_publisher.texts import DEFAULT_TEXTS, Texts

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
_ATTRIBUTE = re.compile(r'\b(id|href|src|aria-describedby)="([^"]*)"')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
_CITE_BLOCK = re.compile(r'<details class="review-cite-page">.*?</details>', re.S)
PRINT_PATH = "print/index.html"

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { max-width: 46rem; margin: 0 auto; padding: 1rem; }
.review-print__part { break-before: page; }
.review-card, .headerlink, .review-backlinks, .review-filter, .review-cite-page { display: none !important; }
.review-table-wrap { overflow: visible !important; }
a { color: inherit; text-decoration: none; }
"""


@dataclass(frozen=True)
class PrintPart:
    output: str  # the built page, e.g. "review/about/index.html"
    title: str
    html: str  # the page as built


def _prefix(index: int) -> str:
    return f"p{index}-"


def _rewrite(part_index: int, part: PrintPart, parts: dict[str, int], content: str) -> str:
    base = posixpath.dirname(part.output)

    def replace(match: re.Match) -> str:
        name, value = match.group(1), match.group(2)
        if name in ("id", "aria-describedby"):
            return f'{name}="{" ".join(_prefix(part_index) + v for v in value.split())}"'
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", value):
            return match.group(0)
        path, _, fragment = value.partition("#")
        if not path:
            return f'{name}="#{_prefix(part_index)}{fragment}"'
        target = posixpath.normpath(posixpath.join(base, path))
        if path.endswith("/") or "." not in posixpath.basename(target):
            target = posixpath.normpath(posixpath.join(target, "index.html"))
        if target in parts and name == "href":
            return f'{name}="#{_prefix(parts[target])}{fragment or "top"}"'
        return f'{name}="{posixpath.relpath(target, posixpath.dirname(PRINT_PATH))}' + (
            f'#{fragment}"' if fragment else '"')

    return _ATTRIBUTE.sub(replace, content)


def _from_print(base: str, href: str) -> str:
    """A stylesheet address of the first included page, as seen from print/index.html."""
    return posixpath.relpath(posixpath.normpath(posixpath.join(base, href)), "print")


def print_page(parts: list[PrintPart], site_name: str, date: str, texts: Texts = DEFAULT_TEXTS) -> str:
    """The whole print page. Links between included pages stay inside it; ids are made unique."""
    index_of = {part.output: number for number, part in enumerate(parts, start=1)}
    stylesheets = _STYLESHEET.findall(parts[0].html) if parts else []
    base = posixpath.dirname(parts[0].output) if parts else ""
    links = "".join(f'<link rel="stylesheet" href="{escape(_from_print(base, href))}">'
                    for href in stylesheets if not re.match(r"^[a-z]+:|^//", href))
    contents = "".join(f'<li><a href="#{_prefix(number)}top">{escape(part.title)}</a></li>'
                       for number, part in enumerate(parts, start=1))
    sections = []
    for number, part in enumerate(parts, start=1):
        match = _ARTICLE.search(part.html)
        content = _CITE_BLOCK.sub("", match.group(1)) if match else ""
        sections.append(f'<section class="review-print__part" id="{_prefix(number)}top">'
                        f'{_rewrite(number, part, index_of, content)}</section>')
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<title>{escape(site_name)} (print version)</title>{links}<style>{PRINT_CSS}</style></head>'
            f'<body class="md-typeset"><header><h1>{escape(site_name)}</h1>'
            f'<p>Print version of the {escape(texts.web_work)}, built on {escape(date)}.</p>'
            f'<nav aria-label="Contents"><h2>Contents</h2><ol>{contents}</ol></nav></header>'
            f'<main>{"".join(sections)}</main></body></html>\n')
