"""Citation syntax and the citation graph.

Two ways to cite, one meaning: a pandoc-style citation (``[see @key, p. 12; @other]``, ``@key``) and a macro
call (``{{ cite(...) }}``) both become a :class:`Citation`, checked against the library and drawn by the same
renderer. Pandoc citations never go through Jinja: they are found with the same masking rules at scan time and
at render time, and numbered in document order (anchors ``#cite-<n>``); macro citations are numbered in the
order Jinja renders them (anchors ``#cite-m<n>``).
The graph (which page and section cites which key, with which locator) is built from every page before any
page is rendered, so nothing depends on the order in which MkDocs renders pages.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

CITING_MACROS = ("cite", "citet")

# Pandoc's key syntax: starts with a letter, digit or _, may hold internal punctuation, never ends with it.
KEY = r"[\w](?:[\w:.#$%&+?<>~/-]*[\w])?"
# pandoc's brace form, for keys that end in punctuation or hold other characters: @{Anonymous:eRL1OF3-}.
BRACED_KEY = r"\{(?P<braced>[^{}\s\[\];@]+)\}"
ANY_KEY = r"[^{}\s\[\];@,]+"  # what a key may hold when it is given whole (in braces, or to cite())
# A citation may be followed by any punctuation, ':' included ("[@key]: ..." at the start of a line is a citation,
# not a link reference definition); '(' or '[' after it make it a link.
# Each pattern starts with a literal character (a condition on what precedes it comes after it, as a lookbehind),
# so that the regular expression engine jumps from one candidate to the next instead of trying every position.
_BRACKET = re.compile(r"\[(?<![\\!\]]\[)(?P<body>[^\[\]\n]*@[^\[\]\n]*)\](?![(\[])")
_AT = re.compile(r"(?:^|(?<=\s))-?@")
# A narrative citation: "@" at the text's start or after a space or "(", then the key.
_NARRATIVE = re.compile(r"@(?<![^\s(]@)(?:" + BRACED_KEY + r"|(?P<key>" + KEY + r"))"
                        r"(?:\s\[(?P<locator>[^\[\]\n@]+)\](?![(\[]))?")
_NEWLINE = re.compile("\n")
_NOT_NEWLINE = re.compile("[^\n]")
# Regions where '@' is never a citation: HTML comments, code, macro calls, HTML tags, URLs, link targets.
_FENCE_OPEN = re.compile(r"[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_PROTECTED = re.compile(
    r"<!--.*?-->"  # an HTML comment: a citation there would have no visible anchor for "cited in" to reach
    r"|`(?P<ticks>`*).+?`(?P=ticks)"  # code: as many backticks close it as opened it
    r"|\{\{.*?\}\}|\{%.*?%\}"
    r"|<[A-Za-z/!][^>\n]*>"
    r"|h(?<!\wh)ttps?:[^\s)>\]]+|f(?<!\wf)tp:[^\s)>\]]+|m(?<!\wm)ailto:[^\s)>\]]+"  # a URL, at a word's start
    r"|w(?<!\ww)ww\.[^\s)>\]]+"
    r"|\]\([^)\n]*\)",
    re.S,
)


class CitationSyntaxError(ValueError):
    """A citation that cannot be understood; the message says why."""


@dataclass(frozen=True)
class CiteItem:
    key: str
    locator: str = ""
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Citation:
    items: tuple[CiteItem, ...]
    narrative: bool = False  # citet: "Allum (2019)" rather than "(Allum, 2019)"

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


def page_locator(page: object) -> str:
    """A locator from a page number or range: "12" gives "p. 12", "12-15" gives "pp. 12–15".

    >>> page_locator("12"), page_locator("12-15"), page_locator(7)
    ('p. 12', 'pp. 12–15', 'p. 7')
    """
    text = str(page).strip()
    if re.search(r"\d\s*[-–]\s*\d|,", text):
        return "pp. " + re.sub(r"\s*-+\s*|\s*–\s*", "–", text)
    return "p. " + text


def citation_from_call(name: str, args: tuple, kwargs: dict) -> Citation:
    """The citation meant by a ``cite``/``citet`` call; raises CitationSyntaxError when it cannot be.

    ``cite(*keys, page=, locator=, prefix=, suffix=)``: a page or locator belongs to the last key, a prefix to the
    first, a suffix to the last. Pandoc citations become the list forms ``locators=``, ``prefixes=``, ``suffixes=``,
    one value per key.
    """
    allowed = {"page", "locator", "prefix", "suffix", "locators", "prefixes", "suffixes"}
    unknown = sorted(set(kwargs) - allowed)
    if unknown:
        raise CitationSyntaxError(f"{name}() does not take {', '.join(unknown)}; it takes {', '.join(sorted(allowed))}")
    if not args:
        raise CitationSyntaxError(f"{name}() needs at least one key, for example {name}(\"allum2019\")")
    for key in args:
        if not isinstance(key, str) or not re.fullmatch(ANY_KEY, key):
            raise CitationSyntaxError(f"{key!r} is not a citation key: a key has no spaces, braces, brackets, "
                                      f"commas, semicolons or @")
    if name == "citet" and len(args) != 1:
        raise CitationSyntaxError("citet() takes exactly one key; use cite() for several")
    if "page" in kwargs and "locator" in kwargs:
        raise CitationSyntaxError(f"{name}() takes page= or locator=, not both")
    for option in ("page", "locator", "prefix", "suffix"):
        if option in kwargs and (not isinstance(kwargs[option], (str, int)) or str(kwargs[option]).strip() == ""):
            raise CitationSyntaxError(f"{name}(): {option}= must be a non-empty text or number")
    lists = {}
    for option in ("locators", "prefixes", "suffixes"):
        values = kwargs.get(option, [""] * len(args))
        if not isinstance(values, list) or len(values) != len(args) or not all(isinstance(v, str) for v in values):
            raise CitationSyntaxError(f"{name}(): {option}= must be a list of texts, one per key")
        lists[option] = list(values)
    if "page" in kwargs:
        lists["locators"][-1] = page_locator(kwargs["page"])
    if "locator" in kwargs:
        lists["locators"][-1] = str(kwargs["locator"]).strip()
    if "prefix" in kwargs:
        lists["prefixes"][0] = str(kwargs["prefix"]).strip()
    if "suffix" in kwargs:
        lists["suffixes"][-1] = str(kwargs["suffix"]).strip()
    items = tuple(CiteItem(key, locator.strip(), prefix.strip(), suffix.strip())
                  for key, locator, prefix, suffix in zip(args, *lists.values(), strict=True))
    return Citation(items, narrative=name == "citet")


@dataclass(frozen=True)
class PandocCitation:
    """A pandoc-style citation found in a page: where it is, and what it means (or why it cannot be read)."""

    start: int
    end: int
    line: int
    citation: Citation | None
    problem: str = ""


def find_pandoc_citations(text: str) -> list[PandocCitation]:
    """Every pandoc-style citation of a page, in document order; code, macro calls, HTML, URLs and link targets
    are left alone."""
    masked = _mask(text)
    found: list[PandocCitation] = []

    newlines = [match.start() for match in _NEWLINE.finditer(text)] if "@" in text else []

    def line_of(position: int) -> int:
        return bisect.bisect_left(newlines, position) + 1

    taken = []
    for match in _BRACKET.finditer(masked):
        body = text[match.start("body"):match.end("body")]
        try:
            citation = _bracket_citation(body)
        except CitationSyntaxError as error:
            found.append(PandocCitation(match.start(), match.end(), line_of(match.start()), None, f"[{body}]: {error}"))
            taken.append((match.start(), match.end()))
            continue
        if citation is not None:
            found.append(PandocCitation(match.start(), match.end(), line_of(match.start()), citation))
            taken.append((match.start(), match.end()))
    starts = [start for start, _ in taken]  # in document order, and never overlapping
    for match in _NARRATIVE.finditer(masked):
        inside = bisect.bisect_right(starts, match.start()) - 1
        if inside >= 0 and match.start() < taken[inside][1]:
            continue
        locator = (match.group("locator") or "").strip()
        citation = Citation((CiteItem(match.group("braced") or match.group("key"), locator),), narrative=True)
        found.append(PandocCitation(match.start(), match.end(), line_of(match.start()), citation))
    return sorted(found, key=lambda item: item.start)


def replace_pandoc_citations(text: str, render, found: list[PandocCitation] | None = None) -> str:
    """The page with each readable pandoc citation replaced by ``render(citation, number)`` (numbered from 1 in
    document order, as the graph numbers them); unreadable ones stay as written (the build has already
    reported them). ``found``: the citations of this very text, if they are known already."""
    pieces, last, number = [], 0, 0
    for item in find_pandoc_citations(text) if found is None else found:
        if item.citation is None:
            continue
        number += 1
        pieces += [text[last:item.start], render(item.citation, number)]
        last = item.end
    pieces.append(text[last:])
    return "".join(pieces)


def _bracket_citation(body: str) -> Citation | None:
    """The citation inside ``[...]``, None if it is not a citation (no '@' starts a word)."""
    if not _AT.search(body):
        return None
    items = []
    for part in body.split(";"):
        at = _AT.search(part)
        if not at:
            raise CitationSyntaxError(f"the part '{part.strip()}' has no @key")
        if at.group(0).startswith("-"):
            raise CitationSyntaxError("'-@key' (year only) is not supported; write the name in the text and cite")
        key = re.match(BRACED_KEY + "|" + KEY, part[at.end():])
        if not key:
            raise CitationSyntaxError("a citation with an empty key")
        rest = part[at.end() + key.end():].strip()
        locator, suffix = "", rest
        if rest.startswith(","):
            locator, suffix = rest[1:].strip(), ""
            if not locator:
                raise CitationSyntaxError(f"a comma after @{key.group(0)} with no locator after it")
        items.append(CiteItem(key.group("braced") or key.group(0), locator, part[:at.start()].strip(), suffix))
    return Citation(tuple(items))


def fenced_blocks(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The fenced code blocks of a page as (first line, last line), counted from 0, and the lines of opening
    fences that nothing closes; in time linear in the text.

    As Python-Markdown's fenced_code reads them: a fence of three or more backticks or tildes opens a block that
    the next line holding exactly the same fence closes; an opening fence that nothing closes is not a block.
    (A regular expression did this before, and took minutes on a page of fences that never close.)
    """
    lines = text.split("\n")
    closers: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        stripped = line.strip()
        if len(stripped) >= 3 and stripped[0] in "`~" and stripped == stripped[0] * len(stripped):
            closers.setdefault(stripped, []).append(number)
    blocks, unclosed, number = [], [], 0
    while number < len(lines):
        opening = _FENCE_OPEN.match(lines[number])
        if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            candidates = closers.get(opening["fence"], [])
            index = bisect.bisect_right(candidates, number)
            if index < len(candidates):
                blocks.append((number, candidates[index]))
                number = candidates[index] + 1
                continue
            unclosed.append(number)
        number += 1
    return blocks, unclosed


