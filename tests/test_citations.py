"""Citation syntax: pandoc forms become macro calls; macro arguments become citations or located errors."""

import pytest

from review_publisher.content.citations import (
    CitationSyntaxError,
    CiteItem,
    citation_from_call,
    find_pandoc_citations,
    headings,
    replace_pandoc_citations,
    section_at,
)


def parsed(markdown):
    """(start text, keys, locators, prefixes, suffixes, narrative) of each pandoc citation found."""
    found = find_pandoc_citations(markdown)
    assert all(item.problem == "" for item in found), [item.problem for item in found]
    return [(markdown[item.start:item.end], [i.key for i in item.citation.items], [i.locator for i in item.citation.items],
             [i.prefix for i in item.citation.items], [i.suffix for i in item.citation.items], item.citation.narrative)
            for item in found]


@pytest.mark.parametrize("markdown, expected", [
    ("As shown [@allum2019].", [("[@allum2019]", ["allum2019"], [""], [""], [""], False)]),
    ("[@a; @b]", [("[@a; @b]", ["a", "b"], ["", ""], ["", ""], ["", ""], False)]),
    ("[@key, p. 12]", [("[@key, p. 12]", ["key"], ["p. 12"], [""], [""], False)]),
    ("[see @a, ch. 3; @b]", [("[see @a, ch. 3; @b]", ["a", "b"], ["ch. 3", ""], ["see", ""], ["", ""], False)]),
    ("[@a and elsewhere]", [("[@a and elsewhere]", ["a"], [""], [""], ["and elsewhere"], False)]),
    ("@allum2019 argues", [("@allum2019", ["allum2019"], [""], [""], [""], True)]),
    ("@allum2019 [p. 3] argues", [("@allum2019 [p. 3]", ["allum2019"], ["p. 3"], [""], [""], True)]),
    ("End of sentence @allum2019.", [("@allum2019", ["allum2019"], [""], [""], [""], True)]),
    ('[@a, p. "12"]', [('[@a, p. "12"]', ["a"], ['p. "12"'], [""], [""], False)]),
    ("Tjønneland [@tjonneland2016, s. 5]", [("[@tjonneland2016, s. 5]", ["tjonneland2016"], ["s. 5"], [""], [""],
                                             False)]),
    ("[@a] then @b", [("[@a]", ["a"], [""], [""], [""], False), ("@b", ["b"], [""], [""], [""], True)]),
    # what may come before a citation: nothing, a space, a line's end, a tab, an opening parenthesis
    ("(@a) and\n@b\t@c", [("@a", ["a"], [""], [""], [""], True), ("@b", ["b"], [""], [""], [""], True),
                          ("@c", ["c"], [""], [""], [""], True)]),
    ("[@a]\n[@b]", [("[@a]", ["a"], [""], [""], [""], False), ("[@b]", ["b"], [""], [""], [""], False)]),
    ("xwww.example.org/[@a]", [("[@a]", ["a"], [""], [""], [""], False)]),  # a URL starts a word
])
def test_pandoc_citations_are_read(markdown, expected):
    assert parsed(markdown) == expected


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
    "<!-- a note for editors:\n[@a] is still to be checked -->",
    "![@a](figure.png) and \\[@b] and ][@c]",
    "``a ` [@b] @c``",
    "(see https://example.org/[@a]) and ftp://x.org/@b and www.example.org/[@c]",
])
def test_other_uses_of_at_are_left_alone(markdown):
    assert find_pandoc_citations(markdown) == []
    assert replace_pandoc_citations(markdown, lambda citation, number: "X") == markdown


@pytest.mark.parametrize("markdown, line, words", [
    ("[@]", 1, "empty key"),
    ("a\n\n[@a, ]", 3, "no locator"),
    ("[see also; @a]", 1, "has no @key"),
    ("[-@a]", 1, "not supported"),
])
def test_malformed_pandoc_citations(markdown, line, words):
    (found,) = find_pandoc_citations(markdown)
    assert found.citation is None and found.line == line and words in found.problem


def test_replacement_numbers_in_document_order_and_keeps_the_rest():
    text = "one [@a]\ntwo\n```\n[@b]\n```\nsix @c and [@]"
    replaced = replace_pandoc_citations(text, lambda citation, number: f"<{number}:{citation.keys[0]}>")
    assert replaced == "one <1:a>\ntwo\n```\n[@b]\n```\nsix <2:c> and [@]"


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
    assert section_at(found, 8) == "Results"
    assert section_at(found, 2) == "", "under the title only: the page title says where"
