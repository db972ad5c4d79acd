"""Evidence data: each bad input, planted in a copy of a small valid review, gives its id at its place."""

import shutil

import pytest

from harness import SITES
from review_publisher.project import load_project
from review_publisher.settings import ProjectSettings

MARKERS = {"comment_start_string": "{##", "comment_end_string": "##}"}


def project_from(tmp_path, edits=(), cache=None):
    """Load a copy of tests/sites/evidence_tables after replacing text in its files: (file, old, new)."""
    root = tmp_path / "review"
    shutil.copytree(SITES / "evidence_tables", root)
    for name, old, new in edits:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    settings = ProjectSettings(root=root, config_file=root / "mkdocs.yml", docs_dir=root / "docs",
                               bibliography_dir=root / "bibliography", data_dir=root / "data", markers=MARKERS)
    return load_project(settings, cache=cache)


def located(project):
    return sorted((d.path, d.line, d.id) for d in project.diagnostics)


def test_the_small_review_is_valid(tmp_path):
    project = project_from(tmp_path)
    assert located(project) == []
    assert [f.id for f in project.evidence.findings] == ["south-south-power", "youth-benefit"]


SOURCES, FINDINGS, VOCABULARY = "data/sources.yml", "data/findings/all.yml", "data/vocabulary.yml"


@pytest.mark.parametrize("edit, where", [
    # Cross-references.
    ((FINDINGS, "      - key: tjonneland2016", "      - key: tjonneland2061"),
     (FINDINGS, 18, "data.unknown_source")),
    ((FINDINGS, "    area: participants", "    area: partcipants"), (FINDINGS, 13, "data.unknown_term")),
    ((FINDINGS, "    levels: [individual]", "    levels: [individual, society]"), (FINDINGS, 14, "data.unknown_term")),
    ((FINDINGS, "    direction: barrier", "    direction: negative"), (FINDINGS, 15, "data.unknown_term")),
    ((SOURCES, "  countries: [NO, TZ]", "  countries: [NO, TZ, XX]"), (SOURCES, 16, "data.unknown_term")),
    ((SOURCES, "  document_type: evaluation", "  document_type: evalution"), (SOURCES, 14, "data.unknown_term")),
    ((FINDINGS, "  - id: youth-benefit", "  - id: south-south-power"), (FINDINGS, 11, "data.duplicate_id")),
    ((VOCABULARY, "  - id: youth\n", "  - id: south-south\n"), (VOCABULARY, 16, "data.duplicate_id")),
    ((VOCABULARY, "    chapter: index.md\n  - id: participants", "    chapter: missing.md\n  - id: participants"),
     (VOCABULARY, 2, "data.missing_chapter")),
    ((SOURCES, "tjonneland2016:", "tjonneland2017:"), (SOURCES, 13, "data.record_without_entry")),
    # Schema.
    ((FINDINGS, "    sources:\n      - key: allum2019\n        locator: p. 12", "    sources: []"),
     (FINDINGS, 8, "data.schema")),
    ((SOURCES, "  review_relation: in-scope", "  review_relation: yes"), (SOURCES, 21, "data.schema")),
    ((SOURCES, "  period: 2006–2015", "  period: 2006"), (SOURCES, 17, "data.schema")),
    ((SOURCES, "      facts: title\ntjonneland2016", "      facts: title\n      date: 2019-01-01\ntjonneland2016"),
     (SOURCES, 13, "data.schema")),
    ((SOURCES, "    - url: https://norad.no", "    - url: javascript:alert(1)//norad.no"),
     (SOURCES, 23, "data.schema")),
    # Loading.
    ((FINDINGS, "    direction: enabler", "    direction: enabler\n    direction: barrier"),
     (FINDINGS, 7, "data.duplicate_key")),
    ((FINDINGS, "    levels: [partner]", "    levels: &l [partner]"), (FINDINGS, 5, "data.yaml_alias")),
    ((SOURCES, "  method: Desk review", "  method:\tDesk review"), (SOURCES, 6, "data.yaml_tab")),
])
def test_each_bad_input_is_located(tmp_path, edit, where):
    project = project_from(tmp_path, [edit])
    assert where in located(project), project.diagnostics.report()
    assert project.diagnostics.errors


