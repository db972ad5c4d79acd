"""Facets: what readers filter sources and findings by. Type and year come from the library or the record, the
lists (programmes, countries, a review's own facets) from the records and findings that carry them. The same
values feed the sources index, the findings index and the evidence map's panel, so their filters agree."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from review_publisher.evidence.model import Evidence, Finding
from review_publisher.library.citation_style import NO_DATE, FormattedSource
from review_publisher.render.html import element, escape

BUILT_IN = (("type", "Type"), ("programme", "Programme"), ("country", "Country"))
YEAR = ("year", "Year")
# The record field of each built-in list, and the vocabulary its labels come from.
_FIELDS = {"programme": "programmes", "country": "countries"}
COLUMN_TITLES = {"programme": "Programmes", "country": "Countries"}


def facets_of(evidence: Evidence) -> tuple[tuple[str, str], ...]:
    """(name, title) of the facets of sources: type, the built-in lists the review uses, its own facets on
    records, and the year."""
    built_in = [(name, title) for name, title in BUILT_IN if name not in _FIELDS or evidence.uses(_FIELDS[name])]
    return tuple(built_in + evidence.facets_on("records") + [YEAR])


def record_field(name: str) -> str:
    """The record field a facet reads: the built-in lists by their plural field name, a review's facet by its id."""
    return _FIELDS.get(name, name)


class Facets:
    """The facet values of sources and findings, with a label for every value seen."""

    def __init__(self, evidence: Evidence, formatted: Mapping[str, FormattedSource]) -> None:
        self.evidence, self.formatted = evidence, formatted
        self.of_sources = facets_of(evidence)
        self.labels: dict[str, dict[str, str]] = {name: {} for name, _ in self.of_sources}

    def of_source(self, key: str) -> dict[str, list[str]]:
        """Each facet's values for one source; a list the record does not give is empty."""
        record = self.evidence.records.get(key, {})
        source = self.formatted.get(key)
        year = source.year[:4] if source and source.year[:4].isdigit() else NO_DATE
        self.labels["year"][year] = "Year not known" if year == NO_DATE else year
        # A record's document type, else what the library says the document is.
        if record.get("document_type"):
            kind = record["document_type"]
            self.labels["type"][kind] = self.evidence.label("document_types", kind)
        else:
            type_label = source.type_label if source else "Document"
            kind = "-".join(type_label.lower().split())
            self.labels["type"][kind] = type_label
        values = {"type": [kind], "year": [year]}
        for name, _ in self.of_sources:
            if name in values:
                continue
            values[name] = list(record.get(record_field(name)) or [])
            for value in values[name]:
                self.labels[name][value] = self.evidence.label(_FIELDS.get(name, name), value)
        return values

    def of_finding(self, finding: Finding) -> dict[str, list[str]]:
        """A finding's own facets (direction, levels, the review's facets on findings) and the facets of its
        sources, merged: a finding matches a value when any of its sources has it."""
        values: dict[str, list[str]] = {name: [] for name, _ in self.of_finding_names()}
        for ref in finding.sources:
            for name, items in self.of_source(ref.key).items():
                values[name] += [item for item in items if item not in values[name]]
        values["direction"] = [finding.direction]
        values["level"] = list(finding.levels)
        self.labels.setdefault("direction", {})[finding.direction] = \
            self.evidence.label("directions", finding.direction)
        for level in finding.levels:
            self.labels.setdefault("level", {})[level] = self.evidence.label("levels", level)
        for name, _ in self.evidence.facets_on("findings"):
            own = list(finding.facets.get(name, []))
            values[name] = values.get(name, []) + [item for item in own if item not in values.get(name, [])]
            for value in own:
                self.labels.setdefault(name, {})[value] = self.evidence.label(name, value)
        return values

    def of_finding_names(self) -> list[tuple[str, str]]:
        """(name, title) of the facets of findings: direction and level, then those of their sources and the
        review's own facets on findings."""
        names = [("direction", "Direction"), ("level", "Level")] + list(self.of_sources)
        return names + [facet for facet in self.evidence.facets_on("findings") if facet not in names]

    def ordered(self, name: str, counter: Counter) -> list[str]:
        if name == "year":
            return sorted(counter, key=lambda year: (year == NO_DATE, year))
        if name == "direction":
            return [d for d in self.evidence.vocabulary["directions"] if d in counter]
        if name == "level":
            return [level for level in self.evidence.vocabulary["levels"] if level in counter]
        labels = self.labels.get(name, {})
        return sorted(counter, key=lambda value: str(labels.get(value, value)).casefold())


def data_attributes(values: Mapping[str, list[str]]) -> dict[str, str]:
    """``data-<facet>="value value"`` attributes, which the filters read."""
    return {f"data_{name}": " ".join(items) for name, items in values.items()}


def filter_fields(facets: Facets, shown: Iterable[tuple[str, str]], counts: Mapping[str, Counter], target: str,
                  noun: str, label: str, with_counts: bool = True) -> str:
    """Filters that only work with JavaScript, so they stay hidden until the script shows them. ``target`` is a
    CSS selector of the rows they filter; a facet no row has a value of is left out (it cannot narrow).
    Each option gives its count of rows, unless the rows change under the filter (the map's panel)."""
    fields = []
    for name, title in shown:
        if not counts.get(name):
            continue
        options = element("option", "All", value="") + "".join(
            element("option", escape(facets.labels[name].get(value, value)
                                     + (f" ({counts[name][value]})" if with_counts else "")), value=value)
            for value in facets.ordered(name, counts[name]))
        fields.append(element("label", escape(title) + " " + element("select", options, name=name)))
    status = element("output", "", class_="review-filter__status", aria_live="polite")
    # A group of fields, not a <form>: nothing is submitted, and the HTML gate refuses forms in content.
    return element("div", "".join(fields) + status, class_="review-filter", role="search", hidden="",
                   data_filter_rows=target, data_filter_noun=noun, aria_label=label)


def _labelled(tag: str, title: str) -> str:
    # The space before the cell keeps the words of neighbouring cells apart in the search index and its snippets.
    return f' <{tag} data-label="{escape(title)}"'


def with_column_labels(rows: str, columns: list[str]) -> str:
    """Each body cell of generated rows gets ``data-label``, its column's title, which narrow screens show before
    the cell (tables stack into cards there), and a space before it, so that search snippets read as words.
    Only for HTML the generator wrote: every value from data is escaped, so each ``<td``/``<th`` in it is ours."""
    return "".join(_label_row(row, columns) for row in re.split(r"(?=<tr[ >])", rows))


def _label_row(row: str, columns: list[str]) -> str:
    titles = iter(columns)
    return re.sub(r"<(td|th)(?=[ >])", lambda match: _labelled(match.group(1), next(titles, "")), row)
