"""The macros a page may call, by name. The content gate accepts exactly these names; define_env registers them.

Each macro is a plain function whose first argument is the
:class:`~review_publisher.content.context.MacroContext` of the page
being rendered; the rest are what the page passes. It returns HTML or Markdown as a string.
"""

from __future__ import annotations

from collections.abc import Callable

from review_publisher.content.citations import CITING_MACROS
from review_publisher.page_macros import citation_macros, evidence_macros, view_macros
from review_publisher.render import help_pages

MacroFunction = Callable[..., str]

MACROS: dict[str, MacroFunction] = {
    "cite": citation_macros.cite,
    "citet": citation_macros.citet,
    "references": citation_macros.references,
    "bibliography": citation_macros.bibliography,
    "findings": evidence_macros.findings,
    "finding": evidence_macros.finding,
    "sources_table": evidence_macros.sources_table,
    "findings_index": view_macros.findings_index,
    "evidence_map": view_macros.evidence_map,
    "timeline": view_macros.timeline,
    "sources_index": view_macros.sources_index,
    "downloads": view_macros.downloads,
    "diagnostic_ids": help_pages.diagnostic_ids,
    "macro_example": help_pages.macro_example,
    "allow_lists": help_pages.allow_lists,
}

# Macros whose output depends on other pages (here: which pages cite each source), not only on the page itself
# and the review's data. A page that calls one is built again whenever any page's citations change (under
# `mkdocs serve --dirty`); so is a page that calls a macro of the review's own, whose reach is unknown.
READS_OTHER_PAGES = frozenset({"bibliography"})

# Macros whose output depends only on the sources the page cites or shows (under `mkdocs serve --dirty`, such a
# page is built again when one of those sources changes); any other macro reads the library or the data as a
# whole, and its page is built again after any edit of them.
SHOWS_ITS_OWN_SOURCES = frozenset({*CITING_MACROS, "references"})

# Checks of the values given to a macro, run when pages are scanned: (name, arguments by name, evidence) ->
# problems.
ARGUMENT_CHECKS = {name: evidence_macros.check_arguments for name in ("findings", "finding", "sources_table")}

# The source keys a macro shows without citing them, known before rendering: (name, arguments by name,
# evidence, library keys) -> keys. The page's reference list includes them.
KEYS_SHOWN = {name: evidence_macros.keys_shown for name in ("findings", "finding", "sources_table")}


def check_macro_name(name: str, taken: dict[str, MacroFunction]) -> None:
    """A review's own macro needs a name of its own that a page can write: raises ValueError otherwise."""
    if not name.isidentifier() or name.startswith("_"):
        raise ValueError(f"a macro's name must be letters, digits and '_' (not first): {name!r}")
    if name in taken:
        raise ValueError(f"the macro name {name!r} is taken; the macros are: {', '.join(sorted(taken))}")