def test_unused_terms_and_records_are_notes(tmp_path):
    project = project_from(tmp_path, [
        (VOCABULARY, "  - id: youth\n    label: Youth exchange\n",
         "  - id: youth\n    label: Youth exchange\n  - id: senior\n    label: Senior exchange\n"),
        (FINDINGS, "      - key: tjonneland2016\n", ""),
        ("docs/index.md", '{{ sources_table(type="evaluation") }}', ""),
        ("docs/index.md", '{{ sources_table(programme="youth") }}', "")])
    assert [(d.line, d.id) for d in project.diagnostics.notes] == [(13, "data.unused_record"),
                                                                   (18, "data.unused_term")]
    assert project.diagnostics.warnings == [], "notes never stop a strict build"
    assert project.diagnostics.errors == []


def test_yaml_1_1_boolean_gets_a_hint(tmp_path):
    project = project_from(tmp_path, [(SOURCES, "  review_relation: in-scope", "  review_relation: no")])
    (found,) = project.diagnostics.errors
    assert "'no' is not one of" in found.message


def test_bad_utf8_in_data_names_the_file(tmp_path):
    project = project_from(tmp_path)
    root = project.settings.root
    (root / FINDINGS).write_bytes("findings:\n  - id: caf\u00e9\n".encode("latin-1"))
    project = load_project(project.settings)
    assert (FINDINGS, 2, "file.not_utf8") in located(project)


def test_every_planted_error_is_reported_in_one_run(tmp_path):
    project = project_from(tmp_path, [
        (FINDINGS, "      - key: tjonneland2016", "      - key: tjonneland2061"),
        (FINDINGS, "    area: participants", "    area: partcipants"),
        (SOURCES, "  countries: [NO, TZ]", "  countries: [NO, TZ, XX]"),
        ("docs/index.md", '{{ findings(area="partner-learning") }}', '{{ findings(area="partner") }}'),
        ("docs/index.md", '{{ finding("youth-benefit") }}', '{{ finding("youth-benefits") }}'),
        ("docs/index.md", '{{ sources_table(type="evaluation") }}', '{{ sources_table(kind="evaluation") }}'),
    ])
    assert sorted((d.path, d.line, d.id) for d in project.diagnostics.errors) == [
        (FINDINGS, 13, "data.unknown_term"),
        (FINDINGS, 18, "data.unknown_source"),
        (SOURCES, 16, "data.unknown_term"),
        ("docs/index.md", 9, "macro.bad_argument"),
        ("docs/index.md", 13, "macro.bad_argument"),
        ("docs/index.md", 17, "macro.bad_argument"),
    ]
    messages = {d.id + ": " + d.message for d in project.diagnostics}
    assert any("findings(area='partner'): no such area; the choices are: participants, partner-learning" in m
               for m in messages)
    assert any("finding 'youth-benefit' cites 'tjonneland2061', which is not in the library" in m
               for m in messages)


def test_a_data_folder_without_its_vocabulary_or_records_names_each_missing_file(tmp_path):
    root = tmp_path / "review"
    shutil.copytree(SITES / "evidence_tables", root)
    (root / "data" / "vocabulary.yml").unlink()
    (root / "data" / "sources.yml").unlink()
    settings = ProjectSettings(root=root, config_file=root / "mkdocs.yml", docs_dir=root / "docs",
                               bibliography_dir=root / "bibliography", data_dir=root / "data", markers=MARKERS)
    found = located(load_project(settings))
    assert ("data/vocabulary.yml", 1, "data.missing_file") in found
    assert ("data/sources.yml", 1, "data.missing_file") in found

