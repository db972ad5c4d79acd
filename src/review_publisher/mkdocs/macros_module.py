"""What a review's ``macros/__init__.py`` calls: the review plugin, reached from mkdocs-macros' environment."""

from __future__ import annotations

from typing import Any

from review_publisher.mkdocs.plugin import ReviewPlugin


def connect(env: Any) -> ReviewPlugin:
    """The review plugin of this build, to register the review's own macros with (``review.register(f)``)."""
    review = env.conf.plugins.get("review")
    if not isinstance(review, ReviewPlugin):
        raise ValueError("mkdocs.yml: add the 'review' plugin under plugins:, before 'macros'")
    return review
