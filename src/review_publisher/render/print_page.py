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

# Paper: a title page and the contents on pages of their own, then the parts one after another (a page break
# before each would leave short parts alone on nearly empty pages); headings stay with what follows them, table
# rows and findings are never split, and what only works on screen is left out.
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-center { content: counter(page); font-size: 9pt; } }
@page :first { @bottom-center { content: none; } }
body { max-width: 46rem; margin: 0 auto; padding: 1rem; }
.review-print__title { min-height: 60vh; display: flex; flex-direction: column; justify-content: center; }
.review-print__title h1 { font-size: 2.2em; margin-bottom: 0.3em; }
.review-print__title .review-print__subtitle { font-size: 1.15em; }
.review-print__title dl { margin-top: 2.5em; }
.review-print__title dt { font-weight: 700; margin-top: 0.6em; }
.review-print__contents { break-before: page; break-after: page; }
.review-print__contents li a { display: flex; gap: 0.4em; }
.review-print__contents li a::after { content: ""; flex: 1; order: 1; border-bottom: 1px dotted currentcolor;
  margin-bottom: 0.3em; }
.review-print__page { order: 2; }
.review-print__part { margin-top: 2.5em; }
.review-print__part h1, .review-print__part h2, .review-print__part h3, caption { break-after: avoid; }
tr, li, .review-map__cell, figure { break-inside: avoid; }
.review-card, .headerlink, .review-backlinks, .review-filter, .review-cite-page, .review-source-link,
.review-web-only, .review-map__panel, .review-map__area, .md-source-file { display: none !important; }
.review-table-wrap { overflow: visible !important; }
.md-typeset a, .md-typeset :is(p, li, td, th, dd) a:not(.headerlink) { color: inherit !important;
  text-decoration: none !important; }
.md-typeset h1 { color: inherit; }
.review-print__contents ol { padding-left: 2em; }
"""
_FINDING_ROW = re.compile(r'<tr(?: data-label="[^"]*")? id="finding-([a-z0-9-]+)"[^>]*>.*?</tr>', re.S)
_EMPTY_FINDINGS = re.compile(r'<div class="review-table-wrap"><table class="review-table review-findings">'
                             r'(?:(?!</table>).)*?<tbody>\s*</tbody></table></div>', re.S)


@dataclass(frozen=True)
class TitlePage:
    """What a title page gives: the work, who made it, when, and on what terms."""

    title: str
    subtitle: str = ""
    author: str = ""
    editors: tuple[str, ...] = ()
    publisher: str = ""
    date: str = ""
    version: str = ""
    licence: str = ""


@dataclass(frozen=True)
class PrintPart:
    output: str  # the built page, e.g. "review/about/index.html"
    title: str
    html: str  # the page as built


def _prefix(index: int) -> str:
    return f"p{index}-"


def _rewrite(part_index: int, part: PrintPart, parts: dict[str, int], content: str,
             findings_at: dict[str, int] | None = None) -> str:
    """Ids prefixed with the part's number; links to an included page point inside the print page, to a finding
    where it is printed (``findings_at``: finding id -> part), and to anything else back to the site."""
    base = posixpath.dirname(part.output)
    findings_at = findings_at or {}

    def replace(match: re.Match) -> str:
        name, value = match.group(1), match.group(2)
        if name == "aria-describedby":  # the cards are not printed, and an earlier part may hold a source's card
            return ""
        if name == "id":
            return f'{name}="{" ".join(_prefix(part_index) + v for v in value.split())}"'
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", value):
            return match.group(0)
        path, _, fragment = value.partition("#")
        printed_in = findings_at.get(fragment.removeprefix("finding-")) if fragment.startswith("finding-") else None
        if printed_in is not None and name == "href":
            return f'{name}="#{_prefix(printed_in)}{fragment}"'
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


def _once(content: str, number: int, printed: dict[str, int]) -> str:
    """The part without the findings an earlier part printed already: each finding is printed once. ``printed``
    records in which part each finding is printed."""
    def keep_first(match: re.Match) -> str:
        if match.group(1) in printed:
            return ""
        printed[match.group(1)] = number
        return match.group(0)

    content = _FINDING_ROW.sub(keep_first, content)
    note = '<p class="review-print__note">These findings are printed earlier, in their chapter.</p>'
    return _EMPTY_FINDINGS.sub(note, content)


def _title_page(title: TitlePage, texts: Texts) -> str:
    facts = [("Author", title.author), ("Editors", ", ".join(title.editors)), ("Publisher", title.publisher),
             (f"Date of this {texts.work}", title.date), ("Version", title.version), ("Licence", title.licence)]
    listed = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in facts if value)
    subtitle = f'<p class="review-print__subtitle">{escape(title.subtitle)}</p>' if title.subtitle else ""
    return (f'<header class="review-print__title"><h1>{escape(title.title)}</h1>{subtitle}'
            f'<p>Print version of the {escape(texts.web_work)}.</p><dl>{listed}</dl></header>')


def print_page(parts: list[PrintPart], title: TitlePage, texts: Texts = DEFAULT_TEXTS) -> str:
    """The whole print page: a title page, the contents, then each part. Links between included pages stay
    inside it; ids are made unique; each finding is printed once, where it first appears."""
    index_of = {part.output: number for number, part in enumerate(parts, start=1)}
    stylesheets = _STYLESHEET.findall(parts[0].html) if parts else []
    base = posixpath.dirname(parts[0].output) if parts else ""
    links = "".join(f'<link rel="stylesheet" href="{escape(_from_print(base, href))}">'
                    for href in stylesheets if not re.match(r"^[a-z]+:|^//", href))
    printed: dict[str, int] = {}
    contents = []
    for number, part in enumerate(parts, start=1):
        match = _ARTICLE.search(part.html)
        contents.append(_once(_CITE_BLOCK.sub("", match.group(1)), number, printed) if match else "")
    sections, entries = [], []
    for number, (part, content) in enumerate(zip(parts, contents, strict=True), start=1):
        # The page number is filled in when the PDF is made (exports/pdf.py); a browser's print has none.
        entries.append(f'<li><a href="#{_prefix(number)}top"><span>{escape(part.title)}</span>'
                       f'<span class="review-print__page" data-part="{number}"></span></a></li>')
        sections.append(f'<section class="review-print__part" id="{_prefix(number)}top">'
                        f'{_rewrite(number, part, index_of, content, printed)}</section>')
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<title>{escape(title.title)} (print version)</title>{links}<style>{PRINT_CSS}</style></head>'
            f'<body class="md-typeset">{_title_page(title, texts)}'
            f'<nav class="review-print__contents" aria-label="Contents"><h2>Contents</h2>'
            f'<ol>{"".join(entries)}</ol></nav>'
            f'<main>{"".join(sections)}</main></body></html>\n')
