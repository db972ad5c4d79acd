"""What a macro knows while a page is rendered: the loaded review, the page, and that page's running state."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageState:
    """Started afresh each time a page is rendered."""

    # Citations are numbered in the order they are rendered, which is the order the graph counted them in.
    citation_numbers: itertools.count = field(default_factory=lambda: itertools.count(1))
    ids: set[str] = field(default_factory=set)
    cards: dict[str, str] = field(default_factory=dict)  # source key -> the id of its hover card on the page


@dataclass(frozen=True)
class MacroContext:
    project: Any  # review_publisher.project.Project, loaded once per build
    page_path: str  # the page's source path, relative to docs_dir
    state: PageState = field(default_factory=PageState)

    def next_citation_number(self) -> int:
        return next(self.state.citation_numbers)

    def unique_id(self, wanted: str) -> str:
        """An HTML id not yet used by a macro on this page: the wanted one, else wanted-2, wanted-3, ..."""
        candidate, number = wanted, 1
        while candidate in self.state.ids:
            number += 1
            candidate = f"{wanted}-{number}"
        self.state.ids.add(candidate)
        return candidate

    def card_for(self, key: str, new_id: Callable[[], str]) -> tuple[str, bool]:
        """The id of the hover card a citation of ``key`` points to, and whether this citation carries the card.

        A page holds one card per source: its first citation carries it, later ones point to it (their
        ``aria-describedby``) and the site's script shows a copy when they are pointed at. A source cited on every
        row of a large findings index had a card in each row, two thirds of the page's bytes."""
        earlier = self.state.cards.get(key)
        if earlier is not None:
            return earlier, False
        card_id = self.state.cards[key] = new_id()
        return card_id, True
