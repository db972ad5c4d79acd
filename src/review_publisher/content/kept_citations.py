"""The pandoc citations found in a text, kept on disk under the text (see :mod:`review_publisher.cache.disk_cache`).

Finding them looks at every character of a page, once when the review is loaded and once when the page is
rendered; a page whose text is unchanged gives the same citations, so a later build reads them back instead.
They are read back strictly: any other shape is found again.
"""

from __future__ import annotations

from typing import Any

from review_publisher.cache.disk_cache import DiskCache, Verdicts
from review_publisher.content.citations import Citation, CiteItem, PandocCitation, find_pandoc_citations


def kept_citations(disk: DiskCache | None) -> Verdicts | None:
    """The table of citations found in earlier builds; None keeps none."""
    return disk.verdicts("pandoc-citations") if disk is not None else None


def pandoc_citations(text: str, kept: Verdicts | None) -> list[PandocCitation]:
    """``find_pandoc_citations(text)``, or what it gave for the very same text in an earlier build."""
    if kept is None:
        return find_pandoc_citations(text)
    key = kept.key(text)
    stored = _decoded(kept.table.get(key))
    if stored is not None:
        return stored
    found = find_pandoc_citations(text)
    kept.table.put(key, [_encoded(item) for item in found])
    return found


def _encoded(item: PandocCitation) -> list:
    if item.citation is None:
        return [item.start, item.end, item.line, item.problem]
    return [item.start, item.end, item.line, item.citation.narrative,
            [[cite.key, cite.locator, cite.prefix, cite.suffix] for cite in item.citation.items]]


def _decoded(stored: Any) -> list[PandocCitation] | None:
    if not isinstance(stored, list):
        return None
    found = []
    for item in stored:
        if not (isinstance(item, list) and len(item) in (4, 5) and all(type(n) is int for n in item[:3])):
            return None
        start, end, line = item[:3]
        if len(item) == 4:
            if not isinstance(item[3], str):
                return None
            found.append(PandocCitation(start, end, line, None, item[3]))
            continue
        narrative, cites = item[3], item[4]
        if not (isinstance(narrative, bool) and isinstance(cites, list) and all(
                isinstance(cite, list) and len(cite) == 4 and all(isinstance(part, str) for part in cite)
                for cite in cites)):
            return None
        found.append(PandocCitation(start, end, line, Citation(tuple(CiteItem(*cite) for cite in cites), narrative)))
    return found
