"""The evidence data: vocabularies, source records and findings, loaded strictly and checked against the schemas.

Files, below the data folder:
- ``vocabulary.yml``: areas (each with its chapter), levels, programmes, document types, directions, countries;
- ``sources.yml``: one record per BibTeX key;
- ``findings/*.yml``: findings, each with its sources.
Each file is validated with its JSON Schema from ``evidence/schemas/``; cross-references are checked by
:mod:`review_publisher.evidence.references`. Every problem is located in its file and line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.diagnostics import Diagnostic, Diagnostics, problem
from review_publisher.evidence.reading_cache import remembered_reading
from review_publisher.evidence.schema_check import SchemaCheck
from review_publisher.evidence.schema_messages import explain, extra_key
from review_publisher.evidence.strict_yaml import LoadedYaml, load_yaml
from review_publisher.files import ReadCache, cached_by_file, content_files, guarded, read_text
from review_publisher.texts import NOT_KNOWN

VOCABULARY_KINDS = ("areas", "levels", "programmes", "document_types", "directions", "countries")
# Fields of records and findings, which a facet of the review's own may not take as its name.
RESERVED_FIELDS = frozenset({"document_type", "programmes", "countries", "period", "method", "commissioner", "summary",
                             "review_relation", "original", "provenance", "copies", "no_finding", "notes", "id",
                             "statement", "area", "levels", "direction", "sources"})
# Record fields whose values come from a vocabulary list.
RECORD_VOCABULARIES = {"document_type": "document_types", "programmes": "programmes", "countries": "countries"}
SINGULAR = {"areas": "area", "levels": "level", "programmes": "programme", "document_types": "document type",
            "directions": "direction", "countries": "country"}


@cache
def schema_check(name: str, facets: tuple[str, ...] = ()) -> SchemaCheck:
    """The check of ``evidence/schemas/<name>.schema.json`` (the same files editors and pre-commit use), with the
    review's own facets (from its vocabulary) as further optional fields of records or findings."""
    schema = resources.files("review_publisher.evidence").joinpath("schemas", f"{name}.schema.json")
    text = schema.read_text(encoding="utf-8")
    schema = json.loads(text)
    if facets:
        terms = {"description": "terms of the review's own facet; null when not known",
                 "oneOf": [{"type": "null"}, {"type": "array", "uniqueItems": True, "items": {"type": "string"}}]}
        target = schema["$defs"]["record"] if name == "sources" else schema["properties"]["findings"]["items"]
        target["properties"].update({facet: terms for facet in facets})
    return SchemaCheck(inline_local_refs(schema, schema.get("$defs", {})))


def inline_local_refs(node, definitions: dict, following: tuple[str, ...] = ()):
    """The schema with each ``{"$ref": "#/$defs/x", ...}`` replaced by the definition itself, or, beside other
    keywords, by ``"allOf": [definition]`` in the reference's place (what $ref means in draft 2020-12).

    The same checks and the same errors in the same order, without jsonschema resolving each reference again for
    every value it meets: a third of validating a large sources.yml went to that. A definition that refers to
    itself, and a reference beside an allOf of its own, are left as they are.
    """
    if isinstance(node, list):
        return [inline_local_refs(item, definitions, following) for item in node]
    if not isinstance(node, dict):
        return node
    reference = node.get("$ref")
    name = reference.removeprefix("#/$defs/") if isinstance(reference, str) else None
    if name is None or name == reference or name not in definitions or name in following or "allOf" in node:
        return {key: inline_local_refs(value, definitions, following) for key, value in node.items()}
    inlined = inline_local_refs(definitions[name], definitions, following + (name,))
    if len(node) == 1:
        return inlined
    return {"allOf" if key == "$ref" else key: [inlined] if key == "$ref" else
            inline_local_refs(value, definitions, following) for key, value in node.items()}


@dataclass(frozen=True)
class Place:
    path: str
    line: int


@dataclass(frozen=True)
class SourceRef:
    key: str
    locator: str
    place: Place


@dataclass
class Finding:
    id: str
    statement: str
    area: str
    levels: list[str]
    direction: str
    programmes: list[str]
    sources: list[SourceRef]
    place: Place
    field_lines: dict[str, int] = field(default_factory=dict)  # the line of each of its keys
    facets: dict[str, list[str]] = field(default_factory=dict)  # the review's own facets: id -> term ids

    def at(self, name: str) -> Place:
        """Where one field of the finding is written."""
        return Place(self.place.path, self.field_lines.get(name, self.place.line))


