"""LaTeX in BibTeX values, decoded to plain Unicode text by one function.

latexcodec (a dependency of pybtex) does the character work. This module adds what it misses and what reference
managers write: accents on a braced dotless i or j (``\\'{\\i}``), text-formatting commands (``\\emph{...}``,
``\\textsubscript{2}``), quotation commands (``\\enquote``, ``\\mkbibquote``, ``\\textquotedblleft``), Better
BibTeX's ``{\\relax Ph}``, logos (``\\TeX``), and simple math (``H$_2$O``, ``$\\alpha$``, ``$\\vert$``).

Braces that BibTeX uses to protect case (``{FK}``) are removed; :func:`decode_latex` with ``keep_protection``
marks them instead, so that a title can be put into sentence case without touching the words they protect.
What cannot be decoded is reported, never passed on: no backslash or brace reaches the HTML.
"""

from __future__ import annotations

import codecs
import functools
import re

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

# Marks around case-protected text, from the Unicode private use area (never in real text).
PROTECT_START, PROTECT_END = "\ue010", "\ue011"
_LITERAL_OPEN, _LITERAL_CLOSE = "\ue014", "\ue015"  # \{ and \}, kept apart from grouping braces

_ACCENTS = r"['\"`^~=.uvHckbdrt]"
# \'{\i} and \'\i: an accent on a dotless i or j means the plain letter with that accent.
_DOTLESS = re.compile(r"(\\" + _ACCENTS + r")\s*(?:\{\\([ij])\}|\\([ij])(?![A-Za-z]) ?)")
# Commands whose argument is kept as plain text.
_KEEP_ARGUMENT = re.compile(
    r"\\(?:emph|textit|textbf|textsc|textsl|textrm|textsf|texttt|textup|textnormal|textmd|mbox|hbox|text|"
    r"mkbibemph|mkbibitalic|mkbibbold|mkbibacro|mkbibnamefamily|mkbibnamegiven|textlatin|foreignlanguage\{[^{}]*\}|"
    r"url|nolinkurl|uppercase|MakeUppercase|lowercase|MakeLowercase|NoCaseChange|nocase|ensuremath)\s*\{")
_QUOTE = re.compile(r"\\(?:enquote\*?|mkbibquote)\s*\{")
_HREF = re.compile(r"\\href\s*\{[^{}]*\}\s*\{")
_SCRIPT_TEXT = re.compile(r"\\text(sub|super)script\s*\{([^{}]*)\}")
# Commands that are plain words or characters latexcodec does not know.
_WORDS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX", "XeTeX": "XeTeX", "LuaTeX": "LuaTeX",
    "textquotedblleft": "\u201c", "textquotedblright": "\u201d", "textquoteleft": "\u2018",
    "textquoteright": "\u2019", "textquotedbl": '"', "guillemotleft": "\u00ab", "guillemotright": "\u00bb",
    "hyphen": "-", "textendash": "\u2013", "textemdash": "\u2014", "dots": "\u2026", "textellipsis": "\u2026",
    "relax": "", "nobreakdash": "", "slash": "/", "textslash": "/", "textbackslash": "\\", "allowbreak": "",
    "break": "", "newblock": "", "bibnamedash": "\u2014", "textunderscore": "_", "textdegree": "\u00b0",
    "textbar": "|", "textasciicircum": "^", "textmu": "\u00b5", "textperiodcentered": "\u00b7",
    "textasciicaron": "\u02c7", "textasciiacute": "\u00b4", "textasciibreve": "\u02d8",
    "textasciimacron": "\u00af", "textasciidieresis": "\u00a8", "textasciigrave": "`",
    "textsterling": "\u00a3", "texteuro": "\u20ac", "euro": "\u20ac", "textnumero": "\u2116", "textbullet": "\u2022",
}
_WORD_COMMAND = re.compile(r"\\(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")(?![A-Za-z])(?:\{\}| )?")
_SPACES = re.compile(r"\\[,;:! ]|(?<!\\)~")  # thin, medium and other spaces, and the tie
_IGNORED = re.compile(r"\\[@/]|\\-")  # end-of-sentence mark, italic correction, discretionary hyphen

