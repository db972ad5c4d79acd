"""Cross-references between the library, the records, the findings, the vocabulary and the pages: every key and
term named anywhere must exist, and what is declared should be used."""

from __future__ import annotations

from pathlib import Path

from review_publisher.diagnostics import Diagnostic, Diagnostics, problem
from review_publisher.evidence.model import SINGULAR, VOCABULARY_KINDS, Evidence, Place
from review_publisher.library.bibliography import LibraryIndex


def check_references(evidence: Evidence, library: LibraryIndex, docs_dir: Path, diagnostics: Diagnostics) -> None:
    """Every reference between the library, the records, the findings, the vocabularies and the chapters (what
    the pages cite is weighed apart, by :func:`records_nothing_uses`)."""
    if not evidence.present:
        return
    library_keys = set(library.places)
    known_keys = library_keys | library.set_aside  # an entry set aside reports its own problems
    kinds = VOCABULARY_KINDS + tuple(evidence.facets)
    singular = {**SINGULAR, **{id: facet["label"].lower() for id, facet in evidence.facets.items()}}
    used: dict[str, set[str]] = {kind: set() for kind in kinds}
    complete = not evidence.unreadable and not evidence.invalid_records and not evidence.invalid_findings

    def term(kind: str, id: str, place: Place, owner: str) -> None:
        used[kind].add(id)
        if "vocabulary" not in evidence.unreadable and id not in evidence.vocabulary[kind]:
            choices = ", ".join(sorted(evidence.vocabulary[kind])) or "(none defined)"
            diagnostics.add(place.path, place.line, "data.unknown_term",
                            f"{owner} uses the {singular.get(kind, kind)} '{id}', which is not in the "
                            f"vocabulary; the {kind.replace('_', ' ')} are: {choices}")

    for finding in evidence.findings:
        owner = f"finding '{finding.id}'"
        term("areas", finding.area, finding.at("area"), owner)
        term("directions", finding.direction, finding.at("direction"), owner)
        for level in finding.levels:
            term("levels", level, finding.at("levels"), owner)
        for programme in finding.programmes:
            term("programmes", programme, finding.at("programmes"), owner)
        for facet, ids in finding.facets.items():
            for id in ids:
                term(facet, id, finding.at(facet), owner)
        for source in finding.sources:
            if source.key not in known_keys:
                diagnostics.add(source.place.path, source.place.line, "data.unknown_source",
                                f"{owner} cites '{source.key}', which is not in the library")
            elif source.key not in evidence.records and source.key not in evidence.invalid_records \
                    and "sources" not in evidence.unreadable:
                diagnostics.add(source.place.path, source.place.line, "data.missing_record",
                                f"{owner} cites '{source.key}', which has no record in sources.yml")
    for key, record in evidence.records.items():
        place = evidence.record_places[key]
        owner = f"the record '{key}'"
        if key not in known_keys:
            diagnostics.add(place.path, place.line, "data.record_without_entry",
                            f"{owner} has no entry in the library; add it to a .bib file or remove the record")
        lines = evidence.record_field_lines[key]
        if record.get("document_type"):
            term("document_types", record["document_type"], Place(place.path, lines["document_type"]), owner)
        for programme in record.get("programmes") or []:
            term("programmes", programme, Place(place.path, lines["programmes"]), owner)
        for country in record.get("countries") or []:
            term("countries", country, Place(place.path, lines["countries"]), owner)
        for facet, _ in evidence.facets_on("records"):
            for id in record.get(facet) or []:
                term(facet, id, Place(place.path, lines[facet]), owner)
    for key in sorted(library_keys - set(evidence.records) - evidence.invalid_records):
        if "sources" in evidence.unreadable:
            break
        path, line = library.places[key]
        diagnostics.add(path, line, "data.missing_record",
                        f"the library entry '{key}' has no record in sources.yml; add one under the key '{key}'")
    for id, area in evidence.vocabulary["areas"].items():
        if not (docs_dir / area["chapter"]).is_file():
            place = evidence.term_places[("areas", id)]
            diagnostics.add(place.path, place.line, "data.missing_chapter",
                            f"area '{id}' names the chapter '{area['chapter']}', which is not in the docs folder")
    for kind in kinds if complete else ():
        for id in sorted(set(evidence.vocabulary[kind]) - used[kind]):
            place = evidence.term_places[(kind, id)]
            diagnostics.add(place.path, place.line, "data.unused_term",
                            f"the {singular.get(kind, kind)} '{id}' is not used by any record or finding")


def records_nothing_uses(evidence: Evidence, library: LibraryIndex, cited_keys: set[str]) -> list[Diagnostic]:
    """A record no page cites and no finding uses is reported (data.unused_record)."""
    return [found for key, found in records_without_findings(evidence, library).items() if key not in cited_keys]


def records_without_findings(evidence: Evidence, library: LibraryIndex) -> dict[str, Diagnostic]:
    """key -> data.unused_record for every record of a library entry that supports no finding, whatever the pages
    cite (so that `review check` can keep it while the data and the library are unchanged)."""
    if not evidence.present or evidence.unreadable or evidence.invalid_records or evidence.invalid_findings:
        return {}
    supported = {source.key for finding in evidence.findings for source in finding.sources}
    return {key: problem(place.path, place.line, "data.unused_record",
                         f"the record '{key}' is cited by no page and supports no finding")
            for key, place in evidence.record_places.items()
            if key in evidence.records and key in library.places and key not in supported}