@dataclass
class Evidence:
    present: bool = False  # False when the review has no data folder
    vocabulary: dict[str, dict[str, dict]] = field(default_factory=lambda: {kind: {} for kind in VOCABULARY_KINDS})
    facets: dict[str, dict] = field(default_factory=dict)  # the review's own lists: id -> {label, on}
    synonyms: list[list[str]] = field(default_factory=list)  # groups of words that search finds for each other
    term_places: dict[tuple[str, str], Place] = field(default_factory=dict)
    records: dict[str, dict] = field(default_factory=dict)
    record_places: dict[str, Place] = field(default_factory=dict)
    record_field_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Files that could not be read at all ("vocabulary", "sources", "findings"): cross-reference checks that
    # would only repeat their problems are skipped. Records and findings that failed their schema are named here.
    unreadable: set[str] = field(default_factory=set)
    invalid_records: set[str] = field(default_factory=set)
    invalid_findings: set[str] = field(default_factory=set)
    _by_id: dict[str, Finding] = field(default_factory=dict, repr=False)
    _by_source: dict[str, list[tuple[Finding, str]]] | None = field(default=None, repr=False)

    @property
    def complete(self) -> bool:
        """Whether every data file was read and every record and finding is valid: only then is a term or record
        that nothing uses known to be unused."""
        return not self.unreadable and not self.invalid_records and not self.invalid_findings

    def facets_on(self, kind: str) -> list[tuple[str, str]]:
        """(id, label) of the review's own facets that records ("records") or findings ("findings") carry."""
        return [(id, facet["label"]) for id, facet in self.facets.items() if kind in facet["on"]]

    def uses(self, name: str) -> bool:
        """Whether this review uses a field of the source records: its vocabulary declares the list the field
        draws on, or some record has the field. A field the review does not use is never shown, so that empty
        data says nothing: not even "not known"."""
        kind = RECORD_VOCABULARIES.get(name)
        if kind and self.vocabulary[kind]:
            return True
        return any(name in record for record in self.records.values())

    def label(self, kind: str, id: str) -> str:
        return self.vocabulary[kind].get(id, {}).get("label", id)

    def finding(self, id: str) -> Finding | None:
        if len(self._by_id) != len(self.findings):
            self._by_id = {finding.id: finding for finding in self.findings}
        return self._by_id.get(id)

    def findings_citing(self, key: str) -> list[tuple[Finding, str]]:
        """(finding, locator) for every finding that cites a key, in the order of the data."""
        if self._by_source is None:  # the evidence does not change once loaded
            self._by_source = {}
            for finding in self.findings:
                for ref in finding.sources:
                    self._by_source.setdefault(ref.key, []).append((finding, ref.locator))
        return self._by_source.get(key, [])


# Told of each data file after the vocabulary as it is read: (path, schema, facets, reading, its own problems).
FileListener = Callable[[Path, str, tuple[str, ...], LoadedYaml | None, list[Diagnostic]], None]


def load_evidence(folder: Path | None, relative: Callable[[Path], str], diagnostics: Diagnostics,
                  cache: ReadCache | None = None, disk: DiskCache | None = None,
                  on_file: FileListener | None = None) -> Evidence:
    evidence = read_vocabulary(folder, relative, diagnostics, cache, disk)
    if not evidence.present:
        return evidence
    assert folder is not None
    for path, schema, facets in data_file_plan(folder, evidence):
        own = Diagnostics()
        loaded = load_data_file(path, schema, relative, own, cache, facets, disk)
        diagnostics.extend(own)
        if on_file is not None:
            on_file(path, schema, facets, loaded, list(own))
        if loaded is None:
            evidence.unreadable.add(schema)
        elif schema == "sources":
            _read_sources(evidence, loaded, relative(path))
        else:
            _read_findings(evidence, loaded, relative(path), diagnostics)
    return evidence


def read_vocabulary(folder: Path | None, relative: Callable[[Path], str], diagnostics: Diagnostics,
                    cache: ReadCache | None = None, disk: DiskCache | None = None) -> Evidence:
    """The review's evidence with its vocabulary alone (its facets say how the other files are read)."""
    evidence = Evidence()
    if folder is None or not folder.is_dir():
        return evidence  # a configured folder that does not exist is reported with the settings
    evidence.present = True
    vocabulary = _load(folder / "vocabulary.yml", "vocabulary", relative, diagnostics, cache, required=True,
                       disk=disk)
    if vocabulary is None:
        evidence.unreadable.add("vocabulary")
    else:
        _read_vocabulary(evidence, vocabulary, relative(folder / "vocabulary.yml"), diagnostics)
    return evidence


def data_file_plan(folder: Path, vocabulary: Evidence) -> list[tuple[Path, str, tuple[str, ...]]]:
    """The data files read after the vocabulary, each as (path, schema, the review's facets it may carry), in
    order: sources.yml, then each file of findings."""
    record_facets = tuple(id for id, _ in vocabulary.facets_on("records"))
    finding_facets = tuple(id for id, _ in vocabulary.facets_on("findings"))
    return [(folder / "sources.yml", "sources", record_facets)] + [
        (file, "findings", finding_facets) for file in content_files(folder / "findings", (".yml", ".yaml"))]


