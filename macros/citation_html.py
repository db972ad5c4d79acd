"""In-text citations as HTML: each key a link to its source, with a hover card that keyboard focus opens too."""

from __future__ import annotations

from typing import Callable, Mapping

from .citations import Citation, CiteItem
from .html import element, escape
from .style import FormattedSource


def card(source: FormattedSource, card_id: str) -> str:
    """The hover card: type and year, then the full reference (without links, so nothing hidden takes focus)."""
    meta = element("span", escape(f"{source.type_label} · {source.year}"), class_="review-card__meta")
    reference = element("span", source.card_html, class_="review-card__ref")
    return element("span", meta + reference, class_="review-card", role="tooltip", id=card_id)


def render_citation(citation: Citation, number: int, sources: Mapping[str, FormattedSource],
                    href: Callable[[str], str]) -> str:
    """"(see Allum, 2019, p. 12; Lough, 2016)" or "Allum (2019, p. 12)", anchored as ``#cite-<number>``."""
    parts = [_item(item, number, index, sources[item.key], href(item.key), citation.narrative)
             for index, item in enumerate(citation.items, start=1)]
    inner = "; ".join(parts)
    if not citation.narrative:
        inner = f"({inner})"
    return element("span", inner, class_="review-cite", id=f"cite-{number}")


def _item(item: CiteItem, number: int, index: int, source: FormattedSource, url: str, narrative: bool) -> str:
    details = ", ".join(part for part in (source.year, item.locator) if part)
    text = f"{source.names} ({details})" if narrative else f"{source.names}, {details}"
    card_id = f"card-{number}-{index}"
    link = element("a", escape(text), href=url, class_="review-cite__link", aria_describedby=card_id,
                   data_key=item.key)
    before = escape(item.prefix) + " " if item.prefix else ""
    after = " " + escape(item.suffix) if item.suffix else ""
    return before + element("span", link + card(source, card_id), class_="review-cite__item") + after