def blank_fences(text: str) -> str:
    """The text with its fenced code blocks blanked, lengths and lines kept."""
    blocks, _ = fenced_blocks(text)
    if not blocks:
        return text
    lines = text.split("\n")
    for first, last in blocks:
        for number in range(first, last + 1):
            lines[number] = " " * len(lines[number])
    return "\n".join(lines)


def _mask(text: str) -> str:
    """The text with code, macro calls, HTML, URLs and link targets blanked out, lengths and lines kept."""
    def blank(match: re.Match) -> str:
        found = match.group(0)
        return _NOT_NEWLINE.sub(" ", found) if "\n" in found else " " * len(found)

    return _PROTECTED.sub(blank, blank_fences(text))


@dataclass(frozen=True)
class CitationRecord:
    """One citation of one key, in the graph."""

    key: str
    page: str  # source path relative to docs_dir
    anchor: str  # the citation's id on its page: cite-<n> (pandoc form) or cite-m<n> (macro)
    line: int
    locator: str
    section: str  # the heading the citation stands under ("" before the first heading)


class CitationGraph:
    """Every citation of the site, indexed by key and by page (lookups stay fast with thousands of sources)."""

    def __init__(self, records: list[CitationRecord] | None = None) -> None:
        self.records: list[CitationRecord] = []
        self._by_key: dict[str, list[CitationRecord]] = {}
        self._by_page: dict[str, list[CitationRecord]] = {}
        for record in records or []:
            self.add(record)

    def add(self, record: CitationRecord) -> None:
        self.records.append(record)
        self._by_key.setdefault(record.key, []).append(record)
        self._by_page.setdefault(record.page, []).append(record)

    def on_page(self, page: str) -> list[CitationRecord]:
        return self._by_page.get(page, [])

    def keys_cited_on(self, page: str) -> list[str]:
        """Keys cited on a page, in order of first citation."""
        return list(dict.fromkeys(r.key for r in self.on_page(page)))

    def citing(self, key: str) -> list[CitationRecord]:
        return self._by_key.get(key, [])

    def pages_citing(self, key: str) -> list[str]:
        return list(dict.fromkeys(r.page for r in self.citing(key)))


_HEADING = re.compile(r"^(#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_ATTRIBUTES = re.compile(r"\s*\{[#.:][^}]*\}\s*$")


def headings(text: str) -> list[tuple[int, int, str]]:
    """(line, level, text) of every ATX heading outside fenced code, with any ``{#id}`` removed."""
    masked = blank_fences(text)
    found = []
    for number, line in enumerate(masked.splitlines(), start=1):
        match = _HEADING.match(line)
        if match:
            found.append((number, len(match.group(1)), _ATTRIBUTES.sub("", match.group("text")).strip()))
    return found


def section_at(heading_list: list[tuple[int, int, str]], line: int) -> str:
    """The text of the last section heading (level 2 or deeper) above a line; "" before the first one, where the
    page's title says where the line is."""
    above = [text for number, level, text in heading_list if number <= line and level >= 2]
    return above[-1] if above else ""
