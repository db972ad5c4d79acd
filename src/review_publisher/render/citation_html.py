"""In-text citations as HTML: each key a link to its source, with a hover card that keyboard focus opens too."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

from review_publisher.content.citations import Citation, CiteItem
from review_publisher.library.citation_style import FormattedSource
from review_publisher.render.addresses import card_anchor
from review_publisher.render.html import element, escape
from review_publisher.texts import NOT_KNOWN

Facts = Sequence[tuple[str, str]]  # appraisal facts of a source: ("Programmes", "Youth, North–South"), ...
# (source key, a new card id if the page has no card of it yet) -> (the card's id, whether this citation carries it)
CardFor = Callable[[str, Callable[[], str]], tuple[str, bool]]



def card(source: FormattedSource, card_id: str, facts: Facts = (), bodies: dict[str, str] | None = None) -> str:
    """The hover card: type and year, the appraisal facts, then the full reference (without links, so that
    nothing hidden takes keyboard focus). ``bodies`` keeps each source's card content for the rest of the build:
    a source cited on many pages has the same card everywhere but for its id."""
    body = bodies.get(source.key) if bodies is not None else None
    if body is None:
        body = card_body(source, facts)
        if bodies is not None:
            bodies[source.key] = body
    # Out of the search index (the page's reference list already indexes the reference). Material's search parser
    # ends an exclusion when an element of the same tag closes, so the card is a <small> around spans.
    return element("small", body, class_="review-card", role="tooltip", id=card_id, data_search_exclude="")


def card_body(source: FormattedSource, facts: Facts = ()) -> str:
    facts = [(label, value) for label, value in facts if value != NOT_KNOWN]  # a card says what is known
    type_label = next((value for label, value in facts if label == "Type"), source.type_label)
    meta = element("span", escape(f"{type_label} · {source.year}"), class_="review-card__meta")
    listed = "".join(element("span", element("strong", escape(label) + ":") + " " + escape(value),
                             class_="review-card__fact")
                     for label, value in facts if label != "Type")
    reference = element("span", source.card_html, class_="review-card__ref")
    return meta + listed + reference


def cited_source(item: CiteItem, source: FormattedSource, url: str, card_id: str, narrative: bool = False,
                 facts: Facts = (), bodies: dict[str, str] | None = None, carries_card: bool = True) -> str:
    """One source as cited: "Allum, 2019, p. 12" (or "Allum (2019, p. 12)") linked, with its card (or pointing
    to the card an earlier citation of the page carries)."""
    details = ", ".join(part for part in (source.year, item.locator) if part)
    text = f"{source.names_narrative or source.names} ({details})" if narrative \
        else f"{source.names}{source.before_year}{details}"
    link = element("a", escape(text), href=url, class_="review-cite__link", aria_describedby=card_id,
                   data_key=item.key)
    before = escape(item.prefix) + " " if item.prefix else ""
    after = " " + escape(item.suffix) if item.suffix else ""
    shown = card(source, card_id, facts, bodies) if carries_card else ""
    return before + element("span", link + shown, class_="review-cite__item") + after


def render_citation(citation: Citation, anchor: str, sources: Mapping[str, FormattedSource],
                    href: Callable[[str], str], facts: Mapping[str, Facts],
                    card_for: CardFor, bodies: dict[str, str] | None = None) -> str:
    """"(see Allum, 2019, p. 12; Lough, 2016)" or "Allum (2019, p. 12)", anchored as ``#<anchor>``
    (``cite-3``); the cards it carries are ``card-3-1``, ``card-3-2``, ..."""
    facts = facts or {}
    number = anchor.removeprefix("cite-")
    parts = []
    for index, item in enumerate(citation.items, start=1):
        card_id, carries = card_for(item.key, functools.partial(card_anchor, number, index))
        parts.append(cited_source(item, sources[item.key], href(item.key), card_id, citation.narrative,
                                  facts.get(item.key, ()), bodies, carries))
    inner = "; ".join(parts)
    if not citation.narrative:
        inner = f"({inner})"
    return element("span", inner, class_="review-cite", id=anchor)
