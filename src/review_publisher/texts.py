"""Words the site shows that do not come from a review's data, in one table with neutral defaults.

A review may override them under the review plugin's ``texts:`` option in mkdocs.yml (the Norec site, an
edition of somebody else's review, says ``work: edition``); every other word of the site comes from the
review's own files.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# What every page says where a fact about a source is not known: never a guess.
NOT_KNOWN = "not known"


@dataclass(frozen=True)
class Texts:
    """The words a review may choose for itself."""

    work: str = "review"  # what the site calls itself: "No finding of this review draws on this document."
    web_work: str = "website"  # how a page of the site is cited: "In: <site> [website]"

    def this(self) -> str:
        return f"this {self.work}"


TEXT_NAMES = tuple(field.name for field in fields(Texts))


def texts_from(options: dict | None) -> tuple[Texts, list[str]]:
    """The texts a review sets (the defaults for the rest), and what is wrong with its option, in words."""
    chosen, problems = {}, []
    for name, value in (options or {}).items():
        if name not in TEXT_NAMES:
            problems.append(f"texts: '{name}' is not a text the site shows; the texts are: {', '.join(TEXT_NAMES)}")
        elif not isinstance(value, str) or not value.strip() or any(mark in value for mark in "<>{}"):
            problems.append(f"texts: {name} must be plain words, without <, >, {{ or }}")
        else:
            chosen[name] = " ".join(value.split())
    return Texts(**chosen), problems


DEFAULT_TEXTS = Texts()  # immutable: safe to share as a default
