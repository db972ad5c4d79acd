"""Cross-references between the library, the records, the findings, the vocabulary and the pages: every key and
term named anywhere must exist, and what is declared should be used."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from review_publisher.diagnostics import Diagnostic, Diagnostics, problem
from review_publisher.evidence.model import SINGULAR, VOCABULARY_KINDS, Evidence, Finding, Place
from review_publisher.library.bibliography import LibraryIndex

Use = tuple[str, str, str, int, str]  # a term named in the data: (kind, term id, path, line, whose it is)


@dataclass
class LibraryLinks:
    """What the data says of the library, read from the data alone (:func:`library_links`) and weighed against a
    library in moments (:func:`library_link_problems`): so `review check` keeps it while the data is unchanged,
    whatever happens to the library."""

    present: bool = False  # the review has data
    complete: bool = False  # every data file was read and every record and finding is valid
    sources_readable: bool = False
    cites: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # path -> (finding, key, line)
    records: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (path, line) of each valid record
    invalid_records: set[str] = field(default_factory=set)

    @property
    def used_keys(self) -> set[str]:
        """The keys the records and findings use."""
        return set(self.records) | {key for cited in self.cites.values() for _, key, _ in cited}


def library_links(evidence: Evidence) -> LibraryLinks:
    if not evidence.present:
        return LibraryLinks()
    cites: dict[str, list[tuple[str, str, int]]] = {}
    for finding in evidence.findings:
        for source in finding.sources:
            cites.setdefault(source.place.path, []).append((finding.id, source.key, source.place.line))
    return LibraryLinks(
        present=True,
        complete=evidence.complete,
        sources_readable="sources" not in evidence.unreadable,
        cites=cites,
        records={key: (place.path, place.line) for key, place in evidence.record_places.items()
                 if key in evidence.records},
        invalid_records=set(evidence.invalid_records))


def library_link_problems(links: LibraryLinks, library: LibraryIndex) -> list[Diagnostic]:
    """Every key the data names that the library lacks, and every library entry without a record."""
    found: list[Diagnostic] = []
    if not links.present:
        return found
    library_keys = set(library.places)
    known_keys = library_keys | library.set_aside  # an entry set aside reports its own problems
    for path, cited in links.cites.items():
        for finding, key, line in cited:
            if key not in known_keys:
                found.append(problem(path, line, "data.unknown_source",
                                     f"finding '{finding}' cites '{key}', which is not in the library"))
            elif key not in links.records and key not in links.invalid_records and links.sources_readable:
                found.append(problem(path, line, "data.missing_record",
                                     f"finding '{finding}' cites '{key}', which has no record in sources.yml"))
    for key, (path, line) in links.records.items():
        if key not in known_keys:
            found.append(problem(path, line, "data.record_without_entry",
                                 f"the record '{key}' has no entry in the library; add it to a .bib file or "
                                 f"remove the record"))
    for key in sorted(library_keys - set(links.records) - links.invalid_records) if links.sources_readable else ():
        path, line = library.places[key]
        found.append(problem(path, line, "data.missing_record",
                             f"the library entry '{key}' has no record in sources.yml; add one under the key "
                             f"'{key}'"))
    return found


def check_data_references(evidence: Evidence, docs_dir: Path, diagnostics: Diagnostics) -> None:
    """Every reference within the data and from it to the chapters: terms, areas; not to the library."""
    if not evidence.present:
        return
    record_facets = [id for id, _ in evidence.facets_on("records")]
    uses = [use for finding in evidence.findings for use in finding_uses(finding)]
    for key, record in evidence.records.items():
        uses += record_uses(key, record, evidence.record_places[key], evidence.record_field_lines[key], record_facets)
    diagnostics.extend(term_problems(evidence, uses, evidence.complete))
    diagnostics.extend(chapter_problems(evidence, docs_dir))


def finding_uses(finding: Finding) -> list[Use]:
    """Every term a finding names, where, and whose it is (for the message)."""
    owner = f"finding '{finding.id}'"

    def use(kind: str, id: str, name: str) -> Use:
        place = finding.at(name)
        return kind, id, place.path, place.line, owner

    uses = [use("areas", finding.area, "area"), use("directions", finding.direction, "direction")]
    uses += [use("levels", level, "levels") for level in finding.levels]
    uses += [use("programmes", programme, "programmes") for programme in finding.programmes]
    uses += [use(facet, id, facet) for facet, ids in finding.facets.items() for id in ids]
    return uses


def record_uses(key: str, record: dict, place: Place, lines: dict[str, int], facets: list[str]) -> list[Use]:
    """Every term a record names (its type, programmes, countries and the review's own facets)."""
    owner = f"the record '{key}'"
    uses: list[Use] = []
    if record.get("document_type"):
        uses.append(("document_types", record["document_type"], place.path, lines["document_type"], owner))
    for name, kind in (("programmes", "programmes"), ("countries", "countries"), *((id, id) for id in facets)):
        uses += [(kind, id, place.path, lines[name], owner) for id in record.get(name) or []]
    return uses


def term_problems(evidence: Evidence, uses: Iterable[Use], complete: bool) -> list[Diagnostic]:
    """Every term used that the vocabulary lacks and, when every record and finding could be read, every term of
    the vocabulary that nothing uses."""
    kinds = VOCABULARY_KINDS + tuple(evidence.facets)
    singular = {**SINGULAR, **{id: facet["label"].lower() for id, facet in evidence.facets.items()}}
    used: dict[str, set[str]] = {kind: set() for kind in kinds}
    found = []
    for kind, id, path, line, owner in uses:
        used[kind].add(id)
        if "vocabulary" not in evidence.unreadable and id not in evidence.vocabulary[kind]:
            choices = ", ".join(sorted(evidence.vocabulary[kind])) or "(none defined)"
            found.append(problem(path, line, "data.unknown_term",
                                 f"{owner} uses the {singular.get(kind, kind)} '{id}', which is not in the "
                                 f"vocabulary; the {kind.replace('_', ' ')} are: {choices}"))
    for kind in kinds if complete else ():
        for id in sorted(set(evidence.vocabulary[kind]) - used[kind]):
            place = evidence.term_places[(kind, id)]
            found.append(problem(place.path, place.line, "data.unused_term",
                                 f"the {singular.get(kind, kind)} '{id}' is not used by any record or finding"))
    return found


def chapter_problems(evidence: Evidence, docs_dir: Path) -> list[Diagnostic]:
    found = []
    for id, area in evidence.vocabulary["areas"].items():
        if not (docs_dir / area["chapter"]).is_file():
            place = evidence.term_places[("areas", id)]
            found.append(problem(place.path, place.line, "data.missing_chapter",
                                 f"area '{id}' names the chapter '{area['chapter']}', which is not in the docs "
                                 f"folder"))
    return found


def records_nothing_uses(links: LibraryLinks, library: LibraryIndex, cited_keys: set[str]) -> list[Diagnostic]:
    """A record of a library entry that no page cites and no finding uses is reported (data.unused_record)."""
    if not links.present or not links.complete:
        return []
    supported = {key for cited in links.cites.values() for _, key, _ in cited}
    return [problem(path, line, "data.unused_record", f"the record '{key}' is cited by no page and supports no "
                                                      f"finding")
            for key, (path, line) in links.records.items()
            if key in library.places and key not in supported and key not in cited_keys]