# Simple math: Greek letters, a few symbols, sub- and superscripts.
_GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi "
          "chi psi omega").split()
_MATH_SYMBOLS = dict(zip(_GREEK, "αβγδεζηθικλμνξπρστυφχψω", strict=True))
_MATH_SYMBOLS.update(zip("Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(), "ΓΔΘΛΞΠΣΥΦΨΩ",
                         strict=True))
_MATH_SYMBOLS.update({
    "sqrt": "\u221a", "varepsilon": "\u03b5", "vartheta": "\u03d1", "varphi": "\u03c6", "ell": "\u2113",
    "vert": "|", "mid": "|",
    "times": "\u00d7", "pm": "\u00b1", "mp": "\u2213", "cdot": "\u00b7", "sim": "\u223c", "approx": "\u2248",
    "leq": "\u2264", "le": "\u2264", "geq": "\u2265", "ge": "\u2265", "neq": "\u2260", "ne": "\u2260",
    "infty": "\u221e", "to": "\u2192", "rightarrow": "\u2192", "leftarrow": "\u2190", "deg": "\u00b0",
    "circ": "\u2218", "ast": "\u2217", "star": "\u22c6", "partial": "\u2202", "nabla": "\u2207", "sum": "\u2211",
    "prod": "\u220f", "int": "\u222b", "in": "\u2208", "subset": "\u2282", "cup": "\u222a", "cap": "\u2229",
    "langle": "\u27e8", "rangle": "\u27e9", "ldots": "\u2026", "cdots": "\u22ef", "prime": "\u2032",
    "%": "%", "&": "&", "#": "#", "$": "$", "_": "_", ",": "\u2009", ";": " ", "!": "",
    "mathrm": "", "mathit": "", "mathbf": "", "mathsf": "", "mathtt": "", "text": "", "textrm": "",
    "operatorname": "", "left": "", "right": "", "big": "", "Big": "",
})
_SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
_SUPERSCRIPTS = dict(zip("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ", strict=True))
_RELATIONS = set("=<>\u2264\u2265\u2248\u2260\u2192\u2190\u223c")
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)
_MATH_TOKEN = re.compile(r"\\([A-Za-z]+|.)\s*|([_^])\s*(\{[^{}]*\}|\\[A-Za-z]+|.)|([{}])|(\s+)|(.)", re.S)


_AFTER_COMMAND = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z\s])\s*\Z")


class LatexError(ValueError):
    """A value holds LaTeX that cannot be turned into plain text."""


_NEEDS_DECODING = re.compile(r"[\\{}~$`']|--")


