"""Every field of a source record and of a finding, given the wrong shape (a list where text is expected, text
where a list is, a mapping, null, a number), gives a located message in plain words, never a crash."""

import pytest

from test_evidence_validation import project_from

WRONG_SHAPES = {"a list": "[Turkey, Norway]", "text": "Turkey", "a mapping": "{name: Turkey}", "null": "null",
                "a number": "42"}
RECORD_FIELDS = {"document_type": "review", "programmes": "null", "countries": "null", "period": "null",
                 "method": "Desk review", "commissioner": "Norec", "summary": "The review.",
                 "review_relation": "the-review"}
FINDING_FIELDS = {"statement": "Youth exchanges chiefly benefit the participants.", "area": "participants",
                  "levels": "[individual]", "direction": "barrier", "programmes": "[youth]"}


def _cases():
    for field, written in RECORD_FIELDS.items():
        for shape, value in WRONG_SHAPES.items():
            yield "data/sources.yml", f"  {field}: {written}\n", f"  {field}: {value}\n", field, shape
    for field, written in FINDING_FIELDS.items():
        for shape, value in WRONG_SHAPES.items():
            yield "data/findings/all.yml", f"    {field}: {written}\n", f"    {field}: {value}\n", field, shape


@pytest.mark.parametrize("file, old, new, field, shape", list(_cases()))
def test_a_field_of_the_wrong_shape_is_a_located_message(tmp_path, file, old, new, field, shape):
    project = project_from(tmp_path, [(file, old, new)])
    messages = [d for d in project.diagnostics if d.path == file]
    if not messages:  # some shapes are right for some fields: null for a field that may be unknown, text for text
        return
    for message in messages:
        assert message.id != "content.unexpected", str(message)
        assert message.line > 1 or field == "document_type", str(message)
        assert "Traceback" not in message.message and "is not valid under any of the given schemas" not in \
            message.message, str(message)


def test_a_country_name_where_a_code_is_expected_says_what_to_write(tmp_path):
    project = project_from(tmp_path, [("data/sources.yml", "  countries: [NO, TZ]\n", "  countries: [Turkey]\n")])
    (message,) = [d for d in project.diagnostics if d.path == "data/sources.yml"]
    assert "countries" in message.message and "TR" in message.message and "'Turkey'" in message.message
