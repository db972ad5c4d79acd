"""People and publishers of a library entry, read one way everywhere: hover cards, source pages, metadata and
exports all take family names, given names and the publisher from here."""

from __future__ import annotations

from pybtex.database import Person

from review_publisher.library.bibliography import Source


def family_name(person: Person) -> str:
    """'van der Berg' of 'Jan van der Berg'; an organisation's whole name."""
    return " ".join(person.prelast_names + person.last_names)


def given_names(person: Person) -> str:
    """'Jan Piet' of 'Jan Piet van der Berg'; empty for an organisation."""
    return " ".join(person.first_names + person.middle_names)


def full_name(person: Person) -> str:
    """The name in reading order: 'Jan van der Berg', 'Martin Luther King Jr.'."""
    return " ".join(part for part in (given_names(person), family_name(person), *person.lineage_names) if part)


def name_parts(person: Person) -> tuple[str, str]:
    """(family, given); given is empty for an organisation."""
    return family_name(person), given_names(person)


def people(source: Source, role: str = "author") -> list[tuple[str, str]]:
    """(family, given) of every author (or editor) of an entry."""
    return [name_parts(person) for person in source.persons.get(role, [])]


def publisher(source: Source) -> str | None:
    """Who published the document: its institution, publisher or organisation, in that order."""
    fields = source.fields
    return fields.get("institution") or fields.get("publisher") or fields.get("school") or fields.get("organization")
