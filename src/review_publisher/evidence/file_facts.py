"""What each data file gives the checks that span files, kept by `review check` while the file is unchanged.

A check of the data weighs every finding against the others (an id used twice), every term against the
vocabulary (one not in it, one nothing uses) and every key against the library. At 10,000 sources the data is
30,000 findings: building the review's model from every file again, after one file was edited, took longer than
the check is allowed. So the check keeps, for each file, what those checks read of it (:class:`FileFacts`: each
finding's id, the terms and keys it names and where; each record's key and terms), under a key of the file's
bytes, name and facets, and puts the facts of all files together on every run (:func:`put_together`). The build
weighs its model with the same functions (:mod:`review_publisher.evidence.references`); a test compares the two
on every tiny site, after edits to each kind of file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review_publisher.diagnostics import Diagnostic, from_stored, stored_form
from review_publisher.evidence.model import Evidence, Place, duplicate_finding, findings_of
from review_publisher.evidence.references import (
    LibraryLinks,
    Use,
    chapter_problems,
    finding_uses,
    record_uses,
    term_problems,
)
from review_publisher.evidence.strict_yaml import LoadedYaml

TABLE = "data-facts"

Term = tuple[str, str, int]  # a term named: (kind, term id, line)
# (id, line, terms it names, keys it cites as (key, line)) for a finding; (key, line, terms) for a record
FindingFacts = tuple[str, int, list[Term], list[tuple[str, int]]]
RecordFacts = tuple[str, int, list[Term]]


@dataclass
class FileFacts:
    schema: str  # "sources" or "findings"
    path: str  # as messages give it
    readable: bool
    problems: list[Diagnostic]  # the file's own (YAML, schema)
    findings: list[FindingFacts] = field(default_factory=list)  # every valid finding, a repeated id included
    records: list[RecordFacts] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # findings' ids or records' keys that failed the schema


def facts_of(schema: str, path: str, loaded: LoadedYaml | None, problems: list[Diagnostic],
             facets: tuple[str, ...]) -> FileFacts:
    """The facts of one file from its reading (``facets``: the review's own facets this kind of file carries)."""
    facts = FileFacts(schema, path, loaded is not None, list(problems))
    if loaded is None:
        return facts
    if schema == "findings":
        invalid: set[str] = set()
        for finding in findings_of(loaded, path, facets, invalid):
            cites = [(ref.key, ref.place.line) for ref in finding.sources]
            facts.findings.append((finding.id, finding.place.line, _terms(finding_uses(finding)), cites))
        facts.invalid = sorted(invalid)
        return facts
    for key, record in (loaded.data or {}).items():
        if (key,) in loaded.invalid:
            facts.invalid.append(key)
            continue
        place = Place(path, loaded.lines[(key,)])
        lines = {name: loaded.lines[(key, name)] for name in record}
        facts.records.append((key, place.line, _terms(record_uses(key, record, place, lines, list(facets)))))
    return facts


def put_together(vocabulary: Evidence, files: list[FileFacts], docs_dir: Path) -> tuple[list[Diagnostic],
                                                                                          LibraryLinks]:
    """The problems that span files, and what the data says of the library, from the vocabulary (read as
    :func:`review_publisher.evidence.model.read_vocabulary` reads it) and the facts of every other file, in the
    order the loader reads them. The same as loading the model and weighing it (a test holds them to that)."""
    if not vocabulary.present:
        return [], LibraryLinks()
    found: list[Diagnostic] = []
    uses: list[Use] = []
    links = LibraryLinks(present=True, sources_readable=True)
    seen: dict[str, Place] = {}
    unreadable, invalid_findings = set(vocabulary.unreadable), False
    for facts in files:
        if not facts.readable:
            unreadable.add(facts.schema)
            continue
        if facts.schema == "sources":
            links.invalid_records.update(facts.invalid)
            for key, line, used in facts.records:
                links.records[key] = (facts.path, line)
                owner = f"the record '{key}'"
                uses += [(kind, id, facts.path, at, owner) for kind, id, at in used]
            continue
        invalid_findings = invalid_findings or bool(facts.invalid)
        for id, line, used, cites in facts.findings:
            duplicate = duplicate_finding(seen, id, Place(facts.path, line))
            if duplicate is not None:
                found.append(duplicate)
                continue
            owner = f"finding '{id}'"
            uses += [(kind, term, facts.path, at, owner) for kind, term, at in used]
            links.cites.setdefault(facts.path, []).extend((id, key, cited) for key, cited in cites)
    links.sources_readable = "sources" not in unreadable
    links.complete = not unreadable and not links.invalid_records and not invalid_findings
    found += term_problems(vocabulary, uses, links.complete)
    found += chapter_problems(vocabulary, docs_dir)
    return found, links


def encoded(facts: FileFacts) -> str:
    """The facts as one JSON text: the table then holds one string per file, which it writes back as it is (a
    table of nested lists took the JSON encoder 0.3 s at 10,000 sources, after every data edit)."""
    return json.dumps([facts.schema, facts.path, facts.readable,
                       [stored_form(found) for found in facts.problems],
                       facts.findings, facts.records, facts.invalid], ensure_ascii=False, separators=(",", ":"))


def decoded(stored: Any) -> FileFacts | None:
    """Kept facts, or None for anything this module does not write (a damaged cache only costs time)."""
    try:
        schema, path, readable, problems, findings, records, invalid = json.loads(stored)
        facts = FileFacts(schema, path, readable,
                          [from_stored(found) for found in problems],
                          [(id, line, _uses(used), [(key, cited) for key, cited in cites])
                           for id, line, used, cites in findings],
                          [(key, line, _uses(used)) for key, line, used in records], list(invalid))
    except (TypeError, ValueError):
        return None
    texts = [facts.schema, facts.path, *facts.invalid] + [item[0] for item in facts.findings + facts.records] + [
        key for item in facts.findings for key, _ in item[3]]
    numbers = [item[1] for item in facts.findings + facts.records] + [
        line for item in facts.findings for _, line in item[3]]
    if not (all(isinstance(text, str) for text in texts) and all(type(n) is int for n in numbers)
            and type(readable) is bool):
        return None
    return facts


def _terms(uses: list[Use]) -> list[Term]:
    """The uses of one finding or record without what they all share (the file, whose they are)."""
    return [(kind, id, line) for kind, id, _, line, _ in uses]


def _uses(stored: Any) -> list[Term]:
    terms = []
    for kind, id, line in stored:
        if not (isinstance(kind, str) and isinstance(id, str) and type(line) is int):
            raise ValueError("not a kept term")
        terms.append((kind, id, line))
    return terms
