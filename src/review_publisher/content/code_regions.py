"""What in a page is code: parsed with a Markdown parser, so that code is shown exactly as written.

Fenced and indented code blocks, HTML blocks, code spans and HTML comments never hold a citation or a macro call:
a guide can show ``{{ cite("key") }}`` or ``[@key]`` in a code block and readers see exactly that. The block
structure comes from markdown-it-py (a CommonMark parser); code spans and comments inside a paragraph are found
in that paragraph's own source with CommonMark's rule (a run of n backticks is closed by the next run of exactly
n). Macro calls are found first and read as opaque text, so that a call whose argument holds a backtick, or
lines that look indented, is never cut in two.

The same regions are used when pages are checked and when they are rendered: each region is swapped for a
placeholder (keeping its lines), the page is checked and rendered, and the regions are put back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Placeholders are made of characters of Unicode's private use area, which a page may not contain (project.py):
# "\ue000<n>", then "\n\ue002" for each line of the region (lines are kept, and no whitespace control of a
# neighbouring macro call can take them), then "\ue001".
PLACEHOLDER_START, PLACEHOLDER_LINE, PLACEHOLDER_END = "\ue000", "\ue002", "\ue001"
RESERVED = (PLACEHOLDER_START, PLACEHOLDER_END, PLACEHOLDER_LINE)
_PLACEHOLDER = re.compile(PLACEHOLDER_START + r"(\d+)(?:\n" + PLACEHOLDER_LINE + ")*" + PLACEHOLDER_END)
_BACKTICKS = re.compile(r"(?<!\\)`+")
_BLOCKS = {"fence", "code_block", "html_block"}


@dataclass(frozen=True)
class Protected:
    """A page with its code regions swapped for placeholders, and the regions to put back."""

    text: str
    regions: tuple[str, ...]

    def restore(self, rendered: str) -> str:
        """The rendered text with every region put back exactly as written."""
        if not self.regions:
            return rendered
        return _PLACEHOLDER.sub(lambda match: self.regions[int(match.group(1))], rendered)


@lru_cache(maxsize=2)
def _parser(admonitions: bool = False) -> MarkdownIt:
    """CommonMark, and Python-Markdown's admonitions (``!!! note``, ``??? note``) when the review enables them:
    their indented content is Markdown, not an indented code block. Imported here, not with the module: a page
    that cannot hold code (see code_regions) is never parsed, and a build whose pages hold none then spares
    markdown-it's import (about 20 ms)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    if admonitions:
        from mdit_py_plugins.admon import admon_plugin

        parser.use(admon_plugin)
    return parser


def template_spans(text: str, markers: Mapping[str, str]) -> list[tuple[int, int]]:
    """Where the template constructs are ({{ ... }}, {% ... %} and comments), quoted strings respected."""
    pairs = [(markers.get("variable_start_string", "{{"), markers.get("variable_end_string", "}}")),
             (markers.get("block_start_string", "{%"), markers.get("block_end_string", "%}")),
             (markers.get("comment_start_string", "{#"), markers.get("comment_end_string", "#}"))]
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        starts = [(text.find(start, position), start, end) for start, end in pairs]
        starts = [item for item in starts if item[0] != -1]
        if not starts:
            return spans
        begin, start, end = min(starts)
        finish = _end_of_construct(text, begin + len(start), end, quoted=start != pairs[2][0])
        spans.append((begin, finish))
        position = finish


def _end_of_construct(text: str, position: int, end: str, quoted: bool) -> int:
    """The position after a construct's end marker (strings skipped where they are code); the text's end if none."""
    while position < len(text):
        if text.startswith(end, position):
            return position + len(end)
        character = text[position]
        if quoted and character in "\"'":
            closing = position + 1
            while closing < len(text) and text[closing] != character:
                closing += 2 if text[closing] == "\\" else 1
            position = closing + 1
            continue
        position += 1
    return len(text)


def code_regions(text: str, markers: Mapping[str, str], admonitions: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every code block, HTML block, code span and HTML comment, in order, not overlapping."""
    if "`" not in text and "    " not in text and "\t" not in text and "<" not in text and "~~~" not in text:
        return []
    masked = list(text)
    for begin, finish in template_spans(text, markers):  # a call is opaque: its inside is never code
        for index in range(begin, finish):
            if masked[index] not in "\n":
                masked[index] = "x"
    masked_text = "".join(masked)
    line_starts = [0] + [index + 1 for index, character in enumerate(masked_text) if character == "\n"]

    def offset(line: int) -> int:
        return line_starts[line] if line < len(line_starts) else len(text)

    regions = []
    for token in _parser(admonitions).parse(masked_text):
        if token.map is None:
            continue
        first, last = offset(token.map[0]), offset(token.map[1])
        if token.type in _BLOCKS:
            regions.append((first, last))
        elif token.type == "inline":
            regions += _inline_code(masked_text, first, last)
    return _merged(regions)


def _inline_code(text: str, first: int, last: int) -> list[tuple[int, int]]:
    """Code spans and HTML comments in the source of one paragraph or heading."""
    found = []
    position = first
    while True:
        comment = text.find("<!--", position, last)
        tick = _BACKTICKS.search(text, position, last)
        if comment != -1 and (tick is None or comment < tick.start()):
            close = text.find("-->", comment + 4, last)
            if close == -1:
                position = comment + 4
                continue
            found.append((comment, close + 3))
            position = close + 3
            continue
        if tick is None:
            return found
        run = tick.group(0)
        closing = _closing_run(text, tick.end(), last, len(run))
        if closing is None:
            position = tick.end()  # no closing run of that length: the backticks are text
            continue
        found.append((tick.start(), closing))
        position = closing


def _closing_run(text: str, position: int, last: int, length: int) -> int | None:
    for match in re.finditer(r"`+", text[position:last]):
        if len(match.group(0)) == length:
            return position + match.end()
    return None


def _merged(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    return merged


def protect(text: str, markers: Mapping[str, str], admonitions: bool = False) -> Protected:
    """The page with every code region that holds a template marker or an '@' swapped for a placeholder with the
    same number of lines, so that neither the gate nor the renderer nor the citation finder sees inside it."""
    regions = [(start, end) for start, end in code_regions(text, markers, admonitions)
               if _needs_protection(text[start:end])]
    if not regions:
        return Protected(text, ())
    pieces: list[str] = []
    originals: list[str] = []
    last = 0
    for start, end in regions:
        original = text[start:end]
        lines = ("\n" + PLACEHOLDER_LINE) * original.count("\n")
        pieces += [text[last:start], f"{PLACEHOLDER_START}{len(originals)}{lines}{PLACEHOLDER_END}"]
        originals.append(original)
        last = end
    pieces.append(text[last:])
    return Protected("".join(pieces), tuple(originals))


def _needs_protection(region: str) -> bool:
    return "{" in region or "@" in region
