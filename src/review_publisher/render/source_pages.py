"""One generated page per library entry, at ``sources/<key>/``: nobody writes these pages by hand.

A page shows the full reference, what the record knows (and says plainly what it does not), the summary,
the findings the source supports, every place of the site that cites it, where its facts were verified,
and its downloads. Everything from data is escaped; the page is Markdown with HTML blocks and front matter
that keeps mkdocs-macros from compiling it (its content is ours, not a contributor's).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from review_publisher.content.citations import CitationRecord
from review_publisher.evidence.model import Evidence, Finding
from review_publisher.exports.formats import LIBRARY_FORMATS
from review_publisher.library.bibliography import Source
from review_publisher.library.citation_style import FormattedSource
from review_publisher.render.html import block, element, escape
from review_publisher.texts import DEFAULT_TEXTS, NOT_KNOWN, Texts

RELATIONS = {
    "the-review": "This is the review itself.",
    "cited": "The review is known to cite this document.",
    "in-scope": "Within the review's stated evidence base; citation in the review not confirmed.",
    "related": "A related document outside the review's core scope; citation in the review not confirmed.",
}
DOWNLOAD_FORMATS = tuple((extension, label) for extension, label, _ in LIBRARY_FORMATS)


@dataclass(frozen=True)
class CitingPlace:
    """One place that cites the source: where it is, and the link to it from the source page."""

    page_title: str
    section: str
    locator: str
    href: str


def page_markdown(source: Source, formatted: FormattedSource, evidence: Evidence,
                  findings: list[tuple[Finding, str, str]], cited_in: list[CitingPlace], coins: str,
                  downloads: list[tuple[str, str]], texts: Texts = DEFAULT_TEXTS) -> str:
    """The whole page. ``findings`` holds (finding, locator, link); ``downloads`` (label, link); links are
    relative to this page."""
    title = source.fields.get("title", source.key)
    record = evidence.records.get(source.key)
    parts = [
        "---\nrender_macros: false\n" + f"title: {json.dumps(escape(title))}\n" + "---\n",
        block(element("p", formatted.reference_html, class_="review-source__reference") + coins),
        "## About this document {#about}\n",
        block(_facts_table(source, formatted, evidence, record)),
    ]
    if record:
        parts += ["## Summary {#summary}\n", block(element("p", escape(record["summary"])))]
        if record.get("notes"):
            parts += ["## What is uncertain {#uncertain}\n", block(element("p", escape(record["notes"])))]
    parts += ["## Findings it supports {#findings}\n", block(_findings_list(findings, record, texts))]
    parts += ["## Cited in {#cited-in}\n", block(_cited_in_list(cited_in, texts))]
    parts += ["## Read the original {#original}\n", block(_original(source, record))]
    if record and record.get("provenance"):
        parts += ["## Where the facts come from {#provenance}\n", block(_provenance(record))]
    parts += ["## Download this reference {#download}\n", block(_downloads(downloads))]
    return "\n".join(parts)


def csl_reading_name(person: dict) -> str:
    """A CSL-JSON name in reading order: 'Jan van der Berg', 'Martin Luther King Jr.', 'World Bank'."""
    if person.get("literal"):
        return person["literal"]
    parts = (person.get("given"), person.get("dropping-particle"), person.get("non-dropping-particle"),
             person.get("family"), person.get("suffix"))
    return " ".join(part for part in parts if part)


def _volume_and_issue(item: dict) -> str:
    volume, issue = item.get("volume"), item.get("issue")
    if volume and issue:
        return f"vol. {volume}, no. {issue}"
    return f"vol. {volume}" if volume else (f"no. {issue}" if issue else "")


def _facts_table(source: Source, formatted: FormattedSource, evidence: Evidence, record: dict | None) -> str:
    unknown = element("em", NOT_KNOWN)

    def text(value) -> str:
        return escape(value) if value else unknown

    item = formatted.item or {}

    def names(role: str) -> str:
        people = item.get(role, [])
        return escape("; ".join(csl_reading_name(person) for person in people)) if people else unknown

    rows = [("Authors", names("author")), ("Year", text(source.year))]
    for role, label in (("editor", "Editors"), ("translator", "Translators")):
        if item.get(role):
            rows.append((label, names(role)))
    container = ", ".join(part for part in (item.get("container-title"), _volume_and_issue(item), item.get("page"))
                          if part)
    if container:
        rows.append(("Published in", escape(container)))
    rows.append(("Published by", text(item.get("publisher") or (None if container else source.fields.get("journal")))))
    series = " ".join(part for part in (item.get("genre"), item.get("number")) if part)
    if series:
        rows.append(("Report type and number" if item.get("number") else "Type", escape(series)))
    for name, label in (("edition", "Edition"), ("collection-title", "Series"), ("ISBN", "ISBN"),
                        ("ISSN", "ISSN"), ("DOI", "DOI"), ("medium", "Form")):
        if item.get(name):
            rows.append((label, escape(item[name] + (" ed." if name == "edition" else ""))))
    if record:
        def labels(kind: str, ids) -> str:
            if ids is None:
                return unknown
            return escape(", ".join(evidence.label(kind, id) for id in ids)) if ids else escape("none")

        rows.append(("Type of document", escape(evidence.label("document_types", record["document_type"]))
                     if record.get("document_type") else escape(formatted.type_label)))
        # Only the fields this review uses: a field no record has is not this review's, and says nothing.
        for field, label in (("programmes", "Programmes"), ("countries", "Countries")):
            if evidence.uses(field):
                rows.append((label, labels(field, record.get(field))))
        for field, label in evidence.facets_on("records"):  # the review's own lists
            rows.append((label, labels(field, record.get(field))))
        for field, label in (("period", "Period covered"), ("method", "Method"), ("commissioner", "Commissioned by")):
            if evidence.uses(field):
                rows.append((label, text(record.get(field))))
        if record.get("review_relation"):
            rows.append(("Relation to the review", escape(RELATIONS[record["review_relation"]])))
    else:
        rows.append(("Type of document", escape(formatted.type_label)))
    body = "".join(element("tr", element("th", escape(label), scope="row") + " " + element("td", value))
                   for label, value in rows)
    return element("table", element("caption", "What is known about this document") + element("tbody", body),
                   class_="review-table review-facts")


def _findings_list(findings: list[tuple[Finding, str, str]], record: dict | None = None,
                   texts: Texts = DEFAULT_TEXTS) -> str:
    if not findings:
        reason = (record or {}).get("no_finding")
        text = f"No finding of {texts.this()} draws on this document." + (f" {reason}" if reason else "")
        return element("p", escape(text), class_="review-empty")
    items = []
    for finding, locator, href in findings:
        where = f" ({escape(locator)})" if locator else ""
        link = element("a", escape(finding.statement), href=href) if href else escape(finding.statement)
        items.append(element("li", link + where))
    return element("ul", "".join(items), class_="review-source__findings")


def _cited_in_list(places: list[CitingPlace], texts: Texts = DEFAULT_TEXTS) -> str:
    if not places:
        return element("p", escape(f"No page of {texts.this()} cites this document in its text."),
                       class_="review-empty")
    items = []
    for place in places:
        label = place.page_title + (f" › {place.section}" if place.section and place.section != place.page_title
                                    else "")
        where = f", {escape(place.locator)}" if place.locator else ""
        items.append(element("li", element("a", escape(label), href=place.href) + where))
    return element("ul", "".join(items), class_="review-source__cited-in")


def _original(source: Source, record: dict | None) -> str:
    official = record.get("original") if record else None
    url = source.fields.get("url")
    if source.fields.get("doi"):
        doi = "https://doi.org/" + source.fields["doi"]
        where = element("p", "Through its DOI: " + element("a", escape(doi), href=doi))
    elif official or url:
        address = official or url
        where = element("p", "Read it at: " + element("a", escape(address), href=address))
    elif record is not None:
        where = element("p", "No official page was found in the sources available.")
    else:
        where = ""
    copies = (record or {}).get("copies") or []
    if copies:
        items = "".join(element("li", element("a", escape(copy["url"]), href=copy["url"])
                                + (": " + escape(copy["note"]) if copy.get("note") else "")) for copy in copies)
        where += (element("p", "Copies found elsewhere, on document-sharing sites: unofficial, and not checked "
                               "against the original.")
                  + element("ul", items, class_="review-source__copies"))
    return where or element("p", "The library gives no address for this document.")


def _provenance(record: dict) -> str:
    items = [element("li", element("a", escape(item["url"]), href=item["url"]) + ": " + escape(item["facts"]))
             for item in record.get("provenance", [])]
    return element("ul", "".join(items), class_="review-source__provenance")


def _downloads(downloads: list[tuple[str, str]]) -> str:
    links = [element("a", escape(label), href=href, download="") for label, href in downloads]
    return element("p", "This reference as " + ", ".join(links) + ".")


def citing_places(records: list[CitationRecord], title_of: Callable[[str], str],
                  link: Callable[[str, str], str]) -> list[CitingPlace]:
    """Every citation of one key, in page order, each linked to its exact place (``#cite-<n>``, ``#cite-m<n>``)."""
    return [CitingPlace(title_of(r.page), r.section, r.locator, link(r.page, r.anchor)) for r in records]
