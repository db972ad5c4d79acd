"""Small helpers to write HTML from data. Every value from data goes through :func:`escape`."""

from __future__ import annotations

import html as _html
import re


def escape(value: object) -> str:
    """HTML-escape a value, braces included, so data can never form a template marker (``{{``, ``{%``).

    >>> escape('<script>{{ x }}</script> & "q"')
    '&lt;script&gt;&#123;&#123; x &#125;&#125;&lt;/script&gt; &amp; &quot;q&quot;'
    """
    return escape_braces(_html.escape(str(value), quote=True))


def escape_braces(html: str) -> str:
    """Braces in already-escaped HTML as entities, so no text can form a template marker.

    >>> escape_braces("<em>{x}</em>")
    '<em>&#123;x&#125;</em>'
    """
    # Two replacements, not str.translate: a table that maps to longer strings makes translate ten times slower,
    # and every value of every table and card goes through here.
    return html.replace("{", "&#123;").replace("}", "&#125;")


def element(tag: str, content: str = "", **attributes: object) -> str:
    """An element with escaped attributes; ``content`` must already be HTML. ``class_`` gives ``class``.

    >>> element("a", "x", href="p?a=1&b=2", class_="c")
    '<a href="p?a=1&amp;b=2" class="c">x</a>'
    """
    attrs = "".join(f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
                    for name, value in attributes.items() if value is not None)
    return f"<{tag}{attrs}>{content}</{tag}>"


def inline_code(text: str) -> str:
    """Escape text and turn `backtick spans` into <code> elements.

    >>> inline_code("use `{#id}` & more")
    'use <code>&#123;#id&#125;</code> &amp; more'
    """
    parts = re.split(r"`([^`]*)`", text)
    return "".join(element("code", escape(part)) if index % 2 else escape(part) for index, part in enumerate(parts))


def block(html: str) -> str:
    """Wrap raw HTML so that Markdown leaves it alone: blank lines around, no indentation."""
    return "\n\n" + html + "\n\n"