def _read_sources(evidence: Evidence, sources: LoadedYaml, path: str) -> None:
    for key, record in (sources.data or {}).items():
        if (key,) in sources.invalid:
            evidence.invalid_records.add(key)
            continue
        evidence.records[key] = record
        evidence.record_places[key] = Place(path, sources.lines[(key,)])
        evidence.record_field_lines[key] = {name: sources.lines[(key, name)] for name in record}


def load_data_file(path: Path, schema: str, relative, diagnostics: Diagnostics, cache: ReadCache | None = None,
                   facets: tuple[str, ...] = (), disk: DiskCache | None = None) -> LoadedYaml | None:
    """A data file after the vocabulary (sources.yml, which every review needs, or a file of findings)."""
    return _load(path, schema, relative, diagnostics, cache, schema == "sources", facets, disk)


def _load(path: Path, schema: str, relative, diagnostics: Diagnostics, cache: ReadCache | None,
          required: bool = False, facets: tuple[str, ...] = (), disk: DiskCache | None = None) -> LoadedYaml | None:
    """See _read: the same, with the reading kept while the file is unchanged (in memory, for the builds of one
    process) and on disk (for the next build, under a key of the file's bytes)."""
    if not path.is_file():
        return _read(path, schema, relative, diagnostics, required, facets)
    kind = reading_kind(schema, facets)

    def read() -> tuple[LoadedYaml | None, list]:
        return read_data_file(path, schema, relative(path), required, facets)

    def guarded_read():
        return guarded(relative(path), lambda: remembered_reading(disk, kind, path, relative(path), read),
                       lambda message: (None, [message]))

    loaded, problems = cached_by_file(cache, kind, path, guarded_read)
    diagnostics.extend(problems)
    return loaded


def reading_kind(schema: str, facets: tuple[str, ...]) -> str:
    """What a reading of a data file depends on besides its bytes and name: its schema and the review's facets."""
    return f"yaml:{schema}:{','.join(facets)}"


def read_data_file(path: Path, schema: str, shown_as: str, required: bool = False,
                   facets: tuple[str, ...] = ()) -> tuple[LoadedYaml | None, list]:
    """One data file read strictly and checked against its schema, with its own problems (see _read): all it
    depends on are its arguments, so another process can make it (:mod:`review_publisher.check.read_ahead`)."""
    own = Diagnostics()
    return _read(path, schema, lambda _: shown_as, own, required, facets), list(own)


