"""A page as MkDocs reads it: the same text, the same front matter, the same body, so the gate sees what renders.

MkDocs opens a page with ``utf-8-sig`` and universal newlines (a BOM is dropped, CRLF and CR become LF) and splits
off its metadata with ``mkdocs.utils.meta.get_data``: a YAML block between ``---`` lines, or MultiMarkdown
``Key: value`` lines at the top. A YAML block that does not parse is *not* metadata for MkDocs: it stays page text,
and once let a Jinja comment opened there close inside a macro's argument. Here it is an error instead.

Front matter is data. Its keys are an allow-list (:data:`FRONT_MATTER_KEYS`); its values are plain text, and the
plugin escapes them before the theme prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from review_publisher.diagnostics import Diagnostic, problem
from review_publisher.settings import FrontMatterReader

# The engine's pattern for a YAML front-matter block (mkdocs.utils.meta.YAML_RE; a test keeps them equal).
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)

# The keys a page may set, and what each takes. Anything else (template, icon, render_macros, subtitle, ...) is an
# error: the theme prints some keys without escaping, and others switch templates or rendering.
TEXT = "text"
FRONT_MATTER_KEYS: dict[str, Any] = {
    "title": TEXT,  # the page's title, instead of its first heading
    "description": TEXT,  # the page's description for search engines
    "hide": ("navigation", "toc", "footer"),  # parts of Material's layout to hide on this page
}
TEMPLATE_MARKERS = ("{{", "{%", "{#")


@dataclass(frozen=True)
class PageSource:
    """One page: its text as MkDocs reads it, the body MkDocs hands to plugins, and where the body starts."""

    text: str
    body: str
    body_line: int  # the line of the file on which the body starts (1 without front matter)
    meta: dict = field(hash=False)
    problems: tuple[Diagnostic, ...] = ()


def decode_page(data: bytes) -> str:
    """Bytes to text as MkDocs' ``open(..., encoding='utf-8-sig')`` gives it: no BOM, newlines made LF.

    >>> decode_page(b"\\xef\\xbb\\xbf---\\r\\ntitle: A\\r\\n---\\rText")
    '---\\ntitle: A\\n---\\nText'
    """
    text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_page_source(text: str, shown_as: str, read_front_matter: FrontMatterReader | None) -> PageSource:
    """Split a page as the engine does (with its own reader), and check its front matter."""
    body, meta = read_front_matter(text) if read_front_matter is not None else (text, {})
    body_line = text[: len(text) - len(body)].count("\n") + 1 if text.endswith(body) else 1
    found: list[Diagnostic] = []
    if not meta and YAML_RE.match(text):
        found.append(_unparsed_front_matter(text, shown_as))
    elif meta:
        lines = _key_lines(text)
        for key, value in meta.items():
            found.extend(_check_key(shown_as, lines.get(str(key).lower(), 1), key, value))
    return PageSource(text, body, body_line, dict(meta), tuple(found))


def _unparsed_front_matter(text: str, shown_as: str) -> Diagnostic:
    """MkDocs would keep a front matter that does not parse as page text: say why it does not parse."""
    block = YAML_RE.match(text)
    assert block is not None
    line, reason = 2, "it is not a list of 'key: value' lines"
    try:
        yaml.safe_load(block.group(1))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        last = 1 + max(block.group(1).count("\n"), 1)  # the block's last line (past it, YAML points at its end)
        line = min(2 + (mark.line if mark else 0), last)
        reason = f"YAML says: {error.problem or error.context}"
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML raises marked errors for text input
        reason = f"YAML says: {type(error).__name__}"
    return problem(shown_as, line, "content.front_matter",
                   f"the front matter between the '---' lines does not parse ({reason}); write 'key: value' "
                   f"lines, quote text that holds ':' or '#', or remove the block")


def _key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key of the front matter (YAML block or MultiMarkdown lines)."""
    lines: dict[str, int] = {}
    block = YAML_RE.match(text)
    if block:
        for offset, line in enumerate(block.group(1).split("\n"), start=2):
            key = re.match(r"([^\s:#][^:]*?)\s*:", line)
            if key and not line[:1].isspace():
                lines.setdefault(key.group(1).strip("'\" ").lower(), offset)
        return lines
    for offset, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        key = re.match(r"([A-Za-z0-9_-]+):", line)
        if key:
            lines.setdefault(key.group(1).lower(), offset)
    return lines


def _check_key(path: str, line: int, key: Any, value: Any) -> list[Diagnostic]:
    name = str(key)
    if name in ("render_macros", "ignore_macros"):
        return [problem(path, line, "content.forbidden_template",
                        f"'{name}' in front matter is not allowed: every page is checked and rendered")]
    expected = FRONT_MATTER_KEYS.get(name)
    if expected is None:
        return [problem(path, line, "content.front_matter",
                        f"the front-matter key '{name[:60]}' is not one the site uses; the keys a page may set are "
                        f"{', '.join(FRONT_MATTER_KEYS)}")]
    if expected == TEXT:
        if not isinstance(value, str) or not value.strip():
            return [problem(path, line, "content.front_matter",
                            f"'{name}' must be plain text on one line, such as {name}: Partner learning")]
        if any(marker in value for marker in TEMPLATE_MARKERS):
            return [problem(path, line, "content.forbidden_template",
                            f"template code in the front-matter '{name}' is not allowed: metadata is plain text")]
        if name == "title" and re.search(r"[<>]", value):
            return [problem(path, line, "content.html_in_title",
                            "the title contains '<' or '>'; write it as plain text")]
        return []
    values = value if isinstance(value, list) else None
    if values is None or not all(isinstance(item, str) and item in expected for item in values):
        return [problem(path, line, "content.front_matter",
                        f"'{name}' must be a list of some of: {', '.join(expected)}")]
    return []