@functools.lru_cache(maxsize=65536)
def decode_latex(value: str, keep_protection: bool = False) -> str:
    """Plain Unicode text from a BibTeX value.

    >>> decode_latex(r"Garc\\'{\\i}a"), decode_latex(r"M{\\o}ller"), decode_latex(r'\\"{O}zdemir')
    ('García', 'Møller', 'Özdemir')
    >>> decode_latex(r"\\v{S}koda"), decode_latex(r"{\\c{C}}elik"), decode_latex(r"Results -- {FK} in {Nepal}")
    ('Škoda', 'Çelik', 'Results – FK in Nepal')
    >>> decode_latex(r"H$_2$O and CO\\textsubscript{2} in \\enquote{{\\TeX}}"), decode_latex(r"{\\relax Ph}ilippe")
    ('H₂O and CO₂ in “TeX”', 'Philippe')
    >>> decode_latex(r"$\\alpha$-helix, $x^{2}$, $\\vert A \\vert$")
    'α-helix, x², |A|'
    """
    if not _NEEDS_DECODING.search(value):
        return re.sub(r"[ \t\r\n]+", " ", value).strip()  # plain text: nothing for the codec to do
    text = _DOTLESS.sub(lambda m: f"{m.group(1)}{{{m.group(2) or m.group(3)}}}", value)
    text = text.replace("\\{", _LITERAL_OPEN).replace("\\}", _LITERAL_CLOSE)  # shown as braces at the end
    if not _balanced(text):
        raise LatexError("unbalanced braces")
    text = _MATH.sub(lambda match: _math(match.group(1)), text)
    if "$" in text.replace("\\$", ""):
        raise LatexError("a '$' opens math that is never closed")
    text = _SCRIPT_TEXT.sub(lambda m: _scripted(m.group(2), m.group(1) == "sub"), text)
    text = _HREF.sub("{", text)
    text = _QUOTE.sub("\u201c{\ue012", text)
    text = _KEEP_ARGUMENT.sub("{\ue013", text)
    text = _WORD_COMMAND.sub(lambda m: _WORDS[m.group(1)], text)
    text = _SPACES.sub(" ", text)
    text = _IGNORED.sub("", text)
    text = _mark_groups(text, keep_protection)
    text = codecs.decode(text, "ulatex")  # type: ignore[call-overload]  # latexcodec registers "ulatex"
    leftover = re.search(r"\\[A-Za-z]+|\\.", text)
    if leftover:
        raise LatexError(f"the LaTeX command '{leftover.group(0)}' cannot be turned into text")
    text = text.replace("{", "").replace("}", "").replace(_LITERAL_OPEN, "{").replace(_LITERAL_CLOSE, "}")
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def strip_protection(text: str) -> str:
    return text.replace(PROTECT_START, "").replace(PROTECT_END, "")


def _mark_groups(text: str, keep_protection: bool) -> str:
    """Close quotation commands, and turn top-level brace groups that protect case into marks (or nothing).

    A group that begins with a command (``{\\"O}``, ``{\\relax Ph}``) is a special character, not protection,
    as in BibTeX. Groups opened by a kept command (marked ``\\ue013``) are plain text; quotation groups
    (``\\ue012``) end with a closing quotation mark.
    """
    out: list[str] = []
    stack: list[str] = []
    index = 0
    while index < len(text):
        character = text[index]
        if character == "{":
            following = text[index + 1:index + 2]
            if following in ("\ue012", "\ue013"):
                stack.append(following)
                index += 2
                continue
            argument = _AFTER_COMMAND.search(text[max(index - 40, 0):index]) is not None  # \\v{S}: an argument
            protects = not stack and following != "\\" and not argument
            stack.append("protect" if protects else "group")
            out.append(PROTECT_START if protects and keep_protection else ("" if protects else "{"))
        elif character == "}" and stack:
            kind = stack.pop()
            if kind == "\ue012":
                out.append("\u201d")
            elif kind == "protect":
                out.append(PROTECT_END if keep_protection else "")
            elif kind == "group":
                out.append("}")
        else:
            out.append(character)
        index += 1
    return "".join(out)


def _math(formula: str) -> str:
    """Simple inline math as Unicode text: letters, digits, Greek, common symbols, sub- and superscripts."""
    out = []
    for match in _MATH_TOKEN.finditer(formula):
        command, script, argument, brace, space, other = match.groups()
        if command is not None:
            if command not in _MATH_SYMBOLS:
                raise LatexError(f"the math command '\\{command}' cannot be turned into text")
            symbol = _MATH_SYMBOLS[command]
            out.append(f" {symbol} " if symbol in _RELATIONS else symbol)
        elif script is not None:
            inner = argument[1:-1] if argument.startswith("{") else argument
            out.append(_scripted(_math(inner), script == "_"))
        elif brace is not None or space is not None:
            continue  # spaces in math are not printed; relations get their own, below
        else:
            out.append(f" {other} " if other in _RELATIONS else other)
    return "".join(out)


def _scripted(text: str, subscript: bool) -> str:
    """Sub- or superscript characters where Unicode has them all, else the text as it is."""
    table = _SUBSCRIPTS if subscript else _SUPERSCRIPTS
    return "".join(table[c] for c in text) if text and all(c in table for c in text) else text


def _balanced(text: str) -> bool:
    depth = 0
    for character in text:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0
