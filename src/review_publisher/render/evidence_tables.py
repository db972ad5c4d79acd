"""Evidence as escaped HTML tables: findings, one finding, and sources. Every value from data is escaped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from review_publisher.content.citations import CiteItem
from review_publisher.evidence.model import Evidence, Finding
from review_publisher.library.citation_style import FormattedSource
from review_publisher.render.addresses import finding_anchor, source_row_anchor, table_card_anchor
from review_publisher.render.citation_html import CardFor, Facts, cited_source
from review_publisher.render.directions import direction_badge
from review_publisher.render.facets import with_column_labels
from review_publisher.render.html import block, element, escape
from review_publisher.texts import NOT_KNOWN

UniqueId = Callable[[str], str]  # a page-unique HTML id made from a wanted one
Href = Callable[[str], str]  # where a source key links to


class SourceLinks:
    """Draws "Author, year, locator" links with hover cards, for tables (they are not numbered citations)."""

    def __init__(self, formatted: Mapping[str, FormattedSource], facts: Mapping[str, Facts], href: Href,
                 unique_id: UniqueId, card_for: CardFor) -> None:
        self.formatted, self.facts, self.href, self.unique_id = formatted, facts, href, unique_id
        self.card_for = card_for
        self.bodies: dict[str, str] = {}  # each source's card content, made once for the table

    def __call__(self, key: str, locator: str = "") -> str:
        if key not in self.formatted:
            return escape(key)
        card_id, carries = self.card_for(key, lambda: self.unique_id(table_card_anchor(key)))
        return cited_source(CiteItem(key, locator), self.formatted[key], self.href(key), card_id,
                            facts=self.facts.get(key, ()), bodies=self.bodies, carries_card=carries)


def _table(caption: str, columns: list[str], rows: list[str], class_: str) -> str:
    head = element("tr", "".join(element("th", escape(column), scope="col") for column in columns))
    table = element("table", element("caption", escape(caption)) + element("thead", head, data_search_exclude="")
                    + element("tbody", with_column_labels("".join(rows), columns)), class_=f"review-table {class_}")
    return block(element("div", table, class_="review-table-wrap"))


def _direction(evidence: Evidence, direction: str) -> str:
    return direction_badge(evidence, direction)


def _labels(evidence: Evidence, kind: str, ids: Iterable[str]) -> str:
    return escape(", ".join(evidence.label(kind, id) for id in ids))


def findings_table(findings: list[Finding], evidence: Evidence, links: SourceLinks, unique_id: UniqueId,
                   caption: str, show_area: bool = True,
                   row_attributes: Callable[[Finding], dict[str, str]] = lambda finding: {}) -> str:
    """One row per finding, anchored as ``#finding-<id>``; its sources as linked citations. ``row_attributes``
    gives a row's extra attributes (the facet values the findings index filters by)."""
    if not findings:
        return block(element("p", escape(f"{caption}: no findings match."), class_="review-empty"))
    columns = ["Finding"] + (["Area"] if show_area else []) + ["Levels", "Direction", "Sources"]
    rows = []
    for finding in findings:
        cells = element("th", escape(finding.statement), scope="row")
        if show_area:
            cells += element("td", _labels(evidence, "areas", [finding.area]))
        cells += element("td", _labels(evidence, "levels", finding.levels))
        cells += element("td", _direction(evidence, finding.direction))
        cells += element("td", "; ".join(links(ref.key, ref.locator) for ref in finding.sources))
        rows.append(element("tr", cells, id=unique_id(finding_anchor(finding.id)), **row_attributes(finding)))
    return _table(caption, columns, rows, "review-findings")


def finding_table(finding: Finding, evidence: Evidence, links: SourceLinks, unique_id: UniqueId) -> str:
    """One finding as a small two-column table: what it says, where it belongs, and its sources."""
    rows = [
        ("Finding", escape(finding.statement)),
        ("Area", _labels(evidence, "areas", [finding.area])),
        ("Levels", _labels(evidence, "levels", finding.levels)),
        ("Direction", _direction(evidence, finding.direction)),
    ]
    if finding.programmes:
        rows.append(("Programmes", _labels(evidence, "programmes", finding.programmes)))
    rows.append(("Sources", "; ".join(links(ref.key, ref.locator) for ref in finding.sources)))
    body = "".join(element("tr", element("th", escape(label), scope="row") + " " + element("td", value))
                   for label, value in rows)
    table = element("table", element("caption", escape(f"Finding {finding.id}")) + element("tbody", body),
                    class_="review-table review-finding", id=unique_id(finding_anchor(finding.id)))
    return block(element("div", table, class_="review-table-wrap"))


def sources_table(keys: list[str], evidence: Evidence, formatted: Mapping[str, FormattedSource],
                  links: SourceLinks, unique_id: UniqueId, caption: str) -> str:
    """One row per source: its citation, title, type, year, programmes, countries and method."""
    if not keys:
        return block(element("p", escape(f"{caption}: no sources match."), class_="review-empty"))
    unknown = element("em", NOT_KNOWN)
    rows = []
    optional = [(field, label) for field, label in (("programmes", "Programmes"), ("countries", "Countries"),
                                                    ("method", "Method")) if evidence.uses(field)]
    for key in sorted(keys, key=lambda k: formatted[k].sort_key):
        record = evidence.records.get(key, {})
        cells = element("th", links(key), scope="row")
        cells += element("td", _labels(evidence, "document_types", [record["document_type"]])
                         if record.get("document_type") else escape(formatted[key].type_label))
        cells += element("td", escape(formatted[key].year))
        for field, _ in optional:
            value = record.get(field)
            if value is None:
                cells += element("td", unknown)
            elif field == "method":
                cells += element("td", escape(value))
            else:
                cells += element("td", _labels(evidence, field, value))
        rows.append(element("tr", cells, id=unique_id(source_row_anchor(key))))
    columns = ["Source", "Type", "Year"] + [label for _, label in optional]
    return _table(caption, columns, rows, "review-sources")
