"""The quick schema check (jsonschema-rs) may only spare work, never hide an error (evidence/schema_check.py):
whatever jsonschema rejects, it must reject too. Bad values are planted at every place of real documents (the
Norec review's data, a second review's with a facet of its own, the tiny evidence site's), and each planted
document the quick check passes must have no error at all for jsonschema."""

from pathlib import Path

import pytest

from harness import ROOT, SITES
from review_publisher.diagnostics import Diagnostics
from review_publisher.evidence.model import _read, schema_check
from review_publisher.evidence.strict_yaml import load_yaml
from test_schema_inlining import places, replaced

SECOND = SITES / "second_review" / "data"
TINY = SITES / "evidence_tables" / "data"
DOCUMENTS = [
    ("sources", (), ROOT / "data" / "sources.yml"),
    ("findings", (), ROOT / "data" / "findings" / "participants.yml"),
    ("vocabulary", (), ROOT / "data" / "vocabulary.yml"),
    ("sources", ("methods",), SECOND / "sources.yml"),
    ("findings", ("methods",), SECOND / "findings" / "committees.yml"),
    ("vocabulary", (), SECOND / "vocabulary.yml"),
    ("findings", (), TINY / "findings" / "all.yml"),
]
# Wrong types, empty and overlong text, YAML 1.1 words, ids and codes with a trailing newline, a space or
# control characters (Python's \s and Rust's differ on 0x1C-0x1F), addresses that are not, repeated items,
# numbers JSON has trouble with, and values jsonschema-rs cannot take at all (a lone surrogate).
BAD_VALUES = [None, 5, 2.5, 1.0, -0, 10**30, True, "", " ", "yes", "Not An Id", "an-id\n", "TR\n", "tr", "TRY",
              "x" * 4001, "\u00e9" * 4001, "https://a\x1cb", "https://a\x1fb", "https://a\x7fb", "https://a\u00a0b",
              "https://a b", "ftp://nowhere", "doi:", "\ud800", [], [None], ["a", "a"], [5], [["a"]], [{}], {},
              {"extra": 1}, {"url": "https://a\x1db"}, [{"url": "ftp://nowhere"}], [{"key": ""}], [{"key": 5}]]


@pytest.mark.parametrize(("schema", "facets", "path"), DOCUMENTS,
                         ids=[f"{schema}:{path.relative_to(ROOT)}" for schema, _, path in DOCUMENTS])
def test_what_the_quick_check_passes_jsonschema_passes_too(schema, facets, path):
    document = load_yaml(path.read_text(encoding="utf-8")).data
    check = schema_check(schema, facets)
    assert check.passes_quickly(document), "a valid document takes the quick way: else nothing is spared"
    rejected = 0
    for place in [place for place in places(document) if place]:
        for value in BAD_VALUES + [{"unknown_key": "x"}]:
            changed = replaced(document, place, value)
            if check.passes_quickly(changed):
                assert list(check.exact.iter_errors(changed)) == [], (place, value)
            else:
                rejected += 1
    assert rejected > 100  # the planted values did reach what the schema checks


def test_an_unknown_key_in_every_mapping_is_rejected_quickly():
    document = load_yaml((ROOT / "data" / "sources.yml").read_text(encoding="utf-8")).data
    check = schema_check("sources")
    for key in document:
        assert not check.passes_quickly({**document, key: {**document[key], "unknown_key": "x"}}), key


def test_what_the_quick_check_cannot_take_gets_jsonschemas_errors():
    check = schema_check("findings")
    document = {"findings": [{"id": "\ud800", "statement": "x", "area": "x", "levels": ["y"], "direction": "z",
                              "sources": [{"key": "k"}]}]}
    assert not check.passes_quickly(document)  # jsonschema-rs cannot match a lone surrogate: it is not UTF-8
    assert [error.validator for error in check.errors(document)] == ["pattern"]
    document["findings"][0]["id"] = "a"
    document["findings"][0]["levels"] = ["y", "y"]
    assert [error.validator for error in check.errors(document)] == ["uniqueItems"]


def test_a_file_with_errors_reports_them_all_in_their_places(tmp_path: Path):
    (tmp_path / "sources.yml").write_text(
        "a:\n  summary: ''\n  countries: [TR, turkey]\n"
        "b:\n  summary: Fine.\n  original: \"https://example.org/\\x1c\"\n", encoding="utf-8")
    found = Diagnostics()
    loaded = _read(tmp_path / "sources.yml", "sources", lambda path: path.name, found)
    assert [(problem.line, problem.id) for problem in found] == [(2, "data.schema"), (3, "data.schema"),
                                                                 (6, "data.schema")]
    assert "countries[1]" in list(found)[1].message and "control characters" in list(found)[2].message
    assert loaded.invalid == {("a",), ("b",)}
