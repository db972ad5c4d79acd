"""LaTeX in BibTeX names and titles, decoded to plain Unicode text by one function.

latexcodec (a dependency of pybtex) does the character work. This module adds what it misses: accents on a
braced dotless i or j (``\\'{\\i}``), text-formatting commands (``\\emph{...}``), and removal of the braces
that BibTeX uses to protect case (``{FK}``). What cannot be decoded is reported, never passed on: no
backslash or brace reaches the HTML.
"""

from __future__ import annotations

import codecs
import functools
import re

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

_ACCENTS = r"['\"`^~=.uvHckbdrt]"
# \'{\i} and \'\i: an accent on a dotless i or j means the plain letter with that accent.
_DOTLESS = re.compile(r"(\\" + _ACCENTS + r")\s*(?:\{\\([ij])\}|\\([ij])(?![A-Za-z]) ?)")
# Formatting commands whose argument is kept as plain text.
_FORMATTING = re.compile(r"\\(?:emph|textit|textbf|textsc|textsl|textrm|textsf|texttt|textup|textnormal|mbox)\s*\{")
_LEFTOVER_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")


class LatexError(ValueError):
    """A value holds LaTeX that cannot be turned into plain text."""


_NEEDS_DECODING = re.compile(r"[\\{}~$`']|--")


@functools.lru_cache(maxsize=65536)
def decode_latex(value: str) -> str:
    """Plain Unicode text from a BibTeX value.

    >>> decode_latex(r"Garc\\'{\\i}a"), decode_latex(r"M{\\o}ller"), decode_latex(r'\\"{O}zdemir')
    ('García', 'Møller', 'Özdemir')
    >>> decode_latex(r"\\v{S}koda"), decode_latex(r"{\\c{C}}elik"), decode_latex(r"Results -- {FK} in {Nepal}")
    ('Škoda', 'Çelik', 'Results – FK in Nepal')
    >>> decode_latex(r"Learning, Institutional Knowledge \\& Exchanges"), decode_latex("Tjønneland")
    ('Learning, Institutional Knowledge & Exchanges', 'Tjønneland')
    """
    if not _NEEDS_DECODING.search(value):
        return re.sub(r"[ \t\r\n]+", " ", value).strip()  # plain text: nothing for the codec to do
    text = _DOTLESS.sub(lambda m: f"{m.group(1)}{{{m.group(2) or m.group(3)}}}", value)
    text = _FORMATTING.sub("{", text)
    if "\\{" in text or "\\}" in text:
        raise LatexError("literal braces (\\{ or \\}) cannot be shown; rephrase without them")
    text = codecs.decode(text, "ulatex")  # type: ignore[call-overload]  # latexcodec registers "ulatex"
    leftover = _LEFTOVER_COMMAND.search(text)
    if leftover:
        raise LatexError(f"the LaTeX command '{leftover.group(0)}' cannot be turned into text")
    if not _balanced(text):
        raise LatexError("unbalanced braces")
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _balanced(text: str) -> bool:
    depth = 0
    for character in text:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0
