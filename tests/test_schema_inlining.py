"""The schemas' local references are written out before validation (evidence/model.py, inline_local_refs), for
speed: every error, its place, its words and its order must stay what jsonschema gives with the references."""

import copy
import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

from harness import SITES
from review_publisher.evidence.model import inline_local_refs, schema_check
from review_publisher.evidence.schema_messages import explain
from review_publisher.evidence.strict_yaml import load_yaml

DATA = SITES / "evidence_tables" / "data"
DOCUMENTS = {"sources": DATA / "sources.yml", "findings": DATA / "findings" / "all.yml",
             "vocabulary": DATA / "vocabulary.yml"}
BAD_VALUES = [None, 5, 2.5, True, "", "Not An Id", "yes", "x" * 4001, [], ["a", "a"], [5], {}, {"extra": 1},
              [{"url": "ftp://nowhere"}]]


def with_references(name: str) -> Draft202012Validator:
    text = resources.files("review_publisher.evidence").joinpath("schemas", f"{name}.schema.json").read_text()
    return Draft202012Validator(json.loads(text))


def errors(validator, document) -> list[tuple[list, str]]:
    return [(list(error.absolute_path), explain(error)) for error in validator.iter_errors(document)]


def places(value, path=()):
    """Every path into a document: mappings' keys and lists' items, the document itself first."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, path + (index,))


def replaced(document, path, value):
    changed = copy.deepcopy(document)
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_bad_value_anywhere_gives_the_same_errors(name):
    document = load_yaml(DOCUMENTS[name].read_text(encoding="utf-8")).data
    original, inlined = with_references(name), schema_check(name).exact
    # Nothing is left to resolve outside the definitions themselves (the findings' schema has no reference).
    assert "$ref" not in json.dumps({key: value for key, value in inlined.schema.items() if key != "$defs"})
    compared = 0
    for path in [path for path in places(document) if path]:
        for value in BAD_VALUES:
            planted = replaced(document, path, value)
            assert errors(inlined, planted) == errors(original, planted), (path, value)
            compared += bool(errors(original, planted))
    assert compared > 50  # the mutations did find errors to compare


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_an_unknown_key_in_every_mapping_gives_the_same_errors(name):
    document = load_yaml(DOCUMENTS[name].read_text(encoding="utf-8")).data
    original, inlined = with_references(name), schema_check(name).exact
    mappings = [path for path in places(document) if path and isinstance(_at(document, path), dict)]
    assert mappings
    for path in mappings:
        planted = replaced(document, path, {**_at(document, path), "unknown_key": "x"})
        assert errors(inlined, planted) == errors(original, planted) != []


def _at(document, path):
    for part in path:
        document = document[part]
    return document


def test_a_definition_that_refers_to_itself_stays_a_reference():
    schema = {"$defs": {"tree": {"type": "object", "properties": {"children": {
        "type": "array", "items": {"$ref": "#/$defs/tree"}}}}},
        "type": "object", "properties": {"root": {"$ref": "#/$defs/tree", "description": "the root"}}}
    inlined = inline_local_refs(schema, schema["$defs"])
    root = inlined["properties"]["root"]
    assert list(root) == ["allOf", "description"]  # the reference's place is kept: errors keep their order
    assert root["allOf"][0]["properties"]["children"]["items"] == {"$ref": "#/$defs/tree"}
    bad = {"root": {"children": [{"children": [{"children": 5}]}]}}
    assert errors(Draft202012Validator(inlined), bad) == errors(Draft202012Validator(schema), bad) != []
