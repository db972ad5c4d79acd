"""What a finding says about its factor (enabler, barrier, ... as the review defines them), as a coloured badge."""

from __future__ import annotations

from review_publisher.evidence.model import Evidence
from review_publisher.render.html import element, escape


def direction_colour(evidence: Evidence, direction: str, before: str = "") -> str:
    """The colour a review gives a direction in its vocabulary, as a style declaration ('' if it gives none: the
    stylesheet colours enabler, barrier, mixed and context)."""
    colour = evidence.vocabulary["directions"].get(direction, {}).get("colour")
    return f"{before}color: {colour}" if colour else ""


def direction_badge(evidence: Evidence, direction: str, text: str | None = None) -> str:
    """The direction's label (or ``text``) in its colour; the words carry the meaning, the colour repeats it."""
    return element("span", escape(evidence.label("directions", direction) if text is None else text),
                   class_=f"review-direction review-direction--{direction}",
                   style=direction_colour(evidence, direction) or None)
