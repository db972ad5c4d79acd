"""Citation syntax: pandoc forms become macro calls; macro arguments become citations or located errors."""

import pytest

from macros.citations import (CitationSyntaxError, CiteItem, citation_from_call, headings,
                              rewrite_pandoc_citations, section_at)


@pytest.mark.parametrize("markdown, rewritten", [
    ("As shown [@allum2019].", 'As shown {{ cite("allum2019") }}.'),
    ("[@a; @b]", '{{ cite("a", "b") }}'),
    ("[@key, p. 12]", '{{ cite("key", locators=["p. 12"]) }}'),
    ("[see @a, ch. 3; @b]", '{{ cite("a", "b", locators=["ch. 3", ""], prefixes=["see", ""]) }}'),
    ("[@a and elsewhere]", '{{ cite("a", suffixes=["and elsewhere"]) }}'),
    ("@allum2019 argues", '{{ citet("allum2019") }} argues'),
    ("@allum2019 [p. 3] argues", '{{ citet("allum2019", locator="p. 3") }} argues'),
    ("End of sentence @allum2019.", 'End of sentence {{ citet("allum2019") }}.'),
    ('[@a, p. "12"]', '{{ cite("a", locators=["p. \\"12\\""]) }}'),
    ("Tjønneland [@tjonneland2016, s. 5]", 'Tjønneland {{ cite("tjonneland2016", locators=["s. 5"]) }}'),
])
def test_pandoc_citations_become_macro_calls(markdown, rewritten):
    result = rewrite_pandoc_citations(markdown)
    assert (result.text, result.problems) == (rewritten, [])


@pytest.mark.parametrize("markdown", [
    "Write to editor@example.org.",
    "[editor@example.org](mailto:editor@example.org)",
    "<https://example.org/@team> and https://example.org/@team",
    "Inline `[@code]` stays.",
    "```\n[@fenced] @code\n```",
    "~~~md\n@x\n~~~",
    '{{ cite("a", prefix="see @b") }}',
    "[a link](@target)",
    "[not a citation]",
    "\\@escaped",
    "<span data-x=\"@a\">",
])
def test_other_uses_of_at_are_left_alone(markdown):
    result = rewrite_pandoc_citations(markdown)
    assert (result.text, result.problems) == (markdown, [])


@pytest.mark.parametrize("markdown, line, words", [
    ("[@]", 1, "empty key"),
    ("a\n\n[@a, ]", 3, "no locator"),
    ("[see also; @a]", 1, "has no @key"),
    ("[-@a]", 1, "not supported"),
])
def test_malformed_pandoc_citations(markdown, line, words):
    result = rewrite_pandoc_citations(markdown)
    ((found_line, message),) = result.problems
    assert found_line == line and words in message


def test_lines_are_kept():
    text = "one [@a]\ntwo\n```\n[@b]\n```\nsix @c"
    assert rewrite_pandoc_citations(text).text.count("\n") == text.count("\n")


def test_macro_arguments():
    citation = citation_from_call("cite", ("a", "b"), {"page": "12", "prefix": "see"})
    assert citation.items == (CiteItem("a", "", "see", ""), CiteItem("b", "p. 12", "", ""))
    assert not citation.narrative
    narrative = citation_from_call("citet", ("a",), {"locator": "ch. 3"})
    assert narrative.narrative and narrative.items == (CiteItem("a", "ch. 3"),)
    assert citation_from_call("cite", ("a",), {"page": "12-15"}).items[0].locator == "pp. 12–15"


@pytest.mark.parametrize("name, args, kwargs, words", [
    ("cite", (), {}, "at least one key"),
    ("cite", ("",), {}, "not a citation key"),
    ("cite", ("a b",), {}, "not a citation key"),
    ("cite", (12,), {}, "not a citation key"),
    ("citet", ("a", "b"), {}, "exactly one key"),
    ("cite", ("a",), {"page": "1", "locator": "ch. 2"}, "not both"),
    ("cite", ("a",), {"page": ""}, "non-empty"),
    ("cite", ("a",), {"pages": "1"}, "does not take pages"),
    ("cite", ("a", "b"), {"locators": ["1"]}, "one per key"),
])
def test_bad_macro_arguments(name, args, kwargs, words):
    with pytest.raises(CitationSyntaxError, match=words):
        citation_from_call(name, args, kwargs)


def test_sections_come_from_headings_outside_code():
    text = "# Title\n\n## Results {#results}\n\n```\n# not a heading\n```\ntext\n"
    found = headings(text)
    assert found == [(1, 1, "Title"), (3, 2, "Results")]
    assert section_at(found, 8) == "Results" and section_at(found, 2) == "Title"
