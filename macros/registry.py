"""The macros a page may call, by name. The content gate accepts exactly these names; define_env registers them.

Each macro is a plain function whose first argument is the :class:`~macros.context.MacroContext` of the page
being rendered; the rest are what the page passes. It returns HTML or Markdown as a string.
"""

from __future__ import annotations

from typing import Callable

from . import citation_macros, help_pages

MacroFunction = Callable[..., str]

MACROS: dict[str, MacroFunction] = {
    "cite": citation_macros.cite,
    "citet": citation_macros.citet,
    "references": citation_macros.references,
    "bibliography": citation_macros.bibliography,
    "diagnostic_ids": help_pages.diagnostic_ids,
}
