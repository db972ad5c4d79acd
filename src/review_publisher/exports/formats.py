"""Open data: the library as BibTeX, RIS and CSL-JSON, and findings and sources as CSV and JSON.

All of it is made at build time from the same loaded library and evidence that the pages show, so a download
can never disagree with the site. BibTeX is written by pybtex from the entries as parsed (LaTeX kept); RIS and
CSL-JSON from the decoded text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from review_publisher.evidence.model import Evidence
from review_publisher.library.bibliography import Library, Source
from review_publisher.library.csl_item import csl_item
from review_publisher.library.names import name_parts, publisher


def bibtex(sources: Iterable[Source]) -> str:
    r"""BibTeX for the entries, with every value exactly as written in the library.

    pybtex's writer expects plain text and would escape the LaTeX a value already holds (``\\&`` for ``\&``) and
    lose the braces that protect case, so values are written back as parsed, each inside braces (they are
    balanced, or pybtex would not have read them).
    """
    entries = []
    for source in sources:
        written = source.as_written()
        lines = [f"@{written.type}{{{source.key},"]
        for role, people in written.persons.items():
            lines.append(f"  {role} = {{{' and '.join(str(person) for person in people)}}},")
        for name, value in written.fields.items():
            lines.append(f"  {name} = {{{value}}},")
        lines.append("}")
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + "\n"


def ris(sources: Iterable[Source]) -> str:
    """RIS records, one per entry (the format reference managers import)."""
    lines = []
    for source in sources:
        fields = source.fields
        lines.append(f"TY  - {source.entry_type.ris}")
        lines.append(f"ID  - {source.key}")
        for role, tag in (("author", "AU"), ("editor", "ED"), ("translator", "A4")):
            for person in source.persons.get(role, []):
                family, given = name_parts(person)
                suffix = " ".join(person.lineage_names)
                lines.append(f"{tag}  - " + ", ".join(part for part in (family, given, suffix) if part))
        for field_name, tag in (("title", "TI"), ("journal", "JO"), ("booktitle", "T2"), ("year", "PY"),
                                ("edition", "ET"), ("volume", "VL"),
                                ("number", "IS"), ("pages", "SP"), ("isbn", "SN"), ("issn", "SN"),
                                ("address", "CY"), ("doi", "DO"), ("url", "UR"), ("type", "M3"),
                                ("howpublished", "M3")):
            if fields.get(field_name):
                lines.append(f"{tag}  - {_one_line(fields[field_name])}")
        published_by = publisher(source)
        if published_by:
            lines.append(f"PB  - {_one_line(published_by)}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


def csl_json(sources: Iterable[Source]) -> str:
    return json.dumps([csl_item(source) for source in sources], ensure_ascii=False, indent=2) + "\n"


def joined_csl_json(entries: list[str]) -> str:
    """``csl_json`` of several sources from ``csl_json`` of each: the items as written, one list around them (an
    item's lines hold no line break of its own: JSON writes one inside a string as \\n)."""
    if not entries:
        return "[]\n"
    return "[\n" + ",\n".join(entry[len("[\n"):-len("\n]\n")] for entry in entries) + "\n]\n"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


FINDING_COLUMNS = ["id", "statement", "area", "levels", "direction", "programmes", "sources"]
SOURCE_COLUMNS = ["key", "document_type", "year", "title", "programmes", "countries", "period", "method",
                  "commissioner", "review_relation", "summary", "original", "provenance"]


def findings_records(evidence: Evidence) -> list[dict]:
    return [{"id": f.id, "statement": f.statement, "area": f.area, "levels": f.levels, "direction": f.direction,
             "programmes": f.programmes, "sources": [{"key": s.key, "locator": s.locator} for s in f.sources],
             **f.facets}
            for f in evidence.findings]


def sources_records(evidence: Evidence, library: Library) -> list[dict]:
    rows = []
    for key, record in evidence.records.items():
        source = library.sources.get(key)
        rows.append({"key": key, "document_type": record.get("document_type"),
                     "year": source.year if source else None,
                     "title": source.fields.get("title") if source else None,
                     "programmes": record.get("programmes"), "countries": record.get("countries"),
                     "period": record.get("period"), "method": record.get("method"),
                     "commissioner": record.get("commissioner"), "review_relation": record.get("review_relation"),
                     "summary": record["summary"], "original": record.get("original"),
                     "provenance": record.get("provenance", []),
                     **{facet: record.get(facet) for facet, _ in evidence.facets_on("records")}})
    return rows


def with_facets(columns: list[str], rows: list[dict]) -> list[str]:
    """The standard columns, then the review's own facets that the rows carry."""
    return columns + sorted({name for row in rows for name in row} - set(columns))


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[dict], columns: list[str]) -> str:
    r"""CSV with one row per record; lists are joined with "; ", and null is an empty cell.

    It starts with a byte-order mark, so that spreadsheet programs read it as UTF-8 ("Tjønneland", "South–South"),
    and a cell that begins with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so that a
    spreadsheet shows it as text instead of running it as a formula (OWASP's advice on CSV injection).

    >>> to_csv([{"a": "=1+1", "b": "Tjønneland"}], ["a", "b"])
    "\ufeffa,b\n'=1+1,Tjønneland\n"
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _inert(_cell(row.get(column))) for column in columns})
    return buffer.getvalue()


def _inert(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        if "key" in value:
            return value["key"] + (f" ({value['locator']})" if value.get("locator") else "")
        return value.get("url", "")
    return str(value)


@dataclass(frozen=True)
class Download:
    """One site-wide download: where it is, its format, what it holds, and how it is made (a download of the
    whole library also from what each source's own download holds: ``joins`` names that format)."""

    path: str
    label: str
    about: str
    make: Callable[[list[Source], list[dict], list[dict]], str]  # (sources, findings, records) -> content
    joins: str = ""


# Each format once: the formats of the library (every source's page offers them too), then the site's downloads.
LIBRARY_FORMATS: tuple[tuple[str, str, Callable[[Iterable[Source]], str]], ...] = (
    ("bib", "BibTeX", bibtex), ("ris", "RIS", ris), ("json", "CSL-JSON", csl_json))
SITE_DOWNLOADS: tuple[Download, ...] = (
    Download("downloads/findings.csv", "CSV", "Every finding: id, statement, area, levels, direction, sources",
             lambda sources, findings, records: to_csv(findings, with_facets(FINDING_COLUMNS, findings))),
    Download("downloads/findings.json", "JSON", "Every finding, with its sources and locators",
             lambda sources, findings, records: to_json(findings)),
    Download("downloads/sources.csv", "CSV", "Every source record: key, type, year, title, summary and the other "
             "facts recorded",
             lambda sources, findings, records: to_csv(records, with_facets(SOURCE_COLUMNS, records))),
    Download("downloads/sources.json", "JSON", "Every source record, with its provenance",
             lambda sources, findings, records: to_json(records)),
    Download("downloads/library.bib", "BibTeX", "The whole library",
             lambda sources, findings, records: bibtex(sources), joins="bib"),
    Download("downloads/library.ris", "RIS", "The whole library, for reference managers",
             lambda sources, findings, records: ris(sources), joins="ris"),
    Download("downloads/library.json", "CSL-JSON", "The whole library, for Zotero, Pandoc and citeproc",
             lambda sources, findings, records: csl_json(sources), joins="json"),
)
# How the library's download in each format is put together from every source's own, in the library's order
# (each format's writer makes the same text from all the sources: a test holds them to that on real libraries).
JOINS: dict[str, Callable[[list[str]], str]] = {
    "bib": lambda entries: "\n".join(entries) if entries else "\n",
    "ris": "\n".join,
    "json": joined_csl_json,
}
# (path, format, what it holds), for the downloads page.
DOWNLOADS = tuple((download.path, download.label, download.about) for download in SITE_DOWNLOADS)


def site_downloads(library: Library, evidence: Evidence, each: dict[str, list[str]] | None = None) -> dict[str, str]:
    """The content of every site-wide download, by path; ``each`` holds, by format, every source's own download
    in the library's order, when they were made already (the library's downloads are then put together from
    them: at 10,000 sources, writing every entry twice took about two seconds of a build)."""
    sources = list(library.sources.values())
    findings, records = findings_records(evidence), sources_records(evidence, library)
    return {download.path: JOINS[download.joins](each[download.joins])
            if download.joins and each is not None and download.joins in each
            else download.make(sources, findings, records) for download in SITE_DOWNLOADS}


def source_downloads(source: Source) -> dict[str, str]:
    """One entry's BibTeX, RIS and CSL-JSON, by extension."""
    return {extension: make([source]) for extension, _, make in LIBRARY_FORMATS}