def _read(path: Path, schema: str, relative, diagnostics: Diagnostics, required: bool = False,
          facets: tuple[str, ...] = ()) -> LoadedYaml | None:
    """A YAML file, strictly loaded and checked against its schema; None if it could not be read at all.

    Schema errors are recorded, and the entries that hold them (a record, a finding, a term) are listed in
    ``loaded.invalid`` by their path, so that the rest of the file can still be used and checked.
    """
    shown_as = relative(path)
    if not path.is_file():
        if required:
            diagnostics.add(shown_as, 1, "data.missing_file",
                            f"the data folder has no {path.name}; every review needs one (see CONTRIBUTING)")
        return None
    text = read_text(path, shown_as, diagnostics)
    if text is None:
        return None
    loaded = load_yaml(text)
    for found in loaded.problems:
        diagnostics.add(shown_as, found.line, found.id, found.message)
    if loaded.problems:
        return None
    if loaded.data is None and schema != "vocabulary":
        loaded.data = {"findings": []} if schema == "findings" else {}  # an empty file holds none: legal
    errors = sorted(schema_check(schema, facets).errors(loaded.data),
                    key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        path_parts = tuple(error.absolute_path)
        diagnostics.add(shown_as, loaded.line_of(path_parts + extra_key(error)), "data.schema", explain(error))
        depth = 1 if schema == "sources" else 2  # a record is sources[key]; a term or finding is x[kind][index]
        if len(path_parts) < depth:
            return None  # the file's shape itself is wrong: nothing in it can be trusted
        loaded.invalid.add(path_parts[:depth])
    return loaded


def _read_vocabulary(evidence: Evidence, loaded: LoadedYaml, path: str, diagnostics: Diagnostics) -> None:
    evidence.synonyms = [group for index, group in enumerate(loaded.data.get("synonyms", []))
                         if ("synonyms", index) not in loaded.invalid]
    for index, facet in enumerate(loaded.data.get("facets", [])):
        if ("facets", index) in loaded.invalid:
            continue
        line = loaded.lines[("facets", index)]
        if facet["id"] in RESERVED_FIELDS or facet["id"] in evidence.facets:
            diagnostics.add(path, line, "data.duplicate_id",
                            f"facets: the id '{facet['id']}' is already a field of records or findings, or another "
                            f"facet's; choose another name")
            continue
        evidence.facets[facet["id"]] = {"label": facet["label"], "on": facet["on"]}
        evidence.vocabulary[facet["id"]] = {}
        for number, term in enumerate(facet["terms"]):
            if term["id"] in evidence.vocabulary[facet["id"]]:
                diagnostics.add(path, loaded.lines[("facets", index, "terms", number)], "data.duplicate_id",
                                f"facet {facet['id']}: the id '{term['id']}' is listed twice")
                continue
            evidence.vocabulary[facet["id"]][term["id"]] = term
            evidence.term_places[(facet["id"], term["id"])] = Place(path, loaded.lines[("facets", index, "terms",
                                                                                        number)])
    for kind in VOCABULARY_KINDS:
        for index, term in enumerate(loaded.data.get(kind, [])):
            if (kind, index) in loaded.invalid:
                continue
            line = loaded.lines[(kind, index)]
            if term["id"] in evidence.vocabulary[kind]:
                first = evidence.term_places[(kind, term["id"])]
                diagnostics.add(path, line, "data.duplicate_id",
                                f"{kind}: the id '{term['id']}' is already used on line {first.line}")
                continue
            evidence.vocabulary[kind][term["id"]] = term
            evidence.term_places[(kind, term["id"])] = Place(path, line)


def _read_findings(evidence: Evidence, loaded: LoadedYaml, path: str, diagnostics: Diagnostics) -> None:
    seen = {finding.id: finding.place for finding in evidence.findings}
    facets = tuple(id for id, _ in evidence.facets_on("findings"))
    for finding in findings_of(loaded, path, facets, evidence.invalid_findings):
        duplicate = duplicate_finding(seen, finding.id, finding.place)
        if duplicate is not None:
            diagnostics.extend([duplicate])
            continue
        evidence.findings.append(finding)


def findings_of(loaded: LoadedYaml, path: str, facets: tuple[str, ...], invalid: set[str]) -> list[Finding]:
    """Every valid finding of a file, repeated ids included; the ids of those that failed their schema are added
    to ``invalid``."""
    found = []
    for index, item in enumerate(loaded.data.get("findings", [])):
        if ("findings", index) in loaded.invalid:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                invalid.add(item["id"])
            continue
        place = Place(path, loaded.lines[("findings", index)])
        sources = [SourceRef(ref["key"], ref.get("locator", ""),
                             Place(path, loaded.lines[("findings", index, "sources", number)]))
                   for number, ref in enumerate(item["sources"])]
        field_lines = {name: loaded.lines[("findings", index, name)] for name in item}
        own = {id: item.get(id) or [] for id in facets if id in item}
        found.append(Finding(item["id"], item["statement"], item["area"], item["levels"], item["direction"],
                             item.get("programmes", []), sources, place, field_lines, own))
    return found


def duplicate_finding(seen: dict[str, Place], id: str, place: Place) -> Diagnostic | None:
    """The problem of a finding whose id an earlier one has (it is left out), else None; ``seen`` learns it."""
    first = seen.get(id)
    if first is None:
        seen[id] = place
        return None
    return problem(place.path, place.line, "data.duplicate_id",
                   f"finding '{id}' is already defined at {first.path}:{first.line}")


def record_facts(evidence: Evidence, key: str) -> list[tuple[str, str]]:
    """The appraisal facts of a source as (label, value) pairs, "not known" where the record says null (source
    pages list them all; hover cards leave the unknown ones out), and one line of its summary."""
    record = evidence.records.get(key)
    if record is None:
        return []

    def labels(kind: str, ids: list[str] | None) -> str:
        if ids is None:
            return NOT_KNOWN
        return ", ".join(evidence.label(kind, id) for id in ids) or "none"

    facts = []
    if record.get("document_type"):
        facts.append(("Type", evidence.label("document_types", record["document_type"])))
    for name, label in (("programmes", "Programmes"), ("countries", "Countries")):
        if evidence.uses(name):
            facts.append((label, labels(name, record.get(name))))
    if evidence.uses("method"):
        facts.append(("Method", record.get("method") or NOT_KNOWN))
    for id, label in evidence.facets_on("records"):
        facts.append((label, labels(id, record.get(id))))
    if record.get("summary"):
        facts.append(("About", first_sentence(record["summary"])))
    return facts


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a text, cut at a word boundary if it is long.

    >>> first_sentence("A short report. It says more."), first_sentence("word " * 60)[-6:]
    ('A short report.', 'word …')
    """
    text = " ".join(text.split())
    end = text.find(". ")
    sentence = text[:end + 1] if end != -1 else text
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + " …"

